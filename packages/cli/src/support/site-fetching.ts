/**
 * How the `sources` verbs reach sites: live (the catalog's User-Agent and contact, one request at a time per
 * host, two attempts, 15 s per attempt), recording what they fetch (`--record DIR`, replayable by
 * `vectora ingest --replay DIR`), or replaying recordings (`--replay DIR`, no network) — always through the
 * polite fetcher (robots.txt, per-host spacing, a deadline per request).
 */
import { resolve } from "node:path";
import { EnvSecrets, type HttpTransport, NoSecrets, type Secrets, type VectoraConfig } from "@vectora/core";
import { LiveHttpTransport, RecordingHttpTransport } from "@vectora/core/adapters";
import { contactProblem, PoliteFetcher, userAgentFor } from "@vectora/core/sources";
import { type CliIO, CONFIG_FLAG, type FlagTable, JSON_FLAG, UsageError } from "../cli-kit.js";
import { replayRecordings, writeRecordingManifest } from "./recording-manifest.js";

/**
 * The flags of every `sources` verb that reads sites: `--replay DIR` and `--record DIR` (where its pages come
 * from and go to, see {@link SITE_FLAGS_USAGE}), `--config DIR` and `--json`.
 */
export const SITE_FLAGS = {
  replay: { type: "string" },
  record: { type: "string" },
  ...CONFIG_FLAG,
  ...JSON_FLAG,
} as const satisfies FlagTable;

/** The usage lines of `--replay` and `--record` (each verb says what its `--json` prints). */
export const SITE_FLAGS_USAGE = [
  "  --replay DIR   answer every request from recordings (e.g. fixtures/discover): no network",
  "  --record DIR   fetch live and save every answer (robots.txt included) to DIR, replayable by",
  "                 `vectora ingest --replay DIR` and by these verbs' --replay",
];

export interface SiteFetching {
  fetcher: PoliteFetcher;
  /** API keys (PUBMED_API_KEY…) from the environment when fetching live or recording; none when replaying. */
  secrets: Secrets;
  /** `live`, `recording to DIR`, `replaying DIR`. */
  mode: string;
  /** The as-of date of the recordings replayed (their `recording.json`), else today (UTC). */
  asOf: string;
  /**
   * The dates API sources are asked for: the recordings' period when replaying (their `recording.json`), else
   * the 30 days to today.
   */
  window: { from: string; to: string };
}

/** Days of news API sources are asked for when fetching live. */
const API_WINDOW_DAYS = 30;

/**
 * Builds the fetcher of a `sources` verb from its `--replay` / `--record` flags and the catalog's `http:` block,
 * with the secrets its API sources read (the environment's, except when replaying: recordings need no key).
 * Warns (stderr) when a live fetch would go out without a reachable contact in its User-Agent.
 */
export async function siteFetching(
  values: { replay?: string | undefined; record?: string | undefined },
  config: VectoraConfig,
  io: CliIO,
): Promise<SiteFetching> {
  if (values.replay !== undefined && values.record !== undefined)
    throw new UsageError("choose one of --replay and --record");
  const identity = userAgentFor(config.http);
  const today = new Date().toISOString().slice(0, 10);
  let transport: HttpTransport;
  let mode: string;
  let asOf = today;
  let periodDays: number | undefined;
  if (values.replay !== undefined) {
    const replay = await replayRecordings(io.cwd, values.replay);
    transport = replay.transport;
    mode = `replaying ${values.replay}`;
    const { manifest } = replay;
    asOf = manifest?.as_of ?? today;
    periodDays = manifest?.period_days;
  } else {
    const problem = contactProblem(config.http);
    if (problem) io.err(`warning: ${problem}\n`);
    const live = new LiveHttpTransport({
      userAgent: identity.header,
      maxConcurrentPerHost: 1,
      maxAttempts: 2,
      timeoutMs: 15_000,
    });
    if (values.record !== undefined) {
      const dir = resolve(io.cwd, values.record);
      await writeRecordingManifest(dir, { description: "Recorded with vectora sources", as_of: today });
      transport = new RecordingHttpTransport(live, dir);
      mode = `recording to ${values.record}`;
    } else {
      transport = live;
      mode = "live";
    }
  }
  const fetcher = new PoliteFetcher(transport, { robotsToken: identity.robotsToken });
  const days = periodDays ?? API_WINDOW_DAYS;
  const from = new Date(Date.parse(`${asOf}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  const secrets = values.replay === undefined ? new EnvSecrets(io.env) : new NoSecrets();
  return { fetcher, secrets, mode, asOf, window: { from, to: asOf } };
}
