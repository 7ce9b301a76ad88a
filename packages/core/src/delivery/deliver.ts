/**
 * The delivery step: email an issue once its three files are written, once per client and week. Reads the issue
 * (the Markdown, HTML and JSON of one generation, the JSON a valid newsletter document, its ledger entry), builds
 * the MIME message, and either writes it as `newsletter.eml` next to `newsletter.html` (dry run) or claims the
 * send (`claim.ts`), sends it through the mailer and records it in the ledger's `delivery`.
 */
import { StoreMailer } from "../adapters/store-mailer.js";
import { clientWatch } from "../config/load.js";
import type { VectoraConfig } from "../config/schema.js";
import { layout } from "../domain/layout.js";
import type { DeliverReply } from "../events/step-replies.js";
import { readLedgerEntry, recordDelivery } from "../ledger/ledger-store.js";
import { NewsletterDocument } from "../newsletter/document.js";
import { newsletterGeneration, readNewsletterFiles } from "../newsletter/files.js";
import type { BlobStore } from "../ports/blob-store.js";
import type { Mailer } from "../ports/mailer.js";
import { createClaim, readClaims, type SendClaim, settleClaim } from "./claim.js";
import { buildNewsletterMime } from "./mime.js";
import { markdownToText } from "./plain-text.js";

export interface DeliverIssueOptions {
  config: VectoraConfig;
  clientId: string;
  asOf: string;
  dataStore: BlobStore;
  newslettersStore: BlobStore;
  /** The real mailer (SES); not needed for a dry run. */
  mailer?: Mailer;
  /** Write `newsletter.eml` instead of sending; nothing is claimed or recorded. */
  dryRun?: boolean;
  /** Send again an issue already sent (or whose last send was left unconfirmed). */
  resend?: boolean;
  /** Who delivers (recorded in the claim): `vectora send`, an execution ARN. */
  actor?: string;
  clock?: () => Date;
}

/** The issue is not ready to be sent (files missing, of two generations, or invalid). */
export class DeliveryNotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeliveryNotReadyError";
  }
}

/**
 * Delivers one issue (see the top of this file). Rejects with {@link DeliveryNotReadyError} when the issue's
 * files or ledger entry are not there or not valid, and with the mailer's `MailerError` when the send is refused
 * (the claim is then marked failed: a later delivery tries again by itself).
 *
 * @example
 * ```ts
 * const reply = await deliverIssue({ config, clientId: "lai_weekly", asOf: "2025-12-17", dataStore,
 *   newslettersStore, dryRun: true });
 * reply.eml; // "dir:/…/lai_weekly/2025/12/17/newsletter.eml"
 * ```
 */
export async function deliverIssue(options: DeliverIssueOptions): Promise<DeliverReply> {
  const { clientId, asOf } = options;
  const clock = options.clock ?? (() => new Date());
  const email = clientWatch(options.config, clientId).client.delivery?.email;
  const reply = (status: DeliverReply["status"], message: string, extra: Partial<DeliverReply> = {}) => ({
    statusCode: 200 as const,
    client_id: clientId,
    as_of: asOf,
    status,
    message,
    to_count: 0,
    ...extra,
  });
  if (!email) return reply("no_delivery", `${clientId} has no delivery block: nothing to send`);

  // Only a complete issue is sent: the three files of one generation, the JSON a newsletter document.
  const files = await readNewsletterFiles(options.newslettersStore, clientId, asOf);
  if (!files.complete)
    throw new DeliveryNotReadyError(`issue ${clientId} ${asOf} not ready: ${files.reason}`);
  let document: NewsletterDocument;
  try {
    document = NewsletterDocument.parse(JSON.parse(files.json));
  } catch (error) {
    throw new DeliveryNotReadyError(
      `issue ${clientId} ${asOf}: ${layout.newsletter(clientId, asOf, "json")} is not a newsletter document: ${(error as Error).message.split("\n")[0]}`,
    );
  }
  const entry = await readLedgerEntry(options.dataStore, clientId, asOf);
  if (!entry)
    throw new DeliveryNotReadyError(`issue ${clientId} ${asOf} has no ledger entry: it was not recorded`);

  const { claims, highestAttempt } = await readClaims(options.dataStore, clientId, asOf);
  const last = claims.find((c) => c.attempt === highestAttempt);
  const attempt = highestAttempt + 1;
  const domain = email.from.split("@")[1] ?? "vectora.invalid";
  const messageId = `${asOf}.${files.generation || newsletterGeneration(files.json)}.${attempt}.${clientId}@vectora.${domain}`;
  const now = clock();
  const raw = buildNewsletterMime({
    from: email.from,
    to: email.to,
    subject: email.subject.replaceAll("{date}", asOf),
    date: now,
    messageId,
    text: markdownToText(files.md),
    html: files.html,
  });
  const outgoing = { from: email.from, to: email.to, raw, messageId };

  if (options.dryRun) {
    const key = layout.newsletterEml(clientId, asOf);
    const sent = await new StoreMailer(options.newslettersStore, key).send(outgoing);
    return reply(
      "dry_run",
      `dry run: wrote ${sent.destination} (${email.to.length} recipient(s)); nothing sent`,
      {
        eml: sent.destination,
        to_count: email.to.length,
        message_id: messageId,
      },
    );
  }

  // Once per issue: a recorded or claimed send stops here unless asked to send again.
  if (!options.resend) {
    if (entry.delivery)
      return reply(
        "already_sent",
        `already sent on ${entry.delivery.sent_at} (message ${entry.delivery.message_id}, ${entry.delivery.to_count} recipient(s)): nothing sent; --resend sends it again`,
        { message_id: entry.delivery.message_id, to_count: entry.delivery.to_count },
      );
    if (last?.status === "sent") {
      await recordDelivery(options.dataStore, clientId, asOf, deliveryOf(last));
      return reply("already_sent", `already sent on ${last.sent_at} (attempt ${last.attempt}): nothing sent`);
    }
    if (last?.status === "claimed" || (highestAttempt > 0 && !last))
      return reply(
        "claimed",
        `send ${highestAttempt} of this issue was claimed${last ? ` by ${last.claimed_by} at ${last.claimed_at}` : ""} and never confirmed (running, or stopped before SES answered: it may have been sent): nothing sent; check, then --resend`,
      );
  }
  if (!options.mailer) throw new Error("deliverIssue needs a mailer to send (or dryRun)");
  const claim: SendClaim = {
    client_id: clientId,
    as_of: asOf,
    attempt,
    status: "claimed",
    claimed_at: now.toISOString(),
    claimed_by: options.actor ?? "vectora",
    message_id: messageId,
    to_count: email.to.length,
  };
  if (!(await createClaim(options.dataStore, claim)))
    return reply("claimed", `another delivery claimed send ${attempt} of this issue first: nothing sent`);
  try {
    const sent = await options.mailer.send(outgoing);
    const done: SendClaim = {
      ...claim,
      status: "sent",
      sent_at: clock().toISOString(),
      provider_id: sent.providerId,
    };
    await settleClaim(options.dataStore, done);
    await recordDelivery(options.dataStore, clientId, asOf, deliveryOf(done));
    const items = document.sections.reduce((n, s) => n + s.items.length, 0);
    return reply(
      "sent",
      `sent to ${email.to.length} recipient(s) via ${sent.destination} (message ${messageId}, ${items} item(s))`,
      { message_id: messageId, to_count: email.to.length },
    );
  } catch (error) {
    const reason = (error as Error).message.slice(0, 500);
    await settleClaim(options.dataStore, { ...claim, status: "failed", error: reason });
    throw error;
  }
}

function deliveryOf(claim: SendClaim) {
  return {
    sent_at: claim.sent_at ?? claim.claimed_at,
    message_id: claim.message_id ?? `attempt-${claim.attempt}`,
    to_count: claim.to_count ?? 0,
    attempt: claim.attempt,
    ...(claim.provider_id ? { provider_id: claim.provider_id } : {}),
  };
}
