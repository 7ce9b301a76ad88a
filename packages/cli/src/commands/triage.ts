import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { triageJsonLines } from "@vectora/core";
import { defineCommand, ITEMS_FILE_FLAGS, parseDateFlag, readInputFile, UsageError } from "../cli-kit.js";
import { loadClientConfig } from "../support/client-config.js";

const USAGE = [
  "Usage: vectora triage --client lai_weekly --in FILE.jsonl [--out FILE] [--as-of YYYY-MM-DD] [--config DIR]",
  "",
  "Scores raw items without fetching anything. Input: JSON Lines, one object per line:",
  '  {"source_key": "...", "source_type": "press_corporate" | "press_sector", "title": "... (may contain HTML)",',
  '   "url": "https://...", "published_at": "YYYY-MM-DD" (optional), "content": "..." (optional),',
  '   "id": "..." (optional, echoed in the output)}',
  "An unknown source_key is fine (source_type is used). Items without published_at are scored without recency;",
  "dated items decay relative to --as-of (default: the newest published_at of the input).",
  "",
  "Output (stdout, or --out FILE): one JSON line per good input line, in the same order:",
  '  {"line", "id" (when given), "url", "title", "keep", "score", "event_type", "entities": {"companies",',
  '   "molecules", "technologies",',
  '   "trademarks", "indications"}, "reasons": [...]}',
  "where line is the input line's number (1-based).",
  "keep = deserves a place in the newsletter (LAI news, not noise, not a duplicate of a better line, at or above",
  "the client's min_score, of a type some section takes); reasons[0] is the decisive reason.",
  "A UTF-8 byte order mark and CRLF line ends are accepted; blank lines are ignored. A bad line (not JSON,",
  "missing or invalid field) is listed on stderr with its line number and skipped: the output then has fewer",
  "lines than the input, still in input order. Exit 0 once the output is written (bad lines included); 1 when",
  "the input cannot be read, is empty, or every line was skipped (nothing to triage), or the config is invalid.",
].join("\n");

export default defineCommand({
  usage: USAGE,
  flags: {
    ...ITEMS_FILE_FLAGS,
    out: { type: "string" },
  },
  async run(values, io) {
    if (!values.in) throw new UsageError("--in FILE.jsonl is required");
    const asOf = parseDateFlag("as-of", values["as-of"]);
    const { watch } = await loadClientConfig(io.cwd, values.config, values.client);
    const text = await readInputFile(io, "triage", values.in);
    if (text === undefined) return 1;

    const result = triageJsonLines(text, watch, asOf === undefined ? {} : { asOf });
    for (const p of result.problems) io.err(`${values.in}:${p.line}: skipped: ${p.message}\n`);
    if (result.lines === 0) {
      io.err(`vectora triage: nothing to triage: ${values.in} is empty (no line other than blank ones)\n`);
      return 1;
    }
    if (result.outputs.length === 0) {
      io.err(
        `vectora triage: nothing to triage: every line of ${values.in} was skipped (${result.problems.length} line(s), listed above)\n`,
      );
      return 1;
    }
    const body = result.outputs.map(({ output }) => `${JSON.stringify(output)}\n`).join("");
    if (values.out) await writeFile(resolve(io.cwd, values.out), body);
    else io.out(body);
    const kept = result.outputs.filter((o) => o.output.keep).length;
    io.err(
      `triaged ${result.outputs.length} line(s) of ${values.in}: ${kept} keep, ${result.outputs.length - kept} drop, ${result.problems.length} skipped` +
        `${result.as_of ? ` (recency as of ${result.as_of})` : " (no dated line: no recency)"}\n`,
    );
    return 0;
  },
});
