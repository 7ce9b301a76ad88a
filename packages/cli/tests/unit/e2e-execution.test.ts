/**
 * `vectora e2e --env`'s test proper over a stateful Step Functions fake (aws-sdk-client-mock; SCRIPTED histories,
 * see fake-step-functions.ts): the execution is started for the e2e client as a dry run, waited for with a
 * deadline (stopped past it), each state's outcome printed, the failed state and its cause named; the newsletter
 * check and the clean-up follow as for every e2e.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { buildNewsletterMime, layout } from "@vectora/core";
import { FsBlobStore } from "@vectora/core/adapters";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { executionSteps, outcomeLine, stateOutcomes } from "../../src/e2e/execution.js";
import { runE2e } from "../../src/e2e/run-e2e.js";
import { runVectora } from "../support/cli.js";
import { FakeStepFunctions, type Script, weekHistory } from "../support/fake-step-functions.js";
import { newsletterJson } from "../support/newsletter-document.js";

const MACHINE = "arn:aws:states:eu-west-3:786469175371:stateMachine:vectora-inbox-weekly-dev";
const AS_OF = "2025-12-17";

let dir: string;
let fake: FakeStepFunctions;
let mock: ReturnType<FakeStepFunctions["install"]>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "vectora-e2e-sfn-"));
  fake = new FakeStepFunctions();
  fake.machines.add(MACHINE);
  mock = fake.install();
});
afterEach(() => {
  mock.restore();
  rmSync(dir, { recursive: true, force: true });
});

/** The engine's three files, as a successful week leaves them (the JSON is checked by its schema elsewhere). */
async function writeNewsletter(store: FsBlobStore): Promise<void> {
  for (const ext of ["md", "html"] as const) await store.put(layout.newsletter("e2e_smoke", AS_OF, ext), "x");
  await store.put(layout.newsletter("e2e_smoke", AS_OF, "json"), "{}");
}

/** A whole week's output: the three files (a valid document) and the Deliver state's dry-run `.eml`. */
async function writeDeliveredWeek(store: FsBlobStore, options: { eml: boolean }): Promise<void> {
  const html = "<!doctype html><html><body><h1>Signals</h1></body></html>\n";
  await store.put(layout.newsletter("e2e_smoke", AS_OF, "md"), "# Signals\n");
  await store.put(layout.newsletter("e2e_smoke", AS_OF, "html"), html);
  await store.put(
    layout.newsletter("e2e_smoke", AS_OF, "json"),
    JSON.stringify(newsletterJson("e2e_smoke", AS_OF)),
  );
  if (options.eml)
    await store.put(
      layout.newsletterEml("e2e_smoke", AS_OF),
      buildNewsletterMime({
        from: "newsletter@e2e.invalid",
        to: ["reader@e2e.invalid"],
        subject: `Vectora end-to-end test (never sent) — ${AS_OF}`,
        date: new Date(`${AS_OF}T09:00:00Z`),
        messageId: `${AS_OF}.ab12.1.e2e_smoke@vectora.e2e.invalid`,
        text: "# Signals\n",
        html,
      }),
    );
}

function run(
  options: { deadlineMs?: number; lines?: string[]; script?: (newsletters: FsBlobStore) => Script } = {},
) {
  const newsletters = new FsBlobStore(join(dir, "newsletters"));
  const script = options.script;
  if (script) fake.script = () => script(newsletters);
  const data = new FsBlobStore(join(dir, "data"));
  let clock = 0;
  const lines = options.lines ?? [];
  return {
    newsletters,
    result: runE2e({
      env: "dev",
      clientId: "e2e_smoke",
      targetDate: AS_OF,
      newsletters,
      data,
      delivers: true,
      log: (l) => lines.push(l),
      steps: executionSteps({
        client: new SFNClient({ region: "eu-west-3" }),
        stateMachineArn: MACHINE,
        clientId: "e2e_smoke",
        asOf: AS_OF,
        deadlineMs: options.deadlineMs ?? 60_000,
        pollMs: 10_000,
        name: "e2e-e2e-smoke-2025-12-17-test",
        log: (l) => lines.push(l),
        sleep: async (ms) => {
          clock += ms;
        },
        now: () => clock,
      }),
    }),
  };
}

describe("vectora e2e --env: one execution of the weekly state machine", () => {
  it("starts it for the e2e client as a dry run, waits, prints each state's outcome, then checks the newsletter", async () => {
    const lines: string[] = [];
    const { result } = run({
      lines,
      script: (newsletters) => weekHistory({ runningPolls: 3, onEnd: () => writeNewsletter(newsletters) }),
    });
    const done = await result;
    // The newsletter JSON is "{}": the schema check fails — everything before it passed.
    expect(done.steps.map((s) => [s.step, s.ok])).toEqual([
      ["start an execution of vectora-inbox-weekly-dev", true],
      ["wait for it (deadline 60 s)", true],
      ["each state's outcome", true],
      ["newsletter files in the newsletters bucket", false],
      ["clean up what the test wrote", true],
    ]);
    const start = mock.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(JSON.parse(start.input!)).toEqual({ client_id: "e2e_smoke", as_of: AS_OF, dry_run: true });
    expect(mock.commandCalls(DescribeExecutionCommand)).toHaveLength(4);
    expect(done.steps[1]!.detail).toBe("SUCCEEDED after 30 s");
    expect(lines).toContain("       Plan: ok");
    expect(lines).toContain("       IngestShard: 2 run, ok");
    expect(lines).toContain("       Deliver: ok");
    expect(lines).toContain("       Notify: ok");
    expect(done.steps[3]!.detail).toContain("is not a newsletter document");
  });

  it("checks the Deliver state's dry-run .eml in the newsletters bucket after the execution, then deletes it", async () => {
    const { result, newsletters } = run({
      script: (store) => weekHistory({ onEnd: () => writeDeliveredWeek(store, { eml: true }) }),
    });
    const done = await result;
    expect(done.steps.filter((s) => !s.ok)).toEqual([]);
    expect(done.steps.slice(-3).map((s) => s.step)).toEqual([
      "newsletter files in the newsletters bucket",
      "the dry-run email (.eml) beside the newsletter",
      "clean up what the test wrote",
    ]);
    expect(done.steps.at(-2)!.detail).toMatch(
      /^e2e_smoke\/2025\/12\/17\/newsletter\.eml \(\d+ B\): From newsletter@e2e\.invalid, To 1 address\(es\), Subject "Vectora end-to-end test \(never sent\) — 2025-12-17", text\/plain \d+ chars \+ text\/html = newsletter\.html$/,
    );
    expect(done.steps.at(-1)!.detail).toMatch(/^deleted 4 under .*newsletters\/e2e_smoke\//);
    expect(await newsletters.list("")).toEqual([]);
  });

  it("fails when the execution delivered no .eml (a deployed e2e client without a delivery block), and cleans up", async () => {
    const { result, newsletters } = run({
      script: (store) => weekHistory({ onEnd: () => writeDeliveredWeek(store, { eml: false }) }),
    });
    const done = await result;
    expect(done.ok).toBe(false);
    expect(done.steps.at(-2)).toMatchObject({
      step: "the dry-run email (.eml) beside the newsletter",
      ok: false,
      detail: expect.stringContaining(
        "e2e_smoke/2025/12/17/newsletter.eml: the deliver step wrote no dry-run message (does the client's config have a delivery block?)",
      ),
    });
    expect(done.steps.at(-1)).toMatchObject({ step: "clean up what the test wrote", ok: true });
    expect(await newsletters.list("")).toEqual([]);
  });

  it("names the failed state and its cause when the execution fails (every shard failed: no engine)", async () => {
    const lines: string[] = [];
    const throttled = {
      error: "Lambda.TooManyRequestsException",
      cause: "Rate Exceeded. (Service: Lambda, Status Code: 429)",
    };
    const { result } = run({ lines, script: () => weekHistory({ shards: [throttled, throttled] }) });
    const done = await result;
    expect(done.ok).toBe(false);
    const states = done.steps.find((s) => s.step === "each state's outcome")!;
    expect(states.ok).toBe(false);
    expect(states.detail).toBe(
      "execution FAILED: WeeklyRunFailed: [vectora dev] e2e_smoke 2025-12-17: FAILED, no source read (every shard failed); " +
        "failed state: IngestShard (Lambda.TooManyRequestsException: Rate Exceeded. (Service: Lambda, Status Code: 429))",
    );
    expect(lines).toContain(
      "       IngestShard: 2 run, 2 failed (Lambda.TooManyRequestsException: Rate Exceeded. (Service: Lambda, Status Code: 429))",
    );
    expect(lines.some((l) => l.includes("Engine:"))).toBe(false);
    // The clean-up still runs after a failure.
    expect(done.steps.at(-1)!.step).toBe("clean up what the test wrote");
  });

  it("stops an execution still running at the deadline, and says so", async () => {
    const { result } = run({ deadlineMs: 25_000, script: () => weekHistory({ runningPolls: 100 }) });
    const done = await result;
    expect(done.steps[1]).toMatchObject({
      ok: false,
      detail: "still RUNNING after 25 s: stopped it (raise --timeout, or see the execution in the console)",
    });
    expect([...fake.executions.values()][0]!.status).toBe("ABORTED");
  });

  it("surfaces the service's error when the state machine does not exist", async () => {
    fake.machines.clear();
    const done = await run().result;
    expect(done.steps[0]).toMatchObject({ ok: false, detail: `State Machine Does Not Exist: '${MACHINE}'` });
  });
});

describe("stateOutcomes", () => {
  it("attributes a failure to its state by the event chain, with a shard's caught failure and one ok", () => {
    const failure = { error: "Lambda.Unknown", cause: "The function timed out" };
    const script = weekHistory({ shards: [failure, null] });
    fake.start({ stateMachineArn: MACHINE, name: "x", input: "{}" });
    const ex = [...fake.executions.values()][0]!;
    ex.script = script;
    return fake.describe(ex.arn).then(() =>
      fake.describe(ex.arn).then(() => {
        const lines = stateOutcomes(ex.history).map(outcomeLine);
        expect(lines).toContain("IngestShard: 2 run, 1 failed (Lambda.Unknown: The function timed out)");
        expect(lines).toContain("ShardFailed: ok");
        expect(lines).toContain("Engine: ok");
      }),
    );
  });
});

describe("vectora e2e --env without a state machine", () => {
  it("asks for the outputs file or --state-machine", async () => {
    const out = await runVectora(["e2e", "--env", "dev", "--outputs-file", join(dir, "none.json")]);
    expect(out.code).toBe(2);
    expect(out.err).toContain("no WeeklyStateMachineArn in");
    expect(out.err).toContain("or pass --state-machine ARN");
  });
});
