/**
 * ses-identity-covers-sender (a scheduled client that emails needs an SES identity for its sender, or the engine
 * cannot send) and the operator warnings (prod without AlertEmail; a sender on a reserved domain), on the real
 * infra/ and config/ and on broken copies.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkInfraDir, checkTemplates } from "../../../src/infra/index.js";
import { sesIdentityCoversSender } from "../../../src/infra/rules/index.js";
import { loadClientSenders } from "../../../src/infra/rules/ses-identity.js";
import { edit, INFRA_DIR, infraWith, NOW } from "./helpers.js";

const CONFIG_DIR = fileURLToPath(new URL("../../../../../config/", import.meta.url));
const senders = loadClientSenders(CONFIG_DIR);
const IDENTITY = '"arn:aws:ses:eu-west-3:786469175371:identity/example.com"';

const check = (files: ReturnType<typeof infraWith>, clientSenders = senders) =>
  checkTemplates(files.templates, files.paramsFiles, {
    now: NOW,
    rules: [sesIdentityCoversSender],
    clientSenders,
  });

describe("ses-identity-covers-sender", () => {
  it("reads the senders of the clients that email (lai_weekly) from config/clients", () => {
    expect(senders["lai_weekly"]).toMatch(/@/);
  });

  it("passes on the real params files", () => {
    expect(check(infraWith({})).findings).toEqual([]);
  });

  it("fails prod without SesIdentityArns, saying what to verify and set", () => {
    const files = infraWith({ params: { file: "prod.json", change: (t) => edit(t, IDENTITY, "") } });
    const [finding, ...rest] = check(files).findings;
    expect(rest).toEqual([]);
    expect(finding?.file).toBe("infra/params/prod.json");
    expect(finding?.message).toContain("prod.json schedules lai_weekly, which emails from");
    expect(finding?.message).toContain("aws sesv2 create-email-identity --email-identity example.com");
    expect(finding?.message).toContain(
      '"SesIdentityArns": ["arn:aws:ses:<region>:<account>:identity/example.com"]',
    );
  });

  it("fails an identity for another domain; accepts the exact address", () => {
    const other = infraWith({
      params: { file: "prod.json", change: (t) => edit(t, "identity/example.com", "identity/example.org") },
    });
    expect(check(other).findings).toHaveLength(1);
    const address = infraWith({
      params: {
        file: "prod.json",
        change: (t) => edit(t, "identity/example.com", "identity/newsletter@example.com"),
      },
    });
    expect(check(address).findings).toEqual([]);
  });

  it("leaves out the e2e clients: their delivery is always a dry run, so their .invalid sender needs no identity", () => {
    // e2e_smoke has a delivery block (the e2e test exercises the deliver step) on a reserved domain.
    expect(readFileSync(join(CONFIG_DIR, "clients", "e2e_smoke.yaml"), "utf8")).toMatch(
      /from: \S+@e2e\.invalid/,
    );
    expect(senders["e2e_smoke"]).toBeUndefined();
    // Even scheduled (it should not be), it demands no SES identity and warns of no placeholder sender.
    const files = infraWith({
      params: {
        file: "dev.json",
        change: (t) =>
          edit(
            t,
            '"ScheduledClient1": "lai_weekly",',
            '"ScheduledClient1": "lai_weekly", "ScheduledClient2": "e2e_smoke",',
          ),
      },
    });
    expect(check(files).findings).toEqual([]);
    const { warnings } = checkTemplates(files.templates, files.paramsFiles, {
      now: NOW,
      rules: [],
      clientSenders: senders,
    });
    expect(warnings.filter((w) => w.message.includes("e2e_smoke"))).toEqual([]);
  });

  it("does not apply to a client that does not email", () => {
    const files = infraWith({ params: { file: "prod.json", change: (t) => edit(t, IDENTITY, "") } });
    expect(check(files, {}).findings).toEqual([]);
  });
});

describe("operator warnings", () => {
  it("infra check on the repo warns that prod has no AlertEmail and a placeholder sender, without failing", () => {
    const report = checkInfraDir(INFRA_DIR, { now: NOW, configDir: CONFIG_DIR });
    expect(report.ok).toBe(true);
    const rules = report.warnings.map((w) => `${w.rule} ${w.file.slice(w.file.lastIndexOf("/") + 1)}`);
    expect(rules).toContain("alert-subscription prod.json");
    expect(rules).not.toContain("alert-subscription dev.json");
    expect(rules).toContain("sender-placeholder prod.json");
  });

  it("no AlertEmail warning once prod sets one", () => {
    const files = infraWith({
      params: {
        file: "prod.json",
        change: (t) => edit(t, '"AlertEmail": ""', '"AlertEmail": "oncall@pharma.eu"'),
      },
    });
    const { warnings } = checkTemplates(files.templates, files.paramsFiles, {
      now: NOW,
      rules: [],
      clientSenders: {},
    });
    expect(warnings).toEqual([]);
  });
});
