/**
 * `vectora run` week after week on one store, and `vectora history` listing what the ledger holds: dates,
 * windows and why, items per section, late arrivals, delivered or not.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { recordDelivery } from "@vectora/core";
import { FsBlobStore } from "@vectora/core/adapters";
import { makeTempDir, type TempDir } from "@vectora/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runVectora } from "../support/cli.js";

describe("vectora run week after week, then vectora history", () => {
  let dir: TempDir;
  let weeks: Array<{ code: number; out: string; err: string }>;
  beforeAll(async () => {
    dir = await makeTempDir("history");
    weeks = [
      await runVectora(["run", "--as-of", "2025-12-10"], dir.path),
      await runVectora(["run", "--as-of", "2025-12-17"], dir.path),
    ];
  });
  afterAll(() => dir?.remove());

  it("runs the second week from the first issue and says so", () => {
    for (const week of weeks) expect(week.code, week.err).toBe(0);
    // `vectora run` prints one line per step first (plan, shards, engine, summary), then the issue's window.
    expect(weeks[0]!.out).toMatch(
      /^vectora run lai_weekly as of 2025-12-10 \(config cfg-[0-9a-f]+\)\n {2}plan: /,
    );
    expect(weeks[0]!.out).toMatch(
      /^ {2}window 2025-11-27 – 2025-12-10: the client's first issue \(14 days\)$/m,
    );
    expect(weeks[1]!.out).toMatch(/^ {2}window 2025-12-11 – 2025-12-17: since the issue of 2025-12-10$/m);
    expect(weeks[1]!.out).toMatch(/[1-9]\d* in an earlier issue/);
    expect(weeks[1]!.out).toContain(
      `archive: ${join(dir.path, ".vectora/newsletters/lai_weekly/index.html")}`,
    );
  });

  it("lists the issues newest first, with their windows, sections and delivery", async () => {
    const { code, out } = await runVectora(["history"], dir.path);
    expect(code).toBe(0);
    const lines = out.trimEnd().split("\n");
    expect(lines[0]).toBe(`lai_weekly: 2 issues in ${join(dir.path, ".vectora/data")}, newest first`);
    expect(lines[1]).toMatch(
      /^ {2}2025-12-17 {2}2025-12-11 – 2025-12-17 {2}since the issue of 2025-12-10 {2}\d+ items \(regulatory \d+, deals \d+[^)]*\) {2}delivered: no$/,
    );
    expect(lines[2]).toMatch(
      /^ {2}2025-12-10 {2}2025-11-27 – 2025-12-10 {2}the client's first issue \(14 days\) {2}\d+ items \(/,
    );
  });

  it("prints JSON, and shows a delivery once the mailer recorded it", async () => {
    await recordDelivery(new FsBlobStore(join(dir.path, ".vectora/data")), "lai_weekly", "2025-12-10", {
      sent_at: "2025-12-10T08:00:00.000Z",
      message_id: "0100018c-test",
      to_count: 3,
    });
    const { code, out } = await runVectora(["history", "--json"], dir.path);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.issues.map((i: { as_of: string }) => i.as_of)).toEqual(["2025-12-17", "2025-12-10"]);
    expect(json.issues[0]).toMatchObject({
      window: { from: "2025-12-11", to: "2025-12-17" },
      window_basis: { kind: "since_previous", previous_as_of: "2025-12-10" },
      delivered: false,
    });
    expect(json.issues[1]).toMatchObject({ delivered: true, delivery: { to_count: 3 } });
    expect(json.issues[1].items).toBe(
      json.issues[1].sections.reduce((n: number, s: { items: number }) => n + s.items, 0),
    );
    const text = await runVectora(["history"], dir.path);
    expect(text.out).toContain("delivered: yes (2025-12-10T08:00:00.000Z, 3 recipients)");
  });

  it("names an unreadable entry (exit 1) and still lists the others; says when there is nothing yet", async () => {
    await writeFile(join(dir.path, ".vectora/data/ledger/lai_weekly/2025-12-24.json"), "{broken");
    const broken = await runVectora(["history"], dir.path);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/ledger\/lai_weekly\/2025-12-24\.json: not JSON: /);
    expect(broken.out).toContain("2 issues");
    const empty = await runVectora(["history", "--client", "e2e_smoke", "--store", "nowhere"], dir.path);
    expect(empty).toMatchObject({
      code: 0,
      out: `No issue of e2e_smoke in ${join(dir.path, "nowhere/data")} yet.\n`,
    });
    // A client the config does not have is not "nothing yet": see unknown-client.test.ts.
    expect((await runVectora(["history", "--client", "other"], dir.path)).code).toBe(1);
  });
});
