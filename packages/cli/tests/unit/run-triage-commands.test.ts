/**
 * `vectora run` (ingest from the repo's recordings, then the engine, on disk) and `vectora triage` through the
 * CLI's `main`, with captured output.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { NewsletterDocument } from "@vectora/core";
import { makeTempDir, type TempDir } from "@vectora/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { captureIO, REPO_ROOT } from "../support/cli.js";

describe("vectora run (recorded sources, on disk)", () => {
  let dir: TempDir;
  let io: ReturnType<typeof captureIO>;
  let code: number;
  beforeAll(async () => {
    dir = await makeTempDir("run");
    io = captureIO(dir.path);
    code = await main(["run"], io);
  });
  afterAll(() => dir?.remove());

  it("writes the three newsletter files under .vectora/ and prints their paths", async () => {
    expect(code, io.stderr()).toBe(0);
    const paths = io.stdout().trim().split("\n").slice(-3);
    expect(paths).toEqual(
      ["md", "html", "json"].map((ext) =>
        join(dir.path, ".vectora/newsletters/lai_weekly/2025/12/17", `newsletter.${ext}`),
      ),
    );
    const doc = NewsletterDocument.parse(JSON.parse(await readFile(paths[2]!, "utf8")));
    expect(doc.as_of).toBe("2025-12-17");
    expect(doc.sections.length).toBeGreaterThan(0);
    for (const s of doc.sections) expect(s.items.length).toBeGreaterThan(0);
    for (const d of doc.decisions) expect(d.reasons.length).toBeGreaterThan(0);
    const html = await readFile(paths[1]!, "utf8");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
  });

  it("keeps the recorded week's real signals and drops its noise", async () => {
    const doc = NewsletterDocument.parse(
      JSON.parse(
        await readFile(join(dir.path, ".vectora/newsletters/lai_weekly/2025/12/17/newsletter.json"), "utf8"),
      ),
    );
    const kept = doc.decisions.filter((d) => d.kept).map((d) => d.title);
    expect(kept.some((t) => /Nanexa and Moderna enter into license/.test(t))).toBe(true);
    expect(kept.some((t) => /New Drug Application Submission/.test(t))).toBe(true);
    const dropped = doc.decisions.filter((d) => !d.kept);
    for (const d of dropped.filter((d) => /Half-Year|appoints|general meeting/i.test(d.title)))
      expect(d.reasons[0], d.title).toMatch(/^noise:/);
    expect(
      doc.scope.failed.length + Object.values(doc.scope.read_by_actor_type).reduce((a, b) => a + b, 0),
    ).toBeGreaterThan(3);
  });

  it("summarises the run and is repeatable (a second run reads the same items)", async () => {
    expect(io.stdout()).toMatch(/newsletter: \d+ of \d+ items kept/);
    const again = captureIO(dir.path);
    expect(await main(["run", "--json"], again)).toBe(0);
    const result = JSON.parse(again.stdout());
    expect(result.ingest.totals.new).toBe(0);
    const first = JSON.parse(
      await readFile(join(dir.path, ".vectora/newsletters/lai_weekly/2025/12/17/newsletter.json"), "utf8"),
    );
    expect(result.newsletter.counts.kept).toBe(first.counts.kept);
  });

  it("rejects a malformed --as-of and an unknown --llm mode with usage errors", async () => {
    const bad = captureIO(dir.path);
    expect(await main(["run", "--as-of", "17/12/2025"], bad)).toBe(2);
    expect(bad.stderr()).toContain('--as-of expects a date as YYYY-MM-DD, got "17/12/2025"');
    const llm = captureIO(dir.path);
    expect(await main(["run", "--llm", "gpt"], llm)).toBe(2);
  });
});

describe("vectora triage", () => {
  let dir: TempDir;
  afterEach(() => dir?.remove());

  const line = (o: Record<string, unknown>) => JSON.stringify(o);
  const LINES = [
    line({
      source_key: "press_corporate__nanexa",
      source_type: "press_corporate",
      title:
        "<a href='x'>Nanexa and Moderna enter into license and option agreement for PharmaShell&reg;-based products</a>",
      url: "https://nanexa.com/mfn_news/licence/",
      content: "Nanexa will receive an upfront payment of USD 3 million.",
    }),
    line({
      source_key: "press_corporate__nanexa",
      source_type: "press_corporate",
      title: "Nanexa publishes interim report for January-September 2025",
      url: "https://nanexa.com/mfn_news/interim/",
      published_at: "2025-11-06",
    }),
    "{this is not json",
    line({
      source_key: "press_sector__unknown_blog",
      source_type: "press_sector",
      title: "Oral extended-release antibiotic tablet approved",
      url: "https://blog.example/er-tablet",
    }),
    "",
    line({
      source_key: "press_corporate__medincell",
      source_type: "press_corporate",
      title: "Medincell Awarded New Grant to Fight Malaria",
      url: "https://www.medincell.com/grant.pdf",
      published_at: "2025-11-24",
    }),
    line({
      source_key: "press_corporate__nanexa",
      source_type: "press_corporate",
      title: "Nanexa and Moderna enter into license and option agreement for PharmaShell-based products",
      url: "https://nanexa.com/mfn_news/licence/",
    }),
    line({
      source_key: "press_sector__x",
      source_type: "blog",
      title: "Wrong type",
      url: "https://x.example/1",
    }),
    line({ source_key: "press_sector__x", source_type: "press_sector", title: "No url" }),
  ].join("\n");

  it("answers one line per good input line, in order, and reports bad lines with their numbers", async () => {
    dir = await makeTempDir("triage");
    await writeFile(join(dir.path, "in.jsonl"), `${LINES}\n`);
    const io = captureIO(dir.path);
    expect(
      await main(["triage", "--client", "lai_weekly", "--in", "in.jsonl", "--out", "out.jsonl"], io),
    ).toBe(0);
    const out = (await readFile(join(dir.path, "out.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.url)).toEqual([
      "https://nanexa.com/mfn_news/licence/",
      "https://nanexa.com/mfn_news/interim/",
      "https://blog.example/er-tablet",
      "https://www.medincell.com/grant.pdf",
      "https://nanexa.com/mfn_news/licence/",
    ]);
    expect(out.map((o) => o.keep)).toEqual([true, false, false, true, false]);
    // Issue 14: the title is echoed (for `vectora eval`'s report); an input `id` would be too. Each line says
    // which input line it answers.
    expect(Object.keys(out[0])).toEqual([
      "line",
      "url",
      "title",
      "keep",
      "score",
      "event_type",
      "entities",
      "reasons",
    ]);
    // Each output line names its input line (3, 8 and 9 were skipped; 5 is the duplicate's).
    expect(out.map((o) => o.line)).toEqual([1, 2, 4, 6, 7]);
    expect(out[0]).toMatchObject({
      event_type: "partnership",
      entities: { companies: ["Nanexa", "Moderna"], technologies: ["PharmaShell"] },
    });
    expect(out[1].reasons[0]).toBe("noise:interim_report");
    expect(out[2].reasons[0]).toMatch(/^(no_lai_signal|counter_signal:)/);
    expect(out[3]).toMatchObject({ event_type: "funding", reasons: ["keep", "role:core_pure_player"] });
    expect(out[4].reasons[0]).toBe("duplicate_of:https://nanexa.com/mfn_news/licence/");
    const err = io.stderr();
    expect(err).toMatch(/in\.jsonl:3: skipped: not JSON/);
    expect(err).toMatch(/in\.jsonl:8: skipped: source_type:/);
    expect(err).toMatch(/in\.jsonl:9: skipped: url:/);
    expect(err).not.toMatch(/in\.jsonl:5:/);
    expect(err).toContain("triaged 5 line(s)");
  });

  it("scores undated lines without recency and dated ones relative to --as-of", async () => {
    dir = await makeTempDir("triage");
    const grant = {
      source_key: "press_corporate__medincell",
      source_type: "press_corporate",
      title: "Medincell Awarded New Grant to Fight Malaria",
      url: "https://www.medincell.com/grant.pdf",
    };
    await writeFile(
      join(dir.path, "in.jsonl"),
      `${line(grant)}\n${line({ ...grant, url: "https://www.medincell.com/grant2.pdf", published_at: "2025-11-24" })}\n`,
    );
    const io = captureIO(dir.path);
    expect(await main(["triage", "--in", "in.jsonl", "--as-of", "2025-12-22"], io)).toBe(0);
    const [undated, dated] = io
      .stdout()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(undated.score).toBeGreaterThan(dated.score);
    expect(undated.keep).toBe(true);
  });

  it("accepts a UTF-8 byte order mark and CRLF line ends", async () => {
    dir = await makeTempDir("triage");
    const [first, second] = LINES.split("\n");
    await writeFile(join(dir.path, "bom.jsonl"), `\uFEFF${first}\r\n${second}\r\n`);
    const io = captureIO(dir.path);
    expect(await main(["triage", "--in", "bom.jsonl"], io)).toBe(0);
    const out = io
      .stdout()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out.map((o) => [o.line, o.url])).toEqual([
      [1, "https://nanexa.com/mfn_news/licence/"],
      [2, "https://nanexa.com/mfn_news/interim/"],
    ]);
    expect(io.stderr()).not.toMatch(/: skipped:/);
  });

  it("exits 1 with the reason when the input is empty or every line is skipped", async () => {
    dir = await makeTempDir("triage");
    await writeFile(join(dir.path, "empty.jsonl"), "\uFEFF\n  \n");
    const empty = captureIO(dir.path);
    expect(await main(["triage", "--in", "empty.jsonl"], empty)).toBe(1);
    expect(empty.stdout()).toBe("");
    expect(empty.stderr()).toMatch(/nothing to triage: empty\.jsonl is empty/);

    await writeFile(join(dir.path, "bad.jsonl"), 'not json\n{"title": "no source"}\n');
    const bad = captureIO(dir.path);
    expect(await main(["triage", "--in", "bad.jsonl"], bad)).toBe(1);
    expect(bad.stdout()).toBe("");
    expect(bad.stderr()).toMatch(/bad\.jsonl:1: skipped: not JSON/);
    expect(bad.stderr()).toMatch(/bad\.jsonl:2: skipped: source_key:/);
    expect(bad.stderr()).toMatch(
      /nothing to triage: every line of bad\.jsonl was skipped \(2 line\(s\), listed above\)/,
    );
  });

  it("never prints a terminal escape sequence, even one echoed from a bad input line", async () => {
    dir = await makeTempDir("triage");
    const title = "\u001b[2J\u001b]0;pwned\u0007LAI title\u0000";
    await writeFile(
      join(dir.path, "esc.jsonl"),
      `\u001b[31mnot json\u001b[0m\n${line({ source_key: "press_sector__x", source_type: "press_sector", title, url: "https://x.example/esc" })}\n`,
    );
    const io = captureIO(dir.path);
    expect(await main(["triage", "--in", "esc.jsonl"], io)).toBe(0);
    expect(io.stdout() + io.stderr()).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(io.stderr()).toMatch(/esc\.jsonl:1: skipped: not JSON/);
    expect(JSON.parse(io.stdout()).line).toBe(2);
  });

  it("needs --in (usage error) and says when the file cannot be read", async () => {
    expect(await main(["triage"], captureIO(REPO_ROOT))).toBe(2);
    const io = captureIO(REPO_ROOT);
    expect(await main(["triage", "--in", "/nonexistent/in.jsonl"], io)).toBe(1);
    expect(io.stderr()).toContain("cannot read /nonexistent/in.jsonl");
  });
});
