/**
 * `vectora stack deploy`: for each stack in order, recover a stuck state, gather parameters, preflight,
 * deploy through a change set, stream events, diagnose a failure; then validate the runtime and save the
 * outputs.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { loadTemplate, templateParameters } from "../infra/index.js";
import { matchCause } from "./catalogue.js";
import { classifyStatus, type Diagnosis, diagnoseStack, formatDiagnosis, isStackEvent } from "./diagnose.js";
import { readParamsFile } from "./dumps.js";
import { DATA_STACKS, STACK_KEYS, type StackKey, stackName } from "./names.js";
import { readLatestOperation } from "./operation-events.js";
import { defaultOutputsPath, writeOutputsFile } from "./outputs-file.js";
import type { StackApi, StackDescription, StackEvent } from "./port.js";
import { formatChecks, preflightFailed, runPreflight } from "./preflight.js";
import { formatValidation, validateRuntime } from "./validate.js";
import { DEFAULT_MAX_WAIT_MS, EventStream, formatEvent, startedBy, waitForStack } from "./waiter.js";

/** The reason CloudFormation gives an empty change set, and the one UpdateStack gives. */
const NO_CHANGES = [
  "The submitted information didn't contain changes. Submit different information to create a change set.",
  "No updates are to be performed.",
];

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
  /** Values that win over the params file (the code keys of the package manifest). Stack outputs still win. */
  parameterOverrides?: Record<string, string>;
  confirm: Confirm;
  out: (text: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /** Change set names are `vectora-<timestamp>`; injectable for stable test output. */
  now?: () => Date;
}

/** What recovering a stuck stack needs (shared by `stack deploy` and `stack fix`). */
export type RecoveryOptions = Pick<DeployOptions, "yes" | "forceRecreate" | "skip" | "confirm" | "out">;

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

/** A stack operation that failed or was refused, with the diagnosis when there is one. */
export class StackFailure extends Error {
  constructor(
    message: string,
    readonly outcome: "failed" | "refused" = "failed",
    readonly diagnosis?: Diagnosis,
  ) {
    super(message);
  }
}

/** Diagnoses a stack live: status, the latest operation's events (see `readLatestOperation`), account settings. */
export async function diagnoseLive(api: StackApi, name: string): Promise<Diagnosis> {
  const stack = await api.describeStack(name);
  if (!stack) return diagnoseStack({ stackName: name }, []);
  const events = await readLatestOperation(api, stack);
  const account = await api.getAccountSettings().catch(() => undefined);
  return diagnoseStack(stack, events, account);
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
  const fileValues = {
    ...(await readParamsFile(join(options.infraDir, "params", `${options.env}.json`))),
    ...options.parameterOverrides,
  };
  const results: StackResult[] = [];

  for (const key of options.stacks) {
    const name = stackName(key, options.env);
    out(`== ${name}\n`);
    try {
      const outcome = await deployOne(api, key, name, fileValues, options, wait);
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
    out(formatValidation(checks));
    ok = checks.every((c) => c.ok);
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

async function deployOne(
  api: StackApi,
  key: StackKey,
  name: string,
  fileValues: Record<string, string>,
  options: DeployOptions,
  wait: { pollMs: number; maxWaitMs?: number; sleep?: (ms: number) => Promise<void> },
): Promise<StackResult["outcome"]> {
  const { out } = options;
  const onEvent = (event: Parameters<typeof formatEvent>[0]) => out(`${formatEvent(event)}\n`);

  // 1. Wait out an operation in progress: nothing can be done to the stack meanwhile.
  let stack = await api.describeStack(name);
  if (stack && classifyStatus(stack.status) === "in-progress") {
    out(`${name} is ${stack.status}: waiting for it to settle\n`);
    stack = await waitForStack(api, name, { ...wait, onEvent });
    out(`${name} settled: ${stack?.status ?? "deleted"}\n`);
  }
  const state = classifyStatus(stack?.status);

  // 2. Parameters and preflight, before any change to the stack.
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
  const creating = state === "absent" || state === "needs-recreate";
  const checks = await runPreflight(api, { template, templateBody, params, creating });
  out(`preflight ${name}:\n${formatChecks(checks)}`);
  if (preflightFailed(checks)) throw new StackFailure("preflight failed; the stack was not touched");

  // 3. Recover a stuck state.
  if (state === "needs-continue-rollback") stack = await continueRollback(api, name, options, wait, onEvent);
  if (state === "needs-recreate") {
    await recreateGuard(api, key, name, stack!, options);
    out(`deleting ${name}\n`);
    const stream = new EventStream(api, name);
    await stream.prime();
    await api.deleteStack(name);
    const after = await waitForStack(
      api,
      name,
      { ...wait, onEvent, isStart: startedBy("DELETE_IN_PROGRESS") },
      stream,
    );
    if (after)
      throw new StackFailure(`delete ended in ${after.status}`, "failed", await diagnoseLive(api, name));
    stack = undefined;
  }

  // 4. Change set.
  const changeSetType = stack && stack.status !== "REVIEW_IN_PROGRESS" ? "UPDATE" : "CREATE";
  const changeSetName = `vectora-${(options.now?.() ?? new Date()).toISOString().replace(/[-:.TZ]/g, "")}`;
  try {
    await api.createChangeSet({
      stackName: name,
      changeSetName,
      changeSetType,
      templateBody,
      parameters: params,
      capabilities: ["CAPABILITY_NAMED_IAM"],
    });
  } catch (error) {
    const message = (error as Error).message;
    if (NO_CHANGES.some((text) => message.includes(text))) return "no changes";
    const cause = matchCause(message, { stackName: name });
    throw new StackFailure(
      `CreateChangeSet refused: ${message}${cause ? ` — ${cause.explanation} Fix: ${cause.fix}` : ""}`,
    );
  }
  let changeSet = await api.describeChangeSet(name, changeSetName);
  // The same deadline as every other wait: a change set stuck in CREATE_PENDING must not hang the deploy.
  const maxWaitMs = wait.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const deadline = Date.now() + maxWaitMs;
  while (changeSet.status === "CREATE_PENDING" || changeSet.status === "CREATE_IN_PROGRESS") {
    if (Date.now() > deadline)
      throw new StackFailure(
        `change set ${changeSetName} still ${changeSet.status} after ${Math.round(maxWaitMs / 1000)} s; nothing was executed`,
      );
    await (wait.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))))(wait.pollMs);
    changeSet = await api.describeChangeSet(name, changeSetName);
  }
  if (changeSet.status === "FAILED") {
    const reason = changeSet.statusReason ?? "";
    if (NO_CHANGES.some((text) => reason.includes(text))) {
      out(`no changes: ${reason}\n`);
      await api.deleteChangeSet(name, changeSetName).catch(() => undefined);
      return "no changes";
    }
    const cause = matchCause(reason, { stackName: name });
    throw new StackFailure(
      `change set ${changeSetName} failed: ${reason}${cause ? ` — ${cause.explanation} Fix: ${cause.fix}` : ""}`,
    );
  }
  out(`change set ${changeSetName} (${changeSetType}), ${changeSet.changes.length} change(s):\n`);
  for (const change of changeSet.changes)
    out(
      `  ${change.action.padEnd(7)} ${change.logicalId} (${change.resourceType})${change.replacement && change.action === "Modify" ? ` replacement: ${change.replacement}` : ""}\n`,
    );

  // 5. Execute and follow.
  const stream = new EventStream(api, name);
  await stream.prime();
  await api.executeChangeSet(name, changeSetName);
  const starts = changeSetType === "CREATE" ? "CREATE_IN_PROGRESS" : "UPDATE_IN_PROGRESS";
  const isStart = (e: StackEvent) => isStackEvent(e) && e.resourceStatus === starts;
  const settled = await waitForStack(api, name, { ...wait, onEvent, isStart }, stream);
  const status = settled?.status ?? "DELETE_COMPLETE";
  if (status === "CREATE_COMPLETE") return "created";
  if (status === "UPDATE_COMPLETE") return "updated";
  throw new StackFailure(`deploy ended in ${status}`, "failed", await diagnoseLive(api, name));
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
  await api.continueUpdateRollback(name, options.skip);
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
