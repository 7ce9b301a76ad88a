import { resolve } from "node:path";
import { describeWindowBasis, type LedgerEntry, readLedger } from "@vectora/core";
import { FsBlobStore } from "@vectora/core/adapters";
import { CLIENT_FLAG, CONFIG_FLAG, defineCommand, JSON_FLAG } from "../cli-kit.js";
import { loadKnownClient } from "../support/client-config.js";

const USAGE = [
  "Usage: vectora history [--client lai_weekly] [--store DIR] [--config DIR] [--json]",
  "",
  "Lists a client's past issues from the ledger in the data store, newest first: the date, the days the issue",
  "covers and why (first issue, since the previous issue, catch-up after a gap), its items per section, its late",
  "arrivals, and whether it was delivered.",
  "",
  "  --client   client id (default lai_weekly): one of the config's clients",
  "  --store    where `vectora run` wrote data/ and newsletters/ (default .vectora)",
  "  --config   the config directory the client is looked up in (default config/)",
  "  --json     print {client_id, store, issues: [...], problems: [...]} as one JSON object",
  "",
  "An unreadable ledger entry is named on stderr (exit 1) and the others are still listed. A client the config",
  "does not have is an error listing the known ones (exit 1).",
].join("\n");

/** What `--json` prints per issue. */
function issueJson(entry: LedgerEntry) {
  return {
    as_of: entry.as_of,
    window: entry.window,
    window_basis: entry.window_basis,
    why: describeWindowBasis(entry.window_basis, (d) => d),
    items: entry.items.length,
    sections: entry.sections,
    late: entry.items.filter((i) => i.late).length,
    delivered: entry.delivery !== null,
    delivery: entry.delivery,
    newsletter: entry.newsletter,
    config_version: entry.config_version,
    generated_at: entry.generated_at,
  };
}

/** `2025-12-17  2025-12-11 – 2025-12-17  since the issue of 2025-12-10  10 items (…), 2 late  delivered: no` */
function issueLine(entry: LedgerEntry): string {
  const items = entry.items.length;
  const late = entry.items.filter((i) => i.late).length;
  const perSection = entry.sections.map((s) => `${s.id} ${s.items}`).join(", ");
  const delivered = entry.delivery
    ? `delivered: yes (${entry.delivery.sent_at}, ${entry.delivery.to_count} recipients)`
    : "delivered: no";
  return [
    entry.as_of,
    `${entry.window.from} – ${entry.window.to}`,
    describeWindowBasis(entry.window_basis, (d) => d),
    `${items} item${items === 1 ? "" : "s"}${perSection ? ` (${perSection})` : ""}${late ? `, ${late} late` : ""}`,
    delivered,
  ].join("  ");
}

export default defineCommand({
  usage: USAGE,
  flags: { ...CLIENT_FLAG, store: { type: "string", default: ".vectora" }, ...CONFIG_FLAG, ...JSON_FLAG },
  async run(values, io) {
    await loadKnownClient(io.cwd, values.config, values.client);
    const storeDir = resolve(io.cwd, values.store, "data");
    const { entries, problems } = await readLedger(new FsBlobStore(storeDir), values.client);
    const newestFirst = [...entries].reverse();
    for (const problem of problems) io.err(`vectora history: ${problem}\n`);
    if (values.json)
      io.out(
        `${JSON.stringify({ client_id: values.client, store: storeDir, issues: newestFirst.map(issueJson), problems })}\n`,
      );
    else if (newestFirst.length === 0) io.out(`No issue of ${values.client} in ${storeDir} yet.\n`);
    else
      io.out(
        [
          `${values.client}: ${newestFirst.length} issue${newestFirst.length === 1 ? "" : "s"} in ${storeDir}, newest first`,
          ...newestFirst.map((e) => `  ${issueLine(e)}`),
          "",
        ].join("\n"),
      );
    return problems.length > 0 ? 1 : 0;
  },
});
