import { describe, expect, it } from "vitest";
import { runEngine } from "../../../src/engine/index.js";
import {
  buildNewsletterDocument,
  escapeHtml,
  NewsletterDocument,
  type NewsletterRunInfo,
  NO_LLM,
  renderHtml,
  renderMarkdown,
} from "../../../src/newsletter/index.js";
import { buildItem, laiWeek, testWatch } from "../../support/engine-fixtures.js";

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
    companies: [{ name: "Camurus", role: "core_pure_player" }],
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
    const { escapeMarkdown } = await import("../../../src/newsletter/index.js");
    expect(escapeMarkdown("*New* [link](x) <b> a_b")).toBe("\\*New\\* \\[link\\](x) \\<b\\> a\\_b");
    expect(escapeMarkdown("# not a heading")).toBe("\\# not a heading");
    expect(escapeMarkdown("2025. A year")).toBe("2025\\. A year");
    expect(escapeMarkdown("Teva (NYSE: TEVA) & partners!")).toBe("Teva (NYSE: TEVA) & partners!");
  });
});

describe("summaries", () => {
  it("does not repeat a title-only item's title as its summary, but prints a real summary", async () => {
    const { summaryAddsToTitle } = await import("../../../src/newsletter/index.js");
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
