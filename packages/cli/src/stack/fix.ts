/**
 * Phase 2 of a deployment, "fix stack": bring every stack into a state the deploy phase can work from, without
 * deploying anything. An operation in progress is waited out; UPDATE_ROLLBACK_FAILED is continued (skipping the
 * resources given); a stack that can only be deleted (ROLLBACK_COMPLETE & co) is deleted so deploy creates it
 * again — behind the same guards as deploy (never s0-core without --force-recreate, confirmation unless --yes).
 * UPDATE_ROLLBACK_COMPLETE is left as it is: the stack is stable and the next deploy updates it, after preflight
 * has checked the new template (the seed's reserved-concurrency failure is caught there).
 */

import { continueRollback, type RecoveryOptions, recreateGuard, type WaitOptions } from "./deploy.js";
import { classifyStatus, type Diagnosis, formatDiagnosis, type StackState } from "./diagnose.js";
import { diagnoseLive, StackFailure } from "./failure.js";
import { type StackKey, stackName } from "./names.js";
import type { StackApi } from "./port.js";
import { EventStream, formatEvent, startedBy, waitForStack } from "./waiter.js";

export interface FixOptions extends RecoveryOptions, WaitOptions {
  env: string;
  stacks: StackKey[];
}

export interface FixResult {
  key: StackKey;
  stackName: string;
  /** State found before anything was done. */
  before: StackState;
  /** What was done: nothing, waited, rollback continued, deleted (for deploy to recreate), or refused/failed. */
  action: "none" | "waited" | "rollback-continued" | "deleted" | "refused" | "failed";
  /** State after the fix: deployable when healthy, absent or updatable-after-failure. */
  after: StackState;
  detail: string;
  diagnosis?: Diagnosis;
}

const DEPLOYABLE: ReadonlySet<StackState> = new Set(["healthy", "absent", "updatable-after-failure"]);

/** Fixes each stack in order; `ok` when every stack ends deployable. Never creates or updates a stack. */
export async function fixStacks(
  api: StackApi,
  options: FixOptions,
): Promise<{ ok: boolean; results: FixResult[] }> {
  const results: FixResult[] = [];
  const wait: WaitOptions = {
    pollMs: options.pollMs,
    ...(options.maxWaitMs ? { maxWaitMs: options.maxWaitMs } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  };
  for (const key of options.stacks) {
    const name = stackName(key, options.env);
    options.out(`== ${name}\n`);
    const result = await fixOne(api, key, name, options, wait);
    options.out(`${name}: ${result.before} → ${result.after} (${result.action}) ${result.detail}\n`);
    results.push(result);
  }
  return { ok: results.every((r) => DEPLOYABLE.has(r.after)), results };
}

async function fixOne(
  api: StackApi,
  key: StackKey,
  name: string,
  options: FixOptions,
  wait: WaitOptions,
): Promise<FixResult> {
  const onEvent = (event: Parameters<typeof formatEvent>[0]) => options.out(`${formatEvent(event)}\n`);
  let stack = await api.describeStack(name);
  const before = classifyStatus(stack?.status);
  let action: FixResult["action"] = "none";
  try {
    if (before === "in-progress") {
      options.out(`${name} is ${stack?.status}: waiting for it to settle\n`);
      stack = await waitForStack(api, name, { ...wait, onEvent });
      action = "waited";
    }
    const state = classifyStatus(stack?.status);
    if (state === "needs-continue-rollback") {
      stack = await continueRollback(api, name, options, wait, onEvent);
      action = "rollback-continued";
    } else if (state === "needs-recreate" && stack) {
      await recreateGuard(api, key, name, stack, options);
      options.out(`deleting ${name} (the deploy phase creates it again)\n`);
      const stream = new EventStream(api, name);
      await stream.prime();
      await api.deleteStack(name, options.roleArn);
      stack = await waitForStack(
        api,
        name,
        { ...wait, onEvent, isStart: startedBy("DELETE_IN_PROGRESS") },
        stream,
      );
      action = "deleted";
    } else if (state === "updatable-after-failure") {
      // Nothing to repair: say why the last update failed, so the deploy phase ships a fixed template.
      options.out(formatDiagnosis(await diagnoseLive(api, name)));
    }
    const after = classifyStatus(stack?.status);
    return { key, stackName: name, before, action, after, detail: describe(after) };
  } catch (error) {
    const failure = error instanceof StackFailure ? error : new StackFailure((error as Error).message);
    if (failure.diagnosis) options.out(formatDiagnosis(failure.diagnosis));
    const now = classifyStatus((await api.describeStack(name))?.status);
    return {
      key,
      stackName: name,
      before,
      action: failure.outcome === "refused" ? "refused" : "failed",
      after: now,
      detail: failure.message,
      ...(failure.diagnosis ? { diagnosis: failure.diagnosis } : {}),
    };
  }
}

function describe(state: StackState): string {
  switch (state) {
    case "healthy":
      return "ready";
    case "absent":
      return "absent: the deploy phase creates it";
    case "updatable-after-failure":
      return "stable; the last update failed and rolled back: the deploy phase updates it once preflight passes";
    default:
      return `still ${state}: not deployable`;
  }
}
