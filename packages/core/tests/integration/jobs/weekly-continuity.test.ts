/**
 * Issue 16's acceptance on the recorded fortnight (fixtures/recorded/lai-2025-12, replayed): weekly issues on
 * one store never repeat an item, a skipped week is caught up, a re-run rebuilds the same newsletter, a late
 * arrival (Peptron's page fails in the first week and answers in the second) is printed exactly once, and the
 * archive page lists every issue.
 */
import { cp } from "node:fs/promises";
import { join } from "node:path";
import { makeTempDir, REPO_CONFIG_DIR, type TempDir } from "@vectora/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FsBlobStore, ReplayHttpTransport } from "../../../src/adapters/index.js";
import {
  type LlmClient,
  type LlmRequest,
  layout,
  loadConfigYaml,
  NewsletterDocument,
  NoSecrets,
  type PipelineResult,
  readLedger,
  runEngineForClient,
  runPipeline,
  type VectoraConfig,
} from "../../../src/index.js";
import { FAULTS, RECORDINGS, steppingClock } from "../../support/ingest-fixtures.js";

const config: VectoraConfig = await loadConfigYaml(new FsBlobStore(REPO_CONFIG_DIR));
const tmp: TempDir = await makeTempDir("continuity");
afterAll(() => tmp.remove());
/** Recordings where Peptron answers (its default recording is a TLS fault). */
const peptronOk = join(tmp.path, "recordings-peptron-ok");
await cp(RECORDINGS, peptronOk, { recursive: true });
await cp(join(FAULTS, "peptron-ok"), peptronOk, { recursive: true });
const clock = steppingClock("2026-01-05T08:00:00.000Z");

/** A store (data + newsletters) under the temp dir, and a function that runs the pipeline on it. */
function store(name: string) {
  const data = new FsBlobStore(join(tmp.path, name, "data"));
  const newsletters = new FsBlobStore(join(tmp.path, name, "newsletters"));
  const issue = (asOf: string, recordings = RECORDINGS): Promise<PipelineResult> =>
    runPipeline({
      config,
      clientId: "lai_weekly",
      asOf,
      dataStore: data,
      newslettersStore: newsletters,
      transport: new ReplayHttpTransport(recordings),
      secrets: new NoSecrets(),
      clock,
    });
  const files = async (asOf: string) => ({
    md: (await newsletters.getText(layout.newsletter("lai_weekly", asOf, "md")))!,
    html: (await newsletters.getText(layout.newsletter("lai_weekly", asOf, "html")))!,
    json: (await newsletters.getText(layout.newsletter("lai_weekly", asOf, "json")))!,
  });
  return { data, newsletters, issue, files };
}

const printed = (r: PipelineResult) => r.engine.document.sections.flatMap((s) => s.items);
const titles = (r: PipelineResult) => printed(r).map((i) => i.title);

describe("two consecutive weekly issues (as of 2025-12-10, then 2025-12-17)", () => {
  const s = store("weekly");
  let first: PipelineResult;
  let second: PipelineResult;
  beforeAll(async () => {
    first = await s.issue("2025-12-10");
    second = await s.issue("2025-12-17");
  });

  it("share no item: no id, no canonical URL, and no near-duplicate of the first's items", () => {
    expect(printed(first).length).toBeGreaterThan(3);
    expect(printed(second).length).toBeGreaterThan(3);
    const firstIds = new Set(printed(first).map((i) => i.item_id));
    const firstUrls = new Set(
      first.engine.engine.sections.flatMap((x) => x.items.map((i) => i.item.canonical_url)),
    );
    for (const { item } of second.engine.engine.sections.flatMap((x) => x.items)) {
      expect(firstIds.has(item.item_id), item.title).toBe(false);
      expect(firstUrls.has(item.canonical_url), item.title).toBe(false);
    }
    // FiercePharma's retelling (17 Dec) of the olanzapine NDA the first issue printed (MedinCell, 9 Dec).
    const retelling = second.engine.engine.decisions.find((d) => /^Teva submits olanzapine/i.test(d.title));
    expect(retelling?.reasons[0]).toBe("published_in:2025-12-10");
    expect(retelling?.reasons).toContain("merged_by:same_event");
    expect(second.engine.counts.already_published).toBeGreaterThan(0);
  });

  it("cover consecutive days, the second since the first, and say so", async () => {
    expect(first.engine.window).toEqual({ from: "2025-11-27", to: "2025-12-10" });
    expect(first.engine.window_basis).toEqual({ kind: "first_issue", period_days: 14 });
    expect(second.engine.window).toEqual({ from: "2025-12-11", to: "2025-12-17" });
    expect(second.engine.window_basis).toEqual({ kind: "since_previous", previous_as_of: "2025-12-10" });
    // Ingest planned the same issue from the ledger: it fetched the window and the late days.
    expect(second.ingest.window).toEqual({ from: "2025-11-27", to: "2025-12-17" });
    expect((await s.files("2025-12-17")).md).toContain("Window: since the issue of 10 December 2025.");
  });

  it("miss nothing the fortnight's single issue prints", async () => {
    const single = store("single");
    const fortnight = await single.issue("2025-12-17");
    const weekly = new Set([...titles(first), ...titles(second)]);
    expect(titles(fortnight).length).toBeGreaterThan(5);
    for (const title of titles(fortnight)) expect(weekly.has(title), title).toBe(true);
  });

  it("are recorded in the ledger with their items, window and no delivery yet", async () => {
    const { entries, problems } = await readLedger(s.data, "lai_weekly");
    expect(problems).toEqual([]);
    expect(entries.map((e) => e.as_of)).toEqual(["2025-12-10", "2025-12-17"]);
    expect(entries[1]!.items.map((i) => i.item_id)).toEqual(printed(second).map((i) => i.item_id));
    expect(entries[1]).toMatchObject({ window: second.engine.window, delivery: null });
    expect(entries[1]!.runs_read).toContain(second.ingest.run_id);
  });

  it("re-running the second week gives the same newsletter (generated_at aside) and replaces its entry", async () => {
    const before = await s.files("2025-12-17");
    const again = await s.issue("2025-12-17");
    expect(again.ingest.totals.new).toBe(0);
    const after = await s.files("2025-12-17");
    const stamp = (text: string) => text.replaceAll(second.engine.document.generated_at, "<generated>");
    const stampAgain = (text: string) => text.replaceAll(again.engine.document.generated_at, "<generated>");
    expect(again.engine.document.generated_at).not.toBe(second.engine.document.generated_at);
    for (const ext of ["md", "html", "json"] as const)
      expect(stampAgain(after[ext]), ext).toBe(stamp(before[ext]));
    const { entries } = await readLedger(s.data, "lai_weekly");
    expect(entries.map((e) => e.as_of)).toEqual(["2025-12-10", "2025-12-17"]);
    expect(entries[1]!.generated_at).toBe(again.engine.document.generated_at);
  });

  it("rebuilding the FIRST week after the second reads the same inputs and gives the same newsletter", async () => {
    const before = await s.files("2025-12-10");
    const again = await s.issue("2025-12-10");
    const after = await s.files("2025-12-10");
    const strip = (text: string, stamp: string) => text.replaceAll(stamp, "<generated>");
    for (const ext of ["md", "html", "json"] as const)
      expect(strip(after[ext], again.engine.document.generated_at), ext).toBe(
        strip(before[ext], first.engine.document.generated_at),
      );
  });

  it("the archive page lists both issues, newest first, with relative links", async () => {
    const html = (await s.newsletters.getText(layout.archive("lai_weekly")))!;
    const links = [...html.matchAll(/<h3[^>]*><a href="([^"]+)"/g)].map((m) => m[1]);
    expect(links).toEqual(["2025/12/17/newsletter.html", "2025/12/10/newsletter.html"]);
    for (const link of links) expect(await s.newsletters.exists(`lai_weekly/${link}`)).toBe(true);
  });
});

describe("skipping a week (issues as of 2025-12-03, then 2025-12-17)", () => {
  it("makes the next issue cover both weeks, print the skipped week's news, and say it is a catch-up", async () => {
    const s = store("skip");
    const early = await s.issue("2025-12-03");
    const catchUp = await s.issue("2025-12-17");
    expect(catchUp.engine.window).toEqual({ from: "2025-12-04", to: "2025-12-17" });
    expect(catchUp.engine.window_basis).toEqual({
      kind: "catch_up",
      previous_as_of: "2025-12-03",
      days_since: 14,
      capped_at_days: null,
    });
    expect((await s.files("2025-12-17")).md).toContain(
      "Window: a catch-up after a gap: 14 days since the issue of 3 December 2025.",
    );
    // What a weekly issue of the skipped week printed is in the catch-up issue, or left out only by its limits.
    const weekly = await store("skip-weekly-reference").issue("2025-12-10");
    const skippedWeek = printed(weekly).filter((i) => i.published_at >= "2025-12-04");
    expect(skippedWeek.length).toBeGreaterThan(3);
    const decisions = new Map(catchUp.engine.engine.decisions.map((d) => [d.item_id, d]));
    for (const item of skippedWeek)
      expect(decisions.get(item.item_id)?.reasons[0], item.title).toMatch(
        /^(section:|section_full:|total_limit)/,
      );
    expect(printed(catchUp).filter((i) => i.published_at <= "2025-12-10").length).toBeGreaterThan(3);
    // And nothing the early issue printed comes back.
    const earlyIds = new Set(printed(early).map((i) => i.item_id));
    for (const item of printed(catchUp)) expect(earlyIds.has(item.item_id), item.title).toBe(false);
  });
});

describe("a late arrival (Peptron's page fails in the first week, answers in the second)", () => {
  const s = store("late");
  const SMARTDEPOT = /^PEPTRON signs SmartDepot/;
  let issues: PipelineResult[];
  beforeAll(async () => {
    issues = [
      await s.issue("2025-12-10"),
      await s.issue("2025-12-17", peptronOk),
      await s.issue("2025-12-24", peptronOk),
    ];
  });

  it("is printed exactly once, in the next issue, in its section, marked late in JSON, Markdown and HTML", async () => {
    expect(issues[0]!.engine.failed_sources.map((f) => f.source_key)).toContain("press_corporate__peptron");
    const where = issues.map((r) => printed(r).filter((i) => SMARTDEPOT.test(i.title)));
    expect(where.map((w) => w.length)).toEqual([0, 1, 0]);
    const item = where[1]![0]!;
    expect(item).toMatchObject({ published_at: "2025-12-09", late: true, event_type: "partnership" });
    const section = issues[1]!.engine.document.sections.find((x) => x.items.includes(item))!;
    expect(section.id).toBe("deals");
    const files = await s.files("2025-12-17");
    expect(
      NewsletterDocument.parse(JSON.parse(files.json))
        .sections.flatMap((x) => x.items)
        .find((i) => i.late),
    ).toBeDefined();
    expect(files.md).toMatch(/\*9 December 2025 · Peptron[^*]* · late arrival\*/);
    expect(files.html).toContain(">late arrival</span>");
    expect(files.md).toMatch(
      /Late arrivals \(\d+\): published before this window but first read after the issue of 10 December 2025/,
    );
    // In the issue after, it is old news already seen: outside the window, not late again.
    const after = issues[2]!.engine.engine.decisions.find((d) => SMARTDEPOT.test(d.title));
    expect(after).toMatchObject({ kept: false, late: false });
    expect(after?.reasons[0]).toBe("outside_window");
  });

  it("never offers again an item seen before the previous issue and not selected then", () => {
    const firstIds = new Set(issues[0]!.engine.engine.decisions.map((d) => d.item_id));
    const seenBefore = issues[1]!.engine.engine.decisions.filter((d) => firstIds.has(d.item_id));
    expect(seenBefore.length).toBeGreaterThan(5);
    for (const d of seenBefore) {
      expect(d.late, d.title).toBe(false);
      if (d.published_at <= "2025-12-10") expect(d.reasons[0], d.title).toBe("outside_window");
    }
    // Only the items of the source that failed in the first week (Peptron) can be late in the second issue.
    const failedFirst = issues[0]!.engine.failed_sources.map((f) => f.source_key);
    expect(failedFirst).toEqual(["press_corporate__peptron"]);
    const late = issues[1]!.engine.engine.decisions.filter((x) => x.late);
    expect(late.length).toBeGreaterThan(0);
    for (const d of late) expect(failedFirst, d.title).toContain(d.source_key);
  });

  it("stays late, once, when its week is re-run", async () => {
    const again = await s.issue("2025-12-17", peptronOk);
    expect(
      printed(again)
        .filter((i) => SMARTDEPOT.test(i.title))
        .map((i) => i.late),
    ).toEqual([true]);
  });

  it("the archive lists every issue", async () => {
    const html = (await s.newsletters.getText(layout.archive("lai_weekly")))!;
    expect([...html.matchAll(/<h3[^>]*><a href="([^"]+)"/g)].map((m) => m[1])).toEqual([
      "2025/12/24/newsletter.html",
      "2025/12/17/newsletter.html",
      "2025/12/10/newsletter.html",
    ]);
    expect(html).toMatch(/late arrival/);
  });
});

describe("the LLM's budget", () => {
  it("goes only to items the issue can print (in its window, or late), never to older news already seen", async () => {
    const s = store("llm");
    await s.issue("2025-12-10");
    const second = await s.issue("2025-12-17");
    const prompted: string[] = [];
    const llm: LlmClient = {
      modelId: "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
      async converse(request: LlmRequest) {
        const text = /<<<ITEM\n([\s\S]*?)\nITEM>>>/.exec(request.prompt)?.[1] ?? "";
        prompted.push(text.split("\n\n")[0]!);
        return { text: "not JSON", usage: { inputTokens: 10, outputTokens: 5 }, modelId: this.modelId };
      },
    };
    await runEngineForClient({
      config,
      clientId: "lai_weekly",
      dataStore: s.data,
      newslettersStore: s.newsletters,
      targetDate: "2025-12-17",
      llm,
      enrich: { sleep: async () => {}, random: () => 0 },
      clock,
    });
    expect(prompted.length).toBeGreaterThan(0);
    const byTitle = new Map(second.engine.engine.decisions.map((d) => [d.title, d]));
    for (const title of prompted) {
      const d = byTitle.get(title);
      expect(d, title).toBeDefined();
      expect(d!.published_at >= "2025-12-11" || d!.late, title).toBe(true);
    }
  });
});
