/**
 * Recorded HTTP: the replay adapter answers from recordings on disk, the record adapter wraps another transport
 * and saves what it answers in the same format. One JSON file per request:
 *
 * ```json
 * { "request": { "method": "GET", "url": "https://www.medincell.com/news/" },
 *   "response": { "status": 200, "headers": { "content-type": "text/html" }, "bodyFile": "medincell-news.html" } }
 * ```
 *
 * `body` holds the text inline; `bodyFile` names a file next to the recording (readable fixtures for big pages).
 * Faults replace the response: `{ "fault": "timeout" }`, `{ "fault": "tls", "message": "…" }`,
 * `{ "fault": "network", "message": "…" }` — the replay throws the same {@link HttpTransportError} kinds as the
 * live adapter. Recordings are matched by method + URL with credential parameters removed, so an API key is
 * never part of a file name or a recording.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import * as z from "zod";
import {
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  HttpTransportError,
  redactUrl,
} from "../ports/http-transport.js";
import { abortedError, tooLargeError } from "./request-limits.js";

const RecordedRequest = z.object({ method: z.enum(["GET", "POST"]), url: z.string().min(1) });

export const Recording = z.union([
  z
    .object({
      request: RecordedRequest,
      response: z
        .object({
          status: z.number().int().min(100).max(599),
          headers: z.record(z.string(), z.string()).default({}),
          body: z.string().optional(),
          bodyFile: z.string().min(1).optional(),
          /** Final URL after redirects, when it differs from the request. */
          url: z.string().optional(),
        })
        .refine(
          (r) => (r.body === undefined) !== (r.bodyFile === undefined),
          "give exactly one of body or bodyFile",
        ),
    })
    .strict(),
  z
    .object({
      request: RecordedRequest,
      fault: z.enum(["timeout", "tls", "network"]),
      message: z.string().optional(),
    })
    .strict(),
]);
export type Recording = z.output<typeof Recording>;

/** The key a request is recorded under: `GET https://…` without credentials. */
export function recordingKey(method: string, url: string): string {
  return `${method.toUpperCase()} ${redactUrl(url)}`;
}

interface Entry {
  file: string;
  recording: Recording;
}

/** The prefix {@link HttpTransportError} puts before a fault's detail: `tls for GET https://…: `. */
const faultPrefix = /^(?:timeout|tls|network) for GET \S+: /;

/** Answers requests from a directory of recordings (searched recursively). */
export class ReplayHttpTransport implements HttpTransport {
  private index: Promise<Map<string, Entry>> | undefined;
  /** Requests answered, in order (tests and the CLI use it to show what was replayed). */
  readonly served: string[] = [];

  constructor(readonly dir: string) {}

  private load(): Promise<Map<string, Entry>> {
    this.index ??= buildIndex(this.dir);
    return this.index;
  }

  async request(request: HttpRequest): Promise<HttpResponse> {
    const key = recordingKey(request.method, request.url);
    if (request.signal?.aborted) throw abortedError(request);
    const entry = (await this.load()).get(key);
    if (!entry) throw new HttpTransportError("no_recording", request.url, `nothing recorded in ${this.dir}`);
    this.served.push(key);
    const { recording } = entry;
    if ("fault" in recording) {
      // Recordings made before the recorder stored the plain detail hold the whole message: drop its prefix.
      const detail =
        recording.message?.replace(faultPrefix, "") ??
        (recording.fault === "timeout"
          ? "no complete response within the timeout (recorded fault)"
          : "recorded fault");
      throw new HttpTransportError(recording.fault, request.url, detail);
    }
    const { response } = recording;
    const body = response.body ?? (await readBodyFile(entry.file, response.bodyFile!));
    // The same cap as the live adapter's, on the recorded body's UTF-8 size.
    if (request.maxBytes !== undefined && Buffer.byteLength(body, "utf8") > request.maxBytes)
      throw tooLargeError(request.url, request.maxBytes);
    if (request.signal?.aborted) throw abortedError(request);
    return {
      status: response.status,
      headers: lowerCaseKeys(response.headers),
      body,
      url: response.url ?? request.url,
    };
  }
}

async function buildIndex(dir: string): Promise<Map<string, Entry>> {
  const index = new Map<string, Entry>();
  let files: string[];
  try {
    files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith(".json")).sort();
  } catch (error) {
    throw new Error(`cannot read recordings directory ${dir}: ${(error as Error).message}`);
  }
  for (const name of files) {
    const file = join(dir, name);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, "utf8"));
    } catch (error) {
      throw new Error(`recording ${file} is not valid JSON: ${(error as Error).message}`);
    }
    const result = Recording.safeParse(parsed);
    if (!result.success) {
      // JSON files that are not recordings (an index, a README) are allowed only if they have no `request`.
      if (typeof parsed === "object" && parsed !== null && !("request" in parsed)) continue;
      throw new Error(
        `recording ${file} is invalid: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      );
    }
    const key = recordingKey(result.data.request.method, result.data.request.url);
    const previous = index.get(key);
    if (previous) throw new Error(`recordings ${previous.file} and ${file} both answer ${key}`);
    index.set(key, { file, recording: result.data });
  }
  return index;
}

/** A recording's `bodyFile`, read from next to the recording; a missing one names both files. */
async function readBodyFile(recordingFile: string, bodyFile: string): Promise<string> {
  const path = join(dirname(recordingFile), bodyFile);
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new Error(
      `recording ${recordingFile}: cannot read its bodyFile ${path}: ${(error as Error).message}`,
    );
  }
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Bodies longer than this go to a `bodyFile` so recordings stay readable. */
const INLINE_BODY_LIMIT = 2_000;
/** Response headers worth keeping in a recording. */
const KEPT_HEADERS = ["content-type", "retry-after", "last-modified", "etag"];

/** `https://www.medincell.com/news/?page=2` → `medincell.com-news-page-2` */
export function recordingSlug(url: string): string {
  const parsed = new URL(redactUrl(url));
  const raw = `${parsed.host.replace(/^www\./, "")}${parsed.pathname}${parsed.search}`;
  return (
    raw
      .replace(/[^a-zA-Z0-9.]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "root"
  );
}

/** Wraps a transport (normally the live one) and saves every answer — or failure — as a recording. */
export class RecordingHttpTransport implements HttpTransport {
  constructor(
    private readonly inner: HttpTransport,
    readonly dir: string,
  ) {}

  async request(request: HttpRequest): Promise<HttpResponse> {
    const url = redactUrl(request.url);
    const base = `${recordingSlug(url)}-${createHash("sha256").update(recordingKey(request.method, url)).digest("hex").slice(0, 8)}`;
    await mkdir(this.dir, { recursive: true });
    try {
      const response = await this.inner.request(request);
      const headers = Object.fromEntries(
        KEPT_HEADERS.filter((h) => h in response.headers).map((h) => [h, response.headers[h]!]),
      );
      const finalUrl = redactUrl(response.url);
      const recorded: Record<string, unknown> = { status: response.status, headers };
      if (finalUrl !== url) recorded["url"] = finalUrl;
      if (response.body.length > INLINE_BODY_LIMIT) {
        const bodyFile = `${base}.${extensionFor(headers["content-type"])}`;
        await writeFile(join(this.dir, bodyFile), response.body);
        recorded["bodyFile"] = bodyFile;
      } else {
        recorded["body"] = response.body;
      }
      await writeJson(join(this.dir, `${base}.json`), {
        request: { method: request.method, url },
        response: recorded,
      });
      return response;
    } catch (error) {
      // Only what the site did is a recording: the caller's abort or size cap is not the site's answer.
      if (error instanceof HttpTransportError && RECORDABLE_FAULTS.has(error.kind)) {
        await writeJson(join(this.dir, `${base}.json`), {
          request: { method: request.method, url },
          fault: error.kind,
          // The plain detail: the replayed error adds its own "<kind> for GET <url>: " prefix.
          message: error.detail,
        });
      }
      throw error;
    }
  }
}

const RECORDABLE_FAULTS = new Set(["timeout", "tls", "network"]);

function extensionFor(contentType: string | undefined): string {
  if (!contentType) return "txt";
  if (/json/.test(contentType)) return "json.txt";
  if (/xml|rss|atom/.test(contentType)) return "xml";
  if (/html/.test(contentType)) return "html";
  return "txt";
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
}
