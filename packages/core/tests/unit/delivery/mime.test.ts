import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import { buildNewsletterMime, markdownToText, rfc5322Date } from "../../../src/delivery/index.js";

const HTML = `<!DOCTYPE html><html><body style="margin:0"><h1 style="color:#123">LAI — 5 janvier</h1>${'<p style="x">Déjà vu: a very long paragraph of text '.repeat(20)}</p></body></html>\n`;
const EMAIL = {
  from: "newsletter@example.com",
  to: ["a@example.com", "b@example.org", "a-third-reader-with-a-long-address@subsidiary.example.net"],
  subject: "LAI Intelligence Weekly — 5 janvier 2026 ✓",
  date: new Date("2026-01-05T06:00:07Z"),
  messageId: "2026-01-05.abc.1.lai_weekly@vectora.example.com",
  text: markdownToText(
    "# LAI — weekly\n\n## Deals\n\n**Who:** Nanexa · [Read →](https://example.com/a?b=c&d=e)\n",
  ),
  html: HTML,
};

describe("the newsletter email (MIME)", () => {
  it("parses with a real MIME parser: headers, a text part and an HTML part equal to the newsletter", async () => {
    const raw = buildNewsletterMime(EMAIL);
    const mail = await PostalMime.parse(raw);
    expect(mail.from?.address).toBe("newsletter@example.com");
    expect(mail.to?.map((t) => t.address)).toEqual(EMAIL.to);
    expect(mail.subject).toBe(EMAIL.subject);
    expect(mail.messageId).toBe(`<${EMAIL.messageId}>`);
    expect(new Date(mail.date!).toISOString()).toBe("2026-01-05T06:00:07.000Z");
    expect(mail.html).toBe(HTML);
    expect(mail.text).toContain("Deals\n-----");
    expect(mail.text).toContain("Who: Nanexa · Read → <https://example.com/a?b=c&d=e>");
    expect(raw).toMatch(/^MIME-Version: 1\.0\r$/m);
    expect(raw).toMatch(/Content-Type: multipart\/alternative;/);
  });

  it("uses CRLF only and keeps every line within 78 characters (quoted-printable, encoded words)", () => {
    const raw = buildNewsletterMime(EMAIL);
    expect(raw.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of raw.split("\r\n")) expect(line.length, line).toBeLessThanOrEqual(78);
    expect(raw).toMatch(/^Subject: =\?UTF-8\?B\?/m);
    expect(raw).not.toMatch(/[^\x00-\x7f]/);
  });

  it("writes Date in UTC whatever the machine's time zone, and strips header injection from the subject", async () => {
    expect(rfc5322Date(new Date("2026-01-04T23:30:00Z"))).toBe("Sun, 04 Jan 2026 23:30:00 +0000");
    const mail = await PostalMime.parse(
      buildNewsletterMime({ ...EMAIL, subject: "Weekly\r\nBcc: victim@example.com" }),
    );
    expect(mail.subject).toBe("Weekly Bcc: victim@example.com");
    expect(mail.bcc ?? []).toEqual([]);
  });
});
