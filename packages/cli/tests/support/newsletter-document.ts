import { type NewsletterDocument, NO_LLM } from "@vectora/core";

/** A quiet week's newsletter JSON as the engine writes it: nothing kept, one source read. */
export function newsletterJson(clientId: string, targetDate: string): NewsletterDocument {
  return {
    schema_version: 1,
    client: { id: clientId, name: "LAI Weekly" },
    title: "LAI Weekly",
    as_of: targetDate,
    period_days: 14,
    window: { from: "2025-12-04", to: targetDate },
    window_basis: { kind: "first_issue", period_days: 14 },
    late_window: null,
    generated_at: `${targetDate}T09:00:00.000Z`,
    config_version: "sha256:0123",
    ingest_runs: ["ing_1"],
    counts: {
      input: 1,
      outside_window: 0,
      noise: 1,
      editor_drop: 0,
      not_lai: 0,
      duplicates: 0,
      already_published: 0,
      below_min_score: 0,
      not_selected: 0,
      kept: 0,
      normalize_failures: 0,
      ingest_out_of_window: 0,
      undated: 0,
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
      sources_to_check: [],
    },
    llm: NO_LLM,
    sections: [],
    decisions: [],
  };
}
