import { describe, expect, it } from "vitest";
import { runEngine } from "../../../src/engine/index.js";
import {
  buildNewsletterDocument,
  escapeHtml,
  llmUsageLine,
  NewsletterDocument,
  type NewsletterRunInfo,
  NO_LLM,
  renderHtml,
  renderMarkdown,
  scopeLines,
} from "../../../src/newsletter/index.js";
import { buildItem, COMPANY, laiWeek, testWatch } from "../../support/engine-fixtures.js";

const RUN: NewsletterRunInfo = {
  configVersion: "cfg-0123456789ab",
  generatedAt: "2025-12-17T09:30:00.000Z",
  ingestRuns: ["ing_20251217_x"],
  llm: NO_LLM,
  sources: [
    {
      source_key: "press_corporate__medincell",
      name: "MedinCell news",
      actor_type: "press_corporate",
      kind: "html",
      status: "ok",
      items: 6,
    },
    {
      source_key: "press_corporate__nanexa",
      name: "Nanexa press",
      actor_type: "press_corporate",
      kind: "html",
      status: "ok",
      items: 2,
    },
    {
      source_key: "press_sector__fiercepharma",
      name: "FiercePharma",
      actor_type: "press_sector",
      kind: "rss",
      status: "ok",
      items: 1,
    },
    {
      source_key: "press_sector__endpoints",
      name: "Endpoints News",
      actor_type: "press_sector",
      kind: "rss",
      status: "failed",
      reason: "HTTP 503 from https://endpts.com/feed",
      items: 0,
    },
  ],
};

function issue(extra = [] as ReturnType<typeof buildItem>[]) {
  const watch = testWatch();
  const engine = runEngine({ items: [...Object.values(laiWeek()), ...extra], watch, asOf: "2025-12-17" });
  return buildNewsletterDocument(engine, watch, RUN);
}

describe("newsletter document (JSON)", () => {
  const doc = issue();

  it("validates against the exported schema after a JSON round trip", () => {
    const back = NewsletterDocument.safeParse(JSON.parse(JSON.stringify(doc)));
    expect(back.success).toBe(true);
  });

  it("carries sections with items, scores, reasons, and run metadata", () => {
    expect(doc.sections.map((s) => s.id)).toEqual(["regulatory", "deals", "other"]);
    const licence = doc.sections[1]!.items[0]!;
    expect(licence).toMatchObject({
      source_name: "Nanexa press",
      published_at: "2025-12-10",
      event_label: "Partnership",
    });
    expect(licence.entities.companies).toEqual(["Nanexa", "Moderna"]);
    expect(licence.reasons[0]).toBe("section:deals");
    expect(doc).toMatchObject({
      config_version: "cfg-0123456789ab",
      as_of: "2025-12-17",
      window: { from: "2025-11-18", to: "2025-12-17" },
    });
    expect(doc.scope.read_by_actor_type).toEqual({ press_corporate: 2, press_sector: 1 });
    expect(doc.decisions).toHaveLength(10);
  });

  it("refuses an empty section or a decision without a reason", () => {
    const broken = structuredClone(doc);
    broken.sections[0]!.items = [];
    expect(NewsletterDocument.safeParse(broken).success).toBe(false);
    const noReason = structuredClone(doc);
    noReason.decisions[0]!.reasons = [];
    expect(NewsletterDocument.safeParse(noReason).success).toBe(false);
  });
});

describe("Markdown and HTML renderings", () => {
  const hostile = buildItem({
    title: `Camurus <script>alert("x")</script> & Lilly's FluidCrystal deal`,
    content: "Terms <b>undisclosed</b> & more.",
    source_key: "press_corporate__nanexa",
    published_at: "2025-12-16",
    event_type: "partnership",
    companies: [COMPANY.camurus],
    summary: `Camurus <script>alert("x")</script> & Lilly sign a deal.`,
  });
  const doc = issue([hostile]);
  const html = renderHtml(doc);
  const md = renderMarkdown(doc);

  it("escapes every piece of source text in HTML", () => {
    expect(html).not.toContain("<script>");
    expect(html).toContain(
      "Camurus &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Lilly&#39;s FluidCrystal deal",
    );
    expect(html).not.toMatch(/<(script|link|img|iframe|style)\b/i);
    expect(html).not.toMatch(/\b(src|srcset)=/i);
    expect(escapeHtml(`<a href="x">&'`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  });

  it("escapes source text in Markdown", () => {
    expect(md).not.toContain("<script>");
    expect(md).toContain("Camurus \\<script\\>alert");
  });

  it("prints each item with its real date, source, summary and link, and only non-empty sections", () => {
    expect(md).toContain("## Regulatory");
    expect(md).toContain("## Partnerships & Deals");
    expect(md).not.toContain("## Clinical");
    expect(md).toContain("*10 December 2025 · Nanexa press · Partnership*");
    expect(md).toContain("(https://news.example/");
    expect(html).toContain("10 December 2025 · Nanexa press · Partnership");
  });

  it("states the scope in the footer: kinds of sources read, the window, and failed sources with reasons", () => {
    for (const text of [md, html]) {
      expect(text).toContain("2 corporate news pages and 1 sector press feed read");
      expect(text).toContain("18 November 2025 – 17 December 2025");
    }
    expect(html).toContain("Endpoints News (press_sector__endpoints): HTTP 503 from https://endpts.com/feed");
    expect(md).toContain(
      "Endpoints News (press\\_sector\\_\\_endpoints): HTTP 503 from https://endpts.com/feed",
    );
  });

  it("says so in one line when nothing was selected, without any section heading", () => {
    const watch = testWatch();
    const engine = runEngine({ items: [laiWeek().hiring], watch, asOf: "2025-12-17" });
    const empty = buildNewsletterDocument(engine, watch, RUN);
    expect(renderMarkdown(empty)).toContain("No LAI signal met the bar");
    expect(renderMarkdown(empty)).not.toContain("## ");
    expect(renderHtml(empty)).not.toContain("<h2");
  });
});

describe("escapeMarkdown", () => {
  it("neutralises emphasis, links, raw HTML and line-start markers, and leaves plain punctuation alone", async () => {
    const { escapeMarkdown } = await import("../../../src/newsletter/markdown.js");
    expect(escapeMarkdown("*New* [link](x) <b> a_b")).toBe("\\*New\\* \\[link\\](x) \\<b\\> a\\_b");
    expect(escapeMarkdown("# not a heading")).toBe("\\# not a heading");
    expect(escapeMarkdown("2025. A year")).toBe("2025\\. A year");
    expect(escapeMarkdown("Teva (NYSE: TEVA) & partners!")).toBe("Teva (NYSE: TEVA) & partners!");
  });
});

describe("summaries", () => {
  it("does not repeat a title-only item's title as its summary, but prints a real summary", async () => {
    const { summaryAddsToTitle } = await import("../../../src/newsletter/format.js");
    expect(
      summaryAddsToTitle({
        title: "Medincell Awarded New Grant to Fight Malaria",
        summary: "Medincell awarded new grant to fight malaria.",
      }),
    ).toBe(false);
    expect(
      summaryAddsToTitle({
        title: "Grant",
        summary: "Medincell received a grant from the Gates Foundation.",
      }),
    ).toBe(true);
    const watch = testWatch();
    const engine = runEngine({ items: [laiWeek().grant, laiWeek().licence], watch, asOf: "2025-12-17" });
    const md = renderMarkdown(buildNewsletterDocument(engine, watch, RUN));
    expect(md.match(/Medincell Awarded New Grant to Fight Malaria/g)).toHaveLength(1);
    expect(md).toContain("Nanexa will receive an upfront payment of USD 3 million.");
  });
});

describe("what the reader is told (footer counts, LLM sentence, publisher, other reports)", () => {
  const watch = testWatch();
  const week = laiWeek();
  const retelling = buildItem({
    title: week.nda.title,
    source_key: "press_sector__fiercepharma",
    published_at: "2025-12-10",
    event_type: "regulatory",
    signals: { core_phrase: true },
  });
  // A Nanexa release that names only its product: the text gives no company entity.
  const productOnly = buildItem({
    title: "PharmaShell formulation of NEX-22 accepted into a long-acting injectable program",
    source_key: "press_corporate__nanexa",
    published_at: "2025-12-12",
    event_type: "partnership",
    technologies: ["PharmaShell"],
  });
  const engine = runEngine({
    items: [...Object.values(week), retelling, productOnly],
    watch,
    asOf: "2025-12-17",
  });
  const sources = RUN.sources.map((s, i) => ({
    ...s,
    out_of_window: [6, 2, 14, 0][i]!,
    undated: [1, 0, 1, 0][i]!,
  }));
  const doc = buildNewsletterDocument(engine, watch, { ...RUN, sources });
  const md = renderMarkdown(doc);
  const html = renderHtml(doc);

  it("counts what ingest set aside: out of the window and undated (latest run per source)", () => {
    expect(doc.counts).toMatchObject({ ingest_out_of_window: 22, undated: 2 });
    const inWindow = doc.counts.input - doc.counts.outside_window;
    for (const text of [md, html]) {
      expect(text).toContain(`${doc.counts.kept} of ${inWindow} items in the window selected (`);
      expect(text).toContain(`; ${22 + doc.counts.outside_window} outside the window, 2 undated (not used).`);
    }
  });

  it("names the publisher as From: when the text never names it, and not when Who: does", () => {
    const printed = doc.sections.flatMap((s) => s.items);
    const item = printed.find((i) => i.item_id === productOnly.item_id)!;
    expect(item).toMatchObject({ publisher: "Nanexa", entities: { companies: [] } });
    expect(md).toContain("**From:** Nanexa · **Technology:** PharmaShell");
    expect(html).toContain("<strong>From:</strong> Nanexa · <strong>Technology:</strong> PharmaShell");
    // The licence names Nanexa itself: "Who:" says it, no "From:".
    expect(md).toContain("**Who:** Nanexa, Moderna · **Technology:** PharmaShell");
    expect(md.match(/\*\*From:\*\* Nanexa/g)).toHaveLength(1);
  });

  it("lists other reports of the same news by source and date, not by bare host", () => {
    const nda = doc.sections.flatMap((s) => s.items).find((i) => i.item_id === week.nda.item_id)!;
    expect(nda.also_reported).toEqual([
      { url: retelling.url, source_name: "FiercePharma", published_at: "2025-12-10" },
    ]);
    expect(md).toContain(`Also reported: [FiercePharma, 10 December 2025](${retelling.url})`);
    expect(html).toContain(`>FiercePharma, 10 December 2025</a>`);
    expect(md).not.toContain("Also reported: [news.example]");
  });

  it("counts the printed LLM summaries, not the items enriched, and names the fallbacks", () => {
    // Every LLM summary was rejected by grounding: all printed items say summary_by "rules".
    const llm = {
      ...NO_LLM,
      enabled: true,
      model: "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
      items_enriched: 3,
      calls: 4,
      summaries_rejected: 3,
      fallbacks: [{ item_id: "itm_x", reason: "reply is not valid JSON" }],
      max_cost_usd: 2,
      cost_usd: 0.0123,
    };
    const withLlm = buildNewsletterDocument(engine, watch, { ...RUN, llm });
    const printed = withLlm.sections.flatMap((s) => s.items);
    expect(printed.every((i) => i.summary_by === "rules")).toBe(true);
    const footer = scopeLines(withLlm).find((l) => l.startsWith("Summaries"))!;
    expect(footer).toBe(
      `Summaries: 0 of ${printed.length} printed by eu.anthropic.claude-sonnet-4-5-20250929-v1:0 ` +
        "(4 calls; 0 tokens; $0.0123 of a $2.00 cap; 1 fell back to rules, first: reply is not valid JSON; " +
        "3 summaries rejected as not grounded), the rest from the items' own sentences.",
    );
    expect(llmUsageLine(withLlm.llm)).toBe(
      "3 items by eu.anthropic.claude-sonnet-4-5-20250929-v1:0, $0.0123 of $2.00; 1 fell back to rules " +
        "(first: itm_x: reply is not valid JSON); 3 summaries rejected as not grounded",
    );
  });
});

describe("scope footer of an issue whose ingest was cut short by its deadline", () => {
  const watch = testWatch();
  const engine = runEngine({ items: Object.values(laiWeek()), watch, asOf: "2025-12-17" });
  const sources = [
    ...RUN.sources,
    {
      source_key: "press_corporate__camurus",
      name: "Camurus press releases",
      actor_type: "press_corporate" as const,
      kind: "html",
      status: "abandoned" as const,
      reason:
        "abandoned at the run's deadline (2025-12-17T08:09:45.000Z) after 31.2 s in flight: its requests were aborted, nothing was kept",
      items: 0,
    },
    {
      source_key: "press_corporate__peptron",
      name: "Peptron news",
      actor_type: "press_corporate" as const,
      kind: "html",
      status: "deferred" as const,
      reason: "deferred: the run's deadline (2025-12-17T08:09:45.000Z) came before it started",
      items: 0,
    },
  ];
  const doc = buildNewsletterDocument(engine, watch, { ...RUN, sources });

  it("lists failed, abandoned and deferred sources as not read, each with why", () => {
    const line = scopeLines(doc).find((l) => l.startsWith("Not read"))!;
    expect(line).toBe(
      "Not read (3): Endpoints News (press_sector__endpoints): HTTP 503 from https://endpts.com/feed; " +
        "Camurus press releases (press_corporate__camurus): abandoned at the run's deadline " +
        "(2025-12-17T08:09:45.000Z) after 31.2 s in flight: its requests were aborted, nothing was kept; " +
        "Peptron news (press_corporate__peptron): deferred: the run's deadline (2025-12-17T08:09:45.000Z) came before it started.",
    );
    expect(renderMarkdown(doc)).toContain("Not read (3): Endpoints News");
    expect(renderHtml(doc)).toContain(
      "Peptron news (press_corporate__peptron): deferred: the run&#39;s deadline",
    );
    // Only a source that was read counts as read.
    expect(doc.scope.read_by_actor_type).toEqual({ press_corporate: 2, press_sector: 1 });
    expect(NewsletterDocument.safeParse(JSON.parse(JSON.stringify(doc))).success).toBe(true);
  });
});
