/**
 * Editor feedback (`feedback/<client>.yaml`) is a ruling on its item: the engine keeps what the editor kept and
 * drops what the editor dropped, in the newsletter and in triage, and says so in the reasons.
 */
import { describe, expect, it } from "vitest";
import type { ClientWatch, FeedbackEntry } from "../../../src/config/schema.js";
import { decideRelevance, runEngine, triageItems } from "../../../src/engine/index.js";
import {
  buildNewsletterDocument,
  NewsletterDocument,
  NO_LLM,
  scopeLines,
} from "../../../src/newsletter/index.js";
import { companyRelease, laiWeek, testWatch } from "../../support/engine-fixtures.js";

const AS_OF = "2025-12-17";

function withFeedback(entries: FeedbackEntry[]): ClientWatch {
  return { ...testWatch(), feedback: entries };
}

describe("editor feedback", () => {
  const week = laiWeek();
  // A hybrid's item the rules drop (no LAI signal) and a core player's licence the rules keep.
  const missed = companyRelease("pfizer", {
    title: "Pfizer starts a trial of its six-month contraceptive shot",
    published_at: "2025-12-12",
    event_type: "clinical_update",
    url: "https://www.pfizer.com/news/six-month-shot",
  });

  it("keeps what the editor kept (a must-keep ruling, exempt from min_score) and drops what the editor dropped", () => {
    expect(decideRelevance(missed, testWatch()).relevant).toBe(false);
    const watch = withFeedback([
      // Tracking parameters and a trailing slash do not matter: the URL is compared in canonical form.
      {
        url: "https://www.pfizer.com/news/six-month-shot/?utm_source=newsletter",
        decision: "keep",
        reason: "a depot contraceptive trial",
      },
      { url: week.licence.url, decision: "drop", reason: "already covered last week" },
    ]);
    const result = runEngine({ items: [missed, week.licence], watch, asOf: AS_OF });
    const [kept, dropped] = result.decisions;
    expect(kept!.kept, kept!.reasons.join()).toBe(true);
    expect(kept!.reasons).toEqual(expect.arrayContaining(["ruling:editor_keep", "editor:keep"]));
    expect(dropped!.kept).toBe(false);
    expect(dropped!.reasons[0]).toBe("editor:drop");
  });

  it("counts an editor's drop as such, not as 'no LAI signal', in the counts and the footer", () => {
    const watch = withFeedback([{ url: week.licence.url, decision: "drop", reason: "not for this client" }]);
    const result = runEngine({ items: [missed, week.licence], watch, asOf: AS_OF });
    // The licence is LAI news the editor ruled out; the hybrid's item has no LAI signal.
    expect(result.counts).toMatchObject({ editor_drop: 1, not_lai: 1, kept: 0 });
    const run = {
      configVersion: "cfg-0123456789ab",
      generatedAt: "2025-12-17T09:30:00.000Z",
      ingestRuns: [],
      llm: NO_LLM,
      sources: [],
    };
    const doc = buildNewsletterDocument(result, watch, run);
    expect(scopeLines(doc).join("\n")).toContain("1 dropped by the editor, 1 without an LAI signal");
    // A document written before the count existed still reads back (the field is optional, 0 by default).
    const { editor_drop: _, ...oldCounts } = JSON.parse(JSON.stringify(doc.counts));
    const old = NewsletterDocument.parse({ ...JSON.parse(JSON.stringify(doc)), counts: oldCounts });
    expect(old.counts.editor_drop).toBe(0);
    expect(scopeLines(old).join("\n")).not.toContain("by the editor");
  });

  it("is honoured by triage too (what `vectora eval` and `vectora triage` run)", () => {
    const watch = withFeedback([
      { url: missed.url, decision: "keep", reason: "a depot contraceptive trial" },
    ]);
    const [verdict] = triageItems([{ item: missed, dated: false }], watch);
    expect(verdict!.keep, verdict!.reasons.join()).toBe(true);
    expect(verdict!.reasons.slice(0, 2)).toEqual(["keep", "editor:keep"]);
  });
});
