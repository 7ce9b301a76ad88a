import { NewsletterDocument, NO_LLM } from "@vectora/core";

/**
 * A quiet week's newsletter JSON as the engine writes it: nothing kept, one source read. Parsed by the document's
 * own schema, so it cannot drift from what the engine writes; the values the schema defaults are left to it.
 */
export function newsletterJson(clientId: string, targetDate: string): NewsletterDocument {
  return NewsletterDocument.parse({
    schema_version: 1,
    client: { id: clientId, name: "LAI Weekly" },
    title: "LAI Weekly",
    as_of: targetDate,
    period_days: 14,
    window: { from: "2025-12-04", to: targetDate },
    window_basis: { kind: "first_issue", period_days: 14 },
    generated_at: `${targetDate}T09:00:00.000Z`,
    config_version: "sha256:0123",
    ingest_runs: ["ing_1"],
    counts: {
      input: 1,
      outside_window: 0,
      noise: 1,
      not_lai: 0,
      duplicates: 0,
      below_min_score: 0,
      not_selected: 0,
      kept: 0,
      normalize_failures: 0,
    },
    scope: {
      sources: [
        {
          source_key: "press_corporate__medincell",
          name: "MedinCell",
          actor_type: "press_corporate",
          kind: "html",
          status: "ok",
          items: 1,
        },
      ],
      read_by_actor_type: { press_corporate: 1 },
      failed: [],
    },
    llm: NO_LLM,
    sections: [],
    decisions: [],
  });
}
