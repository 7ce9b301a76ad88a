/**
 * `vectora e2e --local` end to end: the real packaged zips (built here, as `vectora package` builds them), a local
 * S3 server, `vectora config sync`, the handlers run as Lambda would on the recorded sources, the newsletter
 * checked against its schema, the dry run's .eml checked, everything cleaned up — and a tampered zip stops it
 * before anything runs.
 */
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { packageLambdas } from "../../../src/package/package-lambdas.js";
import { REPO_ROOT, runVectora, tempDirsPerTest } from "../../support/cli.js";

const temps = tempDirsPerTest();
let zips: string;

beforeAll(async () => {
  const { makeTempDir } = await import("@vectora/testing");
  zips = (await makeTempDir("vectora-e2e-zips")).path;
  packageLambdas({ repoRoot: REPO_ROOT, outDir: zips });
}, 180_000);

describe("vectora e2e --local", () => {
  it("runs the packaged handlers on a local S3 server and recorded sources, and cleans up", async () => {
    const run = await runVectora(["e2e", "--local", "--zips", zips, "--json"]);
    const result = JSON.parse(run.out) as {
      ok: boolean;
      steps: { step: string; ok: boolean; detail: string }[];
    };
    expect(result.steps.filter((s) => !s.ok)).toEqual([]);
    expect(run.code).toBe(0);
    expect(result.steps.map((s) => s.step)).toEqual([
      "packaged zips match their manifest",
      "start the S3 server",
      "create the buckets",
      "vectora config sync",
      "unzip the packaged handlers",
      "invoke vectora-inbox-ingest-normalize-local: plan",
      "invoke vectora-inbox-ingest-normalize-local: each shard",
      "invoke vectora-inbox-engine-local: engine",
      "invoke vectora-inbox-engine-local: deliver (dry run)",
      "invoke vectora-inbox-engine-local: summarize",
      "newsletter files in the newsletters bucket",
      "the dry-run email (.eml) beside the newsletter",
      "clean up what the test wrote",
    ]);
    // The state machine's steps on the packaged handlers: the plan's shards, each read, the summary OK.
    expect(result.steps[5]!.detail).toMatch(/^\d+ source\(s\) in [1-9] shard\(s\) as of 2025-12-17$/);
    expect(result.steps[6]!.detail).toMatch(/^shard 0: \d+\/\d+ read/);
    // e2e_smoke's delivery, inside the packaged engine: a dry run writing the MIME message, sending nothing.
    expect(result.steps[8]!.detail).toBe(
      "dry run: wrote s3://vectora-inbox-newsletters-local/e2e_smoke/2025/12/17/newsletter.eml (1 recipient(s)); nothing sent",
    );
    expect(result.steps[9]!.detail).toMatch(/^\[vectora local\] e2e_smoke 2025-12-17: OK/);
    expect(result.steps[10]!.detail).toMatch(
      /e2e_smoke\/2025\/12\/17\/newsletter\.json \(\d+ B\); [1-5] item\(s\)/,
    );
    expect(result.steps[11]!.detail).toMatch(
      /^e2e_smoke\/2025\/12\/17\/newsletter\.eml \(\d+ B\): From newsletter@e2e\.invalid, To 1 address\(es\), Subject "Vectora end-to-end test \(never sent\) — 2025-12-17", text\/plain \d+ chars \+ text\/html = newsletter\.html$/,
    );
    // Everything it wrote is gone (checked by listing again): newsletters, .eml and archive, ingest runs, seen
    // index, ledger of issues.
    expect(result.steps[12]!.detail).toMatch(
      /^deleted [3-9] under s3:\/\/vectora-inbox-newsletters-local\/e2e_smoke\//,
    );
    for (const prefix of ["ingested", "index", "ledger"])
      expect(result.steps[12]!.detail).toMatch(
        new RegExp(`, [1-9]\\d* under s3://vectora-inbox-data-local/${prefix}/e2e_smoke/`),
      );
  }, 120_000);

  it("stops before running anything when a zip is not the one its manifest records", async () => {
    const copy = await temps.make("vectora-e2e-tampered");
    cpSync(zips, copy, { recursive: true });
    writeFileSync(join(copy, "engine.zip"), "not the zip CI built");
    const run = await runVectora(["e2e", "--local", "--zips", copy, "--json"]);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.out) as { steps: { step: string; ok: boolean; detail: string }[] };
    expect(result.steps).toHaveLength(1);
    expect(result.steps[0]?.detail).toContain("engine.zip: sha256 ");
  });

  it("refuses a real newsletter's client", async () => {
    const run = await runVectora(["e2e", "--local", "--zips", zips, "--client", "lai_weekly"]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('runs only e2e clients (e2e_*), not "lai_weekly"');
  });
});
