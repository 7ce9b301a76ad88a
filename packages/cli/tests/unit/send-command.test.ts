/**
 * `vectora run --deliver` and `vectora send` on disk: the dry run's .eml next to newsletter.html (parsed by a real
 * MIME parser), then real sends through a mailer that counts: the second `vectora send` sends nothing and says so.
 */

import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Mailer, OutgoingEmail } from "@vectora/core";
import PostalMime from "postal-mime";
import { describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli.js";
import { sendCommand } from "../../src/commands/send.js";
import { captureIO, tempDirsPerTest } from "../support/cli.js";

const temp = tempDirsPerTest();
const ISSUE = ".vectora/newsletters/lai_weekly/2025/12/17";

describe("vectora run --deliver and vectora send", () => {
  it("writes newsletter.eml in a dry run, then sends once: a second send without --resend sends nothing", async () => {
    const dir = await temp.make("send");
    const run = captureIO(dir);
    expect(await main(["run", "--deliver"], run), run.stderr()).toBe(0);
    expect(run.stdout()).toMatch(
      /^ {2}deliver: dry run: wrote dir:.*newsletter\.eml \(1 recipient\(s\)\); nothing sent$/m,
    );
    const eml = join(dir, ISSUE, "newsletter.eml");
    expect(run.stdout().trim().split("\n").at(-1)).toBe(eml);
    const mail = await PostalMime.parse(await readFile(eml, "utf8"));
    expect(mail.html).toBe(await readFile(join(dir, ISSUE, "newsletter.html"), "utf8"));
    expect(mail.text).toContain("LAI Intelligence Weekly");

    const dry = captureIO(dir);
    expect(await main(["send", "--client", "lai_weekly", "--dry-run"], dry)).toBe(0);
    expect(dry.stdout().trim().split("\n").at(-1)).toBe(eml);

    const sent: OutgoingEmail[] = [];
    const mailer: Mailer = {
      send: async (email) => {
        sent.push(email);
        return { providerId: `ses-${sent.length}`, destination: "ses:eu-west-3" };
      },
    };
    const send = sendCommand(async () => mailer);
    const first = captureIO(dir);
    expect(await send.run(["--client", "lai_weekly"], first), first.stderr()).toBe(0);
    expect(first.stdout()).toMatch(
      /^vectora send lai_weekly 2025-12-17: sent to 1 recipient\(s\) via ses:eu-west-3/,
    );
    const second = captureIO(dir);
    expect(await send.run(["--client", "lai_weekly", "--date", "2025-12-17"], second)).toBe(0);
    expect(second.stdout()).toMatch(/already sent on .*: nothing sent; --resend sends it again/);
    expect(sent).toHaveLength(1);
    const again = captureIO(dir);
    expect(await send.run(["--client", "lai_weekly", "--resend"], again)).toBe(0);
    expect(sent).toHaveLength(2);

    const history = captureIO(dir);
    expect(await main(["history", "--json"], history)).toBe(0);
    expect(JSON.parse(history.stdout()).issues[0]).toMatchObject({
      delivered: true,
      delivery: { attempt: 2 },
    });
  });

  it("says there is nothing to send before the first run, and refuses a malformed --date", async () => {
    const dir = await temp.make("send-empty");
    const io = captureIO(dir);
    expect(await main(["send", "--client", "lai_weekly", "--dry-run"], io)).toBe(1);
    expect(io.stderr()).toMatch(/no issue of lai_weekly in .* yet/);
    expect(await main(["send", "--date", "17/12/2025"], captureIO(dir))).toBe(2);
  });
});

describe("vectora send without an AWS region", () => {
  it("says the region is missing, before claiming anything (not as SES refusing the message)", async () => {
    const dir = await temp.make("send-region");
    const run = captureIO(dir);
    expect(await main(["run"], run), run.stderr()).toBe(0);
    vi.stubEnv("AWS_REGION", "");
    vi.stubEnv("AWS_DEFAULT_REGION", "");
    vi.stubEnv("AWS_PROFILE", "");
    vi.stubEnv("AWS_CONFIG_FILE", join(dir, "no-aws-config"));
    vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", join(dir, "no-aws-credentials"));
    try {
      const send = captureIO(dir);
      expect(await main(["send", "--client", "lai_weekly"], send)).toBe(1);
      expect(send.stderr()).toMatch(/^vectora send lai_weekly 2025-12-17: no AWS region: set AWS_REGION/);
      expect(send.stderr()).not.toMatch(/SES refused/);
      // Nothing was claimed: the ledger folder holds the issue only.
      const ledger = await readdir(join(dir, ".vectora/data/ledger/lai_weekly"));
      expect(ledger.filter((name) => !name.startsWith("."))).toEqual(["2025-12-17.json"]);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("vectora send for an end-to-end test's client", () => {
  it("refuses a real send before anything is read or claimed (exit 2)", async () => {
    const dir = await temp.make("send-e2e");
    const io = captureIO(dir);
    expect(await main(["send", "--client", "e2e_smoke"], io)).toBe(2);
    expect(io.stderr()).toMatch(
      /e2e_smoke is an end-to-end test's client: it never emails \(use --dry-run\)/,
    );
  });
});
