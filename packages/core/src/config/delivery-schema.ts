/**
 * A client's `delivery` block: who the weekly issue is emailed to. Optional — a client without it gets no email
 * (its newsletter is only written to the newsletters store). Addresses are checked here, so a typo fails
 * `vectora config validate` with the file and field, not the Monday send.
 */
import * as z from "zod";

/** An address as SES takes it (`name@domain`; no display name, no angle brackets). */
const Address = z.email("must be an email address (name@domain)");

/** SES v2 accepts at most 50 recipients per message. */
export const MAX_RECIPIENTS = 50;

export const EmailDelivery = z
  .object({
    /** The sender: an address of an identity verified in SES (the stack's `SesIdentityArn`). */
    from: Address,
    /** The readers, one message to all (at most 50). In the SES sandbox each must be verified too. */
    to: z.array(Address).min(1).max(MAX_RECIPIENTS, `at most ${MAX_RECIPIENTS} recipients per message (SES)`),
    /** The subject; `{date}` is replaced by the date (`2026-01-05`). */
    subject: z.string().min(1).max(200),
  })
  .strict();
export type EmailDelivery = z.output<typeof EmailDelivery>;

export const DeliverySettings = z.object({ email: EmailDelivery.optional() }).strict();
export type DeliverySettings = z.output<typeof DeliverySettings>;
