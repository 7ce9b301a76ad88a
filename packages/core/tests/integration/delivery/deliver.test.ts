/**
 * The delivery step on a real issue (the recorded fortnight run through `runWeek` on disk): the dry run's .eml read
 * back by a real MIME parser, once-per-issue sends through SES v2 (the real client over a stateful fake), the
 * concurrency-safe claim, SES's refusals, and issues that are not ready.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { makeTempDir, RECORDINGS_DIR, type TempDir } from "@vectora/testing";
import PostalMime from "postal-mime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FsBlobStore } from "../../../src/adapters/fs-blob-store.js";
import { ReplayHttpTransport } from "../../../src/adapters/replay-http.js";
import { SesMailer } from "../../../src/adapters/ses-mailer.js";
import type { VectoraConfig } from "../../../src/config/schema.js";
import { DeliveryNotReadyError, deliverIssue, readClaims } from "../../../src/delivery/index.js";
import { runWeek } from "../../../src/jobs/week.js";
import { readLedgerEntry } from "../../../src/ledger/index.js";
import { MailerError } from "../../../src/ports/mailer.js";
import { NoSecrets } from "../../../src/ports/secrets.js";
import { FakeSes } from "../../support/fake-ses.js";
import { loadRepoConfig } from "../../support/repo.js";
import { testTempCopy } from "../temp-dirs.js";

const AS_OF = "2025-12-17";
const CLOCK = () => new Date("2025-12-17T07:00:00Z");
let built: TempDir;
let config: VectoraConfig;
beforeAll(async () => {
  config = await loadRepoConfig();
  built = await makeTempDir("deliver-issue");
  const week = await runWeek({
    config,
    clientId: "lai_weekly",
    asOf: AS_OF,
    dataStore: new FsBlobStore(join(built.path, "data")),
    newslettersStore: new FsBlobStore(join(built.path, "newsletters")),
    transport: new ReplayHttpTransport(RECORDINGS_DIR),
    secrets: new NoSecrets(),
    shardSize: 8,
    env: "test",
    clock: CLOCK,
  });
  expect(week.summary.ok, week.summary.message).toBe(true);
}, 60_000);
afterAll(() => built?.remove());

/** A fresh copy of the built issue's stores. */
async function issueCopy() {
  const dir = await testTempCopy(built.path, "deliver");
  return {
    dir: dir.path,
    options: {
      config,
      clientId: "lai_weekly",
      asOf: AS_OF,
      dataStore: new FsBlobStore(join(dir.path, "data")),
      newslettersStore: new FsBlobStore(join(dir.path, "newsletters")),
      clock: CLOCK,
    },
  };
}

describe("deliverIssue", () => {
  it("writes newsletter.eml next to newsletter.html in a dry run: both parts, the headers, the HTML as written", async () => {
    const { dir, options } = await issueCopy();
    const reply = await deliverIssue({ ...options, dryRun: true });
    expect(reply).toMatchObject({ status: "dry_run", to_count: 1 });
    const folder = join(dir, "newsletters/lai_weekly/2025/12/17");
    expect(reply.eml).toBe(`dir:${folder}/newsletter.eml`);
    const store = new FsBlobStore(folder);
    const mail = await PostalMime.parse((await store.getText("newsletter.eml"))!);
    expect(mail.html).toBe(await store.getText("newsletter.html"));
    expect(mail.text).toContain("LAI Intelligence Weekly — 17 December 2025");
    expect(mail.text).toMatch(/Nanexa and Moderna enter into license/);
    expect(mail.subject).toBe("LAI Intelligence Weekly — 2025-12-17");
    expect(mail.from?.address).toBe("newsletter@example.com");
    expect(mail.to?.map((t) => t.address)).toEqual(["lai-team@example.com"]);
    expect(mail.messageId).toMatch(/^<2025-12-17\.[0-9a-f]{16}\.1\.lai_weekly@vectora\.example\.com>$/);
    expect(mail.date).toBe("2025-12-17T07:00:00.000Z");
    // A dry run claims and records nothing.
    expect((await readClaims(options.dataStore, "lai_weekly", AS_OF)).highestAttempt).toBe(0);
    expect((await readLedgerEntry(options.dataStore, "lai_weekly", AS_OF))?.delivery).toBeNull();
  });

  it("sends once per issue through SES: a second delivery sends nothing unless resend", async () => {
    const { options } = await issueCopy();
    const ses = new FakeSes();
    ses.verified.add("example.com");
    const mailer = new SesMailer(ses.client());
    const first = await deliverIssue({ ...options, mailer });
    expect(first).toMatchObject({ status: "sent", to_count: 1 });
    expect(ses.sent).toHaveLength(1);
    const mail = await PostalMime.parse(ses.sent[0]!.raw);
    expect(mail.html).toBe(await options.newslettersStore.getText("lai_weekly/2025/12/17/newsletter.html"));
    const entry = await readLedgerEntry(options.dataStore, "lai_weekly", AS_OF);
    expect(entry?.delivery).toMatchObject({ to_count: 1, attempt: 1, provider_id: ses.sent[0]!.messageId });

    const again = await deliverIssue({ ...options, mailer });
    expect(again.status).toBe("already_sent");
    expect(again.message).toMatch(/^already sent on 2025-12-17T07:00:00\.000Z .*--resend sends it again$/);
    expect(ses.sent).toHaveLength(1);

    const resent = await deliverIssue({ ...options, mailer, resend: true });
    expect(resent.status).toBe("sent");
    expect(ses.sent).toHaveLength(2);
    expect((await readLedgerEntry(options.dataStore, "lai_weekly", AS_OF))?.delivery?.attempt).toBe(2);
  });

  it("sends once when deliveries of the same issue race (the claim is a conditional create)", async () => {
    const { options } = await issueCopy();
    const ses = new FakeSes();
    ses.verified.add("example.com");
    const mailer = new SesMailer(ses.client());
    const replies = await Promise.all([1, 2, 3, 4].map(() => deliverIssue({ ...options, mailer })));
    expect(ses.sent).toHaveLength(1);
    expect(replies.filter((r) => r.status === "sent")).toHaveLength(1);
    for (const r of replies.filter((r) => r.status !== "sent"))
      expect(["claimed", "already_sent"]).toContain(r.status);
  });

  it("says what SES refused, marks the claim failed, and sends on the next delivery once fixed", async () => {
    const { options } = await issueCopy();
    const ses = new FakeSes();
    ses.verified.add("newsletter@example.com");
    const mailer = new SesMailer(ses.client());
    const refused = await deliverIssue({ ...options, mailer }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MailerError);
    expect((refused as Error).message).toBe(
      "SES refused the message: MessageRejected: Email address is not verified. The following identities failed the check in region EU-WEST-3: lai-team@example.com",
    );
    const { claims } = await readClaims(options.dataStore, "lai_weekly", AS_OF);
    expect(claims.map((c) => c.status)).toEqual(["failed"]);
    expect((await readLedgerEntry(options.dataStore, "lai_weekly", AS_OF))?.delivery).toBeNull();

    ses.verified.add("lai-team@example.com");
    expect(await deliverIssue({ ...options, mailer })).toMatchObject({ status: "sent" });
    expect((await readClaims(options.dataStore, "lai_weekly", AS_OF)).claims.map((c) => c.status)).toEqual([
      "failed",
      "sent",
    ]);
  });

  it("reports throttling as retryable, and a claim never confirmed blocks further sends until resend", async () => {
    const { options } = await issueCopy();
    const ses = new FakeSes();
    ses.verified.add("example.com");
    ses.maxSends = 0;
    const throttled = await deliverIssue({ ...options, mailer: new SesMailer(ses.client()) }).catch((e) => e);
    expect(throttled).toMatchObject({
      name: "MailerError",
      code: "TooManyRequestsException",
      retryable: true,
    });

    // A process that died between its claim and SES's answer: the send may have happened.
    const hung = await issueCopy();
    await hung.options.dataStore.put(
      "ledger/lai_weekly/2025-12-17.send-1.json",
      JSON.stringify({
        client_id: "lai_weekly",
        as_of: AS_OF,
        attempt: 1,
        status: "claimed",
        claimed_at: "2025-12-17T07:00:01.000Z",
        claimed_by: "arn:aws:states:eu-west-3:1:execution:weekly:run",
      }),
    );
    ses.maxSends = 10;
    const blocked = await deliverIssue({ ...hung.options, mailer: new SesMailer(ses.client()) });
    expect(blocked.status).toBe("claimed");
    expect(blocked.message).toMatch(/never confirmed .*--resend$/);
    expect(ses.sent).toHaveLength(0);
  });

  it("refuses an issue that is not complete or whose JSON is not a newsletter", async () => {
    const { dir, options } = await issueCopy();
    await rm(join(dir, "newsletters/lai_weekly/2025/12/17/newsletter.html"));
    await expect(deliverIssue({ ...options, dryRun: true })).rejects.toThrow(DeliveryNotReadyError);
    await expect(deliverIssue({ ...options, dryRun: true })).rejects.toThrow(/newsletter\.html is missing/);
    const other = await issueCopy();
    await expect(deliverIssue({ ...other.options, asOf: "2025-12-10", dryRun: true })).rejects.toThrow(
      /does not exist/,
    );
  });
});
