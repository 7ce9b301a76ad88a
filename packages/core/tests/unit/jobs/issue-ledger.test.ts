/**
 * The ledger round trip the engine job relies on: what an issue records of its printed items comes back, through
 * JSON and the schema, as exactly the candidates the near-duplicate rules compared — so an earlier issue's item
 * is matched by the same rules and vetoes as an item of the same issue.
 */
import { makeTempDir } from "@vectora/testing";
import { describe, expect, it, onTestFinished } from "vitest";
import { FsBlobStore } from "../../../src/adapters/fs-blob-store.js";
import { dedupCandidate, platformNamesOf, publisherCompany } from "../../../src/engine/dedup-candidate.js";
import { runEngine } from "../../../src/engine/index.js";
import { ledgerEntryFor, loadIssueHistory } from "../../../src/jobs/issue-ledger.js";
import { issueWindow } from "../../../src/ledger/issue-window.js";
import { writeLedgerEntry } from "../../../src/ledger/ledger-store.js";
import { laiWeek, testWatch } from "../../support/engine-fixtures.js";

describe("ledger entries of printed items", () => {
  it("give back, as earlier issues' items, the very candidates de-duplication compared", async () => {
    const dir = await makeTempDir("issue-ledger");
    onTestFinished(() => dir.remove());
    const watch = testWatch();
    const items = Object.values(laiWeek());
    const plan = issueWindow({
      asOf: "2025-12-17",
      previousAsOf: undefined,
      periodDays: 30,
      settings: watch.client.window,
    });
    const engine = runEngine({ items, watch, asOf: "2025-12-17", window: plan });
    const entry = ledgerEntryFor({
      engine,
      watch,
      items,
      plan,
      configVersion: "cfg-test",
      generatedAt: "2025-12-17T09:00:00.000Z",
      newsletter: { md: "a.md", html: "a.html", json: "a.json" },
      runsRead: ["ing_a"],
    });
    const store = new FsBlobStore(dir.path);
    await writeLedgerEntry(store, { ...entry, client_id: "lai_test" });
    const history = await loadIssueHistory(store, "lai_test", watch.client, "2025-12-24", undefined, []);

    const printed = engine.sections.flatMap((s) => s.items.map((i) => i.item));
    expect(printed.length).toBeGreaterThan(2);
    expect(history.published.map((p) => p.candidate)).toEqual(
      printed.map((item) =>
        dedupCandidate(item, item.published_at, publisherCompany(item, watch), platformNamesOf(watch)),
      ),
    );
    expect(history.published.every((p) => p.as_of === "2025-12-17")).toBe(true);
    expect(history.seenRuns).toEqual(new Set(["ing_a"]));
    expect(history.plan.basis).toEqual({ kind: "since_previous", previous_as_of: "2025-12-17" });
  });
});
