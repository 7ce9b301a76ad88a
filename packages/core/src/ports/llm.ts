/**
 * The LLM port: one request, one text reply, with the token usage the provider billed. The Bedrock adapter
 * (`@vectora/core/adapters/bedrock`) implements it; tests and local runs can pass any fake.
 */

export interface LlmRequest {
  /** System instructions. */
  system: string;
  /** The user message. */
  prompt: string;
  /** Upper bound on output tokens. */
  maxTokens: number;
}

export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface LlmReply {
  text: string;
  usage: LlmUsage;
  /** The model (or inference profile) that answered. */
  modelId: string;
  /** Why generation stopped (`end_turn`, `max_tokens`…), when the provider says. */
  stopReason?: string;
}

export interface LlmClient {
  /** The model (or inference profile) id requests go to: used for pricing and cache records. */
  readonly modelId: string;
  converse(request: LlmRequest): Promise<LlmReply>;
}

/**
 * A failed LLM call, as adapters report it. `retryable` is true for throttling and temporary unavailability
 * (the caller backs off and retries); anything else is final for that item.
 */
export class LlmCallError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** Provider error name (`ThrottlingException`, `ValidationException`…). */
    readonly code: string,
    /** HTTP status, when known. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "LlmCallError";
  }
}

/** Error names that mean "slow down / try again later" across providers. */
const RETRYABLE_NAMES = new Set([
  "ThrottlingException",
  "TooManyRequestsException",
  "ServiceUnavailableException",
  "ServiceUnavailable",
  "ModelNotReadyException",
]);

/**
 * True when an error is worth retrying: an {@link LlmCallError} marked retryable, or any error whose `name`
 * is a throttling/unavailability name or whose HTTP status is 429 or 503.
 */
export function isRetryableLlmError(error: unknown): boolean {
  if (error instanceof LlmCallError) return error.retryable;
  if (typeof error !== "object" || error === null) return false;
  const e = error as { name?: unknown; $metadata?: { httpStatusCode?: unknown }; status?: unknown };
  if (typeof e.name === "string" && RETRYABLE_NAMES.has(e.name)) return true;
  const status = e.$metadata?.httpStatusCode ?? e.status;
  return status === 429 || status === 503;
}
