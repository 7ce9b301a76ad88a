/** Dates as listing pages write them, read without a per-site format, the same under any TZ. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { dateFromAttribute } from "../../../src/ingest/listing/date-scan.js";
import {
  extractListing,
  firstDate,
  isDatePhrase,
  scanDates,
  slashOrderOf,
} from "../../../src/ingest/listing/index.js";
import { REPO_ROOT } from "../../support/repo.js";
import { itMapsEach } from "../../support/tables.js";

describe("scanDates", () => {
  it.each([
    ["9 December 2025", "2025-12-09"],
    ["10 December, 2025", "2025-12-10"],
    ["December 9, 2025", "2025-12-09"],
    ["December 3rd, 2025", "2025-12-03"],
    ["Dec 9, 2025", "2025-12-09"],
    ["Dec. 09, 2025", "2025-12-09"],
    ["Sept 30, 2025", "2025-09-30"],
    ["9th Dec 2025", "2025-12-09"],
    ["09.12.2025", "2025-12-09"],
    ["9.12.2025", "2025-12-09"],
    ["09-12-2025", "2025-12-09"],
    ["2025.12.09", "2025-12-09"],
    ["2025. 12. 9.", "2025-12-09"],
    ["2025/12/09", "2025-12-09"],
    ["2025-12-09", "2025-12-09"],
    ["2025-12-09T23:30:00-05:00", "2025-12-09"],
    ["2025-12-09 08:00 CET", "2025-12-09"],
    ["Tuesday, 9 December 2025 08:00 CET", "2025-12-09"],
    ["2025年12月9日", "2025-12-09"],
    ["2025년 12월 9일", "2025-12-09"],
    ["9. Dezember 2025", "2025-12-09"],
    ["3. März 2025", "2025-03-03"],
    ["9 décembre 2025", "2025-12-09"],
    ["1er décembre 2025", "2025-12-01"],
    ["9 de diciembre de 2025", "2025-12-09"],
    ["9 december 2025", "2025-12-09"],
    ["9 maj 2025", "2025-05-09"],
    ["9. joulukuuta 2025", "2025-12-09"],
    ["ResultsDecember 9, 2025", "2025-12-09"],
  ])("reads %s", (text, iso) => {
    expect(firstDate(text, "mdy")).toBe(iso);
  });

  it.each([
    "31.11.2025",
    "2025.13.01",
    "December 2025",
    "110 December 2025",
    "2025.12.091",
    "Q4 2025",
    "summary 9, 2025",
    "",
  ])("finds no date in %j", (text) => {
    expect(scanDates(text, "mdy")).toEqual([]);
  });

  it("reads slashed dates by a part above 12, else by the page's order", () => {
    expect(firstDate("24/11/2025", "mdy")).toBe("2025-11-24");
    expect(firstDate("11/24/2025", "dmy")).toBe("2025-11-24");
    expect(firstDate("12/09/2025", "mdy")).toBe("2025-12-09");
    expect(firstDate("12/09/2025", "dmy")).toBe("2025-09-12");
  });

  it("lists every date of a text in reading order", () => {
    expect(scanDates("Updated 12 Dec 2025 · published 9 Dec 2025", "dmy").map((h) => h.iso)).toEqual([
      "2025-12-12",
      "2025-12-09",
    ]);
  });
});

describe("slashOrderOf", () => {
  it("lets the page's own dates decide first", () => {
    expect(slashOrderOf("a 24/11/2025 b 12/09/2025", "en-US", "https://x.com/").order).toBe("dmy");
    expect(slashOrderOf("a 11/24/2025 b 12/09/2025", "en-GB", "https://x.co.uk/").order).toBe("mdy");
  });

  it("then the page language, then the domain", () => {
    expect(slashOrderOf("12/09/2025", "en-US", "https://x.co.uk/").order).toBe("mdy");
    expect(slashOrderOf("12/09/2025", "en-GB", "https://x.com/").order).toBe("dmy");
    expect(slashOrderOf("12/09/2025", "de", "https://x.com/").order).toBe("dmy");
    expect(slashOrderOf("12/09/2025", "en", "https://x.co.uk/")).toEqual({
      order: "dmy",
      reason: "country domain .uk",
    });
    expect(slashOrderOf("12/09/2025", "en", "https://x.com/").order).toBe("mdy");
    expect(slashOrderOf("12/09/2025", undefined, "https://x.io/").order).toBe("mdy");
  });

  it("yields to a source's date_order", () => {
    expect(slashOrderOf("11/24/2025", "en-US", "https://x.com/", "dmy")).toEqual({
      order: "dmy",
      reason: "set by the source's date_order",
    });
  });
});

describe("isDatePhrase tells a date phrase from prose that mentions a date", () => {
  itMapsEach(isDatePhrase, [
    ["Press release · 8 December 2025", true],
    ["Posted on December 9, 2025 by Jane Doe", true],
    ["Tuesday, 9 December 2025 08:00 CET", true],
    ["The meeting will be held on 22 December 2025 in Lund.", false],
    ["Lundaform to host R&D day on 21 January 2026", false],
    ["No date here", false],
  ]);
});

describe("dateFromAttribute takes the day as written, whatever the offset", () => {
  itMapsEach(dateFromAttribute, [
    ["2025-12-09T23:30:00-05:00", "2025-12-09"],
    ["2025-12-10T00:30:00+09:00", "2025-12-10"],
    ["2025-12-09", "2025-12-09"],
    ["9 December 2025", undefined],
    [undefined, undefined],
  ]);
});

describe("time zones", () => {
  const original = process.env["TZ"];
  afterEach(() => {
    if (original === undefined) delete process.env["TZ"];
    else process.env["TZ"] = original;
  });

  it("gives the same dates under any TZ", () => {
    const html = readFileSync(join(REPO_ROOT, "fixtures/listings/wordpress-article-list.html"), "utf8");
    const dates = (tz: string) => {
      process.env["TZ"] = tz;
      return extractListing(html, "https://www.lumidepot.com/news/").entries.map((e) => e.published_at);
    };
    const utc = dates("UTC");
    expect(utc).toEqual(["2025-12-10", "2025-12-03", "2025-11-24", "2025-11-12", "2025-10-28"]);
    for (const tz of ["America/Los_Angeles", "Asia/Tokyo", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
      expect(dates(tz), tz).toEqual(utc);
  });
});
