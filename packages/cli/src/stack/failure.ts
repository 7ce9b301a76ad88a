/** How a stack operation fails: a {@link StackFailure} carrying the live diagnosis when there is one. */
import { type Diagnosis, diagnoseStack } from "./diagnose.js";
import { readLatestOperation } from "./operation-events.js";
import type { StackApi } from "./port.js";

/** A stack operation that failed or was refused, with the diagnosis when there is one. */
export class StackFailure extends Error {
  constructor(
    message: string,
    readonly outcome: "failed" | "refused" = "failed",
    readonly diagnosis?: Diagnosis,
  ) {
    super(message);
  }
}

/** Diagnoses a stack live: status, the latest operation's events (see `readLatestOperation`), account settings. */
export async function diagnoseLive(api: StackApi, name: string): Promise<Diagnosis> {
  const stack = await api.describeStack(name);
  if (!stack) return diagnoseStack({ stackName: name }, []);
  const events = await readLatestOperation(api, stack);
  const account = await api.getAccountSettings().catch(() => undefined);
  return diagnoseStack(stack, events, account);
}
