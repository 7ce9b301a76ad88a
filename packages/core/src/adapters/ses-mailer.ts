/**
 * The SES v2 adapter of the mailer port: `SendEmail` with `Content.Raw` (the MIME message as built, both parts and
 * our headers kept). The SDK's standard retry already retries throttling with backoff; what SES still refuses
 * becomes a {@link MailerError} with SES's own message (`MessageRejected: Email address is not verified. The
 * following identities failed the check in region EU-WEST-3: …`).
 */
import { SESv2Client, type SESv2ClientConfig, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { type Mailer, MailerError, type OutgoingEmail, type SentEmail } from "../ports/mailer.js";

/**
 * Deadlines of one SES request. Without them the Node handler waits as long as the socket stays open: a hung send
 * would hold the delivery until the Lambda's own timeout killed it, leaving the week's send claim in the store and
 * no error to release it. Connecting to SES takes milliseconds; `SendEmail` answers in well under a second.
 * The SDK's standard retry (3 attempts) applies on top, so a send gives up after about a minute at most (the
 * engine's timeout is 600 s).
 */
export const SES_REQUEST_TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 15_000 } as const;

/**
 * Creates an SES v2 client (region and credentials from the environment unless given) whose requests time out
 * ({@link SES_REQUEST_TIMEOUTS}, overridable through `timeouts`).
 */
export function createSesClient(
  options: SESv2ClientConfig = {},
  timeouts: { connectionTimeout?: number; requestTimeout?: number } = SES_REQUEST_TIMEOUTS,
): SESv2Client {
  // throwOnRequestTimeout: without it this version of the Node handler only logs a warning when the request
  // deadline passes and keeps waiting.
  return new SESv2Client({
    requestHandler: { ...SES_REQUEST_TIMEOUTS, ...timeouts, throwOnRequestTimeout: true },
    ...options,
  });
}

/** Errors worth sending again later (SES's throttling names). */
const RETRYABLE = new Set([
  "TooManyRequestsException",
  "Throttling",
  "ThrottlingException",
  "LimitExceededException",
]);

/** A {@link Mailer} over Amazon SES v2. */
export class SesMailer implements Mailer {
  constructor(private readonly client: SESv2Client) {}

  async send(email: OutgoingEmail): Promise<SentEmail> {
    try {
      const output = await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: email.from,
          Destination: { ToAddresses: [...email.to] },
          Content: { Raw: { Data: new TextEncoder().encode(email.raw) } },
        }),
      );
      const region = await this.client.config.region();
      return { providerId: output.MessageId ?? email.messageId, destination: `ses:${region}` };
    } catch (error) {
      const err = error as { name?: string; message?: string };
      const code = err.name ?? "Error";
      throw new MailerError(
        `SES refused the message: ${code}: ${err.message ?? String(error)}`,
        code,
        RETRYABLE.has(code),
      );
    }
  }
}
