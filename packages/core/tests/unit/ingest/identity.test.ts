import { describe, expect, it } from "vitest";
import { canonicalUrl, contentHashOf, itemIdFor } from "../../../src/ingest/identity.js";
import { itMapsEach } from "../../support/tables.js";

describe("canonicalUrl", () => {
  itMapsEach(canonicalUrl, [
    [
      "https://WWW.FiercePharma.com/pharma/story?utm_source=rss&utm_medium=fiercebiotech",
      "https://www.fiercepharma.com/pharma/story",
    ],
    ["https://example.com/a/?b=2&a=1#section", "https://example.com/a?a=1&b=2"],
    ["https://example.com:443/news/", "https://example.com/news"],
    ["http://example.com:80/news", "http://example.com/news"],
    ["http://example.com:8080/news", "http://example.com:8080/news"],
    ["https://example.com/", "https://example.com/"],
    ["https://example.com", "https://example.com/"],
    ["https://example.com/x?gclid=1&fbclid=2&mc_cid=3&mc_eid=4&ref=home&id=7", "https://example.com/x?id=7"],
    ["https://example.com/x?UTM_Campaign=a&page=2", "https://example.com/x?page=2"],
    [
      "https://www.peptron.co.kr/eng/pr/view.php?page=1&idx=213",
      "https://www.peptron.co.kr/eng/pr/view.php?idx=213&page=1",
    ],
    // Escapes of unreserved characters decoded, the others upper-cased (RFC 3986 §6.2.2).
    ["https://ex.com/%7Ejd/pr", "https://ex.com/~jd/pr"],
    ["https://ex.com/a%7eb%41", "https://ex.com/a~bA"],
    ["https://ex.com/a%2fb%c3%a4", "https://ex.com/a%2Fb%C3%A4"],
  ]);

  it("gives the same identity to both spellings of one page", () => {
    const a = canonicalUrl("https://nanexa.com/mfn_news/nanexa-and-moderna/?utm_campaign=x");
    const b = canonicalUrl("https://NANEXA.com/mfn_news/nanexa-and-moderna#top");
    expect(a).toBe(b);
    expect(itemIdFor(a)).toBe(itemIdFor(b));
  });

  it("orders repeated parameters by code unit, whatever the machine's locale", () => {
    // localeCompare puts "ä" before "z" in en-US and after it in sv-SE; identity must not change with the locale.
    expect(canonicalUrl("https://ex.com/p?t=z&t=%C3%A4")).toBe("https://ex.com/p?t=z&t=%C3%A4");
    expect(canonicalUrl("https://ex.com/p?t=%C3%A4&t=z")).toBe("https://ex.com/p?t=z&t=%C3%A4");
    expect(canonicalUrl("https://ex.com/p?b=1&B=2&a=3")).toBe("https://ex.com/p?B=2&a=3&b=1");
  });

  it("keeps different pages apart and rejects non-http URLs", () => {
    expect(canonicalUrl("https://example.com/x?id=1")).not.toBe(canonicalUrl("https://example.com/x?id=2"));
    expect(() => canonicalUrl("mailto:press@example.com")).toThrow(/not an http\(s\) URL/);
    expect(() => canonicalUrl("/relative/path")).toThrow();
  });
});

describe("itemIdFor / contentHashOf", () => {
  it("derives a 16-hex id from the canonical URL only", () => {
    expect(itemIdFor("https://example.com/a")).toMatch(/^itm_[0-9a-f]{16}$/);
    expect(itemIdFor("https://example.com/a")).not.toBe(itemIdFor("https://example.com/b"));
  });

  it("changes the content hash when the title or the content changes", () => {
    const base = contentHashOf("Title", "Body");
    expect(base).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(contentHashOf("Title", "Body")).toBe(base);
    expect(contentHashOf("Title!", "Body")).not.toBe(base);
    expect(contentHashOf("Title", "Body.")).not.toBe(base);
    expect(contentHashOf("TitleB", "ody")).not.toBe(contentHashOf("Title", "Body"));
  });
});
