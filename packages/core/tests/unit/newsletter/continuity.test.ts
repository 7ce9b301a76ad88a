/**
 * What the newsletter says about continuity: the window and why (footer), late arrivals marked in Markdown, HTML
 * and JSON, items already printed counted; and the archive page listing every issue of the ledger.
 */
import { describe, expect, it } from "vitest";
import { runEngine } from "../../../src/engine/index.js";
import type { WindowBasis } from "../../../src/ledger/issue-window.js";
import {
  buildNewsletterDocument,
  NewsletterDocument,
  NO_LLM,
  renderArchive,
  renderHtml,
  renderMarkdown,
  scopeLines,
} from "../../../src/newsletter/index.js";
import { companyRelease, pharmaShellDeal, testWatch } from "../../support/engine-fixtures.js";
import { ledgerEntry } from "../../support/ledger.js";

const watch = testWatch();
const lateDeal = companyRelease("delsitech", {
  title: "DelSiTech awarded EUR 1.2 million grant to scale up silica matrix production",
  published_at: "2025-12-09",
  event_type: "funding",
});
const fresh = pharmaShellDeal({
  title: "Nanexa and Moderna enter into license agreement for PharmaShell",
  published_at: "2025-12-15",
});

function doc(basis: WindowBasis | undefined, late = new Set([lateDeal.item_id])) {
  const engine = runEngine({
    items: [lateDeal, fresh],
    watch,
    asOf: "2025-12-17",
    window: { from: "2025-12-11", to: "2025-12-17" },
    late,
  });
  return buildNewsletterDocument(engine, watch, {
    configVersion: "cfg-test",
    generatedAt: "2025-12-17T09:00:00.000Z",
    sources: [],
    ingestRuns: [],
    llm: NO_LLM,
    ...(basis ? { windowBasis: basis, lateWindow: { from: "2025-11-27", to: "2025-12-10" } } : {}),
  });
}

describe("the window and late arrivals in the newsletter", () => {
  const since: WindowBasis = { kind: "since_previous", previous_as_of: "2025-12-10" };

  it("says in the footer why the issue covers its days, and explains the late arrivals", () => {
    const lines = scopeLines(doc(since));
    expect(lines).toContain("Window: since the issue of 10 December 2025.");
    expect(lines).toContain(
      "Late arrivals (1): published before this window but first read after the issue of 10 December 2025 (a source was down or late); printed once, marked late.",
    );
    expect(scopeLines(doc({ kind: "first_issue", period_days: 14 }))).toContain(
      "Window: the client's first issue (14 days).",
    );
    expect(
      scopeLines(
        doc({ kind: "catch_up", previous_as_of: "2025-11-26", days_since: 21, capped_at_days: null }),
      ),
    ).toContain("Window: a catch-up after a gap: 21 days since the issue of 26 November 2025.");
    // An issue written before the ledger says nothing it does not know.
    expect(scopeLines(doc(undefined)).some((l) => l.startsWith("Window:"))).toBe(false);
  });

  it("marks the late arrival — only it — in JSON, Markdown and HTML", () => {
    const d = doc(since);
    const items = d.sections.flatMap((s) => s.items);
    expect(items.map((i) => [i.title, i.late])).toEqual([
      [fresh.title, false],
      [lateDeal.title, true],
    ]);
    expect(d.decisions.find((x) => x.item_id === lateDeal.item_id)).toMatchObject({ late: true, kept: true });
    expect(NewsletterDocument.parse(JSON.parse(JSON.stringify(d)))).toEqual(d);
    expect(d.late_window).toEqual({ from: "2025-11-27", to: "2025-12-10" });

    const md = renderMarkdown(d);
    expect(md).toContain("*9 December 2025 · DelSiTech · Funding · late arrival*");
    expect(md).toContain("*15 December 2025 · Nanexa · Partnership*");
    const html = renderHtml(d);
    expect(html.match(/>late arrival<\/span>/g)).toHaveLength(1);
  });

  it("counts the items an earlier issue already printed", () => {
    const engine = runEngine({
      items: [fresh],
      watch,
      asOf: "2025-12-17",
      window: { from: "2025-12-11", to: "2025-12-17" },
      published: [
        {
          as_of: "2025-12-10",
          candidate: {
            id: fresh.item_id,
            title: fresh.title,
            url: fresh.url,
            canonicalUrl: fresh.canonical_url,
            publishedAt: "2025-12-10",
            companies: [],
          },
          merged: [],
        },
      ],
    });
    const d = buildNewsletterDocument(engine, watch, {
      configVersion: "cfg-test",
      generatedAt: "2025-12-17T09:00:00.000Z",
      sources: [],
      ingestRuns: [],
      llm: NO_LLM,
      windowBasis: since,
    });
    expect(d.counts.already_published).toBe(1);
    expect(scopeLines(d).join("\n")).toContain(
      "0 duplicates, 1 already in an earlier issue, 0 below the minimum score",
    );
  });

  it("reads back a document written before the ledger (no window basis, no late flags)", () => {
    const old = JSON.parse(JSON.stringify(doc(since)));
    delete old.window_basis;
    delete old.late_window;
    delete old.counts.already_published;
    for (const s of old.sections) for (const i of s.items) delete i.late;
    for (const x of old.decisions) delete x.late;
    const parsed = NewsletterDocument.parse(old);
    expect(parsed.window_basis).toBeNull();
    expect(parsed.sections.flatMap((s) => s.items).every((i) => i.late === false)).toBe(true);
  });
});

describe("the archive page", () => {
  const entries = [
    ledgerEntry("2025-12-10"),
    ledgerEntry("2025-12-24", {
      window: { from: "2025-12-11", to: "2025-12-24" },
      window_basis: { kind: "catch_up", previous_as_of: "2025-12-10", days_since: 14, capped_at_days: null },
      sections: [
        { id: "deals", title: "Partnerships <&> Deals", items: 2 },
        { id: "regulatory", title: "Regulatory", items: 1 },
      ],
      delivery: { sent_at: "2025-12-24T08:00:00.000Z", message_id: "m-1", to_count: 3 },
    }),
    ledgerEntry("2025-12-03"),
  ];
  const html = renderArchive({ id: "lai_weekly", name: "LAI <Weekly>" }, entries);

  it("lists every issue, newest first, each linked RELATIVELY to its HTML", () => {
    const links = [...html.matchAll(/<h3[^>]*><a href="([^"]+)"/g)].map((m) => m[1]);
    expect(links).toEqual([
      "2025/12/24/newsletter.html",
      "2025/12/10/newsletter.html",
      "2025/12/03/newsletter.html",
    ]);
    expect(html).toContain("3 issues, newest first");
    expect(html).toContain("a catch-up after a gap: 14 days since the issue of 10 December 2025");
    expect(html).toContain(
      "3 items: Partnerships &lt;&amp;&gt; Deals 2 · Regulatory 1 · sent 24 December 2025",
    );
    expect(html).toContain("not sent yet");
  });

  it("is self-contained and escaped like the newsletter: no script, no external resource", () => {
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain("<title>LAI &lt;Weekly&gt; — all issues</title>");
    expect(html).not.toMatch(/<script|<link|<img|src=|https?:\/\//i);
  });

  it("links nothing that is not a plain store path, and says when there is no issue yet", () => {
    const odd = renderArchive({ id: "lai_weekly", name: "LAI" }, [
      ledgerEntry("2025-12-10", {
        newsletter: { md: "x.md", html: "javascript:alert(1)", json: "x.json" },
      }),
    ]);
    expect(odd).not.toContain("javascript:");
    expect(renderArchive({ id: "lai_weekly", name: "LAI" }, [])).toContain("No issue yet.");
  });
});
