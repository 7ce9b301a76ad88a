/**
 * `vectora ingest` through the CLI's `main`, from the repository root, replaying the project's recordings.
 * Never live: the default (live) mode is only checked up to the point where it would fetch.
 */
import { cp, readdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
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

describe("vectora ingest --concurrency / --deadline", () => {
  /** The repo's config with `count` more RSS sources, each served by a 127.0.0.1 server that answers or hangs. */
  async function configWithLoopbackFeeds(dir: string, hang: (i: number) => boolean, count: number) {
    const servers: Server[] = [];
    const keys: string[] = [];
    const extra: string[] = [];
    for (let i = 0; i < count; i++) {
      const key = `press_sector__loop_${i}`;
      const server = createServer((_req, res) => {
        if (hang(i)) return; // never answers
        res.writeHead(200, { "content-type": "application/rss+xml" });
        res.end(
          `<?xml version="1.0"?><rss version="2.0"><channel><title>f</title><item><title>Loop ${i}: \u001b[31mLAI\u001b[0m depot news</title><link>https://loop.example/${i}</link><pubDate>Tue, 16 Dec 2025 08:00:00 GMT</pubDate></item></channel></rss>`,
        );
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      servers.push(server);
      keys.push(key);
      const port = (server.address() as AddressInfo).port;
      extra.push(
        `  - key: ${key}\n    name: Loop ${i}\n    kind: rss\n    actor_type: press_sector\n    url: http://127.0.0.1:${port}/feed.xml\n`,
      );
    }
    await cp(join(REPO_ROOT, "config"), join(dir, "config"), { recursive: true });
    const catalog = join(dir, "config", "canonical", "sources.yaml");
    const text = await readFile(catalog, "utf8");
    await writeFile(catalog, text.replace("\nbouquets:", `\n${extra.join("")}bouquets:`));
    const close = async () => {
      for (const s of servers) s.closeAllConnections();
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    };
    return { keys, close };
  }

  it("stops at --deadline: hanging sources abandoned, the rest deferred or read, and says so", {
    timeout: 30_000,
  }, async () => {
    const dir = await temp();
    const { keys, close } = await configWithLoopbackFeeds(dir, (i) => i < 2, 6);
    try {
      const io = captureIO(dir);
      const argv = [
        "ingest",
        "--client",
        "lai_weekly",
        "--live",
        "--as-of",
        "2025-12-17",
        "--sources",
        keys.join(","),
      ];
      const started = Date.now();
      const code = await main([...argv, "--concurrency", "2", "--deadline", "3", "--store", "store"], io);
      expect(Date.now() - started).toBeLessThan(15_000);
      // The two hanging feeds held both slots: nothing else started, so nothing was read.
      expect(code).toBe(1);
      const out = io.stdout();
      expect(out).toMatch(
        /cut short at its deadline \S+: 2 source\(s\) abandoned in flight, 4 deferred \(not started\)/,
      );
      expect(out).toMatch(
        /^abandoned at the deadline \(requests aborted, nothing kept\):\n {2}press_sector__loop_0: abandoned at the run's deadline/m,
      );
      expect(out).toMatch(
        /^deferred \(not started before the deadline; the next run reads them\):\n {2}press_sector__loop_2: deferred: /m,
      );
      expect(out).toMatch(/^press_sector__loop_5 +deferred /m);
      expect(io.stderr()).toMatch(/no source was read before the deadline/);

      // With 6 slots the 4 healthy feeds are read; their escape-laden titles never reach the terminal.
      const again = captureIO(dir);
      expect(await main([...argv, "--concurrency", "6", "--deadline", "3", "--store", "store"], again)).toBe(
        0,
      );
      expect(again.stdout()).toMatch(
        /cut short at its deadline \S+: 2 source\(s\) abandoned in flight, 0 deferred/,
      );
      expect(again.stdout()).toMatch(/^press_sector__loop_3 +ok /m);
      expect(again.stdout() + again.stderr()).not.toMatch(/\u001b/);
    } finally {
      await close();
    }
  });

  it("refuses out-of-range --concurrency, --deadline and --period-days before reading anything", async () => {
    for (const [flag, message] of [
      ["--concurrency=0", /--concurrency expects an integer from 1 to 64, got "0"/],
      ["--deadline=-5", /--deadline expects seconds above 0 and at most 86400 \(a day\), got "-5"/],
      ["--period-days=400", /--period-days expects an integer from 1 to 366, got "400"/],
      // The as-of bounds the Lambdas accept (2000-01-01 to tomorrow UTC), so no ledger entry can shift a window.
      ["--as-of=1999-12-31", /--as-of: 1999-12-31 is before 2000-01-01/],
      ["--as-of=2999-01-01", /--as-of: 2999-01-01 /],
    ] as const) {
      for (const verb of [["ingest", "--client", "lai_weekly", "--replay", RECORDINGS], ["run"]]) {
        const io = captureIO();
        expect(await main([...verb, flag, "--store", await temp()], io), `${verb[0]} ${flag}`).toBe(2);
        expect(io.stderr()).toMatch(message);
      }
    }
  });
});
