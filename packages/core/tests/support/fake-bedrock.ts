/**
 * A stateful fake of Bedrock Converse behind the REAL `BedrockRuntimeClient` (aws-sdk-client-mock). It answers
 * like the service does: `output.message.content[0].text`, `usage` with input/output/total tokens, `stopReason`,
 * `metrics`; it throttles with the service's exception and message, and rejects bare model ids with the
 * ValidationException text Bedrock returns for on-demand calls of models that need an inference profile.
 */
import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  type ConverseCommandOutput,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from "@aws-sdk/client-bedrock-runtime";
import { mockClient } from "aws-sdk-client-mock";

/** What the script wants the fake to do for one call. */
export type FakeAction =
  | { reply: string; stopReason?: "end_turn" | "max_tokens"; outputTokens?: number }
  | { throttle: true }
  | { error: Error };

export interface FakeCall {
  modelId: string | undefined;
  system: string;
  prompt: string;
  /** The item text the prompt carries (between `<<<ITEM` and `ITEM>>>`). */
  itemText: string;
  maxTokens: number | undefined;
}

let requestCounter = 0;
const requestId = () => `4d3c2b1a-0000-4000-8000-${String(++requestCounter).padStart(12, "0")}`;

/** The exception Bedrock raises when a caller exceeds its on-demand quota (HTTP 429). */
export function throttlingException(): ThrottlingException {
  return new ThrottlingException({
    message: "Too many requests, please wait before trying again.",
    $metadata: { httpStatusCode: 429, requestId: requestId(), attempts: 1, totalRetryDelay: 0 },
  });
}

/** The exception Bedrock raises when the service is temporarily overloaded (HTTP 503). */
export function serviceUnavailableException(): ServiceUnavailableException {
  return new ServiceUnavailableException({
    message: "Bedrock is unable to process your request.",
    $metadata: { httpStatusCode: 503, requestId: requestId(), attempts: 1, totalRetryDelay: 0 },
  });
}

/** The exception Bedrock raises for an on-demand call of a bare model id that needs an inference profile. */
export function onDemandNotSupported(modelId: string): ValidationException {
  return new ValidationException({
    message: `Invocation of model ID ${modelId} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
    $metadata: { httpStatusCode: 400, requestId: requestId(), attempts: 1, totalRetryDelay: 0 },
  });
}

export interface FakeBedrock {
  client: BedrockRuntimeClient;
  calls: FakeCall[];
  /** Highest number of calls in flight at once. */
  maxInFlight: number;
  restore(): void;
}

/**
 * Installs the fake. `script(call, n)` decides each call (`n` counts calls for the same item text, from 1);
 * `latencyMs` delays replies so concurrency can be observed.
 */
export function fakeBedrock(
  script: (call: FakeCall, n: number) => FakeAction,
  options: { latencyMs?: number } = {},
): FakeBedrock {
  const client = new BedrockRuntimeClient({
    region: "eu-west-3",
    credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" },
  });
  const mock = mockClient(client);
  const perItem = new Map<string, number>();
  const fake: FakeBedrock = { client, calls: [], maxInFlight: 0, restore: () => mock.restore() };
  let inFlight = 0;
  mock.on(ConverseCommand).callsFake(async (input: ConverseCommandInput): Promise<ConverseCommandOutput> => {
    inFlight++;
    fake.maxInFlight = Math.max(fake.maxInFlight, inFlight);
    try {
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      const modelId = input.modelId ?? "";
      if (!/^(us|eu|apac|global)\.|:inference-profile\//.test(modelId)) throw onDemandNotSupported(modelId);
      const prompt = input.messages?.[0]?.content?.map((b) => ("text" in b ? b.text : "")).join("") ?? "";
      const system = input.system?.map((b) => ("text" in b ? b.text : "")).join("") ?? "";
      const itemText = /<<<ITEM\n([\s\S]*?)\nITEM>>>/.exec(prompt)?.[1] ?? "";
      const call: FakeCall = {
        modelId,
        system,
        prompt,
        itemText,
        maxTokens: input.inferenceConfig?.maxTokens,
      };
      fake.calls.push(call);
      const n = (perItem.get(itemText) ?? 0) + 1;
      perItem.set(itemText, n);
      const action = script(call, n);
      if ("throttle" in action) throw throttlingException();
      if ("error" in action) throw action.error;
      const inputTokens = Math.ceil((system.length + prompt.length) / 4);
      const outputTokens = action.outputTokens ?? Math.max(1, Math.ceil(action.reply.length / 4));
      return {
        $metadata: { httpStatusCode: 200, requestId: requestId(), attempts: 1, totalRetryDelay: 0 },
        output: { message: { role: "assistant", content: [{ text: action.reply }] } },
        stopReason: action.stopReason ?? "end_turn",
        usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
        metrics: { latencyMs: 850 },
      };
    } finally {
      inFlight--;
    }
  });
  return fake;
}

/** A reply as Claude often writes it: a sentence of prose, then the JSON in a ```json fence. */
export function fencedJson(value: unknown): string {
  return `Here is the analysis of the news item:\n\n\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\``;
}
