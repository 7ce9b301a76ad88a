/**
 * The weekly run in-process (`runWeek`, what `vectora run` does) through the state machine's steps: a failed shard
 * does not stop the week (its sources are named in the footer as not read), a week where no shard read anything
 * skips the engine and its summary says so, and the summary the notify state publishes.
 */
import { join } from "node:path";
import { RECORDINGS_DIR } from "@vectora/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { FsBlobStore } from "../../../src/adapters/fs-blob-store.js";
import { ReplayHttpTransport } from "../../../src/adapters/replay-http.js";
import type { VectoraConfig } from "../../../src/config/schema.js";
import { notReadOf } from "../../../src/jobs/engine-steps.js";
import { summarizeRun } from "../../../src/jobs/run-summary.js";
import { runWeek } from "../../../src/jobs/week.js";
import type { BlobStore } from "../../../src/ports/blob-store.js";
import { NoSecrets } from "../../../src/ports/secrets.js";
import { loadRepoConfig } from "../../support/repo.js";
import { testTempDir } from "../temp-dirs.js";

let config: VectoraConfig;
beforeAll(async () => {
  config = await loadRepoConfig();
});

async function stores() {
  const dir = await testTempDir("week");
  return {
    data: new FsBlobStore(join(dir.path, "data")),
    newsletters: new FsBlobStore(join(dir.path, "newsletters")),
  };
}

/** A data store whose `failOn`-th `list` of the client's ledger fails (an S3 hiccup mid-run). */
function failingLedgerList(store: BlobStore, failOn: number): BlobStore {
  let calls = 0;
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop !== "list") return Reflect.get(target, prop, receiver);
      return async (prefix: string) => {
        if (prefix === "ledger/lai_weekly/" && ++calls === failOn)
          throw Object.assign(new Error("We encountered an internal error. Please try again."), {
            name: "InternalError",
          });
        return target.list(prefix);
      };
    },
  });
}

const week = (
  s: { data: BlobStore; newsletters: BlobStore },
  extra: Partial<Parameters<typeof runWeek>[0]> = {},
) =>
  runWeek({
    config,
    clientId: "lai_weekly",
    asOf: "2025-12-17",
    dataStore: s.data,
    newslettersStore: s.newsletters,
    transport: new ReplayHttpTransport(RECORDINGS_DIR),
    secrets: new NoSecrets(),
    shardSize: 4,
    env: "test",
    clock: () => new Date("2025-12-17T07:00:00Z"),
    ...extra,
  });

describe("runWeek", () => {
  it("goes plan → shards → engine → deliver → summary, one progress line per step", async () => {
    const lines: string[] = [];
    const result = await week(await stores(), { deliver: true, onStep: (step) => lines.push(step) });
    expect(lines).toEqual(["plan", "shard 0", "shard 1", "shard 2", "engine", "deliver", "summary"]);
    expect(result.plan.shards.map((s) => s.sources.length)).toEqual([4, 4, 1]);
    expect(result.summary.ok).toBe(true);
    expect(result.summary.subject).toMatch(
      /^\[vectora test\] lai_weekly 2025-12-17: OK, \d+ items, 8\/9 sources$/,
    );
    expect(result.delivery).toMatchObject({ status: "dry_run" });
  });

  it("does not stop the week for a failed shard: the engine runs and its footer names the shard's sources", async () => {
    const s = await stores();
    // The first shard plans its window (one ledger listing), the second one's listing fails.
    const result = await week({ ...s, data: failingLedgerList(s.data, 2) }, { shardSize: 8 });
    expect(result.shards.map((o) => (o.error ? "failed" : "ok"))).toEqual(["ok", "failed"]);
    const lost = result.shards[1]!;
    const reason = "shard 1 failed: InternalError: We encountered an internal error. Please try again.";
    expect(notReadOf([lost])).toEqual([{ source_key: lost.shard.sources[0], reason }]);
    // The engine ran on what shard 0 read; the newsletter's footer names the lost shard's source, with why.
    expect(result.engine?.counts.kept).toBeGreaterThan(0);
    const footer = result.engine!.document.scope.failed.find((f) => f.source_key === lost.shard.sources[0]);
    expect(footer).toMatchObject({ reason });
    expect(result.summary.ok).toBe(true);
    expect(result.summary.message).toMatch(/1 shard\(s\) failed\n {2}shard 1 \(1 sources\): InternalError/);
  });

  it("skips the engine when no shard read anything, and the summary says so", async () => {
    const empty = await testTempDir("no-recordings");
    const result = await week(await stores(), { transport: new ReplayHttpTransport(empty.path) });
    expect(result.shards.every((o) => o.reply?.statusCode === 200 && !o.reply.read)).toBe(true);
    expect(result.engine).toBeNull();
    expect(result.summary.ok).toBe(false);
    expect(result.summary.subject).toBe(
      "[vectora test] lai_weekly 2025-12-17: FAILED: engine skipped: no shard read anything",
    );
    expect(result.summary.message).toMatch(/^Sources: 0 of 9 read in 3 shard\(s\)/m);
  });
});

describe("summarizeRun", () => {
  it("names the failed step and its cause from Step Functions' {Error, Cause}", () => {
    const summary = summarizeRun(
      {
        input: { client_id: "lai_weekly" },
        plan: {
          Error: "Lambda.ServiceException",
          Cause: JSON.stringify({ errorMessage: "Rate exceeded", errorType: "ServiceException" }),
        },
        ingest: null,
        engine: null,
        delivery: null,
      },
      { env: "prod", execution: "arn:aws:states:eu-west-3:1:execution:w:x" },
    );
    expect(summary.ok).toBe(false);
    expect(summary.subject).toBe(
      "[vectora prod] lai_weekly ?: FAILED: plan failed: Lambda.ServiceException: Rate exceeded",
    );
    expect(summary.message).toContain("Execution: arn:aws:states:eu-west-3:1:execution:w:x");
  });

  it("reports a refused delivery and the newsletter's link, cost and counts", () => {
    const summary = summarizeRun(
      {
        plan: { statusCode: 200, client_id: "lai_weekly", as_of: "2026-01-05", sources: 9, shards: [] },
        ingest: {
          shards: [
            {
              shard: { index: 0, sources: ["a", "b"] },
              reply: { statusCode: 200, read: true, totals: { sources_ok: 2, new: 5 } },
            },
            {
              shard: { index: 1, sources: ["c"] },
              error: { Error: "States.Timeout", Cause: "Task timed out" },
            },
          ],
        },
        engine: {
          statusCode: 200,
          counts: { kept: 7, input: 30 },
          sections: [{}, {}],
          llm: { enabled: true, cost_usd: 0.4213, calls: 12, model: "eu.anthropic.claude" },
          files: { html: "s3://b/lai_weekly/2026/01/05/newsletter.html" },
          failed_sources: [{ source_key: "c" }],
        },
        delivery: {
          Error: "MailerError",
          Cause: JSON.stringify({ errorMessage: "SES refused the message: X" }),
        },
      },
      { env: "prod" },
    );
    expect(summary.ok).toBe(false);
    expect(summary.message.split("\n")).toEqual([
      "Vectora weekly run of lai_weekly as of 2026-01-05 (prod): FAILED",
      "PROBLEM: delivery failed: MailerError: SES refused the message: X",
      "Sources: 2 of 9 read in 2 shard(s), 5 new item(s); 1 shard(s) failed",
      "  shard 1 (1 sources): States.Timeout: Task timed out",
      "Newsletter: 7 item(s) kept of 30 in 2 section(s); 1 source(s) listed as not read in its footer",
      "LLM: $0.4213 (12 call(s), eu.anthropic.claude)",
      "Link: s3://b/lai_weekly/2026/01/05/newsletter.html",
    ]);
  });
});
