/**
 * Shared wiring of the `vectora stack …` verbs: the live API, `--env`/`--stack` parsing, confirmation.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { type FlagTable, UsageError } from "../cli-kit.js";
import { awsVersionsApi } from "../release/aws-versions-api.js";
import type { FunctionVersionsApi } from "../release/port.js";
import { DEFAULT_KEEP_VERSIONS, MIN_KEEP_VERSIONS } from "../release/versions.js";
import { findRepoRoot } from "../repo-root.js";
import { awsStackApi, createAwsClients } from "../stack/aws-stack-api.js";
import type { FixOptions } from "../stack/fix.js";
import { parseStackKey, STACK_KEYS, type StackKey } from "../stack/names.js";
import type { StackApi } from "../stack/port.js";
import { resolveServiceRole } from "../stack/service-role.js";

/** The real API for a region (`--region`, else the SDK's default chain: AWS_REGION, profile). */
export function liveStackApi(region?: string): StackApi {
  return awsStackApi(createAwsClients(region));
}

/** Lambda's versions and aliases for a region (`vectora rollback`, the deploy's post-deploy checks). */
export function liveVersionsApi(region?: string): FunctionVersionsApi {
  return awsVersionsApi(createAwsClients(region).lambda);
}

/** `--keep-versions N`: versions kept per function when pruning (at least the live one and the one before). */
export function parseKeepVersions(value: string | undefined): number {
  if (value === undefined) return DEFAULT_KEEP_VERSIONS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < MIN_KEEP_VERSIONS)
    throw new UsageError(`--keep-versions expects an integer ≥ ${MIN_KEEP_VERSIONS}, got "${value}"`);
  return n;
}

/**
 * The flags by which every live `stack` verb picks its target: `--env` (see {@link requireEnv}), `--stack`
 * (see {@link stackKeys}) and `--region` (see {@link liveStackApi}). Spread into the verb's own flag table.
 */
export const STACK_TARGET_FLAGS = {
  env: { type: "string" },
  stack: { type: "string" },
  region: { type: "string" },
} as const satisfies FlagTable;

/** What tests inject into the verbs that may recover a stuck stack: the API factory, the confirmation, the sleep. */
export interface RecoveryCommandDeps {
  apiFor?: (region?: string) => StackApi;
  /** Lambda's versions and aliases (the default is the real client, which tests mock). */
  versionsFor?: (region?: string) => FunctionVersionsApi;
  confirm?: (question: string) => Promise<boolean | undefined>;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The flags of the verbs that may recover a stuck stack (`stack deploy`, `stack fix`): their target
 * ({@link STACK_TARGET_FLAGS}) and how to recover (see {@link parseRecoveryFlags}).
 */
export const RECOVERY_FLAGS = {
  ...STACK_TARGET_FLAGS,
  yes: { type: "boolean", default: false },
  "force-recreate": { type: "string", multiple: true },
  skip: { type: "string", multiple: true },
  "poll-seconds": { type: "string" },
  "role-arn": { type: "string" },
} as const satisfies FlagTable;

/**
 * The recovery options from the values of {@link RECOVERY_FLAGS}: `--force-recreate` as stack keys, `--skip` as
 * logical ids (both repeatable or comma-separated), `--poll-seconds` (default 5) as milliseconds.
 */
export function parseRecoveryFlags(
  values: { yes?: boolean; "force-recreate"?: string[]; skip?: string[]; "poll-seconds"?: string },
  env: string,
): { yes: boolean; forceRecreate: StackKey[]; skip: string[]; pollMs: number } {
  const forceRecreate = (values["force-recreate"] ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => {
      const key = parseStackKey(v.trim(), env);
      if (!key)
        throw new UsageError(`--force-recreate takes a stack (s0-iam, s0-core, s1-runtime), got "${v}"`);
      return key;
    });
  const pollSeconds = Number(values["poll-seconds"] ?? "5");
  if (values["poll-seconds"]?.trim() === "" || !Number.isFinite(pollSeconds) || pollSeconds < 0)
    throw new UsageError(`--poll-seconds expects a number ≥ 0, got "${values["poll-seconds"]}"`);
  const skip = (values.skip ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
  return { yes: values.yes ?? false, forceRecreate, skip, pollMs: pollSeconds * 1000 };
}

/** The flag values a recovering verb reads: those of {@link RECOVERY_FLAGS}. */
export type RecoveryVerbValues = Parameters<typeof parseRecoveryFlags>[0] & {
  env?: string;
  stack?: string;
  region?: string;
  "role-arn"?: string;
};

/**
 * The opening `stack deploy` and `stack fix` share: checks `--env`, `--stack` and the recovery flags (usage
 * errors come before any call to AWS), connects to the region, resolves the CloudFormation service role (saying
 * which on `out`), and returns the API with the options both pass on — the env, the stacks in order, the
 * recovery choices, the role, the confirmation and the sleep. The caller adds its own `out`.
 */
export async function openRecoveryVerb(
  values: RecoveryVerbValues,
  deps: RecoveryCommandDeps,
  out: (text: string) => void,
): Promise<{ api: StackApi; options: Omit<FixOptions, "out"> }> {
  const env = requireEnv(values.env);
  const stacks = stackKeys(values.stack, env);
  const recovery = parseRecoveryFlags(values, env);
  const api = (deps.apiFor ?? liveStackApi)(values.region);
  const roleArn = await resolveServiceRole(api, env, values["role-arn"], out);
  return {
    api,
    options: {
      env,
      stacks,
      ...recovery,
      ...(roleArn ? { roleArn } : {}),
      confirm: deps.confirm ?? confirmOnTty,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
    },
  };
}

/** `--env`, required and shaped like a stack-name suffix. */
export function requireEnv(value: string | undefined): string {
  if (!value) throw new UsageError("--env is required (dev, prod…)");
  if (!/^[a-z0-9-]+$/.test(value))
    throw new UsageError(`--env must be lowercase letters, digits or dashes, got "${value}"`);
  return value;
}

/** `--stack s1-runtime` → [s1-runtime]; absent → all three in order. */
export function stackKeys(value: string | undefined, env: string): StackKey[] {
  if (value === undefined) return [...STACK_KEYS];
  const key = parseStackKey(value, env);
  if (!key) throw new UsageError(`--stack must be one of ${STACK_KEYS.join(", ")}, got "${value}"`);
  return [key];
}

/** Asks on the terminal; `undefined` when stdin is not a TTY (CI): the caller refuses. */
export async function confirmOnTty(question: string): Promise<boolean | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** `--infra-dir DIR`: where the templates and params files are (see {@link infraDir}). */
export const INFRA_DIR_FLAG = { "infra-dir": { type: "string" } } as const satisfies FlagTable;

/** `--infra-dir`, else `infra/` under the working directory, else the repository's `infra/`. */
export function infraDir(cwd: string, flag: string | undefined): string {
  if (flag) return resolve(cwd, flag);
  const local = join(cwd, "infra");
  if (existsSync(local)) return local;
  try {
    return join(findRepoRoot(cwd), "infra");
  } catch {
    return local;
  }
}
