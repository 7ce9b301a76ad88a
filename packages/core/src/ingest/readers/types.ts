/** What every source reader shares: its input context, its output entries, and how it fails. */
import type * as z from "zod";
import type { SourceDef } from "../../config/schema.js";
import type { HttpResponse, HttpTransport } from "../../ports/http-transport.js";
import type { Secrets } from "../../ports/secrets.js";
import type { ExtractionMethod } from "../listing/index.js";

/** One entry as a source published it, before identity, dedup and the window filter. */
export interface RawEntry {
  /** Plain text. */
  title: string;
  /** Absolute URL (relative links already resolved). */
  url: string;
  /** `YYYY-MM-DD` when the source gave a readable date; `undefined` makes the entry "undated". */
  published_at?: string;
  /** Plain text teaser or body, possibly empty. */
  content: string;
  extra?: Record<string, unknown>;
}

/** What a reader got out of one source. */
export interface ReaderResult {
  entries: RawEntry[];
  /** How a listing page was read: the generic extractor or the source's selectors (HTML sources only). */
  method?: ExtractionMethod;
  /** Entries seen on the page/feed, boilerplate included. */
  found: number;
  /** Boilerplate and link-less entries dropped by the reader. */
  skipped: number;
  warnings: string[];
}

export interface ReaderContext {
  transport: HttpTransport;
  secrets: Secrets;
  /** The run's inclusive date window (`YYYY-MM-DD`); API readers ask only for it. */
  window: { from: string; to: string };
  /** Aborts the source's requests (the run's deadline). */
  signal?: AbortSignal;
  /** Largest response accepted per request, in bytes (enforced by the transport while reading). */
  maxResponseBytes?: number;
}

export interface SourceReader<S extends SourceDef = SourceDef> {
  read(source: S, context: ReaderContext): Promise<ReaderResult>;
}

/** A source that could not be read as a whole (HTTP error, garbage body). The run goes on without it. */
export class SourceReadError extends Error {
  constructor(
    readonly sourceKey: string,
    readonly reason: string,
  ) {
    super(`source ${sourceKey}: ${reason}`);
    this.name = "SourceReadError";
  }
}

/** GETs a URL and insists on a 2xx answer with a body. */
export async function fetchText(
  context: ReaderContext,
  sourceKey: string,
  url: string,
  options: { accept?: string; minIntervalMs?: number; displayUrl?: string } = {},
): Promise<HttpResponse> {
  const response = await context.transport.request({
    method: "GET",
    url,
    headers: options.accept ? { accept: options.accept } : {},
    ...(options.minIntervalMs ? { minIntervalMs: options.minIntervalMs } : {}),
    ...(context.signal ? { signal: context.signal } : {}),
    ...(context.maxResponseBytes !== undefined ? { maxBytes: context.maxResponseBytes } : {}),
  });
  if (response.status < 200 || response.status > 299)
    throw new SourceReadError(sourceKey, `HTTP ${response.status} from ${options.displayUrl ?? url}`);
  return response;
}

/**
 * Parses a JSON API reply against its schema. A body that is not JSON, or not of the expected shape, is a
 * {@link SourceReadError} naming the source and the reply (`what`, e.g. "esearch reply").
 */
export function parseJsonReply<T extends z.ZodType>(
  schema: T,
  body: string,
  sourceKey: string,
  what: string,
): z.output<T> {
  try {
    return schema.parse(JSON.parse(body));
  } catch (error) {
    throw new SourceReadError(
      sourceKey,
      `${what} is not the expected JSON: ${(error as Error).message.slice(0, 200)}`,
    );
  }
}

/** Resolves `href` against the page it was found on; `undefined` for unusable links (`javascript:`, `mailto:`). */
export function resolveLink(href: string | undefined, pageUrl: string): string | undefined {
  if (!href) return undefined;
  const trimmed = href.trim();
  if (!trimmed || trimmed.startsWith("#")) return undefined;
  try {
    const resolved = new URL(trimmed, pageUrl);
    return resolved.protocol === "http:" || resolved.protocol === "https:" ? resolved.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** Titles that are page furniture on every site; sources add their own with `skip_titles`. */
export const BUILTIN_SKIP_TITLES: readonly RegExp[] = [
  /^download attachment$/i,
  /^read the presentation$/i,
  /^read more\W*$/i,
  /^(view|download) (the )?(pdf|attachment|presentation|report)$/i,
];

/** A predicate telling boilerplate titles, from the built-in set plus the source's whole-title regexes. */
function boilerplateMatcher(skipTitles: readonly string[]): (title: string) => boolean {
  const patterns = [...BUILTIN_SKIP_TITLES, ...skipTitles.map((p) => new RegExp(`^(?:${p})$`, "i"))];
  return (title) => patterns.some((p) => p.test(title.trim()));
}

/** Cap on content length kept per item: teasers are short; full feeds can carry whole articles. */
export const MAX_CONTENT_CHARS = 4_000;

/**
 * The entries of a feed or a listing page, kept as every reader keeps them: an entry without a title, or whose
 * title is boilerplate ({@link boilerplateMatcher}), is skipped; one whose link is not usable ({@link resolveLink})
 * is skipped with a warning naming it.
 */
export class EntryCollector {
  private readonly entries: RawEntry[] = [];
  private readonly warnings: string[] = [];
  private skipped = 0;
  private readonly isBoilerplate: (title: string) => boolean;

  /** `skipTitles`: the source's own boilerplate titles (whole-title regexes), beside the built-in ones. */
  constructor(skipTitles: readonly string[]) {
    this.isBoilerplate = boilerplateMatcher(skipTitles);
  }

  /**
   * Adds the entry titled `title` linking to `href` (resolved against `base`) when it is kept; `details` gives the
   * rest of it (content, date…) and is only called then.
   */
  add(
    title: string,
    href: string | undefined,
    base: string,
    details: (url: string) => Omit<RawEntry, "title" | "url">,
  ): void {
    const url = resolveLink(href, base);
    if (!title || this.isBoilerplate(title)) {
      this.skipped++;
      return;
    }
    if (!url) {
      this.skipped++;
      this.warnings.push(`entry "${title}" has no usable link`);
      return;
    }
    this.entries.push({ title, url, ...details(url) });
  }

  /** What the reader got: the entries kept, out of `found` seen. */
  result(found: number): ReaderResult {
    return { entries: this.entries, found, skipped: this.skipped, warnings: this.warnings };
  }
}
