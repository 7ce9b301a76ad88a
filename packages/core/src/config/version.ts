/** The config version: one id derived from the hashes of the files a config was loaded from. */

import { createHash } from "node:crypto";

/**
 * One id for a set of config files: `cfg-` + the first 12 hex digits of a hash over the sorted file hashes.
 *
 * @example
 * ```ts
 * configVersion({ "clients/lai_weekly.yaml": text }); // "cfg-…" (the same for the same files, in any order)
 * ```
 */
export function configVersion(files: Record<string, string>): string {
  const hash = createHash("sha256");
  for (const [name, digest] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b)))
    hash.update(`${name}\0${digest}\n`);
  return `cfg-${hash.digest("hex").slice(0, 12)}`;
}
