/**
 * The evaluation job behind `vectora eval`: triage a JSON Lines file of items exactly as `vectora triage` does
 * (same normalization, relevance, score, de-duplication and `min_score`), then compare the verdicts with an
 * editor's labels (engine/evaluate.ts). Labels come from a JSON labels file or from a client's feedback file
 * (`config/feedback/<client>.yaml`): a correction recorded once is also a test case.
 */
import { formatIssue } from "../config/issues.js";
import { parseYaml } from "../config/parse-yaml.js";
import { type ClientWatch, FeedbackFile } from "../config/schema.js";
import { type EvalLabel, type EvalReport, evaluateVerdicts, parseEvalLabels } from "../engine/evaluate.js";
import { type TriageResult, triageJsonLines } from "./triage-lines.js";

export interface EvalRun {
  report: EvalReport;
  /** The triage it was computed from (bad lines are in `triage.problems`). */
  triage: TriageResult;
}

export interface EvalOptions {
  /** As-of date for recency of dated items (see `triageJsonLines`). */
  asOf?: string;
  /** Judge by the rules alone: the client's feedback file is not honoured. */
  ignoreFeedback?: boolean;
}

/** Triages `itemsText` (JSON Lines, the triage input format) and evaluates the verdicts against `labels`. */
export function evalJsonLines(
  itemsText: string,
  labels: readonly EvalLabel[],
  watch: ClientWatch,
  options: EvalOptions = {},
): EvalRun {
  const judged = options.ignoreFeedback ? { ...watch, feedback: [] } : watch;
  const triage = triageJsonLines(itemsText, judged, options.asOf === undefined ? {} : { asOf: options.asOf });
  const report = evaluateVerdicts(
    triage.outputs.map(({ output }) => output),
    labels,
  );
  return { report, triage };
}

/**
 * Reads labels from a file's text: a feedback file (`.yaml`/`.yml`, the `feedback/<client>.yaml` format: each
 * `decision` becomes a label) or a JSON labels file. Throws an Error naming the file and field of each problem.
 */
export function parseLabelsFile(text: string, file: string): EvalLabel[] {
  if (!/\.ya?ml$/i.test(file)) return parseEvalLabels(text, file);
  const issues: Parameters<typeof parseYaml>[3] = [];
  const parsed = parseYaml(text, file, FeedbackFile, issues);
  if (!parsed) throw new Error(issues.map(formatIssue).join("\n"));
  return parsed.feedback.map((entry) => ({
    url: entry.url,
    keep: entry.decision === "keep",
    reason: entry.reason,
    ...(entry.event_key !== undefined ? { event_key: entry.event_key } : {}),
  }));
}
