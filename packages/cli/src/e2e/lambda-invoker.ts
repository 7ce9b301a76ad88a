import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { z } from "zod";
import { LIVE_ALIAS } from "../release/port.js";
import type { FunctionInvoker } from "./run-e2e.js";

/** The payload Lambda returns with `FunctionError` set: `{errorType, errorMessage, trace?}`. */
const FunctionErrorPayload = z.object({
  errorType: z.string().optional(),
  errorMessage: z.string().optional(),
});

/**
 * {@link FunctionInvoker} on the real Lambda client: RequestResponse invoke of `qualifier` (the `live` alias by
 * default: e2e tests what the schedules run, and a rollback is tested by the next run), function errors surfaced
 * by name.
 */
export function lambdaInvoker(client: LambdaClient, qualifier = LIVE_ALIAS): FunctionInvoker {
  return {
    async invoke(functionName, payload) {
      const reply = await client.send(
        new InvokeCommand({
          FunctionName: functionName,
          Qualifier: qualifier,
          InvocationType: "RequestResponse",
          Payload: new TextEncoder().encode(JSON.stringify(payload)),
        }),
      );
      const text = reply.Payload ? new TextDecoder().decode(reply.Payload) : "";
      if (reply.FunctionError) {
        let message = text;
        try {
          const parsed = FunctionErrorPayload.safeParse(JSON.parse(text));
          if (parsed.success)
            message = `${parsed.data.errorType ?? "Error"}: ${parsed.data.errorMessage ?? text}`;
        } catch {
          // Not JSON (a crash before the runtime could answer): the raw text is the message.
        }
        throw new Error(`${functionName}:${qualifier} failed (${reply.FunctionError}): ${message}`);
      }
      if (!text) return null;
      try {
        return JSON.parse(text);
      } catch {
        throw new Error(`${functionName} returned a payload that is not JSON: ${text.slice(0, 200)}`);
      }
    },
  };
}
