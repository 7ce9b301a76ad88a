/**
 * Delivery readiness, read from the params files and the clients' config: a client scheduled in an environment
 * that emails (`delivery.email.from`) needs an SES identity in `SesIdentityArns` covering its sender, or the
 * engine has no `ses:SendEmail` and every weekly send fails. Plus the operator warnings that cannot be errors
 * because only the operator knows the value: an empty prod `AlertEmail`, a sender on a reserved domain.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { isE2eClient } from "@vectora/core/events";
import { parse } from "yaml";
import type { ParamsFile } from "../template.js";
import type { Finding, Rule } from "./types.js";

/**
 * The sender (`delivery.email.from`) of each client that emails, by client id, from `configDir/clients/*.yaml`.
 * The end-to-end test's clients (`e2e_*`) never email — their delivery is always a dry run, the engine refuses
 * any other — so their sender (a reserved `.invalid` address) needs no SES identity and is left out.
 */
export function loadClientSenders(configDir: string): Record<string, string> {
  const dir = join(configDir, "clients");
  if (!existsSync(dir)) return {};
  const senders: Record<string, string> = {};
  for (const name of readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    try {
      const doc = parse(readFileSync(join(dir, name), "utf8")) as {
        client_id?: unknown;
        delivery?: { email?: { from?: unknown } };
      };
      const from = doc?.delivery?.email?.from;
      if (typeof doc?.client_id === "string" && typeof from === "string" && !isE2eClient(doc.client_id))
        senders[doc.client_id] = from;
    } catch {
      // An unreadable client file is `vectora config validate`'s finding, not this rule's.
    }
  }
  return senders;
}

/** The clients a params file schedules (`ScheduledClient1..3`). */
function scheduledClients(params: ParamsFile): string[] {
  return Object.entries(params.values)
    .filter(([k, v]) => /^ScheduledClient\d+$/.test(k) && v.trim() !== "")
    .map(([, v]) => v.trim());
}

/** The identity (address or domain) an SES identity ARN names, lower-cased. */
function identityOf(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:ses:[a-z0-9-]+:\d{12}:identity\/(.+)$/.exec(arn.trim())?.[1]?.toLowerCase();
}

export const sesIdentityCoversSender: Rule = {
  id: "ses-identity-covers-sender",
  summary:
    "every client a params file schedules that emails has an SES identity in SesIdentityArns covering its sender",
  resourceTypes: ["AWS::IAM::Role"],
  check(template, ctx) {
    if (!template.body.Parameters?.["SesIdentityArns"] || !ctx.clientSenders) return [];
    const findings: Finding[] = [];
    for (const params of ctx.paramsFiles) {
      const identities = (params.values["SesIdentityArns"] ?? "").split(",").map(identityOf);
      for (const client of scheduledClients(params)) {
        const from = ctx.clientSenders[client];
        if (!from) continue;
        const address = from.toLowerCase();
        const domain = address.slice(address.lastIndexOf("@") + 1);
        if (identities.includes(address) || identities.includes(domain)) continue;
        findings.push({
          file: params.file,
          rule: this.id,
          message:
            `${basename(params.file)} schedules ${client}, which emails from ${from}, but SesIdentityArns lists no ` +
            `identity for ${domain} or ${from}: the engine could not send. Verify the sender in SES ` +
            `(aws sesv2 create-email-identity --email-identity ${domain}) and set "SesIdentityArns": ` +
            `["arn:aws:ses:<region>:<account>:identity/${domain}"] in ${basename(params.file)}`,
        });
      }
    }
    return findings;
  },
};

/** Domains reserved for documentation (RFC 2606 / 6761): no SES identity on them can ever be verified. */
const RESERVED_DOMAIN = /(^|\.)(example\.(com|org|net)|example|test|invalid|localhost)$/;

/**
 * What only the operator can set, printed by `vectora infra check` as warnings (never failing it: CI cannot know
 * the real addresses): a prod params file without `AlertEmail` (alerts reach no one), and a scheduled client
 * emailing from a reserved domain.
 */
export function operatorWarnings(
  paramsFiles: ParamsFile[],
  clientSenders: Record<string, string> = {},
): Finding[] {
  const warnings: Finding[] = [];
  for (const params of paramsFiles) {
    const name = basename(params.file);
    if (params.env === "prod" && (params.values["AlertEmail"] ?? "").trim() === "")
      warnings.push({
        file: params.file,
        rule: "alert-subscription",
        message:
          `${name} has no AlertEmail: run summaries and alarms reach no one. Set "AlertEmail" to the on-call ` +
          "address (then confirm SNS's email), or subscribe one to the AlertTopicArn output with aws sns subscribe",
      });
    for (const client of scheduledClients(params)) {
      const from = clientSenders[client];
      const domain = from?.slice(from.lastIndexOf("@") + 1).toLowerCase();
      if (domain && RESERVED_DOMAIN.test(domain))
        warnings.push({
          file: params.file,
          rule: "sender-placeholder",
          message:
            `${name} schedules ${client}, whose sender ${from} is on a reserved domain SES can never verify: set ` +
            `delivery.email.from in config/clients/${client}.yaml and SesIdentityArns to the real sender`,
        });
    }
  }
  return warnings;
}
