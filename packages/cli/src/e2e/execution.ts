/**
 * `vectora e2e --env ENV`'s test proper: one execution of the weekly state machine for the e2e client (its own
 * prefixes; `dry_run: true`, so its delivery writes a `.eml` and emails nobody), waited for with a deadline (an
 * execution still running then is stopped, so it cannot write after the clean-up), then each state's outcome from
 * the execution's history; on failure, the state that failed first and its cause.
 */
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import type { E2eStepDef } from "./run-e2e.js";

export interface ExecutionStepsOptions {
  client: SFNClient;
  stateMachineArn: string;
  clientId: string;
  asOf: string;
  /** How long to wait for the execution before stopping it (ms). */
  deadlineMs: number;
  /** Between two DescribeExecution calls (ms). */
  pollMs: number;
  /** The execution's name (unique per state machine for 90 days). */
  name: string;
  log?: (line: string) => void;
  /** Injected in tests; real timers otherwise. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** One state's outcome over the execution (a Map's inner states run once per shard). */
export interface StateOutcome {
  name: string;
  entered: number;
  exited: number;
  /** Failures inside the state (caught or not), `Error: cause`, in order. */
  failures: string[];
}

const FAILURE_DETAILS = [
  "lambdaFunctionFailedEventDetails",
  "lambdaFunctionTimedOutEventDetails",
  "lambdaFunctionScheduleFailedEventDetails",
  "lambdaFunctionStartFailedEventDetails",
  "taskFailedEventDetails",
  "taskTimedOutEventDetails",
  "taskStartFailedEventDetails",
  "taskSubmitFailedEventDetails",
] as const;

/** `Error: cause` of a failure event, or undefined for any other event. */
function failureOf(event: HistoryEvent): string | undefined {
  for (const key of FAILURE_DETAILS) {
    const details = event[key] as { error?: string; cause?: string } | undefined;
    if (details) return `${details.error ?? event.type}: ${oneLine(details.cause ?? "(no cause)")}`;
  }
  return undefined;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}…` : flat;
}

/**
 * Each state's outcome from an execution's history (oldest event first), in the order the states were first
 * entered. A failure belongs to the state its event chain leads back to (else the state entered last and not yet
 * exited: Step Functions records a task's failure between its state's Entered and Exited events).
 */
export function stateOutcomes(history: readonly HistoryEvent[]): StateOutcome[] {
  const byName = new Map<string, StateOutcome>();
  const byId = new Map(history.map((e) => [e.id, e]));
  const open: string[] = [];
  for (const event of history) {
    const entered = event.stateEnteredEventDetails?.name;
    if (entered !== undefined) {
      const outcome = byName.get(entered) ?? { name: entered, entered: 0, exited: 0, failures: [] };
      outcome.entered += 1;
      byName.set(entered, outcome);
      open.push(entered);
      continue;
    }
    const exited = event.stateExitedEventDetails?.name;
    if (exited !== undefined) {
      const outcome = byName.get(exited);
      if (outcome) outcome.exited += 1;
      const at = open.lastIndexOf(exited);
      if (at >= 0) open.splice(at, 1);
      continue;
    }
    const failure = failureOf(event);
    const owner = failure ? (enteredBefore(event, byId) ?? open.at(-1)) : undefined;
    if (failure && owner) byName.get(owner)?.failures.push(failure);
  }
  return [...byName.values()];
}

/**
 * The state a task event belongs to: its `previousEventId` chain leads back to the state's Entered event (failed
 * ← started ← scheduled ← entered), which tells apart a Map's iterations running at once.
 */
function enteredBefore(
  event: HistoryEvent,
  byId: ReadonlyMap<number | undefined, HistoryEvent>,
): string | undefined {
  let at = byId.get(event.previousEventId);
  for (let hops = 0; at && hops < 10; hops++) {
    if (at.stateEnteredEventDetails?.name) return at.stateEnteredEventDetails.name;
    at = byId.get(at.previousEventId);
  }
  return undefined;
}

/** One line per state: `Plan: ok`, `IngestShard: 2 run, 1 failed (Lambda.Unknown: …)`. */
export function outcomeLine(o: StateOutcome): string {
  const runs = o.entered > 1 ? `${o.entered} run, ` : "";
  if (o.failures.length === 0) return `${o.name}: ${runs}${o.exited === o.entered ? "ok" : "did not finish"}`;
  return `${o.name}: ${runs}${o.failures.length} failed (${o.failures.at(-1)})`;
}

/** The execution's whole history, oldest first (GetExecutionHistory pages). */
async function historyOf(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** The steps: start, wait (deadline), the states' outcomes (failing on a failed execution). */
export function executionSteps(options: ExecutionStepsOptions): E2eStepDef[] {
  const { client } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  const machine = options.stateMachineArn.split(":").pop();
  const state: { arn?: string; status?: string; error?: string; cause?: string } = {};
  return [
    {
      name: `start an execution of ${machine}`,
      run: async () => {
        const input = { client_id: options.clientId, as_of: options.asOf, dry_run: true };
        const started = await client.send(
          new StartExecutionCommand({
            stateMachineArn: options.stateMachineArn,
            name: options.name,
            input: JSON.stringify(input),
          }),
        );
        state.arn = started.executionArn;
        if (!state.arn) throw new Error("StartExecution returned no executionArn");
        return `${state.arn} with ${JSON.stringify(input)}`;
      },
    },
    {
      name: `wait for it (deadline ${Math.round(options.deadlineMs / 1000)} s)`,
      run: async () => {
        const startedAt = now();
        const deadline = startedAt + options.deadlineMs;
        for (;;) {
          const described = await client.send(new DescribeExecutionCommand({ executionArn: state.arn }));
          state.status = described.status;
          if (described.status !== "RUNNING") {
            state.error = described.error;
            state.cause = described.cause;
            return `${described.status} after ${Math.round((now() - startedAt) / 1000)} s`;
          }
          if (now() >= deadline) {
            // Stopped, so it cannot write into the e2e prefixes after the clean-up.
            await client.send(
              new StopExecutionCommand({
                executionArn: state.arn,
                error: "E2eDeadline",
                cause: `vectora e2e waited ${Math.round(options.deadlineMs / 1000)} s`,
              }),
            );
            throw new Error(
              `still RUNNING after ${Math.round(options.deadlineMs / 1000)} s: stopped it (raise --timeout, or see the execution in the console)`,
            );
          }
          await sleep(Math.min(options.pollMs, Math.max(0, deadline - now())));
        }
      },
    },
    {
      name: "each state's outcome",
      run: async () => {
        const outcomes = stateOutcomes(await historyOf(client, state.arn!));
        for (const o of outcomes) options.log?.(`       ${outcomeLine(o)}`);
        if (state.status === "SUCCEEDED")
          return `${outcomes.length} state(s): ${outcomes.map((o) => `${o.name} ${o.failures.length ? "✗" : "✓"}`).join(", ")}`;
        const first = outcomes.find((o) => o.failures.length > 0);
        const why = `${state.error ?? state.status}: ${oneLine(state.cause ?? "(no cause)")}`;
        throw new Error(
          `execution ${state.status}: ${why}` +
            (first ? `; failed state: ${first.name} (${first.failures[0]})` : ""),
        );
      },
    },
  ];
}
