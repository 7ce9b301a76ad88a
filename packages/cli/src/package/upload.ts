/**
 * Uploading the packaged zips to the lambda-code bucket: only the bytes the manifest records, under their
 * content-addressed keys.
 */
import { readFileSync } from "node:fs";
import type { BlobStore } from "@vectora/core";
import { type LambdaFunction, type PackagedLambda, verifyPackagedZips } from "./manifest.js";

/** What {@link uploadPackages} did with one zip. */
export interface UploadedLambda {
  name: LambdaFunction;
  s3Key: string;
  status: "uploaded" | "unchanged";
}

/**
 * Re-hashes every zip against the manifest (refusing the whole upload on any mismatch, see
 * {@link verifyPackagedZips}), then puts each one under its content-addressed key. A key already present is
 * not uploaded again — after checking that the object there records the same hash.
 */
export async function uploadPackages(
  packages: readonly PackagedLambda[],
  codeStore: BlobStore,
): Promise<UploadedLambda[]> {
  verifyPackagedZips(packages);
  const uploaded: UploadedLambda[] = [];
  for (const pkg of packages) {
    const existing = await codeStore.head(pkg.s3Key);
    if (existing) {
      const recorded = existing.metadata?.["sha256"];
      if (recorded !== undefined && recorded !== pkg.sha256)
        throw new Error(
          `${codeStore.location}/${pkg.s3Key} already exists with sha256 ${recorded}, not ${pkg.sha256}: ` +
            "a content-addressed key must never hold other bytes; delete that object and upload again",
        );
      uploaded.push({ name: pkg.name, s3Key: pkg.s3Key, status: "unchanged" });
      continue;
    }
    // `unzipped-size` lets the stack preflight check Lambda's 250 MB unzipped limit without downloading the zip.
    await codeStore.put(pkg.s3Key, readFileSync(pkg.zipPath), {
      contentType: "application/zip",
      metadata: { sha256: pkg.sha256, "unzipped-size": String(pkg.unzippedBytes) },
    });
    uploaded.push({ name: pkg.name, s3Key: pkg.s3Key, status: "uploaded" });
  }
  return uploaded;
}
