/**
 * What a deploy takes from the package manifest: the S3 keys and hashes of the zips CI built, so the stack
 * deploys exactly those zips, publishes a version only if Lambda holds exactly that code, and the post-deploy
 * validation can compare what runs with what was tested.
 */
import { existsSync } from "node:fs";
import { type LambdaFunction, readManifestFile } from "./manifest.js";

/** The runtime stack's parameters for each packaged function. */
const PARAMETERS: Record<LambdaFunction, { key: string; sha: string }> = {
  ingest: { key: "IngestCodeKey", sha: "IngestCodeSha256" },
  engine: { key: "EngineCodeKey", sha: "EngineCodeSha256" },
};

/** The release a manifest describes. */
export interface ManifestRelease {
  /** Code keys and CodeSha256 values for s1-runtime. */
  parameters: Record<string, string>;
  /** Lambda's CodeSha256 each function must end up with. */
  expectedCode: Partial<Record<LambdaFunction, string>>;
  commit?: string;
  dirty?: boolean;
}

/**
 * The release of the manifest at `manifestPath`; without a manifest, none (the params file's keys apply, and
 * nothing is compared), said in one line.
 */
export function releaseFromManifest(manifestPath: string, log: (text: string) => void): ManifestRelease {
  if (!existsSync(manifestPath)) {
    log(
      `no package manifest at ${manifestPath}: code keys come from the params file, code hashes are not checked\n`,
    );
    return { parameters: {}, expectedCode: {} };
  }
  const manifest = readManifestFile(manifestPath);
  const parameters: Record<string, string> = {};
  const expectedCode: ManifestRelease["expectedCode"] = {};
  for (const pkg of manifest.functions) {
    parameters[PARAMETERS[pkg.name].key] = pkg.s3Key;
    parameters[PARAMETERS[pkg.name].sha] = pkg.codeSha256;
    expectedCode[pkg.name] = pkg.codeSha256;
  }
  log(
    `release from ${manifestPath}${manifest.commit ? ` (commit ${manifest.commit}${manifest.dirty ? ", uncommitted changes" : ""})` : ""}: ` +
      `${manifest.functions.map((f) => `${f.name} ${f.s3Key} CodeSha256 ${f.codeSha256}`).join(", ")}\n`,
  );
  return {
    parameters,
    expectedCode,
    ...(manifest.commit ? { commit: manifest.commit } : {}),
    ...(manifest.dirty !== undefined ? { dirty: manifest.dirty } : {}),
  };
}
