/**
 * A stateful Step Functions fake behind aws-sdk-client-mock, for `vectora e2e --env`: StartExecution (unknown
 * machine, bad name, duplicate name and non-JSON input refused with the service's errors and messages),
 * DescribeExecution (RUNNING for a few polls, then the end status), GetExecutionHistory (paged), StopExecution.
 *
 * NOT an interpreter: an execution does not run the definition. Its history is SCRIPTED by the test with
 * {@link weekHistory}, which writes the events the weekly state machine of infra/s1-runtime.yaml records (state
 * names, Lambda task events, a Map's iterations, Catch, Fail) — realistic in shape, chosen by the test.
 */
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  InvalidExecutionInput,
  InvalidName,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";

const META = { $metadata: {} } as const;

/** What an execution does: its events after ExecutionStarted, its end, and what it leaves behind. */
export interface Script {
  events: Array<Omit<HistoryEvent, "id" | "timestamp" | "previousEventId">>;
  status: "SUCCEEDED" | "FAILED" | "TIMED_OUT";
  error?: string;
  cause?: string;
  /** Polls that still see RUNNING. */
  runningPolls?: number;
  /** Called when the execution ends (the test writes what the run would have written). */
  onEnd?: () => Promise<void> | void;
}

interface FakeExecution {
  arn: string;
  input: unknown;
  status: string;
  polls: number;
  script: Script;
  history: HistoryEvent[];
  error?: string;
  cause?: string;
}

export class FakeStepFunctions {
  readonly machines = new Set<string>();
  readonly executions = new Map<string, FakeExecution>();
  /** The script of the next executions (per input). */
  script: (input: unknown) => Script = () => weekHistory({});
  private clock = Date.parse("2025-12-17T06:00:00Z");

  private tick(): Date {
    this.clock += 1_000;
    return new Date(this.clock);
  }

  private push(ex: FakeExecution, event: Omit<HistoryEvent, "id" | "timestamp" | "previousEventId">) {
    const id = ex.history.length + 1;
    ex.history.push({ ...event, id, previousEventId: id - 1, timestamp: this.tick() } as HistoryEvent);
  }

  start(input: { stateMachineArn?: string; name?: string; input?: string }) {
    const machine = input.stateMachineArn ?? "";
    if (!this.machines.has(machine))
      throw new StateMachineDoesNotExist({ message: `State Machine Does Not Exist: '${machine}'`, ...META });
    const name = input.name ?? "generated";
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name))
      throw new InvalidName({ message: `Invalid Name: '${name}'`, ...META });
    let parsed: unknown;
    try {
      parsed = JSON.parse(input.input ?? "{}");
    } catch {
      throw new InvalidExecutionInput({
        message: `Invalid State Machine Execution Input: '${input.input}'`,
        ...META,
      });
    }
    const arn = `${machine.replace(":stateMachine:", ":execution:")}:${name}`;
    if (this.executions.has(arn))
      throw new ExecutionAlreadyExists({ message: `Execution Already Exists: '${arn}'`, ...META });
    const ex: FakeExecution = {
      arn,
      input: parsed,
      status: "RUNNING",
      polls: 0,
      script: this.script(parsed),
      history: [],
    };
    this.push(ex, { type: "ExecutionStarted", executionStartedEventDetails: { input: input.input } });
    this.executions.set(arn, ex);
    return { executionArn: arn, startDate: this.tick(), ...META };
  }

  private get(arn: string | undefined): FakeExecution {
    const ex = this.executions.get(arn ?? "");
    if (!ex) throw new ExecutionDoesNotExist({ message: `Execution Does Not Exist: '${arn}'`, ...META });
    return ex;
  }

  async describe(arn: string | undefined) {
    const ex = this.get(arn);
    if (ex.status === "RUNNING" && ++ex.polls > (ex.script.runningPolls ?? 1)) {
      for (const event of ex.script.events) this.push(ex, event);
      ex.status = ex.script.status;
      if (ex.script.error) ex.error = ex.script.error;
      if (ex.script.cause) ex.cause = ex.script.cause;
      await ex.script.onEnd?.();
    }
    return {
      executionArn: ex.arn,
      status: ex.status,
      ...(ex.error ? { error: ex.error } : {}),
      ...(ex.cause ? { cause: ex.cause } : {}),
      ...META,
    };
  }

  history(arn: string | undefined, maxResults = 1000, nextToken?: string) {
    const ex = this.get(arn);
    const from = nextToken ? Number(nextToken) : 0;
    const events = ex.history.slice(from, from + maxResults);
    const next = from + maxResults < ex.history.length ? String(from + maxResults) : undefined;
    return { events, ...(next ? { nextToken: next } : {}), ...META };
  }

  stop(arn: string | undefined, error?: string, cause?: string) {
    const ex = this.get(arn);
    if (ex.status === "RUNNING") {
      ex.status = "ABORTED";
      this.push(ex, { type: "ExecutionAborted", executionAbortedEventDetails: { error, cause } });
    }
    return { stopDate: this.tick(), ...META };
  }

  /** Mocks SFNClient; returns the mock (its calls) — restore it after the test. */
  install() {
    const sfn = mockClient(SFNClient);
    sfn.on(StartExecutionCommand).callsFake((i) => this.start(i));
    sfn.on(DescribeExecutionCommand).callsFake((i) => this.describe(i.executionArn));
    sfn
      .on(GetExecutionHistoryCommand)
      .callsFake((i) => this.history(i.executionArn, i.maxResults, i.nextToken));
    sfn.on(StopExecutionCommand).callsFake((i) => this.stop(i.executionArn, i.error, i.cause));
    return sfn;
  }
}

type Event = Script["events"][number];

/** A Lambda task state's events: entered, scheduled, started, succeeded or failed, exited. */
function lambdaTask(name: string, resource: string, failure?: { error: string; cause: string }): Event[] {
  return [
    { type: "TaskStateEntered", stateEnteredEventDetails: { name } },
    { type: "LambdaFunctionScheduled", lambdaFunctionScheduledEventDetails: { resource } },
    { type: "LambdaFunctionStarted" },
    failure
      ? { type: "LambdaFunctionFailed", lambdaFunctionFailedEventDetails: failure }
      : {
          type: "LambdaFunctionSucceeded",
          lambdaFunctionSucceededEventDetails: { output: '{"statusCode":200}' },
        },
    { type: "TaskStateExited", stateExitedEventDetails: { name } },
  ];
}

const pass = (name: string): Event[] => [
  { type: "PassStateEntered", stateEnteredEventDetails: { name } },
  { type: "PassStateExited", stateExitedEventDetails: { name } },
];
const choice = (name: string): Event[] => [
  { type: "ChoiceStateEntered", stateEnteredEventDetails: { name } },
  { type: "ChoiceStateExited", stateExitedEventDetails: { name } },
];

const INGEST = "arn:aws:lambda:eu-west-3:786469175371:function:vectora-inbox-ingest-normalize-dev:live";
const ENGINE = "arn:aws:lambda:eu-west-3:786469175371:function:vectora-inbox-engine-dev:live";

/**
 * The history of one week of the weekly state machine: Start, Plan, the Map over `shards` (each ok or failed
 * with an error its Catch records), the engine (skipped when no shard read, or failed), Deliver, Summarize,
 * Notify, then Done or Failed.
 */
export function weekHistory(week: {
  shards?: Array<{ error: string; cause: string } | null>;
  engineFailure?: { error: string; cause: string };
  onEnd?: () => Promise<void> | void;
  runningPolls?: number;
}): Script {
  const shards = week.shards ?? [null, null];
  const events: Event[] = [...pass("Start"), ...lambdaTask("Plan", INGEST), ...choice("PlanAccepted")];
  events.push(
    { type: "MapStateEntered", stateEnteredEventDetails: { name: "Ingest" } },
    { type: "MapStateStarted", mapStateStartedEventDetails: { length: shards.length } },
  );
  shards.forEach((failure, index) => {
    events.push({ type: "MapIterationStarted", mapIterationStartedEventDetails: { name: "Ingest", index } });
    events.push(...lambdaTask("IngestShard", INGEST, failure ?? undefined));
    events.push(...pass(failure ? "ShardFailed" : "ShardDone"));
    events.push({
      type: "MapIterationSucceeded",
      mapIterationSucceededEventDetails: { name: "Ingest", index },
    });
  });
  events.push(
    { type: "MapStateSucceeded" },
    { type: "MapStateExited", stateExitedEventDetails: { name: "Ingest" } },
    ...choice("AnyShardRead"),
  );
  const anyRead = shards.some((s) => s === null);
  const ok = anyRead && !week.engineFailure;
  if (anyRead) {
    events.push(...lambdaTask("Engine", ENGINE, week.engineFailure));
    if (!week.engineFailure) events.push(...choice("EngineAccepted"), ...lambdaTask("Deliver", ENGINE));
  }
  events.push(
    ...lambdaTask("Summarize", ENGINE),
    { type: "TaskStateEntered", stateEnteredEventDetails: { name: "Notify" } },
    {
      type: "TaskScheduled",
      taskScheduledEventDetails: {
        resource: "publish",
        resourceType: "sns",
        region: "eu-west-3",
        parameters: "{}",
      },
    },
    { type: "TaskSucceeded", taskSucceededEventDetails: { resource: "publish", resourceType: "sns" } },
    { type: "TaskStateExited", stateExitedEventDetails: { name: "Notify" } },
    ...choice("Outcome"),
  );
  const subject = ok
    ? "[vectora dev] e2e_smoke 2025-12-17: OK"
    : anyRead
      ? "[vectora dev] e2e_smoke 2025-12-17: FAILED, engine failed"
      : "[vectora dev] e2e_smoke 2025-12-17: FAILED, no source read (every shard failed)";
  if (ok)
    events.push(
      { type: "SucceedStateEntered", stateEnteredEventDetails: { name: "Done" } },
      { type: "SucceedStateExited", stateExitedEventDetails: { name: "Done" } },
      { type: "ExecutionSucceeded", executionSucceededEventDetails: { output: "{}" } },
    );
  else
    events.push(
      { type: "FailStateEntered", stateEnteredEventDetails: { name: "Failed" } },
      { type: "ExecutionFailed", executionFailedEventDetails: { error: "WeeklyRunFailed", cause: subject } },
    );
  return {
    events,
    status: ok ? "SUCCEEDED" : "FAILED",
    ...(ok ? {} : { error: "WeeklyRunFailed", cause: subject }),
    ...(week.onEnd ? { onEnd: week.onEnd } : {}),
    ...(week.runningPolls !== undefined ? { runningPolls: week.runningPolls } : {}),
  };
}
