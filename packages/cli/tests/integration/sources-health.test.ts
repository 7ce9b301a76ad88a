/**
 * `vectora sources health` on the store `vectora run` writes: after two runs of the recorded fortnight, Peptron
 * (its certificate fails every time) is flagged as failing, in the table, the JSON and the exit code; the run
 * summary names it too. A feed that goes empty after yielding entries is flagged as silent.
 */
import { cp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runVectora, tempDirsPerTest } from "../support/cli.js";

const temps = tempDirsPerTest();

describe("vectora sources health", () => {
  it("flags a source that failed in its last two runs", async () => {
    const store = await temps.make("health");
    const empty = await runVectora(["sources", "health", "--store", store]);
    expect([empty.code, empty.out]).toEqual([0, `No ingest run of lai_weekly in dir:${store}/data yet.\n`]);

    const first = await runVectora(["run", "--store", store, "--as-of", "2025-12-10"]);
    expect(first.code, first.err).toBe(0);
    expect(first.out).not.toContain("source to check");
    const second = await runVectora(["run", "--store", store]);
    expect(second.out).toContain(
      "  source to check (failing): press_corporate__peptron: failed in its last 2 runs (2025-12-10, 2025-12-17): tls for GET https://www.peptron.co.kr/eng/pr/news.php: unable to verify the first certificate",
    );

    const table = await runVectora(["sources", "health", "--store", store]);
    expect(table.code).toBe(1);
    const lines = table.out.split("\n");
    expect(lines[0]).toMatch(
      /^lai_weekly: 2 runs read from dir:.*\/data \(ing_20251210_\S+ … ing_20251217_\S+\), 9 sources, 1 to check$/,
    );
    expect(lines[2]).toMatch(
      /^press_corporate__peptron +FAILING +failed · failed +failed in its last 2 runs \(2025-12-10, 2025-12-17\)/,
    );
    expect(table.out).toMatch(/^press_sector__fiercepharma +ok +ok \d+\/\d+ · ok \d+\/\d+$/m);

    // A re-run of the same issue date replaces its run: still two runs, still flagged.
    const again = await runVectora(["run", "--store", store]);
    expect(again.out).toContain("source to check (failing): press_corporate__peptron");

    const json = await runVectora(["sources", "health", "--store", store, "--json", "--runs", "1"]);
    const parsed = JSON.parse(json.out) as { issue_dates: string[]; flagged: unknown[] };
    // One weekly run read (its shards' reports): one failure flags nothing.
    expect([parsed.issue_dates, parsed.flagged]).toEqual([["2025-12-17"], []]);
    expect(json.code).toBe(0);
  }, 60_000);

  it("flags a source that saw 0 entries after yielding some (its feed emptied): SILENT", async () => {
    const store = await temps.make("health-silent");
    // The same fortnight, except that FierceBiotech's feed has no item any more in the second week.
    const replay = join(await temps.make("health-silent-replay"), "recordings");
    await cp(join(REPO_ROOT, "fixtures/recorded/lai-2025-12"), replay, { recursive: true });
    await writeFile(
      join(replay, "fiercebiotech-rss.xml"),
      '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Fierce Biotech</title>' +
        "<link>https://www.fiercebiotech.com</link><description>News</description></channel></rss>",
    );
    const first = await runVectora(["run", "--store", store, "--as-of", "2025-12-10"]);
    expect(first.code, first.err).toBe(0);
    const second = await runVectora(["run", "--store", store, "--replay", replay]);
    expect(second.code, second.err).toBe(0);
    expect(second.out).toMatch(
      /^ {2}source to check \(silent\): press_sector__fiercebiotech: 0 entries in its last run \(2025-12-17\) after \d+ on 2025-12-10/m,
    );

    const table = await runVectora(["sources", "health", "--store", store]);
    expect(table.code).toBe(1);
    expect(table.out.split("\n")[0]).toMatch(/, 9 sources, 2 to check$/);
    expect(table.out).toMatch(
      /^press_sector__fiercebiotech +SILENT +ok 0\/0 · ok \d+\/\d+ +0 entries in its last run \(2025-12-17\) after \d+ on 2025-12-10: its page may have changed$/m,
    );
    const json = await runVectora(["sources", "health", "--store", store, "--json"]);
    const parsed = JSON.parse(json.out) as { flagged: Array<{ source_key: string; flag: string }> };
    expect(parsed.flagged.map((f) => [f.source_key, f.flag]).sort()).toEqual([
      ["press_corporate__peptron", "failing"],
      ["press_sector__fiercebiotech", "silent"],
    ]);
  }, 60_000);
});
