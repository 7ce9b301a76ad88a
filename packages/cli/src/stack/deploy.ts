/**
 * `vectora stack deploy`: for each stack in order, recover a stuck state, gather parameters, preflight,
 * deploy through a change set, stream events, diagnose a failure; then validate the runtime and save the
 * outputs.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { loadParamsFile, loadTemplate, type ParamsFile, templateParameters } from "../infra/index.js";
import type { ManifestRelease } from "../package/release-parameters.js";
import type { FunctionVersionsApi } from "../release/port.js";
import { pruneVersions } from "../release/rollback.js";
import { validateRelease } from "../release/verify.js";
import { DEFAULT_KEEP_VERSIONS, formatReleaseId } from "../release/versions.js";
import { createChangeSet, executeChangeSet } from "./change-set.js";
import { classifyStatus, type Diagnosis, formatDiagnosis } from "./diagnose.js";
import { diagnoseLive, StackFailure } from "./failure.js";
import { DATA_STACKS, functionNames, STACK_KEYS, type StackKey, stackName } from "./names.js";
import { defaultOutputsPath, writeOutputsFile } from "./outputs-file.js";
import type { StackApi, StackDescription, StackEvent } from "./port.js";
import { formatChecks, preflightFailed, runPreflight } from "./preflight.js";
import { formatValidation, validateRuntime } from "./validate.js";
import { EventStream, formatEvent, startedBy, waitForStack } from "./waiter.js";

/** Asks a yes/no question; `undefined` when nobody can answer (no TTY). */
export type Confirm = (question: string) => Promise<boolean | undefined>;

export interface DeployOptions {
  env: string;
  /** Stacks to deploy, in order. */
  stacks: StackKey[];
  /** Folder holding `<stack>.yaml` and `params/<env>.json`. */
  infraDir: string;
  cwd: string;
  yes: boolean;
  forceRecreate: StackKey[];
  /** Logical ids to skip when continuing a failed rollback. */
  skip: string[];
  pollMs: number;
  maxWaitMs?: number;
  outputsFile?: string;
  /** Values that win over the params file. Stack outputs still win. */
  parameterOverrides?: Record<string, string>;
  /**
   * The package manifest's release: its code keys and hashes win over the params file; its commit goes into the
   * ReleaseId (the published versions' description); its hashes are compared with what Lambda reports after.
   */
  release?: ManifestRelease;
  /** Lambda's versions and aliases: the post-deploy check of `live` and the pruning of old versions. */
  versions?: FunctionVersionsApi;
  /** Versions kept per function when pruning (default {@link DEFAULT_KEEP_VERSIONS}). */
  keepVersions?: number;
  /** The CloudFormation service role every stack operation runs as (see `service-role.ts`). */
  roleArn?: string;
  confirm: Confirm;
  out: (text: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /** Change set names are `vectora-<timestamp>`; injectable for stable test output. */
  now?: () => Date;
}

/** What recovering a stuck stack needs (shared by `stack deploy` and `stack fix`). */
export type RecoveryOptions = Pick<
  DeployOptions,
  "yes" | "forceRecreate" | "skip" | "confirm" | "out" | "roleArn"
>;

/** How to wait for CloudFormation operations. */
export interface WaitOptions {
  pollMs: number;
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface StackResult {
  key: StackKey;
  stackName: string;
  outcome: "created" | "updated" | "no changes" | "failed" | "refused";
  diagnosis?: Diagnosis;
}

/** Parameter values for one stack: the params file, then the earlier stacks' outputs (which win). */
export function gatherParameters(
  declared: string[],
  fileValues: Record<string, string>,
  upstreamOutputs: Record<string, string>,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of declared) {
    const value = upstreamOutputs[name] ?? fileValues[name];
    if (value !== undefined) values[name] = value;
  }
  return values;
}

/** Runs the deploy; resolves true when every stack deployed (or had no changes) and validation passed. */
export async function deployStacks(
  api: StackApi,
  options: DeployOptions,
): Promise<{ ok: boolean; results: StackResult[] }> {
  const { out } = options;
  const wait = {
    pollMs: options.pollMs,
    ...(options.maxWaitMs ? { maxWaitMs: options.maxWaitMs } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  };
  const paramsFile = loadParamsFile(join(options.infraDir, "params", `${options.env}.json`));
  const fileValues = {
    ...paramsFile.values,
    ...options.release?.parameters,
    ...options.parameterOverrides,
  };
  const results: StackResult[] = [];

  for (const key of options.stacks) {
    const name = stackName(key, options.env);
    out(`== ${name}\n`);
    try {
      const outcome = await deployOne(api, key, name, { fileValues, paramsFile }, options, wait);
      results.push({ key, stackName: name, outcome });
      out(`${name}: ${outcome}\n`);
    } catch (error) {
      const failure = error instanceof StackFailure ? error : new StackFailure((error as Error).message);
      out(`${name}: ${failure.outcome}: ${failure.message}\n`);
      if (failure.diagnosis) out(formatDiagnosis(failure.diagnosis));
      results.push({
        key,
        stackName: name,
        outcome: failure.outcome,
        ...(failure.diagnosis ? { diagnosis: failure.diagnosis } : {}),
      });
      return { ok: false, results };
    }
  }

  const outputs = await saveOutputs(api, options);
  let ok = true;
  if (options.stacks.includes("s1-runtime")) {
    out("== validation\n");
    // The parameters s1-runtime was deployed with: the functions' LOG_LEVEL and BEDROCK_MODEL_ID must match.
    const runtime = await api.describeStack(stackName("s1-runtime", options.env));
    const checks = await validateRuntime(api, options.env, outputs, runtime?.parameters ?? {});
    const names = functionNames(options.env);
    if (options.versions)
      checks.push(
        ...(await validateRelease(options.versions, names, options.release?.expectedCode ?? {}, options.env)),
      );
    out(formatValidation(checks));
    ok = checks.every((c) => c.ok);
    if (ok && options.versions)
      for (const name of Object.values(names))
        await pruneVersions(options.versions, name, options.keepVersions ?? DEFAULT_KEEP_VERSIONS, out);
  }
  return { ok, results };
}

/** Outputs of every existing stack, merged, written to the outputs file. */
async function saveOutputs(api: StackApi, options: DeployOptions): Promise<Record<string, string>> {
  const stacks: Record<string, { status: string; outputs: Record<string, string> }> = {};
  const merged: Record<string, string> = {};
  for (const key of STACK_KEYS) {
    const stack = await api.describeStack(stackName(key, options.env));
    if (!stack) continue;
    stacks[stack.stackName] = { status: stack.status, outputs: stack.outputs };
    Object.assign(merged, stack.outputs);
  }
  const path = options.outputsFile ?? defaultOutputsPath(options.cwd, options.env);
  await writeOutputsFile(path, {
    env: options.env,
    savedAt: new Date().toISOString(),
    stacks,
    outputs: merged,
  });
  options.out(`outputs saved to ${path}\n`);
  return merged;
}

/** What every step of one stack's deploy works with. */
interface StackStep {
  api: StackApi;
  key: StackKey;
  name: string;
  options: DeployOptions;
  wait: WaitOptions;
  onEvent: (event: StackEvent) => void;
}

/** Deploys one stack, step by step; resolves its outcome or throws a {@link StackFailure}. */
async function deployOne(
  api: StackApi,
  key: StackKey,
  name: string,
  { fileValues, paramsFile }: { fileValues: Record<string, string>; paramsFile: ParamsFile },
  options: DeployOptions,
  wait: StackStep["wait"],
): Promise<StackResult["outcome"]> {
  const onEvent = (event: StackEvent) => options.out(`${formatEvent(event)}\n`);
  const step: StackStep = { api, key, name, options, wait, onEvent };

  // 1. Wait out an operation in progress: nothing can be done to the stack meanwhile.
  let stack = await settle(step);
  const state = classifyStatus(stack?.status);

  // 2. Parameters and preflight, before any change to the stack.
  const creating = state === "absent" || state === "needs-recreate";
  const { templateBody, params } = await preflight(step, { fileValues, paramsFile }, creating);

  // 3. Recover a stuck state.
  if (state === "needs-continue-rollback") stack = await continueRollback(api, name, options, wait, onEvent);
  if (state === "needs-recreate") stack = await deleteForRecreate(step, stack!);

  // 4. Change set.
  const changeSetType = stack && stack.status !== "REVIEW_IN_PROGRESS" ? "UPDATE" : "CREATE";
  const changeSetName = `vectora-${(options.now?.() ?? new Date()).toISOString().replace(/[-:.TZ]/g, "")}`;
  const created = await createChangeSet(step, { changeSetName, changeSetType, templateBody, params });
  if (created === "no changes") return created;

  // 5. Execute and follow.
  return executeChangeSet(step, changeSetName, changeSetType);
}

async function settle(step: StackStep): Promise<StackDescription | undefined> {
  const { api, name, options } = step;
  let stack = await api.describeStack(name);
  if (stack && classifyStatus(stack.status) === "in-progress") {
    options.out(`${name} is ${stack.status}: waiting for it to settle\n`);
    stack = await waitForStack(api, name, { ...step.wait, onEvent: step.onEvent });
    options.out(`${name} settled: ${stack?.status ?? "deleted"}\n`);
  }
  return stack;
}

/** The template and its parameters (upstream outputs win over the params file), checked against the account. */
async function preflight(
  step: StackStep,
  { fileValues, paramsFile }: { fileValues: Record<string, string>; paramsFile: ParamsFile },
  creating: boolean,
): Promise<{ templateBody: string; params: Record<string, string> }> {
  const { api, key, name, options } = step;
  const templatePath = join(options.infraDir, `${key}.yaml`);
  const templateBody = await readFile(templatePath, "utf8");
  const template = loadTemplate(templatePath);
  const upstream: Record<string, string> = {};
  for (const earlier of STACK_KEYS.slice(0, STACK_KEYS.indexOf(key))) {
    const described = await api.describeStack(stackName(earlier, options.env));
    Object.assign(upstream, described?.outputs ?? {});
  }
  const declared = templateParameters(template).map((p) => p.name);
  const params = gatherParameters(declared, fileValues, upstream);
  // The versions this deploy publishes are described by the commit and a digest of every parameter value.
  if (declared.includes("ReleaseId") && fileValues["ReleaseId"] === undefined) {
    params["ReleaseId"] = formatReleaseId(options.release?.commit, options.release?.dirty, params);
    options.out(`release id ${params["ReleaseId"]}\n`);
  }
  const checks = await runPreflight(api, {
    template,
    templateBody,
    params,
    creating,
    ...(paramsFile.account ? { declaredAccount: paramsFile.account } : {}),
  });
  options.out(`preflight ${name}:\n${formatChecks(checks)}`);
  if (preflightFailed(checks)) throw new StackFailure("preflight failed; the stack was not touched");
  return { templateBody, params };
}

/** Deletes a stack that can only be recreated (after {@link recreateGuard}); resolves once it is gone. */
async function deleteForRecreate(step: StackStep, stack: StackDescription): Promise<undefined> {
  const { api, key, name, options } = step;
  await recreateGuard(api, key, name, stack, options);
  options.out(`deleting ${name}\n`);
  const stream = new EventStream(api, name);
  await stream.prime();
  await api.deleteStack(name, options.roleArn);
  const after = await waitForStack(
    api,
    name,
    { ...step.wait, onEvent: step.onEvent, isStart: startedBy("DELETE_IN_PROGRESS") },
    stream,
  );
  if (after)
    throw new StackFailure(`delete ended in ${after.status}`, "failed", await diagnoseLive(api, name));
  return undefined;
}

/** ContinueUpdateRollback (skipping `options.skip`), waits, and fails with a diagnosis unless it completes. */
export async function continueRollback(
  api: StackApi,
  name: string,
  options: RecoveryOptions,
  wait: WaitOptions,
  onEvent: Parameters<typeof waitForStack>[2]["onEvent"],
): Promise<StackDescription | undefined> {
  const before = await diagnoseLive(api, name);
  options.out(formatDiagnosis(before));
  options.out(
    `continuing the rollback of ${name}${options.skip.length ? `, skipping ${options.skip.join(", ")}` : ""}\n`,
  );
  const stream = new EventStream(api, name);
  await stream.prime();
  await api.continueUpdateRollback(name, options.skip, options.roleArn);
  const after = await waitForStack(
    api,
    name,
    { ...wait, onEvent, isStart: startedBy("UPDATE_ROLLBACK_IN_PROGRESS") },
    stream,
  );
  if (after?.status !== "UPDATE_ROLLBACK_COMPLETE")
    throw new StackFailure(
      `the rollback ended in ${after?.status ?? "DELETE_COMPLETE"}`,
      "failed",
      await diagnoseLive(api, name),
    );
  return after;
}

/** Refuses to delete a data stack without --force-recreate, and asks unless --yes. */
export async function recreateGuard(
  api: StackApi,
  key: StackKey,
  name: string,
  stack: StackDescription,
  options: RecoveryOptions,
): Promise<void> {
  const diagnosis = await diagnoseLive(api, name);
  options.out(formatDiagnosis(diagnosis));
  if (DATA_STACKS.includes(key) && !options.forceRecreate.includes(key))
    throw new StackFailure(
      `${name} is ${stack.status} and must be deleted to be recreated, but it holds the data buckets ` +
        `(retained on delete). Refusing without --force-recreate ${key}.`,
      "refused",
      diagnosis,
    );
  if (options.yes) return;
  const answer = await options.confirm(`Delete ${name} (${stack.status}) and create it again? [y/N] `);
  if (answer === undefined)
    throw new StackFailure(
      `${name} must be deleted and recreated: no terminal to confirm, pass --yes`,
      "refused",
    );
  if (!answer) throw new StackFailure(`not confirmed; ${name} left as ${stack.status}`, "refused");
}
