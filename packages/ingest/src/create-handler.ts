/**
 * The ingest Lambda, as a factory: validate the event, wire S3 stores, the HTTP transport and the secrets,
 * run ingest, return the run's figures. Everything external is injectable so tests run it against a local S3
 * server with recorded HTTP.
 */
import {
  ConfigError,
  type HttpTransport,
  IngestOptionsError,
  type IngestReport,
  IngestRunError,
  loadConfig,
  NoSecrets,
  runIngest,
  type Secrets,
} from "@vectora/core";
import { LiveHttpTransport } from "@vectora/core/adapters";
import { createS3Client, S3BlobStore } from "@vectora/core/adapters/s3";
import { createSsmClient, SsmSecrets } from "@vectora/core/adapters/ssm";
import { z } from "zod";
import { type IngestEnv, readEnv } from "./env.js";

/** The event: `{ client_id, sources?, period_days?, as_of? }`. Unknown fields are rejected (typos surface). */
export const IngestEvent = z
  .object({
    client_id: z.string().regex(/^[a-z0-9_]+$/, "lower_snake_case client id"),
    sources: z
      .array(z.string().regex(/^[a-z0-9_]+$/, "lower_snake_case source key"))
      .min(1)
      .optional(),
    period_days: z.number().int().min(1).max(366).optional(),
    as_of: z.iso.date().optional(),
  })
  .strict();
export type IngestEvent = z.output<typeof IngestEvent>;

export interface IngestSuccess {
  statusCode: 200;
  client_id: string;
  run_id: string;
  status: IngestReport["status"];
  config_version: string;
  as_of: string;
  window: IngestReport["window"];
  items_key: string;
  report_key: string;
  totals: IngestReport["totals"];
  sources: Pick<
    IngestReport["sources"][number],
    "source_key" | "status" | "reason" | "new" | "updated" | "in_window" | "undated"
  >[];
}
export interface IngestBadRequest {
  statusCode: 400;
  error: string;
}
export type IngestResult = IngestSuccess | IngestBadRequest;

/** What the handler is built from. Omitted parts are created from the environment (the Lambda case). */
export interface HandlerDeps {
  env: Record<string, string | undefined>;
  /** S3 client for both buckets (tests pass the local server's client). */
  s3Client?: ReturnType<typeof createS3Client>;
  transport?: HttpTransport;
  secrets?: Secrets;
  clock?: () => Date;
  /** Structured log sink; default writes JSON lines to stdout/stderr (CloudWatch). */
  log?: (
    level: "debug" | "info" | "warn" | "error",
    message: string,
    fields?: Record<string, unknown>,
  ) => void;
}

const LEVELS = ["debug", "info", "warn", "error"] as const;

function consoleLog(minimum: IngestEnv["LOG_LEVEL"]): NonNullable<HandlerDeps["log"]> {
  return (level, message, fields = {}) => {
    if (LEVELS.indexOf(level) < LEVELS.indexOf(minimum)) return;
    const line = JSON.stringify({ level, message, ...fields });
    if (level === "error" || level === "warn") console.error(line);
    else console.log(line);
  };
}

/** `period_days: expected number, got "x"` — the first problem, naming the field. */
function describeEventError(error: z.ZodError, event: unknown): string {
  const issue = error.issues[0]!;
  if (issue.code === "unrecognized_keys")
    return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`;
  const field = issue.path.map(String).join(".") || "event";
  if (issue.code === "invalid_type") {
    let value: unknown = event;
    for (const part of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[part];
    return `${field}: expected ${issue.expected}, got ${value === undefined ? "nothing (field is missing)" : JSON.stringify(value)}`;
  }
  return `${field}: ${issue.message}`;
}

/**
 * Builds the handler. Reads and validates the environment now (init), so a missing variable fails the cold
 * start with its name instead of the first invocation.
 */
export function createHandler(deps: HandlerDeps): (event: unknown) => Promise<IngestResult> {
  const env = readEnv(deps.env);
  const log = deps.log ?? consoleLog(env.LOG_LEVEL);
  const s3 = deps.s3Client ?? createS3Client();
  const configStore = new S3BlobStore({ client: s3, bucket: env.CONFIG_BUCKET });
  const dataStore = new S3BlobStore({ client: s3, bucket: env.DATA_BUCKET });
  const transport = deps.transport ?? new LiveHttpTransport();
  const secrets =
    deps.secrets ??
    (env.PUBMED_API_KEY_PARAM
      ? new SsmSecrets({
          client: createSsmClient(),
          parameters: { pubmed_api_key: env.PUBMED_API_KEY_PARAM },
        })
      : new NoSecrets());
  const clock = deps.clock ?? (() => new Date());

  return async (rawEvent: unknown): Promise<IngestResult> => {
    const parsed = IngestEvent.safeParse(rawEvent);
    if (!parsed.success) {
      const error = describeEventError(parsed.error, rawEvent);
      log("warn", "rejected ingest event", { error });
      return { statusCode: 400, error };
    }
    const event = parsed.data;
    let config: Awaited<ReturnType<typeof loadConfig>>;
    try {
      config = await loadConfig(configStore, { label: `${configStore.location}/` });
    } catch (error) {
      if (error instanceof ConfigError) log("error", "invalid config", { issues: error.issues });
      throw error;
    }
    if (!config.clients[event.client_id])
      return {
        statusCode: 400,
        error: `client_id: unknown client "${event.client_id}" (known: ${Object.keys(config.clients).join(", ")})`,
      };
    const asOf = event.as_of ?? clock().toISOString().slice(0, 10);
    log("info", "ingest started", {
      client_id: event.client_id,
      as_of: asOf,
      config_version: config.version,
    });
    let report: IngestReport;
    try {
      report = await runIngest({
        config,
        clientId: event.client_id,
        store: dataStore,
        transport,
        secrets,
        asOf,
        clock,
        ...(event.period_days ? { periodDays: event.period_days } : {}),
        ...(event.sources ? { sources: event.sources } : {}),
        onProgress: (p) => {
          if (p.type === "source_finished")
            log(p.source.status === "ok" ? "info" : "warn", "source read", {
              source_key: p.source.source_key,
              status: p.source.status,
              reason: p.source.reason,
              new: p.source.new,
              duration_ms: p.source.duration_ms,
            });
        },
      });
    } catch (error) {
      if (error instanceof IngestOptionsError) return { statusCode: 400, error: `sources: ${error.message}` };
      if (error instanceof IngestRunError)
        log("error", "every source failed", {
          run_id: error.report.run_id,
          report_key: error.report.report_key,
        });
      throw error;
    }
    log("info", "ingest finished", { run_id: report.run_id, status: report.status, totals: report.totals });
    return {
      statusCode: 200,
      client_id: report.client_id,
      run_id: report.run_id,
      status: report.status,
      config_version: report.config_version,
      as_of: report.as_of,
      window: report.window,
      items_key: report.items_key,
      report_key: report.report_key,
      totals: report.totals,
      sources: report.sources.map(
        ({ source_key, status, reason, new: added, updated, in_window, undated }) => ({
          source_key,
          status,
          ...(reason ? { reason } : {}),
          new: added,
          updated,
          in_window,
          undated,
        }),
      ),
    };
  };
}
