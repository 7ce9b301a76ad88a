/**
 * `vectora send`: the delivery step on a local store — email an issue `vectora run` wrote, once. `--dry-run` writes
 * the message as `newsletter.eml` next to `newsletter.html` (any mail client opens it); without it, the message
 * goes through Amazon SES v2 with the standard AWS credentials, once per issue (`--resend` to send again).
 */
import { resolve } from "node:path";
import { deliverIssue, listIssueDates, type Mailer } from "@vectora/core";
import { FsBlobStore } from "@vectora/core/adapters";
import { isE2eClient } from "@vectora/core/events";
import {
  CLIENT_FLAG,
  CONFIG_FLAG,
  type Command,
  defineCommand,
  JSON_FLAG,
  parseDateFlag,
  UsageError,
} from "../cli-kit.js";
import { loadClientConfig } from "../support/client-config.js";

const USAGE = [
  "Usage: vectora send --client ID [--store DIR] [--date YYYY-MM-DD] [--dry-run] [--resend] [--config DIR] [--json]",
  "",
  "Emails an issue to the client's readers (its `delivery.email` block): MIME multipart/alternative, the HTML",
  "newsletter and a plain-text part, through Amazon SES v2 (AWS credentials and AWS_REGION from the environment).",
  "Only a complete issue is sent (its Markdown, HTML and JSON of one generation, the JSON valid, recorded in the",
  "ledger), and only once: the send is claimed in the store first and recorded in the ledger (`vectora history`).",
  "",
  "  --client    client id (default lai_weekly)",
  "  --store     where `vectora run` wrote data/ and newsletters/ (default .vectora)",
  "  --date      the issue's date (default: the client's newest issue)",
  "  --dry-run   write newsletter.eml next to newsletter.html and print its path; nothing is sent or recorded",
  "  --resend    send an issue already sent (or whose last send was never confirmed) again",
  "",
  "Exit 0 when sent, written, or already sent (said so); 1 when the issue is not ready or SES refused it.",
].join("\n");

/**
 * The SES v2 mailer on the standard AWS credential and region chain. A missing region is said plainly before
 * anything is claimed (the SDK's own "Region is missing" would read as SES refusing the message).
 */
export async function sesMailerFromEnvironment(): Promise<Mailer> {
  const { createSesClient, SesMailer } = await import("@vectora/core/adapters/ses");
  const client = createSesClient();
  try {
    await client.config.region();
  } catch {
    throw new Error(
      "no AWS region: set AWS_REGION to the region of the SES identity (or AWS_PROFILE to a profile with a region), or use --dry-run",
    );
  }
  return new SesMailer(client);
}

/**
 * The verb, on an injectable mailer factory (the default builds the SES v2 client), called only when a message
 * is to be sent (not with --dry-run).
 */
export function sendCommand(makeMailer: () => Promise<Mailer> = sesMailerFromEnvironment): Command {
  return defineCommand({
    usage: USAGE,
    flags: {
      ...CLIENT_FLAG,
      store: { type: "string", default: ".vectora" },
      date: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      resend: { type: "boolean", default: false },
      ...CONFIG_FLAG,
      ...JSON_FLAG,
    },
    async run(values, io) {
      // An end-to-end test's client never emails (its addresses are test ones): only its dry run is written.
      if (isE2eClient(values.client) && !values["dry-run"])
        throw new UsageError(
          `${values.client} is an end-to-end test's client: it never emails (use --dry-run)`,
        );
      const storeDir = resolve(io.cwd, values.store);
      const dataStore = new FsBlobStore(resolve(storeDir, "data"));
      const { config } = await loadClientConfig(io.cwd, values.config, values.client);
      const asOf =
        parseDateFlag("date", values.date) ?? (await listIssueDates(dataStore, values.client)).at(-1);
      if (!asOf) {
        io.err(`vectora send: no issue of ${values.client} in ${storeDir} yet (run \`vectora run\` first)\n`);
        return 1;
      }
      try {
        const reply = await deliverIssue({
          config,
          clientId: values.client,
          asOf,
          dataStore,
          newslettersStore: new FsBlobStore(resolve(storeDir, "newsletters")),
          dryRun: values["dry-run"],
          resend: values.resend,
          actor: "vectora send",
          ...(values["dry-run"] ? {} : { mailer: await makeMailer() }),
        });
        if (values.json) io.out(`${JSON.stringify(reply)}\n`);
        else {
          io.out(`vectora send ${values.client} ${asOf}: ${reply.message}\n`);
          if (reply.eml) io.out(`${reply.eml.replace(/^dir:/, "")}\n`);
        }
        return reply.status === "claimed" ? 1 : 0;
      } catch (error) {
        io.err(`vectora send ${values.client} ${asOf}: ${(error as Error).message}\n`);
        return 1;
      }
    },
  });
}

export default sendCommand();
