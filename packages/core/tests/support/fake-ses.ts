/**
 * A stateful fake of Amazon SES v2 behind aws-sdk-client-mock: verified identities per region, the sandbox (every
 * recipient must be verified too), a sending quota that throttles, and the messages it accepted. The refusals
 * carry SES's own texts (`MessageRejected: Email address is not verified. The following identities failed the
 * check in region EU-WEST-3: …`).
 */
import { SESv2Client, SESv2ServiceException, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { mockClient } from "aws-sdk-client-mock";

export interface SentMessage {
  from: string;
  to: string[];
  raw: string;
  messageId: string;
}

export class FakeSes {
  readonly region = "eu-west-3";
  readonly verified = new Set<string>();
  sandbox = true;
  /** Sends accepted before SES starts throttling (per test). */
  maxSends = Number.POSITIVE_INFINITY;
  readonly sent: SentMessage[] = [];
  private counter = 0;

  /** A real SESv2Client whose `send` this fake answers. */
  client(): SESv2Client {
    const client = new SESv2Client({
      region: this.region,
      credentials: { accessKeyId: "x", secretAccessKey: "y" },
    });
    mockClient(client)
      .on(SendEmailCommand)
      .callsFake((input) => this.sendEmail(input));
    return client;
  }

  private refuse(name: string, message: string, status = 400): never {
    throw new SESv2ServiceException({
      name,
      $fault: "client",
      $metadata: { httpStatusCode: status },
      message,
    });
  }

  private sendEmail(input: {
    FromEmailAddress?: string;
    Destination?: { ToAddresses?: string[] };
    Content?: { Raw?: { Data?: Uint8Array } };
  }) {
    const from = input.FromEmailAddress ?? "";
    const to = input.Destination?.ToAddresses ?? [];
    if (this.sent.length >= this.maxSends)
      this.refuse("TooManyRequestsException", "Maximum sending rate exceeded.", 429);
    const domain = (address: string) => address.split("@")[1] ?? "";
    const ok = (address: string) => this.verified.has(address) || this.verified.has(domain(address));
    const failed = [from, ...(this.sandbox ? to : [])].filter((a) => !ok(a));
    if (failed.length > 0)
      this.refuse(
        "MessageRejected",
        `Email address is not verified. The following identities failed the check in region ${this.region.toUpperCase()}: ${failed.join(", ")}`,
      );
    const raw = new TextDecoder().decode(input.Content?.Raw?.Data ?? new Uint8Array());
    const messageId = `0107019b${String(++this.counter).padStart(8, "0")}-fake-ses-000000`;
    this.sent.push({ from, to, raw, messageId });
    return { MessageId: messageId };
  }
}
