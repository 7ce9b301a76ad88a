/**
 * `manifest.json`, the contract between the package job and every later one: which zips were built from which
 * commit, their hashes, sizes and S3 keys. CI writes it once per commit; the deploy jobs read it back (from the
 * CI run's artifact), re-hash every zip against it before uploading, and compare it with what Lambda reports.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative } from "node:path";
import { z } from "zod";

export const LAMBDA_FUNCTIONS = ["ingest", "engine"] as const;
export type LambdaFunction = (typeof LAMBDA_FUNCTIONS)[number];

export const Budget = z.object({
  maxZipBytes: z.number().int().positive(),
  maxUnzippedBytes: z.number().int().positive(),
});

/** One module of a bundle, as esbuild's metafile counts it: its bytes in the output. */
const ModuleSize = z.object({ path: z.string(), bytes: z.number().int().min(0) });

/** One packaged Lambda, as `manifest.json` records it (read back with this schema). */
const PackagedLambdaSchema = z.object({
  name: z.enum(LAMBDA_FUNCTIONS),
  /** In the file: the zip's name relative to the manifest; once read: an absolute path. */
  zipPath: z.string(),
  /** Content-addressed key in the lambda-code bucket: a changed bundle gets a new key, so CloudFormation updates the code. */
  s3Key: z.string(),
  /** SHA-256 of the zip, hex (the content address). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The same hash as Lambda reports it (`CodeSha256`: base64 of the SHA-256 of the zip). */
  codeSha256: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  zipBytes: z.number().int().min(0),
  unzippedBytes: z.number().int().min(0),
  budget: Budget,
  withinBudget: z.boolean(),
  smokeTest: z.object({ ok: z.boolean(), detail: z.string() }),
  /** esbuild's metafile, next to the zip (relative to the manifest, like zipPath). */
  metafile: z.string().optional(),
  /** The ten modules that weigh most in the bundle (bytes in the output). */
  topModules: z.array(ModuleSize).optional(),
});
export type PackagedLambda = z.output<typeof PackagedLambdaSchema>;

const ManifestSchema = z.object({
  /** The commit the zips were built from (`GITHUB_SHA` in CI, else `git rev-parse HEAD`). */
  commit: z.string().optional(),
  /** True when the working tree had changes the commit does not hold. */
  dirty: z.boolean().optional(),
  functions: z.array(PackagedLambdaSchema),
});
export type PackageManifest = z.output<typeof ManifestSchema>;

/** Lambda's `CodeSha256` for a zip whose SHA-256 is `hex`: the same digest, base64-encoded. */
export function lambdaCodeSha256(hex: string): string {
  return Buffer.from(hex, "hex").toString("base64");
}

/** SHA-256 of bytes, hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Writes the manifest next to the zips, paths relative to it so the folder can move (a CI artifact does). */
export function writePackageManifest(path: string, manifest: PackageManifest): void {
  const dir = dirname(path);
  const portable = (p: string | undefined) => (p === undefined || !isAbsolute(p) ? p : relative(dir, p));
  const functions = manifest.functions.map((f) => ({
    ...f,
    zipPath: portable(f.zipPath)!,
    ...(f.metafile ? { metafile: portable(f.metafile) } : {}),
  }));
  writeFileSync(path, `${JSON.stringify({ ...manifest, functions }, null, 2)}\n`);
}

/** Reads back a manifest; zip and metafile paths come back absolute, resolved against the manifest's folder. */
export function readManifestFile(path: string): PackageManifest {
  if (!existsSync(path)) throw new Error(`no package manifest at ${path}: run \`vectora package\` first`);
  const manifest = readJsonFile(path, ManifestSchema, "package manifest");
  const dir = dirname(path);
  // A manifest written by an older packer holds absolute paths of the machine that built it: keep the name.
  const local = (p: string) => join(dir, isAbsolute(p) ? basename(p) : p);
  return {
    ...manifest,
    functions: manifest.functions.map((f) => ({
      ...f,
      zipPath: local(f.zipPath),
      ...(f.metafile ? { metafile: local(f.metafile) } : {}),
    })),
  };
}

/** The functions of a manifest (see {@link readManifestFile}). */
export function readPackageManifest(path: string): PackagedLambda[] {
  return readManifestFile(path).functions;
}

/** A zip whose bytes are not the ones its manifest recorded. */
export interface ZipMismatch {
  name: LambdaFunction;
  zipPath: string;
  expected: string;
  /** `undefined` when the zip is missing. */
  actual: string | undefined;
}

/** Thrown by {@link verifyPackagedZips}: lists every zip that does not match, with both hashes. */
export class ManifestMismatchError extends Error {
  constructor(readonly mismatches: ZipMismatch[]) {
    super(
      [
        "the zips are not the ones the manifest records; nothing was uploaded:",
        ...mismatches.map((m) =>
          m.actual === undefined
            ? `  ${m.zipPath}: missing (manifest sha256 ${m.expected})`
            : `  ${m.zipPath}: sha256 ${m.actual}, manifest says ${m.expected}`,
        ),
        "Rebuild with `vectora package`, or download the package artifact of the commit again.",
      ].join("\n"),
    );
    this.name = "ManifestMismatchError";
  }
}

/**
 * Re-hashes every zip and compares it with the manifest: what was tested is what ships. Throws
 * {@link ManifestMismatchError} naming each file and both hashes; returns the packages unchanged otherwise.
 */
export function verifyPackagedZips(packages: readonly PackagedLambda[]): readonly PackagedLambda[] {
  const mismatches: ZipMismatch[] = [];
  for (const pkg of packages) {
    const actual = existsSync(pkg.zipPath) ? sha256Hex(readFileSync(pkg.zipPath)) : undefined;
    if (actual !== pkg.sha256)
      mismatches.push({ name: pkg.name, zipPath: pkg.zipPath, expected: pkg.sha256, actual });
  }
  if (mismatches.length) throw new ManifestMismatchError(mismatches);
  return packages;
}

/**
 * Reads a JSON file this phase depends on and validates it; a file that is not JSON or not of the expected
 * shape is an error naming the file and the first bad field.
 */
export function readJsonFile<T extends z.ZodType>(path: string, schema: T, what: string): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path}: not a ${what}: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: not a ${what} (${issue?.path.join(".") || "(root)"}: ${issue?.message})`);
  }
  return parsed.data;
}
