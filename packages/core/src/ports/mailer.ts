/**
 * The mailer port: send one raw MIME message (built by `delivery/mime.ts`). The SES adapter
 * (`@vectora/core/adapters/ses`) sends it; the store adapter writes it as a `.eml` file (dry runs, `vectora send
 * --dry-run`). Idempotence is not the mailer's job: the delivery step claims the send first (`delivery/claim.ts`).
 */

/** One message: its raw MIME text and the envelope. */
export interface OutgoingEmail {
  from: string;
  to: readonly string[];
  /** The whole RFC 5322 message, CRLF line ends. */
  raw: string;
  /** The message's own `Message-ID` (without angle brackets). */
  messageId: string;
}

/** What a send answered. */
export interface SentEmail {
  /** The provider's id of the message (SES: its MessageId), else the message's own. */
  providerId: string;
  /** Where the message went (`ses:eu-west-3`, `dir:/…/newsletter.eml`). */
  destination: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<SentEmail>;
}

/**
 * A send the provider refused, with its own words (`MessageRejected: Email address is not verified. …`).
 * `retryable` is true for throttling: the same message may be sent again later.
 */
export class MailerError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "MailerError";
  }
}
