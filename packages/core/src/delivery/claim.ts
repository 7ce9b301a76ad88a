/**
 * The once-per-issue send claim. Before a real send, the delivery step creates
 * `ledger/<client>/<as_of>.send-<attempt>.json` with `If-None-Match: *` (the BlobStore's conditional write): of
 * two deliveries of the same issue racing (a retried Lambda next to `vectora send`, two executions), exactly one
 * creates the claim and sends; the other is told the issue is claimed and sends nothing. The winner then marks
 * the claim `sent` (and the ledger's `delivery`) or `failed` (SES refused it: nothing was sent, the next
 * delivery takes attempt + 1 by itself).
 *
 * At most once, never twice: a claim left `claimed` (the process died between the claim and SES's answer) may or
 * may not have been sent, so it blocks further sends until an operator checks and runs `vectora send --resend`.
 */
import * as z from "zod";
import { layout } from "../domain/layout.js";
import { type BlobStore, PreconditionFailedError } from "../ports/blob-store.js";

export const SendClaim = z.object({
  client_id: z.string(),
  as_of: z.string(),
  attempt: z.number().int().min(1),
  status: z.enum(["claimed", "sent", "failed"]),
  claimed_at: z.string(),
  /** Who claimed it: the execution or process (`vectora send`, an execution ARN). */
  claimed_by: z.string(),
  message_id: z.string().optional(),
  provider_id: z.string().optional(),
  sent_at: z.string().optional(),
  to_count: z.number().int().min(0).optional(),
  error: z.string().optional(),
});
export type SendClaim = z.output<typeof SendClaim>;

/** The claims, oldest attempt first (unreadable ones are skipped: their attempt number still counts). */
export async function readClaims(
  store: BlobStore,
  clientId: string,
  asOf: string,
): Promise<{ claims: SendClaim[]; highestAttempt: number }> {
  const prefix = layout.deliveryClaim(clientId, asOf, 1).replace(/1\.json$/, "");
  const attempts = (await store.list(prefix))
    .map((b) => Number(/\.send-(\d+)\.json$/.exec(b.key)?.[1]))
    .filter((n) => Number.isInteger(n) && n > 0)
    .sort((a, b) => a - b);
  const claims: SendClaim[] = [];
  for (const attempt of attempts) {
    const text = await store.getText(layout.deliveryClaim(clientId, asOf, attempt));
    try {
      const parsed = SendClaim.safeParse(JSON.parse(text ?? ""));
      if (parsed.success) claims.push(parsed.data);
    } catch {
      // A torn or foreign file: its attempt number is still taken.
    }
  }
  return { claims, highestAttempt: attempts.at(-1) ?? 0 };
}

/** Creates claim `attempt`; resolves false when another delivery created it first. */
export async function createClaim(store: BlobStore, claim: SendClaim): Promise<boolean> {
  try {
    await store.put(layout.deliveryClaim(claim.client_id, claim.as_of, claim.attempt), json(claim), {
      contentType: "application/json",
      ifNoneMatch: "*",
    });
    return true;
  } catch (error) {
    if (error instanceof PreconditionFailedError) return false;
    throw error;
  }
}

/** Rewrites our own claim (sent or failed): only its creator ever writes it again. */
export async function settleClaim(store: BlobStore, claim: SendClaim): Promise<void> {
  await store.put(layout.deliveryClaim(claim.client_id, claim.as_of, claim.attempt), json(claim), {
    contentType: "application/json",
  });
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
