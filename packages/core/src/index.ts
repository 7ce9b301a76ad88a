/**
 * @vectora/core — the Vectora Inbox domain, curated: the config model, the phase jobs, the records they read
 * and write, the newsletter document and the ports. Nothing exported from here imports the AWS SDK; the AWS
 * adapters live under `@vectora/core/adapters/*`. Narrower entry points let a Lambda bundle only what it uses:
 * `@vectora/core/config`, `@vectora/core/jobs` (and `/jobs/ingest`, `/jobs/engine`), `@vectora/core/ledger`,
 * `@vectora/core/ports`, `@vectora/core/lambda`.
 */

// The config model, loading it, and a client's view of it.
export {
  ActorType,
  ClientConfig,
  type ClientWatch,
  CONFIG_SNAPSHOT_KEY,
  ConfigError,
  type ConfigIssue,
  ConfigSnapshot,
  clientWatch,
  configFromSnapshot,
  configSnapshotJson,
  configVersion,
  EventTypeDef,
  formatIssue,
  INGEST_DEFAULTS,
  type LoadConfigOptions,
  loadConfig,
  SourceDef,
  type VectoraConfig,
} from "./config/index.js";
export { loadConfigYaml, snapshotConfigYaml } from "./config/load-yaml.js";
// Delivery by email and the step event contract.
export {
  buildNewsletterMime,
  DeliveryNotReadyError,
  deliverIssue,
  markdownToText,
  readClaims,
  SendClaim,
} from "./delivery/index.js";
// The records the phases pass on: raw items (ingest → engine) and where each lives in a store.
export { RawItem, SourceKind } from "./domain/items.js";
export { layout } from "./domain/layout.js";
export { EntityKinds, NormalizedItem } from "./domain/normalized.js";
export {
  DEFAULT_SHARD_SIZE,
  type DeliverReply,
  type PlanReply,
  parseStepEvent,
  type RunInput,
  type RunSummary,
  ShardOutcome,
  type StepEvent,
} from "./events/index.js";
// Source health over runs: the pure judgement, and its flags as reports and newsletters carry them.
export { SourceFlag, type SourceHealth, type SourceRun, sourceHealth } from "./ingest/health.js";
// Ingest's identity rules and what a run wrote.
export { canonicalUrl, contentHashOf, itemIdFor } from "./ingest/identity.js";
export { type ReadIngestedResult, readIngestedItems } from "./ingest/read-ingested.js";
export { IngestReport, SourceReport, SourceStatus, UndatedEntry } from "./ingest/report.js";
// The phase jobs.
export {
  type ClientSourceHealth,
  clientSourceHealth,
  IngestOptionsError,
  type IngestProgress,
  IngestRunError,
  type PipelineResult,
  type RunEngineForClientOptions,
  type RunEngineForClientResult,
  type RunIngestOptions,
  type RunPipelineOptions,
  runEngineForClient,
  runIngest,
  runPipeline,
  runWeek,
  summarizeRun,
  TriageLine,
  type TriageOutput,
  type TriageResult,
  triageJsonLines,
  type WeekResult,
} from "./jobs/index.js";
// The ledger of issues: what each client was sent, the window of an issue, deliveries.
export {
  Delivery,
  describeWindowBasis,
  type IssueWindow,
  issueWindow,
  LedgerEntry,
  LedgerItem,
  listIssueDates,
  planIssue,
  readLedger,
  readLedgerEntry,
  recordDelivery,
  WindowBasis,
} from "./ledger/index.js";
// The newsletter document and its renderings.
export {
  LlmUsageSummary,
  llmUsageLine,
  NewsletterDocument,
  type NewsletterFiles,
  NewsletterItem,
  NO_LLM,
  readNewsletterFiles,
  renderArchive,
  renderHtml,
  renderMarkdown,
  SourceScope,
  SourceToCheck,
} from "./newsletter/index.js";
// The ports.
export {
  type BlobStore,
  EnvSecrets,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  HttpTransportError,
  LlmCallError,
  type LlmClient,
  type LlmReply,
  type LlmRequest,
  type Mailer,
  MailerError,
  NoSecrets,
  type OutgoingEmail,
  PreconditionFailedError,
  type PutOptions,
  type Secrets,
  type SentEmail,
  updateWithRetry,
} from "./ports/index.js";
// Helpers the CLI shares: bounded concurrency, text safe to print.
export { mapLimited } from "./util/map-limited.js";
export { cutAtWord, sanitizeText, stripControlCharacters } from "./util/safe-text.js";
