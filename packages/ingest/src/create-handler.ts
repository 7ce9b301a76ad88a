/**
 * The ingest Lambda, as a factory: validate the event, load the config, run the action (actions.ts) — a week's
 * plan, one shard, or a whole-client ingest run — and return its figures. Clients are passed in (`handler.ts`
 * builds the real ones on the first invocation), so tests run it against a local S3 server with recorded HTTP.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import type { HttpTransport, Secrets } from "@vectora/core";
import { LiveHttpTransport } from "@vectora/core/adapters";
import { S3BlobStore } from "@vectora/core/adapters/s3";
import type { VectoraConfig } from "@vectora/core/config";
import type { PlanReply, ShardReply } from "@vectora/core/events";
import {
  type BadRequest,
  badRequest,
  deadlineFromContext,
  jsonLogger,
  type LambdaContext,
  type Log,
  loadLambdaConfig,
} from "@vectora/core/lambda";
import { NoSecrets } from "@vectora/core/ports";
import {
  type ActionDeps,
  type IngestSuccess,
  runIngestAction,
  runPlanAction,
  runShardAction,
} from "./actions.js";
import { readIngestEnv } from "./env.js";
import { type IngestLambdaEvent, parseIngestEvent } from "./event.js";

export type { IngestSuccess } from "./actions.js";

/** What the Lambda returns: the run's figures (a week's plan, a shard's reply), or a 400 naming the bad field. */
export type IngestResult = IngestSuccess | PlanReply | ShardReply | BadRequest;

/** What the handler is built from. */
export interface IngestHandlerDeps {
  /** The environment, validated here (see env.ts). */
  env: Record<string, string | undefined>;
  /** S3 client for both buckets (tests pass the local server's client). */
  s3Client: S3Client;
  /** The sources' HTTP; live by default. */
  transport?: HttpTransport;
  /** The PubMed key; none by default (`handler.ts` passes SSM when `PUBMED_API_KEY_PARAM` is set). */
  secrets?: Secrets;
  clock?: () => Date;
  /** Structured log sink; default writes JSON lines at or above `LOG_LEVEL` to stdout/stderr (CloudWatch). */
  log?: Log;
}

/**
 * Builds the handler. Reads and validates the environment now (init), so a missing variable fails with its
 * name instead of the first event being accepted. The handler takes the Lambda context: the run's deadline is
 * its remaining time minus a margin, so a slow site can never make the Lambda time out before the run has
 * stored what it read and written its report.
 */
export function createHandler(
  deps: IngestHandlerDeps,
): (event: unknown, context?: LambdaContext) => Promise<IngestResult> {
  const env = readIngestEnv(deps.env);
  const log = deps.log ?? jsonLogger({ level: env.LOG_LEVEL });
  const configStore = new S3BlobStore({ client: deps.s3Client, bucket: env.CONFIG_BUCKET });
  const actions: ActionDeps = {
    dataStore: new S3BlobStore({ client: deps.s3Client, bucket: env.DATA_BUCKET }),
    transport: deps.transport ?? new LiveHttpTransport(),
    secrets: deps.secrets ?? new NoSecrets(),
    clock: deps.clock ?? (() => new Date()),
    log,
  };

  return async (rawEvent: unknown, context?: LambdaContext): Promise<IngestResult> => {
    // Read first: the remaining time is counted from the invocation's start, not from after the config loads.
    const invokedAt = actions.clock().getTime();
    const parsed = parseIngestEvent(rawEvent, actions.clock);
    if (!parsed.ok) {
      log("warn", "rejected ingest event", { error: parsed.error });
      return badRequest(parsed.error);
    }
    const event = parsed.event;
    const config = await loadLambdaConfig(configStore, log);
    const unknown = unknownClient(event, config);
    if (unknown) return unknown;
    if (event.action === "plan") return runPlanAction(event, config, actions);
    const deadline = deadlineFromContext(context, invokedAt, event.deadline_ms);
    if (event.action === "shard") return runShardAction(event, config, actions, deadline);
    return runIngestAction(event, config, actions, deadline);
  };
}

/** A 400 naming the event's client when the config has no such client; nothing when it has. */
function unknownClient(event: IngestLambdaEvent, config: VectoraConfig): BadRequest | undefined {
  const clientId = event.action === "plan" ? event.input.client_id : event.client_id;
  if (config.clients[clientId]) return undefined;
  return badRequest(
    `${event.action === "plan" ? "input." : ""}client_id: unknown client "${clientId}" (known: ${Object.keys(config.clients).join(", ")})`,
  );
}
