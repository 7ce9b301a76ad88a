/**
 * Versions and the release id, without AWS: which version is "the previous one", which one `--to` names, which
 * ones may be pruned. Lambda numbers versions per function, 1, 2, 3…; a deploy's version carries its release id.
 */
import { createHash } from "node:crypto";
import type { FunctionVersion } from "./port.js";

/** How many published versions a function keeps by default (besides the live one and the one before it). */
export const DEFAULT_KEEP_VERSIONS = 5;
/** Never fewer: the live version and the one a rollback would go back to. */
export const MIN_KEEP_VERSIONS = 2;

/**
 * The release id a deploy publishes a version with (the version's description, ≤ 256 characters):
 * `commit=<sha>[+dirty] params=<digest>`. The digest covers every s1-runtime parameter value, so a configuration
 * change publishes a new version even on the same commit; Lambda itself returns the existing version when neither
 * code nor configuration changed, so a new id never publishes a needless copy.
 */
export function formatReleaseId(
  commit: string | undefined,
  dirty: boolean | undefined,
  parameters: Record<string, string>,
): string {
  const canonical = JSON.stringify(
    Object.keys(parameters)
      .filter((k) => k !== "ReleaseId")
      .sort()
      .map((k) => [k, parameters[k]]),
  );
  const digest = createHash("sha256").update(canonical).digest("hex").slice(0, 12);
  return `commit=${commit ?? "unknown"}${dirty ? "+dirty" : ""} params=${digest}`;
}

/** The commit a version's description names (`commit=<sha>`), if any. */
export function commitOf(description: string): string | undefined {
  return /(?:^|\s)commit=([0-9a-f]{7,40})/.exec(description)?.[1];
}

const byNumber = (a: FunctionVersion, b: FunctionVersion) => Number(a.version) - Number(b.version);

/** The newest version older than `current`: where a rollback goes by default. */
export function previousVersion(
  versions: readonly FunctionVersion[],
  current: string,
): FunctionVersion | undefined {
  return [...versions].sort(byNumber).findLast((v) => Number(v.version) < Number(current));
}

/**
 * The version `to` names: a version number (up to 6 digits), or a commit (7–40 hex digits — an all-digit SHA
 * prefix included — matched against the release id; the newest such version). Without `to`, the previous
 * version. An error message when there is none.
 */
export function rollbackTarget(
  versions: readonly FunctionVersion[],
  current: string,
  to?: string,
): { target: FunctionVersion } | { error: string } {
  if (to === undefined) {
    const previous = previousVersion(versions, current);
    return previous
      ? { target: previous }
      : { error: `no published version before ${current}: nothing to roll back to` };
  }
  if (/^\d{1,6}$/.test(to)) {
    const target = versions.find((v) => v.version === to);
    if (!target)
      return {
        error: `no version ${to} (published: ${versions.map((v) => v.version).join(", ") || "none"})`,
      };
    return { target };
  }
  if (/^[0-9a-f]{7,40}$/.test(to)) {
    const target = [...versions].sort(byNumber).findLast((v) => commitOf(v.description)?.startsWith(to));
    return target ? { target } : { error: `no version was published from commit ${to}` };
  }
  return { error: `--to expects a version number or a commit SHA (7–40 hex digits), got "${to}"` };
}

/**
 * Versions that may be deleted: all but the newest `keep`, the `protect`ed ones (what any alias points at, and
 * the version before the live one: the default rollback target), oldest first. The newest version is always
 * kept, so the version CloudFormation last published (its `AWS::Lambda::Version`) always exists.
 */
export function versionsToPrune(
  versions: readonly FunctionVersion[],
  keep: number,
  protect: ReadonlySet<string>,
): FunctionVersion[] {
  const sorted = [...versions].sort(byNumber);
  const newest = new Set(sorted.slice(-Math.max(keep, MIN_KEEP_VERSIONS)).map((v) => v.version));
  return sorted.filter((v) => !newest.has(v.version) && !protect.has(v.version));
}
