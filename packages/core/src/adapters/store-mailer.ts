/**
 * The dry-run adapter of the mailer port: the message is written as a `.eml` file (any mail client opens it) to a
 * blob store key instead of being sent. `vectora send --dry-run` and the weekly run's dry runs use it.
 */
import type { BlobStore } from "../ports/blob-store.js";
import type { Mailer, OutgoingEmail, SentEmail } from "../ports/mailer.js";

/** A {@link Mailer} that writes each message to `store` at `key`. */
export class StoreMailer implements Mailer {
  constructor(
    private readonly store: BlobStore,
    private readonly key: string,
  ) {}

  async send(email: OutgoingEmail): Promise<SentEmail> {
    await this.store.put(this.key, email.raw, { contentType: "message/rfc822" });
    return { providerId: email.messageId, destination: `${this.store.location}/${this.key}` };
  }
}
