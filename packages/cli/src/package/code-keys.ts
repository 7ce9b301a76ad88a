import { existsSync } from "node:fs";
import { readPackageManifest } from "./package-lambdas.js";

/** The runtime stack's parameter for each packaged function's S3 key. */
const CODE_KEY_PARAMETER = { ingest: "IngestCodeKey", engine: "EngineCodeKey" } as const;

/**
 * The code-key parameters from a package manifest, so a deploy ships exactly the zips `vectora package` built
 * and uploaded. No manifest: no overrides (the params file's keys apply), said in one line.
 */
export function codeKeyParameters(manifestPath: string, log: (text: string) => void): Record<string, string> {
  if (!existsSync(manifestPath)) {
    log(`no package manifest at ${manifestPath}: code keys come from the params file\n`);
    return {};
  }
  const overrides: Record<string, string> = {};
  for (const pkg of readPackageManifest(manifestPath)) overrides[CODE_KEY_PARAMETER[pkg.name]] = pkg.s3Key;
  log(
    `code keys from ${manifestPath}: ${Object.entries(overrides)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ")}\n`,
  );
  return overrides;
}
