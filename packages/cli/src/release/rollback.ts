/**
 * `vectora rollback`: move each function's `live` alias back (to the previous version by default), say what
 * changed, then prune old versions. Every function is checked before any alias moves, so a rollback that cannot
 * be done for one function changes nothing.
 */
import { type FunctionVersion, type FunctionVersionsApi, LIVE_ALIAS } from "./port.js";
import { previousVersion, rollbackTarget, versionsToPrune } from "./versions.js";

/** One function whose alias was moved. */
export interface AliasMove {
  functionName: string;
  alias: string;
  from: FunctionVersion;
  to: FunctionVersion;
}

export interface RollbackResult {
  ok: boolean;
  moved: AliasMove[];
  /** Why the rollback was refused or stopped (nothing is moved when the plan fails). */
  errors: string[];
  pruned: { functionName: string; versions: string[] }[];
}

export interface RollbackOptions {
  functionNames: readonly string[];
  /** A version number or a commit SHA; the previous version when omitted. */
  to?: string;
  /** Versions to keep per function (see {@link versionsToPrune}). */
  keep: number;
  alias?: string;
  out: (text: string) => void;
}

/** `7  CodeSha256 q3…=  commit=… params=…`: one version, as the rollback prints it. */
export function describeVersion(v: FunctionVersion): string {
  return `${v.version}  CodeSha256 ${v.codeSha256}  ${v.description || "(no description)"}`;
}

/** Moves `live` back on every function, then prunes; never throws for an AWS refusal — the result says it. */
export async function rollbackFunctions(
  api: FunctionVersionsApi,
  options: RollbackOptions,
): Promise<RollbackResult> {
  const alias = options.alias ?? LIVE_ALIAS;
  const errors: string[] = [];
  const plans: (AliasMove & { revisionId?: string })[] = [];
  for (const functionName of options.functionNames) {
    const current = await api.getAlias(functionName, alias);
    if (!current) {
      errors.push(`${functionName}: no alias "${alias}" (deploy s1-runtime first: it creates the alias)`);
      continue;
    }
    const versions = await api.listVersions(functionName);
    const from = versions.find((v) => v.version === current.functionVersion);
    if (!from) {
      errors.push(
        `${functionName}: ${alias} points at ${current.functionVersion}, which is no published version`,
      );
      continue;
    }
    const target = rollbackTarget(versions, from.version, options.to);
    if ("error" in target) {
      errors.push(`${functionName}: ${target.error}`);
      continue;
    }
    if (target.target.version === from.version) {
      errors.push(`${functionName}: ${alias} already points at version ${from.version}`);
      continue;
    }
    plans.push({
      functionName,
      alias,
      from,
      to: target.target,
      ...(current.revisionId ? { revisionId: current.revisionId } : {}),
    });
  }
  if (errors.length) {
    options.out(`rollback refused, no alias was moved:\n${errors.map((e) => `  ${e}\n`).join("")}`);
    return { ok: false, moved: [], errors, pruned: [] };
  }

  const moved: AliasMove[] = [];
  for (const plan of plans) {
    try {
      // Conditional on the alias's revision: a deploy that moved it meanwhile is not silently overwritten.
      await api.updateAlias(plan.functionName, alias, plan.to.version, plan.revisionId);
    } catch (error) {
      errors.push(`${plan.functionName}: UpdateAlias failed: ${(error as Error).message}`);
      options.out(
        `${plan.functionName}: FAILED to move ${alias} ${plan.from.version} → ${plan.to.version}: ${(error as Error).message}\n` +
          (moved.length
            ? `already moved: ${moved.map((m) => `${m.functionName} (${m.from.version} → ${m.to.version})`).join(", ")}\n`
            : ""),
      );
      return { ok: false, moved, errors, pruned: [] };
    }
    const { revisionId: _revision, ...move } = plan;
    moved.push(move);
    options.out(
      `${plan.functionName}: ${alias} ${plan.from.version} → ${plan.to.version}\n` +
        `  from ${describeVersion(plan.from)}\n` +
        `  to   ${describeVersion(plan.to)}\n`,
    );
  }

  const pruned: RollbackResult["pruned"] = [];
  for (const functionName of options.functionNames) {
    const result = await pruneVersions(api, functionName, options.keep, options.out);
    if (result.length) pruned.push({ functionName, versions: result });
  }
  return { ok: true, moved, errors, pruned };
}

/**
 * Deletes the versions of one function beyond the newest `keep`, never one an alias points at nor the one
 * before the live version. A failed delete is reported and skipped (pruning never fails a deploy or rollback).
 */
export async function pruneVersions(
  api: FunctionVersionsApi,
  functionName: string,
  keep: number,
  out: (text: string) => void,
  alias: string = LIVE_ALIAS,
): Promise<string[]> {
  const versions = await api.listVersions(functionName);
  const aliases = await api.listAliases(functionName);
  const protect = new Set(aliases.map((a) => a.functionVersion));
  const live = aliases.find((a) => a.name === alias)?.functionVersion;
  const before = live === undefined ? undefined : previousVersion(versions, live);
  if (before) protect.add(before.version);
  const deleted: string[] = [];
  for (const version of versionsToPrune(versions, keep, protect)) {
    try {
      await api.deleteVersion(functionName, version.version);
      deleted.push(version.version);
    } catch (error) {
      out(`${functionName}: could not delete version ${version.version}: ${(error as Error).message}\n`);
    }
  }
  if (deleted.length)
    out(
      `${functionName}: pruned version(s) ${deleted.join(", ")} (kept the newest ${keep}, ` +
        `${alias}${live ? ` (${live})` : ""} and the one before it)\n`,
    );
  return deleted;
}
