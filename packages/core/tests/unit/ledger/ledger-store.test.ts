import { beforeEach, describe, expect, it } from "vitest";
import type { FsBlobStore } from "../../../src/adapters/fs-blob-store.js";
import { layout } from "../../../src/domain/layout.js";
import {
  listIssueDates,
  planIssue,
  readLedger,
  recordDelivery,
  writeLedgerEntry,
} from "../../../src/ledger/ledger-store.js";
import { tempStore } from "../../support/ingest-fixtures.js";
import { ledgerEntry } from "../../support/ledger.js";

const CLIENT = { period_days: 14, window: { cadence_days: 7, max_days: 35, late_days: 14 } };

describe("the ledger in a store", () => {
  let store: FsBlobStore;
  beforeEach(async () => {
    store = await tempStore("ledger");
  });

  it("keeps one object per issue at ledger/<client>/<as_of>.json and lists them oldest first", async () => {
    for (const asOf of ["2025-12-17", "2025-12-03", "2025-12-10"])
      await writeLedgerEntry(store, ledgerEntry(asOf));
    await store.put("ledger/lai_weekly/notes.txt", "not an entry");
    await store.put("ledger/other_client/2025-12-24.json", "{}");
    expect(await listIssueDates(store, "lai_weekly")).toEqual(["2025-12-03", "2025-12-10", "2025-12-17"]);
    expect(await store.exists("ledger/lai_weekly/2025-12-10.json")).toBe(true);
    const { entries, problems } = await readLedger(store, "lai_weekly", {
      from: "2025-12-05",
      before: "2025-12-17",
    });
    expect(entries.map((e) => e.as_of)).toEqual(["2025-12-10"]);
    expect(problems).toEqual([]);
  });

  it("replaces an issue's entry on a re-run, keeping its delivery", async () => {
    await writeLedgerEntry(store, ledgerEntry("2025-12-17"));
    const delivery = { sent_at: "2025-12-17T08:00:00.000Z", message_id: "msg-1", to_count: 12 };
    expect((await recordDelivery(store, "lai_weekly", "2025-12-17", delivery)).delivery).toEqual(delivery);
    await writeLedgerEntry(store, ledgerEntry("2025-12-17", { generated_at: "2025-12-18T07:00:00.000Z" }));
    const { entries } = await readLedger(store, "lai_weekly");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ generated_at: "2025-12-18T07:00:00.000Z", delivery });
  });

  it("refuses to record a delivery for an issue that has no entry", async () => {
    await expect(
      recordDelivery(store, "lai_weekly", "2025-12-24", {
        sent_at: "2025-12-24T08:00:00Z",
        message_id: "m",
        to_count: 1,
      }),
    ).rejects.toThrow(/no valid ledger entry at dir:.*ledger\/lai_weekly\/2025-12-24\.json/);
  });

  it("names an unreadable or foreign entry and still reads the others", async () => {
    await writeLedgerEntry(store, ledgerEntry("2025-12-10"));
    await store.put(layout.ledgerEntry("lai_weekly", "2025-12-17"), '{"schema_version": 1, "as_of": "2025-1');
    await store.put(
      layout.ledgerEntry("lai_weekly", "2025-12-24"),
      JSON.stringify({ ...ledgerEntry("2025-12-24"), items: "x" }),
    );
    await store.put(
      layout.ledgerEntry("lai_weekly", "2025-12-31"),
      JSON.stringify(ledgerEntry("2025-12-24")),
    );
    const { entries, problems } = await readLedger(store, "lai_weekly");
    expect(entries.map((e) => e.as_of)).toEqual(["2025-12-10"]);
    expect(problems).toEqual([
      expect.stringMatching(/ledger\/lai_weekly\/2025-12-17\.json: not JSON: /),
      expect.stringMatching(/ledger\/lai_weekly\/2025-12-24\.json: not a ledger entry: items: /),
      expect.stringMatching(/ledger\/lai_weekly\/2025-12-31\.json: holds lai_weekly as of 2025-12-24$/),
    ]);
  });

  it("plans an issue from the latest EARLIER issue: rebuilding a week ignores itself and later weeks", async () => {
    for (const asOf of ["2025-12-03", "2025-12-10", "2025-12-17"])
      await writeLedgerEntry(store, ledgerEntry(asOf));
    expect(await planIssue(store, "lai_weekly", CLIENT, "2025-12-10")).toMatchObject({
      from: "2025-12-04",
      basis: { kind: "since_previous", previous_as_of: "2025-12-03" },
    });
    expect(await planIssue(store, "lai_weekly", CLIENT, "2025-12-24")).toMatchObject({
      from: "2025-12-18",
      basis: { kind: "since_previous", previous_as_of: "2025-12-17" },
    });
    expect(await planIssue(store, "lai_weekly", CLIENT, "2025-12-01")).toMatchObject({
      from: "2025-11-18",
      basis: { kind: "first_issue" },
    });
    // A damaged entry still counts as an issue for the window (its date is in its key).
    await store.put(layout.ledgerEntry("lai_weekly", "2025-12-24"), "garbage");
    expect((await planIssue(store, "lai_weekly", CLIENT, "2025-12-31")).from).toBe("2025-12-25");
  });

  it("survives concurrent writes of different weeks and of the same week: every entry stays valid", async () => {
    const weeks = ["2025-12-03", "2025-12-10", "2025-12-17", "2025-12-24"];
    await Promise.all([
      ...weeks.map((w) => writeLedgerEntry(store, ledgerEntry(w))),
      ...weeks.map((w) => writeLedgerEntry(store, ledgerEntry(w, { generated_at: `${w}T09:00:00.000Z` }))),
    ]);
    const { entries, problems } = await readLedger(store, "lai_weekly");
    expect(problems).toEqual([]);
    expect(entries.map((e) => e.as_of)).toEqual(weeks);
  });
});
