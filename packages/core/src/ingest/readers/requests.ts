/**
 * The requests the readers make alike, on top of {@link fetchText}: a document at the source's URL (a feed, a
 * listing page) fetched then parsed, and a JSON API reply parsed against its schema.
 */
import type * as z from "zod";
import type { SourceDef } from "../../config/schema.js";
import {
  fetchText,
  parseJsonReply,
  type ReaderContext,
  type ReaderResult,
  type SourceReader,
} from "./types.js";

/**
 * A reader of the one document at a source's `url`: fetched with `accept`, then given to `parse` with the URL it
 * was finally served from (after redirects), which its relative links resolve against.
 */
export function documentReader<S extends SourceDef>(
  accept: string,
  parse: (body: string, source: S, documentUrl: string) => ReaderResult,
): SourceReader<S> {
  return {
    async read(source: S, context: ReaderContext): Promise<ReaderResult> {
      const response = await fetchText(context, source.key, source.url, { accept });
      return parse(response.body, source, response.url || source.url);
    },
  };
}

/** GETs a JSON API reply and parses it against `schema` ({@link parseJsonReply}: `what` names the reply). */
export async function fetchJson<T extends z.ZodType>(
  context: ReaderContext,
  sourceKey: string,
  url: string,
  reply: { schema: T; what: string },
  options: { minIntervalMs?: number; displayUrl?: string } = {},
): Promise<z.output<T>> {
  const response = await fetchText(context, sourceKey, url, { ...options, accept: "application/json" });
  return parseJsonReply(reply.schema, response.body, sourceKey, reply.what);
}
