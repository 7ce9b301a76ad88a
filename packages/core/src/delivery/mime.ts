/**
 * The newsletter as an email: one RFC 5322 message, MIME `multipart/alternative` with a plain-text part (from the
 * Markdown, quoted-printable) and the HTML newsletter (base64: its bytes arrive exactly as written, line ends
 * included), UTF-8, CRLF line ends, no line over 76 characters. The
 * subject is RFC 2047-encoded when it is not plain ASCII; `Date` is written in UTC from the given instant, so the
 * same message comes out under any `TZ`.
 */
import { createHash } from "node:crypto";
import { stripControlCharacters } from "../util/safe-text.js";

export interface NewsletterEmail {
  from: string;
  to: readonly string[];
  subject: string;
  /** When the message is sent (the `Date` header, written in UTC). */
  date: Date;
  /** Without angle brackets: `2026-01-05.3f9a….lai_weekly@vectora.example.com`. */
  messageId: string;
  text: string;
  html: string;
}

const CRLF = "\r\n";
const MAX_LINE = 76;
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `Mon, 05 Jan 2026 06:00:00 +0000` (RFC 5322 §3.3), from the instant's UTC fields. */
export function rfc5322Date(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return (
    `${DAYS[date.getUTCDay()]}, ${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`
  );
}

/**
 * A header value as RFC 2047 encoded-words when it holds anything but printable ASCII (`=?UTF-8?B?…?=`, each
 * word at most 75 characters, never splitting a character), else as is. Control characters are removed first:
 * a subject from config can never inject a header.
 */
export function encodeHeaderWords(value: string): string {
  const clean = stripControlCharacters(value).replace(/[\r\n\t]+/g, " ");
  if (/^[\x20-\x7e]*$/.test(clean)) return clean;
  const words: string[] = [];
  let chunk = "";
  // 39 bytes of UTF-8 → 52 base64 characters → a 64-character encoded-word ("Subject: " + it fits in 78).
  for (const char of clean) {
    if (Buffer.byteLength(chunk + char) > 39) {
      words.push(chunk);
      chunk = "";
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, "utf8").toString("base64")}?=`).join(`${CRLF} `);
}

/** Quoted-printable (RFC 2045 §6.7) of UTF-8 text: hard line breaks as CRLF, soft breaks at 76 characters. */
export function quotedPrintable(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  return lines.map(encodeQpLine).join(CRLF);
}

function encodeQpLine(line: string): string {
  const bytes = Buffer.from(line, "utf8");
  const tokens: string[] = [];
  for (const [i, byte] of bytes.entries()) {
    const last = i === bytes.length - 1;
    const literal = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
    tokens.push(literal ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, "0")}`);
  }
  // Soft line breaks: at most 75 characters then "=", never inside an =XX token.
  const out: string[] = [];
  let current = "";
  for (const token of tokens) {
    if (current.length + token.length > MAX_LINE - 1) {
      out.push(`${current}=`);
      current = "";
    }
    current += token;
  }
  out.push(current);
  return out.join(CRLF);
}

/** Base64 of UTF-8 text in lines of 76 characters (RFC 2045 §6.8). */
function base64Lines(text: string): string {
  return (
    Buffer.from(text, "utf8")
      .toString("base64")
      .match(/.{1,76}/g) ?? []
  ).join(CRLF);
}

/** A `To:` header folded one address per line when they do not fit on one. */
function foldAddresses(name: string, addresses: readonly string[]): string {
  const one = `${name}: ${addresses.join(", ")}`;
  return one.length <= 78 ? one : `${name}: ${addresses.join(`,${CRLF} `)}`;
}

/**
 * The raw message, ready for SES `SendEmail` (`Content.Raw.Data`) or to be saved as a `.eml`.
 *
 * @example
 * ```ts
 * const raw = buildNewsletterMime({ from, to: ["reader@example.com"], subject: "LAI weekly — 2026-01-05",
 *   date: new Date(), messageId: "2026-01-05.ab12.lai_weekly@vectora.example.com", text, html });
 * ```
 */
export function buildNewsletterMime(email: NewsletterEmail): string {
  const boundary = `=_vectora_${createHash("sha256").update(email.messageId).digest("hex").slice(0, 24)}`;
  const part = (type: string, encoding: "quoted-printable" | "base64", body: string) =>
    [
      `--${boundary}`,
      `Content-Type: ${type}; charset=utf-8`,
      `Content-Transfer-Encoding: ${encoding}`,
      "",
      encoding === "base64" ? base64Lines(body) : quotedPrintable(body),
    ].join(CRLF);
  return [
    `From: ${email.from}`,
    foldAddresses("To", email.to),
    `Subject: ${encodeHeaderWords(email.subject)}`,
    `Date: ${rfc5322Date(email.date)}`,
    `Message-ID: <${email.messageId}>`,
    "MIME-Version: 1.0",
    `Content-Type: multipart/alternative;${CRLF} boundary="${boundary}"`,
    "",
    "This is a multipart message in MIME format.",
    part("text/plain", "quoted-printable", email.text),
    part("text/html", "base64", email.html),
    `--${boundary}--`,
    "",
  ].join(CRLF);
}
