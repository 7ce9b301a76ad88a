/**
 * The engine handler against a real S3-protocol server (s3rver): config in the config bucket, ingested JSON
 * Lines in the data bucket; the three newsletter files must appear in the newsletters bucket.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { layout, type Mailer, NewsletterDocument, type OutgoingEmail } from "@vectora/core";
import { type S3Server, startS3Server } from "@vectora/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHandler, type EngineSuccess } from "../../src/create-handler.js";
import { readEngineEnv } from "../../src/env.js";
import { engineEnv } from "../support/engine-env.js";
import { rawItem } from "../support/raw-item.js";
import { putRepoConfig } from "../support/s3-config.js";

const ENV = engineEnv("test", "info");
const BUCKETS = { config: ENV.CONFIG_BUCKET, data: ENV.DATA_BUCKET, newsletters: ENV.NEWSLETTERS_BUCKET };

const RUN = { id: "ing_20251217_s3", at: "2025-12-17T06:00:00.000Z" };
const raw = (...args: [string, string, string, string, string?]) => rawItem(RUN, ...args);

const ITEMS = [
  raw(
    "press_corporate__nanexa",
    "Nanexa and Moderna enter into license and option agreement for the development of PharmaShell®-based products",
    "https://nanexa.com/mfn_news/licence/",
    "2025-12-10",
    "Nanexa will receive an upfront payment of USD 3 million.",
  ),
  raw(
    "press_corporate__medincell",
    "Medincell Publishes its Consolidated Half-Year Financial Results (April 1st , 2025 – September 30, 2025)",
    "https://www.medincell.com/hy.pdf",
    "2025-12-09",
  ),
  raw(
    "press_sector__fiercepharma",
    `Pfizer <script>alert(1)</script> & Co trims sales force`,
    "https://www.fiercepharma.com/pfizer-sales",
    "2025-12-12",
  ),
];

describe("engine handler on S3 (s3rver)", () => {
  let s3: S3Server;
  let handler: ReturnType<typeof createHandler>;
  const logs: string[] = [];

  beforeAll(async () => {
    s3 = await startS3Server({ buckets: Object.values(BUCKETS) });
    await putRepoConfig(s3.client, BUCKETS.config);
    await s3.client.send(
      new PutObjectCommand({
        Bucket: BUCKETS.data,
        Key: layout.ingestedRun("lai_weekly", "2025-12-17", "ing_20251217_s3"),
        Body: ITEMS.map((i) => JSON.stringify(i)).join("\n"),
      }),
    );
    const env = readEngineEnv(ENV);
    handler = createHandler({
      s3Client: s3.client,
      env,
      clock: () => new Date("2025-12-17T07:00:00Z"),
      log: (l) => logs.push(l),
    });
  });
  afterAll(() => s3?.stop());

  const getText = async (key: string) => {
    const out = await s3.client.send(new GetObjectCommand({ Bucket: BUCKETS.newsletters, Key: key }));
    return out.Body!.transformToString();
  };

  it("writes the Markdown, HTML and JSON newsletter and returns the run's figures", async () => {
    const result = (await handler({ client_id: "lai_weekly", target_date: "2025-12-17" })) as EngineSuccess;
    expect(result.statusCode).toBe(200);
    expect(result.files).toEqual({
      md: `s3://${BUCKETS.newsletters}/lai_weekly/2025/12/17/newsletter.md`,
      html: `s3://${BUCKETS.newsletters}/lai_weekly/2025/12/17/newsletter.html`,
      json: `s3://${BUCKETS.newsletters}/lai_weekly/2025/12/17/newsletter.json`,
    });
    expect(result.counts).toMatchObject({ input: 3, kept: 1, noise: 1, not_lai: 1 });
    const doc = NewsletterDocument.parse(JSON.parse(await getText("lai_weekly/2025/12/17/newsletter.json")));
    expect(doc.sections.map((s) => s.items.map((i) => i.url))).toEqual([
      ["https://nanexa.com/mfn_news/licence/"],
    ]);
    expect(doc.generated_at).toBe("2025-12-17T07:00:00.000Z");
    expect(await getText("lai_weekly/2025/12/17/newsletter.md")).toContain(
      "Nanexa and Moderna enter into license",
    );
    const html = await getText("lai_weekly/2025/12/17/newsletter.html");
    expect(html).toContain("<!DOCTYPE html>");
    expect(html).not.toContain("<script>");
    expect(logs.some((l) => JSON.parse(l).message === "engine run finished")).toBe(true);
  });

  it("answers 400 naming the field for a bad event or an unknown client, without writing anything", async () => {
    expect(await handler({ target_date: "2025-12-17" })).toEqual({
      statusCode: 400,
      error: "client_id: required (the client whose newsletter to write)",
    });
    expect(await handler({ client_id: "lai_weekly", period_days: 0 })).toMatchObject({
      statusCode: 400,
      error: expect.stringMatching(/^period_days: /),
    });
    const unknown = await handler({ client_id: "nobody", target_date: "2025-12-18" });
    expect(unknown).toMatchObject({
      statusCode: 400,
      error: expect.stringContaining('client_id: unknown client "nobody"'),
    });
    const listed = await s3.client.send(
      new ListObjectsV2Command({ Bucket: BUCKETS.newsletters, Prefix: "nobody/" }),
    );
    expect(listed.KeyCount ?? 0).toBe(0);
  });

  it("sends a real delivery through the injected mailer, once (the Lambda's SES path)", async () => {
    const sent: OutgoingEmail[] = [];
    let built = 0;
    const mailer: Mailer = {
      send: async (email) => {
        sent.push(email);
        return { providerId: `ses-${sent.length}`, destination: "ses:eu-west-3" };
      },
    };
    const sending = createHandler({
      s3Client: s3.client,
      env: readEngineEnv(ENV),
      clock: () => new Date("2025-12-17T07:05:00Z"),
      log: () => {},
      mailer: () => {
        built += 1;
        return mailer;
      },
    });
    const dry = await sending({
      action: "deliver",
      client_id: "lai_weekly",
      as_of: "2025-12-17",
      dry_run: true,
    });
    expect(dry).toMatchObject({ statusCode: 200, status: "dry_run" });
    expect(built).toBe(0);
    const first = await sending({ action: "deliver", client_id: "lai_weekly", as_of: "2025-12-17" });
    expect(first).toMatchObject({ statusCode: 200, status: "sent", to_count: 1 });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toEqual(["lai-team@example.com"]);
    expect(sent[0]!.raw).toContain("Content-Type: multipart/alternative;");
    const again = await sending({ action: "deliver", client_id: "lai_weekly", as_of: "2025-12-17" });
    expect(again).toMatchObject({ statusCode: 200, status: "already_sent" });
    expect(sent).toHaveLength(1);
    expect(built).toBe(1);
  });
});
