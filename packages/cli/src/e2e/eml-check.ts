/**
 * The e2e check of the deliver step: the dry run's `newsletter.eml` (what SES would have been given) is in the
 * newsletters bucket next to the newsletter, and is a message a mail client opens — the RFC 5322 headers
 * (From, To, Subject, Date, Message-ID, MIME-Version), a `multipart/alternative` body with a boundary, a
 * non-empty text/plain part and a text/html part equal to the newsletter.html beside it. A structural check
 * written here rather than a MIME library: this code ships in the CLI, and the message is the engine's own
 * (`buildNewsletterMime`); the engine's tests parse it with a real MIME parser.
 */
import { type BlobStore, layout } from "@vectora/core";

const REQUIRED_HEADERS = ["from", "to", "subject", "date", "message-id", "mime-version"] as const;

/** A header block: lower-cased names → unfolded values (the first occurrence of each). */
function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  let last: string | undefined;
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && last) {
      headers.set(last, `${headers.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(last)) headers.set(last, line.slice(colon + 1).trim());
    else last = undefined;
  }
  return headers;
}

/** A header value with its RFC 2047 encoded-words (`=?UTF-8?B?…?=`, `?Q?`) decoded, for the summary line. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : decodeBody(text.replace(/_/g, " "), "quoted-printable"),
    );
}

/** Headers and body of an entity, split at its first empty line. */
function splitEntity(text: string): { headers: Map<string, string>; body: string } {
  const at = /\r?\n\r?\n/.exec(text);
  if (!at) return { headers: parseHeaders(text), body: "" };
  return { headers: parseHeaders(text.slice(0, at.index)), body: text.slice(at.index + at[0].length) };
}

/** A part's body decoded by its Content-Transfer-Encoding (base64, quoted-printable, 7bit/8bit), as UTF-8. */
function decodeBody(body: string, encoding: string | undefined): string {
  const kind = (encoding ?? "7bit").toLowerCase();
  if (kind === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (kind === "quoted-printable") {
    const unfolded = body.replace(/=\r?\n/g, "");
    const bytes: number[] = [];
    for (let i = 0; i < unfolded.length; i++) {
      const hex = unfolded[i] === "=" ? unfolded.slice(i + 1, i + 3) : "";
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(Number.parseInt(hex, 16));
        i += 2;
      } else bytes.push(...Buffer.from(unfolded[i]!, "utf8"));
    }
    return Buffer.from(bytes).toString("utf8");
  }
  return body;
}

/**
 * Checks a raw message (see the top of this file); throws naming what is wrong, else returns a one-line summary.
 * `html` is the newsletter the HTML part must equal (line ends aside).
 */
export function checkNewsletterEml(raw: string, html: string): string {
  const { headers, body } = splitEntity(raw);
  const missing = REQUIRED_HEADERS.filter((h) => !headers.get(h));
  if (missing.length > 0) throw new Error(`no ${missing.join(", ")} header(s)`);
  if (headers.get("mime-version") !== "1.0")
    throw new Error(`MIME-Version is "${headers.get("mime-version")}", not 1.0`);
  const contentType = headers.get("content-type") ?? "";
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!/^multipart\/alternative\s*;/i.test(contentType) || !boundary)
    throw new Error(`Content-Type is "${contentType}", not multipart/alternative with a boundary`);
  const closing = body.indexOf(`--${boundary}--`);
  if (closing < 0) throw new Error(`the multipart body has no closing boundary --${boundary}--`);
  const parts = body
    .slice(0, closing)
    .split(new RegExp(`(?:^|\\r?\\n)--${boundary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\r?\\n`))
    .slice(1)
    .map(splitEntity)
    .map((p) => ({
      type: (p.headers.get("content-type") ?? "text/plain").split(";")[0]!.trim().toLowerCase(),
      text: decodeBody(p.body.replace(/\r?\n$/, ""), p.headers.get("content-transfer-encoding")),
    }));
  const text = parts.find((p) => p.type === "text/plain");
  const htmlPart = parts.find((p) => p.type === "text/html");
  if (!text || !htmlPart)
    throw new Error(
      `multipart/alternative needs a text/plain and a text/html part, found [${parts.map((p) => p.type).join(", ")}]`,
    );
  if (text.text.trim() === "") throw new Error("the text/plain part is empty");
  const lf = (s: string) => s.replace(/\r\n/g, "\n");
  if (lf(htmlPart.text) !== lf(html))
    throw new Error(
      `the text/html part (${htmlPart.text.length} chars) is not the newsletter.html beside it (${html.length} chars)`,
    );
  const to = headers.get("to")!.split(",").length;
  return `From ${headers.get("from")}, To ${to} address(es), Subject "${decodeWords(headers.get("subject")!)}", text/plain ${text.text.length} chars + text/html = newsletter.html`;
}

/** The dry run's `.eml` of the client's issue, read from the newsletters store and checked. */
export async function checkDeliveryEml(
  newsletters: BlobStore,
  clientId: string,
  targetDate: string,
): Promise<string> {
  const key = layout.newsletterEml(clientId, targetDate);
  const raw = await newsletters.getText(key);
  if (raw === undefined)
    throw new Error(
      `missing ${newsletters.location}/${key}: the deliver step wrote no dry-run message (does the client's config have a delivery block?)`,
    );
  const html = (await newsletters.getText(layout.newsletter(clientId, targetDate, "html"))) ?? "";
  try {
    return `${key} (${Buffer.byteLength(raw)} B): ${checkNewsletterEml(raw, html)}`;
  } catch (error) {
    throw new Error(
      `${newsletters.location}/${key} is not the newsletter's email: ${(error as Error).message}`,
    );
  }
}
