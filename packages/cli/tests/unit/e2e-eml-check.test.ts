/**
 * The e2e check of the dry run's `.eml`: the engine's own message (buildNewsletterMime) passes, and a real MIME
 * parser (postal-mime) reads the same parts from it; broken copies fail, naming what is wrong.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildNewsletterMime, layout } from "@vectora/core";
import { FsBlobStore } from "@vectora/core/adapters";
import PostalMime from "postal-mime";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkDeliveryEml, checkNewsletterEml } from "../../src/e2e/eml-check.js";

const HTML =
  '<!doctype html>\n<html><body style="margin:0"><h1>Signals — 2025-12-17</h1>\r\n<p>Ünïcode ✓</p></body></html>\n';
const RAW = buildNewsletterMime({
  from: "newsletter@e2e.invalid",
  to: ["reader@e2e.invalid", "other@e2e.invalid"],
  subject: "Vectora end-to-end test (never sent) — 2025-12-17",
  date: new Date("2025-12-17T09:00:00Z"),
  messageId: "2025-12-17.ab12.1.e2e_smoke@vectora.e2e.invalid",
  text: "# Signals — 2025-12-17\n\nÜnïcode ✓ and a line long enough to be soft-broken by quoted-printable encoding at 76.",
  html: HTML,
});

describe("checkNewsletterEml", () => {
  it("accepts the engine's message: headers, both multipart/alternative parts, the HTML part = newsletter.html", async () => {
    expect(checkNewsletterEml(RAW, HTML)).toMatch(
      /^From newsletter@e2e\.invalid, To 2 address\(es\), Subject "Vectora end-to-end test \(never sent\) — 2025-12-17", text\/plain \d+ chars \+ text\/html = newsletter\.html$/,
    );
    // A real MIME parser reads the same HTML part.
    const parsed = await PostalMime.parse(RAW);
    expect(parsed.html).toBe(HTML);
    expect(parsed.text).toContain("Ünïcode ✓");
  });

  it.each([
    [
      "a missing header",
      (r: string) => r.replace(/^MIME-Version: 1\.0\r\n/m, ""),
      "no mime-version header(s)",
    ],
    ["no From", (r: string) => r.replace(/^From: .*\r\n/m, ""), "no from header(s)"],
    [
      "a single-part message",
      (r: string) => r.replace(/multipart\/alternative;/, "text/html;"),
      "not multipart/alternative with a boundary",
    ],
    ["no closing boundary", (r: string) => r.replace(/--=_vectora_[0-9a-f]+--/, ""), "no closing boundary"],
    [
      "no text/html part",
      (r: string) => r.replace("Content-Type: text/html", "Content-Type: text/calendar"),
      "found [text/plain, text/calendar]",
    ],
  ])("refuses %s", (_, broken, message) => {
    expect(() => checkNewsletterEml(broken(RAW), HTML)).toThrow(message);
  });

  it("refuses an HTML part that is not the newsletter beside it", () => {
    expect(() => checkNewsletterEml(RAW, `${HTML}<p>later edit</p>`)).toThrow(
      /the text\/html part \(\d+ chars\) is not the newsletter\.html beside it/,
    );
  });
});

describe("checkDeliveryEml", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "vectora-eml-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the .eml next to the newsletter, or says the deliver step wrote none", async () => {
    const store = new FsBlobStore(dir);
    await store.put(layout.newsletter("e2e_smoke", "2025-12-17", "html"), HTML);
    await expect(checkDeliveryEml(store, "e2e_smoke", "2025-12-17")).rejects.toThrow(
      /missing .*e2e_smoke\/2025\/12\/17\/newsletter\.eml: the deliver step wrote no dry-run message/,
    );
    await store.put(layout.newsletterEml("e2e_smoke", "2025-12-17"), RAW);
    expect(await checkDeliveryEml(store, "e2e_smoke", "2025-12-17")).toMatch(
      /^e2e_smoke\/2025\/12\/17\/newsletter\.eml \(\d+ B\): From newsletter@e2e\.invalid, To 2 address\(es\)/,
    );
  });
});
