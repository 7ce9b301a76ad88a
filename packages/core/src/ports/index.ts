/**
 * `@vectora/core/ports` — what the domain needs from the outside world, as small interfaces: a blob store, an
 * HTTP transport, an LLM and secrets. The adapters (`@vectora/core/adapters…`) implement them.
 */
export {
  type BlobInfo,
  type BlobStore,
  InvalidKeyError,
  PreconditionFailedError,
  type PutOptions,
  type PutResult,
  type UpdateWithRetryOptions,
  updateWithRetry,
  type VersionedBlob,
} from "./blob-store.js";
export {
  type HttpFailureKind,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  HttpTransportError,
} from "./http-transport.js";
export {
  LlmCallError,
  type LlmClient,
  type LlmReply,
  type LlmRequest,
  type LlmUsage,
} from "./llm.js";
export { type Mailer, MailerError, type OutgoingEmail, type SentEmail } from "./mailer.js";
export { EnvSecrets, NoSecrets, type SecretName, type Secrets } from "./secrets.js";
