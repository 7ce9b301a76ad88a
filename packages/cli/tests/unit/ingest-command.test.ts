/**
 * `vectora ingest` through the CLI's `main`, from the repository root, replaying the project's recordings.
 * Never live: the default (live) mode is only checked up to the point where it would fetch.
 */
import { cp, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { IngestReport, layout } from "@vectora/core";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { captureIO, REPO_ROOT, tempDirsPerTest } from "../support/cli.js";

const temps = tempDirsPerTest();
const temp = () => temps.make("ingest-cli");
const RECORDINGS = "fixtures/recorded/lai-2025-12";

describe("vectora ingest", () => {
  it("replays --replay DIR as of its manifest date, prints progress and a summary; a re-run adds nothing", async () => {
    const store = await temp();
    const io = captureIO();
    expect(
      await main(["ingest", "--client", "lai_weekly", "--replay", RECORDINGS, "--store", store], io),
    ).toBe(0);
    expect(io.stderr()).toMatch(
      /^ingest lai_weekly as of 2025-12-17 \(replaying fixtures\/recorded\/lai-2025-12\)/,
    );
    expect(io.stderr()).toMatch(/ok {5}press_corporate__nanexa +9 found, 4 in window, 4 new, 0 updated/);
    expect(io.stderr()).toMatch(
      /FAILED press_corporate__peptron +tls for GET https:\/\/www\.peptron\.co\.kr/,
    );
    expect(io.stdout()).toMatch(/window 2025-12-04 … 2025-12-17/);
    expect(io.stdout()).toMatch(/^press_sector__fiercepharma +ok +10 +0 +0 +9 +1 +8 +0 +0$/m);
    expect(io.stdout()).toMatch(/^total +8\/9 ok +74 +4 +2 +46 +1 +45 +0 +0$/m);

    const again = captureIO();
    expect(
      await main(
        ["ingest", "--client", "lai_weekly", "--replay", RECORDINGS, "--store", store, "--json"],
        again,
      ),
    ).toBe(0);
    const report = IngestReport.parse(JSON.parse(again.stdout()));
    expect(report.totals).toMatchObject({ new: 0, unchanged: 45 });
  });

  it("fetches live without --replay or --record (and with --live), as of today", async () => {
    // An unknown --sources entry stops the run before any request: the mode is visible, nothing is fetched.
    const today = new Date().toISOString().slice(0, 10);
    for (const flags of [[], ["--live"]]) {
      const io = captureIO();
      const argv = ["ingest", "--client", "lai_weekly", ...flags, "--sources", "press_corporate__nope"];
      expect(await main([...argv, "--store", await temp()], io), flags.join(" ")).toBe(1);
      expect(io.stderr()).toMatch(new RegExp(`^ingest lai_weekly as of ${today} \\(live\\) `));
      expect(io.stderr()).toMatch(/unknown source "press_corporate__nope"/);
    }
  });

  it("writes to the data store of `vectora run` by default, so a run after it finds nothing new", async () => {
    const cwd = await temp();
    const recordings = join(REPO_ROOT, RECORDINGS);
    const io = captureIO(cwd);
    const argv = [
      "ingest",
      "--client",
      "lai_weekly",
      "--replay",
      recordings,
      "--config",
      join(REPO_ROOT, "config"),
    ];
    expect(await main(argv, io)).toBe(0);
    expect(io.stderr()).toMatch(/ → \.vectora\/data\n/);
    expect(await readdir(join(cwd, ".vectora/data", layout.seenIndex("lai_weekly"), ".."))).toContain(
      "seen.json",
    );

    const run = captureIO(cwd);
    expect(await main(["run", "--replay", recordings, "--json"], run)).toBe(0);
    const { ingest } = JSON.parse(run.stdout()) as { ingest: { totals: { new: number; unchanged: number } } };
    expect(ingest.totals).toMatchObject({ new: 0, unchanged: 45 });
  });

  it("takes --sources, --as-of and --period-days", async () => {
    const io = captureIO();
    const code = await main(
      [
        "ingest",
        "--client",
        "lai_weekly",
        "--store",
        await temp(),
        "--replay",
        RECORDINGS,
        "--sources",
        "press_sector__fiercepharma",
        "--as-of",
        "2025-12-17",
        "--period-days",
        "1",
        "--json",
      ],
      io,
    );
    expect(code).toBe(0);
    const report = IngestReport.parse(JSON.parse(io.stdout()));
    expect(report.sources.map((s) => s.source_key)).toEqual(["press_sector__fiercepharma"]);
    expect(report.totals.new).toBe(1);
  });

  it("exits 1 with every reason when all sources fail, and 2 on misuse", async () => {
    const empty = await temp();
    await writeFile(join(empty, "recording.json"), JSON.stringify({ as_of: "2025-12-17" }));
    const io = captureIO();
    expect(
      await main(["ingest", "--client", "lai_weekly", "--store", await temp(), "--replay", empty], io),
    ).toBe(1);
    expect(io.stderr()).toMatch(/every source failed/);
    expect(io.stderr()).toMatch(/pubmed__lai: no recording for GET https:\/\/eutils\.ncbi\.nlm\.nih\.gov/);

    const misuse = captureIO();
    expect(await main(["ingest", "--store", await temp()], misuse)).toBe(2);
    expect(misuse.stderr()).toMatch(/--client is required/);
    const both = captureIO();
    expect(await main(["ingest", "--client", "lai_weekly", "--live", "--replay", "x"], both)).toBe(2);
    const missing = captureIO();
    expect(
      await main(["ingest", "--client", "lai_weekly", "--replay", "fixtures/recorded/lai-2099-01"], missing),
    ).toBe(2);
    expect(missing.stderr()).toMatch(/--replay: directory not found: fixtures\/recorded\/lai-2099-01/);
    const noDate = captureIO();
    const bare = await temp();
    await cp(
      join(REPO_ROOT, "fixtures/recorded/lai-2025-12/medincell-news.json"),
      join(bare, "medincell-news.json"),
    );
    expect(
      await main(["ingest", "--client", "lai_weekly", "--replay", bare, "--store", await temp()], noDate),
    ).toBe(2);
    expect(noDate.stderr()).toMatch(/--as-of is required/);
  });
});
