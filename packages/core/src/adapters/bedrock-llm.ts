/**
 * The Bedrock adapter of the LLM port, on the Converse API. The only place that talks to
 * `@aws-sdk/client-bedrock-runtime`; the domain sees an {@link LlmClient}.
 */
import {
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
  ConverseCommand,
  type ConverseCommandOutput,
} from "@aws-sdk/client-bedrock-runtime";
import { LlmCallError, type LlmClient, type LlmReply, type LlmRequest } from "../ports/llm.js";

/**
 * Geographic / global cross-region inference profile ids (`eu.anthropic.claude-sonnet-4-5-20250929-v1:0`) or an
 * inference-profile ARN (system-defined or application profile).
 */
const INFERENCE_PROFILE_ID = /^(?:us|eu|apac|global|jp|au|ca|us-gov)\.[a-z0-9-]+\.[A-Za-z0-9._:-]+$/;
const INFERENCE_PROFILE_ARN =
  /^arn:aws(?:-[a-z]+)*:bedrock:[a-z0-9-]+:\d{12}:(?:application-)?inference-profile\/[A-Za-z0-9._:-]+$/;

/**
 * Returns `modelId` when it names an inference profile; throws otherwise with a message saying what to set.
 * Bedrock rejects on-demand calls of bare ids (`anthropic.claude-sonnet-4-5-…`) for current Claude models
 * ("…with on-demand throughput isn't supported"), so a bare id is refused before any call is made.
 */
export function assertInferenceProfileId(modelId: string | undefined, variable = "BEDROCK_MODEL_ID"): string {
  const id = (modelId ?? "").trim();
  if (!id)
    throw new Error(
      `${variable} is not set: give an inference profile id such as "eu.anthropic.claude-sonnet-4-5-20250929-v1:0"`,
    );
  if (INFERENCE_PROFILE_ID.test(id) || INFERENCE_PROFILE_ARN.test(id)) return id;
  const hint = /^[a-z0-9-]+\.[A-Za-z0-9._:-]+$/.test(id)
    ? ` (e.g. "eu.${id}", "us.${id}" or "global.${id}")`
    : "";
  throw new Error(
    `${variable} "${id}" is not an inference profile: Bedrock only serves these models on demand through an ` +
      `inference profile. Use a profile id prefixed with us./eu./apac./global.${hint} or an inference-profile ARN.`,
  );
}

export interface BedrockLlmOptions {
  /** Inference profile id or ARN; defaults to `env.BEDROCK_MODEL_ID`. */
  modelId?: string;
  /** A ready client (tests, custom credentials). When omitted one is created with `clientConfig`. */
  client?: BedrockRuntimeClient;
  clientConfig?: BedrockRuntimeClientConfig;
  /** Sampling temperature; 0 by default so replies are as repeatable as the model allows. */
  temperature?: number;
  env?: Record<string, string | undefined>;
}

/**
 * An {@link LlmClient} on Bedrock Converse. The SDK's own retries are turned off (`maxAttempts: 1`) for clients
 * it creates: the enrichment step owns retries, with its own bounded backoff and jitter, so attempts never
 * multiply.
 */
export class BedrockLlmClient implements LlmClient {
  readonly modelId: string;
  private readonly client: BedrockRuntimeClient;
  private readonly temperature: number;

  constructor(options: BedrockLlmOptions = {}) {
    const env = options.env ?? process.env;
    this.modelId = assertInferenceProfileId(options.modelId ?? env["BEDROCK_MODEL_ID"]);
    this.client = options.client ?? new BedrockRuntimeClient({ maxAttempts: 1, ...options.clientConfig });
    this.temperature = options.temperature ?? 0;
  }

  async converse(request: LlmRequest): Promise<LlmReply> {
    let output: ConverseCommandOutput;
    try {
      output = await this.client.send(
        new ConverseCommand({
          modelId: this.modelId,
          system: [{ text: request.system }],
          messages: [{ role: "user", content: [{ text: request.prompt }] }],
          inferenceConfig: { maxTokens: request.maxTokens, temperature: this.temperature },
        }),
      );
    } catch (error) {
      throw toLlmCallError(error, this.modelId);
    }
    const text = (output.output?.message?.content ?? [])
      .map((block) => ("text" in block && typeof block.text === "string" ? block.text : ""))
      .join("");
    const reply: LlmReply = {
      text,
      usage: { inputTokens: output.usage?.inputTokens ?? 0, outputTokens: output.usage?.outputTokens ?? 0 },
      modelId: this.modelId,
    };
    if (output.stopReason) reply.stopReason = output.stopReason;
    return reply;
  }
}

const RETRYABLE = new Set(["ThrottlingException", "ServiceUnavailableException", "ModelNotReadyException"]);

function toLlmCallError(error: unknown, modelId: string): LlmCallError {
  const e = (error ?? {}) as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const code = e.name ?? "Error";
  const status = e.$metadata?.httpStatusCode;
  const retryable = RETRYABLE.has(code) || status === 429 || status === 503;
  return new LlmCallError(
    `Bedrock Converse (${modelId}) failed: ${code}${status ? ` (HTTP ${status})` : ""}: ${e.message ?? String(error)}`,
    retryable,
    code,
    status,
    { cause: error },
  );
}

/** Creates the Bedrock LLM client from the environment (`BEDROCK_MODEL_ID`, the usual AWS region/credentials). */
export function createBedrockLlm(options: BedrockLlmOptions = {}): BedrockLlmClient {
  return new BedrockLlmClient(options);
}
