/**
 * The SES v2 adapter of the mailer port: `SendEmail` with `Content.Raw` (the MIME message as built, both parts and
 * our headers kept). The SDK's standard retry already retries throttling with backoff; what SES still refuses
 * becomes a {@link MailerError} with SES's own message (`MessageRejected: Email address is not verified. The
 * following identities failed the check in region EU-WEST-3: …`).
 */
import { SESv2Client, type SESv2ClientConfig, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { type Mailer, MailerError, type OutgoingEmail, type SentEmail } from "../ports/mailer.js";

/** Creates an SES v2 client (region and credentials from the environment unless given). */
export function createSesClient(options: SESv2ClientConfig = {}): SESv2Client {
  return new SESv2Client(options);
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
