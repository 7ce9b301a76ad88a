/** Test support for the ledger: a valid entry to start from. */
import { layout } from "../../src/domain/layout.js";
import type { LedgerEntry } from "../../src/ledger/entry.js";

/** A valid entry of `lai_weekly` as of `asOf`, with one printed item. */
export function ledgerEntry(asOf: string, overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    schema_version: 1,
    client_id: "lai_weekly",
    as_of: asOf,
    window: { from: "2025-12-04", to: asOf },
    window_basis: { kind: "first_issue", period_days: 14 },
    late_window: null,
    read_window: { from: "2025-12-04", to: asOf },
    config_version: "cfg-test",
    generated_at: `${asOf}T07:00:00.000Z`,
    newsletter: {
      md: layout.newsletter("lai_weekly", asOf, "md"),
      html: layout.newsletter("lai_weekly", asOf, "html"),
      json: layout.newsletter("lai_weekly", asOf, "json"),
    },
    sections: [{ id: "deals", title: "Partnerships & Deals", items: 1 }],
    items: [
      {
        item_id: "itm_0123456789abcdef",
        url: "https://nanexa.com/licence",
        canonical_url: "https://nanexa.com/licence",
        title: "Nanexa and Moderna enter into license agreement",
        source_key: "press_corporate__nanexa",
        published_at: "2025-12-10",
        section: "deals",
        late: false,
        event_keys: {
          event_type: "partnership",
          companies: ["Nanexa", "Moderna"],
          products: [],
          summary: "",
        },
        merged: [],
      },
    ],
    runs_read: ["ing_a"],
    delivery: null,
    ...overrides,
  };
}
