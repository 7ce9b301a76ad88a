/**
 * The engine handler keeps each client's ledger in the data bucket (s3rver, the real S3 protocol): weekly issues
 * never repeat an item, a late arrival is printed once, a retry rebuilds the same issue, the archive page lands in
 * the newsletters bucket, and concurrent runs of one client leave every ledger entry valid.
 */
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { layout, NewsletterDocument, type RawItem, readLedger } from "@vectora/core";
import { S3BlobStore } from "@vectora/core/adapters/s3";
import { type S3Server, startS3Server } from "@vectora/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHandler, type EngineSuccess } from "../../src/create-handler.js";
import { readEngineEnv } from "../../src/env.js";
import { rawItem } from "../support/raw-item.js";
import { putRepoConfig } from "../support/s3-config.js";

const BUCKETS = {
  config: "vectora-inbox-config-ledger",
  data: "vectora-inbox-data-ledger",
  newsletters: "vectora-inbox-newsletters-ledger",
};

const raw = rawItem;

const WEEK1 = { id: "ing_20251210_s3", at: "2025-12-10T06:00:00.000Z" };
const WEEK2 = { id: "ing_20251217_s3", at: "2025-12-17T06:00:00.000Z" };
const LICENCE = raw(
  WEEK1,
  "press_corporate__nanexa",
  "Nanexa and Moderna enter into license and option agreement for the development of PharmaShell®-based products",
  "https://nanexa.com/mfn_news/licence/",
  "2025-12-10",
  "Nanexa will receive an upfront payment of USD 3 million.",
);
const NDA = raw(
  WEEK1,
  "press_corporate__medincell",
  "Medincell’s Partner Teva Pharmaceuticals Announces the New Drug Application Submission to U.S. FDA for Olanzapine Extended-Release Injectable Suspension (TEV-‘749 / mdc-TJK) for the Once-Monthly Treatment of Schizophrenia in Adults",
  "https://www.medincell.com/wp-content/uploads/2025/12/MDC_Olanzapine-NDA-filing_09122025_EN_vf-2.pdf",
  "2025-12-09",
  "Teva has submitted a New Drug Application to the U.S. FDA for olanzapine extended-release injectable suspension (TEV-'749 / mdc-TJK), a once-monthly subcutaneous long-acting injectable for schizophrenia. The product uses Medincell's technology and showed no post-injection delirium/sedation syndrome in the Phase 3 SOLARIS trial.",
);
const RETELLING = raw(
  WEEK2,
  "press_sector__fiercepharma",
  "Teva submits olanzapine long-acting injectable to FDA, eyeing 2026 launch in schizophrenia",
  "https://www.fiercepharma.com/pharma/teva-submits-olanzapine-lai",
  "2025-12-17",
  "Teva has filed its once-monthly olanzapine extended-release injectable suspension, TEV-'749, with the FDA. Partnered with Medincell, the subcutaneous long-acting injectable avoided the post-injection delirium/sedation syndrome seen with Zyprexa Relprevv in the phase 3 SOLARIS study.",
);
const CHMP = raw(
  WEEK2,
  "press_corporate__camurus",
  "Camurus receives positive CHMP opinion for Oclaiz® (CAM2029, octreotide subcutaneous depot) in acromegaly",
  "https://www.camurus.com/media/press-releases/2025/oclaiz-chmp/",
  "2025-12-16",
  "The CHMP has adopted a positive opinion recommending marketing authorisation of Oclaiz® (CAM2029), a once-monthly octreotide subcutaneous depot based on the FluidCrystal® technology.",
);
/** Dated in the first week, but its page only answered in the second: first written by the second week's run. */
const LATE = raw(
  WEEK2,
  "press_corporate__peptron",
  "PEPTRON signs SmartDepot™ technology evaluation agreement with a global pharmaceutical company",
  "https://www.peptron.co.kr/eng/pr/view.php?idx=213&page=1",
  "2025-12-09",
  "PEPTRON has signed a material transfer and technology evaluation agreement for its SmartDepot™ microsphere platform. The partner will evaluate one-month and three-month depot formulations of a peptide drug.",
);

describe("engine handler: the ledger on S3 (s3rver)", () => {
  let s3: S3Server;
  let handler: ReturnType<typeof createHandler>;
  // The Lambda's clock: on the last issue's day (an as_of after tomorrow is refused by the event contract).
  let tick = Date.parse("2026-01-07T07:00:00Z");

  beforeAll(async () => {
    s3 = await startS3Server({ buckets: Object.values(BUCKETS) });
    await putRepoConfig(s3.client, BUCKETS.config);
    const putRun = (asOf: string, runId: string, items: RawItem[]) =>
      s3.client.send(
        new PutObjectCommand({
          Bucket: BUCKETS.data,
          Key: layout.ingestedRun("lai_weekly", asOf, runId),
          Body: items.map((i) => JSON.stringify(i)).join("\n"),
        }),
      );
    await putRun("2025-12-10", WEEK1.id, [LICENCE, NDA]);
    await putRun("2025-12-17", WEEK2.id, [RETELLING, CHMP, LATE]);
    handler = createHandler({
      s3Client: s3.client,
      env: readEngineEnv({
        ENV: "test",
        PROJECT_NAME: "vectora-inbox",
        CONFIG_BUCKET: BUCKETS.config,
        DATA_BUCKET: BUCKETS.data,
        NEWSLETTERS_BUCKET: BUCKETS.newsletters,
        LOG_LEVEL: "error",
      }),
      clock: () => {
        tick += 60_000;
        return new Date(tick);
      },
      log: () => {},
    });
  });
  afterAll(() => s3?.stop());

  const run = async (target_date: string) => {
    const result = await handler({ client_id: "lai_weekly", target_date });
    expect(result.statusCode).toBe(200);
    return result as EngineSuccess;
  };
  const getText = async (bucket: string, key: string) =>
    (await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
  const doc = async (asOf: string) =>
    NewsletterDocument.parse(
      JSON.parse(await getText(BUCKETS.newsletters, layout.newsletter("lai_weekly", asOf, "json"))),
    );
  const printedUrls = async (asOf: string) =>
    (await doc(asOf)).sections.flatMap((s) => s.items.map((i) => i.url));

  it("records each issue in the data bucket and never prints an item, nor its retelling, twice", async () => {
    const first = await run("2025-12-10");
    expect(first.window_basis).toEqual({ kind: "first_issue", period_days: 14 });
    expect(first.ledger).toBe(`s3://${BUCKETS.data}/ledger/lai_weekly/2025-12-10.json`);
    expect(await printedUrls("2025-12-10")).toEqual(expect.arrayContaining([LICENCE.url, NDA.url]));

    const second = await run("2025-12-17");
    expect(second.window).toEqual({ from: "2025-12-11", to: "2025-12-17" });
    expect(second.window_basis).toEqual({ kind: "since_previous", previous_as_of: "2025-12-10" });
    const urls = await printedUrls("2025-12-17");
    expect(urls).toContain(CHMP.url);
    expect(urls).not.toContain(RETELLING.url);
    expect(urls).not.toContain(LICENCE.url);
    expect(urls).not.toContain(NDA.url);
    const retelling = (await doc("2025-12-17")).decisions.find((d) => d.url === RETELLING.url);
    expect(retelling?.reasons[0]).toBe("published_in:2025-12-10");
  });

  it("prints the late arrival once, marked late", async () => {
    const second = await doc("2025-12-17");
    const late = second.sections.flatMap((s) => s.items).filter((i) => i.url === LATE.url);
    expect(late.map((i) => i.late)).toEqual([true]);
    expect(await printedUrls("2025-12-10")).not.toContain(LATE.url);
  });

  it("rebuilds the same issue on a retry and replaces its ledger entry", async () => {
    const before = await getText(BUCKETS.newsletters, layout.newsletter("lai_weekly", "2025-12-17", "json"));
    await run("2025-12-17");
    const after = await getText(BUCKETS.newsletters, layout.newsletter("lai_weekly", "2025-12-17", "json"));
    const strip = (t: string) => t.replace(/"generated_at": "[^"]+"/, "");
    expect(after).not.toBe(before);
    expect(strip(after)).toBe(strip(before));
    const { entries } = await readLedger(
      new S3BlobStore({ client: s3.client, bucket: BUCKETS.data }),
      "lai_weekly",
    );
    expect(entries.map((e) => e.as_of)).toEqual(["2025-12-10", "2025-12-17"]);
  });

  it("rewrites the archive page in the newsletters bucket, newest first, with relative links", async () => {
    const html = await getText(BUCKETS.newsletters, layout.archive("lai_weekly"));
    expect([...html.matchAll(/<h3[^>]*><a href="([^"]+)"/g)].map((m) => m[1])).toEqual([
      "2025/12/17/newsletter.html",
      "2025/12/10/newsletter.html",
    ]);
  });

  it("leaves every ledger entry valid when runs of one client overlap (other weeks, and a retry of one)", async () => {
    await Promise.all([run("2025-12-24"), run("2025-12-31"), run("2025-12-24")]);
    const ledger = await readLedger(
      new S3BlobStore({ client: s3.client, bucket: BUCKETS.data }),
      "lai_weekly",
    );
    expect(ledger.problems).toEqual([]);
    expect(ledger.entries.map((e) => e.as_of)).toEqual([
      "2025-12-10",
      "2025-12-17",
      "2025-12-24",
      "2025-12-31",
    ]);
    // The archive is a view of the ledger: the next issue lists every entry, whatever the race left.
    await run("2026-01-07");
    const html = await getText(BUCKETS.newsletters, layout.archive("lai_weekly"));
    expect(html.match(/<h3/g)).toHaveLength(5);
  });
});
