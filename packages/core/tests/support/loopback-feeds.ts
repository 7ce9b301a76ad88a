/**
 * RSS sources served by real HTTP servers on 127.0.0.1 — for the deadline, kill, size-cap and scale tests and the
 * ingest benchmark: `hosts` servers (one port each: the live transport's per-host limit keys on host:port), each
 * serving its share of `count` feeds, with a per-feed behaviour that a test can change between runs (answer after
 * a delay, hang without answering, stream a huge body). Every feed's items are dated inside the window of
 * {@link LOOPBACK_AS_OF} and link to unique URLs, so each feed gives `itemsPerFeed` new items.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { LiveHttpTransport } from "../../src/adapters/live-http.js";
import { ClientConfig, type RssSourceDef, type VectoraConfig } from "../../src/config/index.js";
import { NoSecrets, type RunIngestOptions } from "../../src/index.js";
import type { BlobStore } from "../../src/ports/blob-store.js";
import { scopelessConfig } from "./ingest-fixtures.js";
import { PLACEHOLDER_WATCH_REFS } from "./repo.js";

export const LOOPBACK_AS_OF = "2025-12-17";
/** Dates of the feeds' items: inside the 14-day window ending on {@link LOOPBACK_AS_OF}. */
const ITEM_DAYS = ["Wed, 17 Dec 2025", "Tue, 16 Dec 2025", "Mon, 15 Dec 2025", "Fri, 12 Dec 2025"];

/** What a feed does when asked. */
export type FeedBehaviour =
  | { kind: "answer"; delayMs: number }
  | { kind: "hang" }
  /** Streams a valid feed of about `bytes` (items repeated), chunk by chunk, so it can be cut off. */
  | { kind: "huge"; bytes: number };

export interface LoopbackFeeds {
  sources: RssSourceDef[];
  /** Behaviour per source key (change it between runs). */
  behaviour: Map<string, FeedBehaviour>;
  /** Requests seen, and requests whose client went away before an answer (aborted). */
  stats: { requests: number; aborted: number; bytesSent: number };
  close(): Promise<void>;
}

export interface LoopbackOptions {
  hosts: number;
  count: number;
  itemsPerFeed?: number;
  behaviour?: (index: number) => FeedBehaviour;
  /** Bind address (default 127.0.0.1). */
  address?: string;
}

/** The RSS document of feed `key` with `items` entries. */
export function feedXml(key: string, items: number): string {
  const entries = Array.from(
    { length: items },
    (_, n) =>
      `<item><title>${key} news ${n}: long-acting injectable update</title>` +
      `<link>https://news.example/${key}/${n}</link>` +
      `<pubDate>${ITEM_DAYS[n % ITEM_DAYS.length]} 08:00:00 GMT</pubDate>` +
      `<description>Item ${n} of ${key}.</description></item>`,
  ).join("");
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${key}</title>${entries}</channel></rss>`;
}

/** {@link startLoopbackFeeds} inside a test: the servers are closed when that test finishes. */
export async function loopbackFeedsForTest(options: LoopbackOptions): Promise<LoopbackFeeds> {
  // Imported here, not at the top: the benchmarks (run by tsx, outside vitest) import this module too.
  const { onTestFinished } = await import("vitest");
  const feeds = await startLoopbackFeeds(options);
  onTestFinished(() => feeds.close());
  return feeds;
}

/** Starts the servers and resolves the sources pointing at them (`feed_000` … on host `i % hosts`). */
export async function startLoopbackFeeds(options: LoopbackOptions): Promise<LoopbackFeeds> {
  const itemsPerFeed = options.itemsPerFeed ?? 3;
  const behaviour = new Map<string, FeedBehaviour>();
  const stats = { requests: 0, aborted: 0, bytesSent: 0 };
  const servers: Server[] = [];
  const handle = (key: string, res: ServerResponse) => {
    stats.requests++;
    const what = behaviour.get(key) ?? { kind: "answer", delayMs: 0 };
    let answered = false;
    res.on("close", () => {
      if (!answered) stats.aborted++;
    });
    if (what.kind === "hang") return;
    if (what.kind === "huge") return streamHuge(res, what.bytes, stats, () => (answered = true));
    const body = feedXml(key, itemsPerFeed);
    setTimeout(() => {
      if (res.destroyed) return;
      answered = true;
      res.writeHead(200, { "content-type": "application/rss+xml" }).end(body);
      stats.bytesSent += body.length;
    }, what.delayMs);
  };
  for (let h = 0; h < options.hosts; h++) {
    const server = createServer((req, res) => {
      const key = /\/feed\/([a-z0-9_]+)\.xml$/.exec(req.url ?? "")?.[1];
      if (!key) return void res.writeHead(404).end();
      handle(key, res);
    });
    server.keepAliveTimeout = 1_000;
    await new Promise<void>((resolve) => server.listen(0, options.address ?? "127.0.0.1", resolve));
    servers.push(server);
  }
  const sources = Array.from({ length: options.count }, (_, i): RssSourceDef => {
    const key = `feed_${String(i).padStart(3, "0")}`;
    const server = servers[i % options.hosts]!;
    behaviour.set(key, options.behaviour?.(i) ?? { kind: "answer", delayMs: 0 });
    return {
      key,
      name: `Feed ${i}`,
      actor_type: "press_sector",
      kind: "rss",
      status: "active",
      enabled: true,
      skip_titles: [],
      url: `http://${options.address ?? "127.0.0.1"}:${(server.address() as AddressInfo).port}/feed/${key}.xml`,
    };
  });
  return {
    sources,
    behaviour,
    stats,
    close: async () => {
      for (const server of servers) server.closeAllConnections();
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}

function streamHuge(
  res: ServerResponse,
  bytes: number,
  stats: { bytesSent: number },
  done: () => void,
): void {
  res.writeHead(200, { "content-type": "application/rss+xml" });
  // About 64 KB of items per chunk, each item a unique link, all dated in the window.
  let n = 0;
  const chunkOfItems = () => {
    const parts: string[] = [];
    let size = 0;
    while (size < 64 * 1024) {
      const item =
        `<item><title>Huge feed item ${n}: long-acting injectable depot news</title><link>https://huge.example/${n}</link>` +
        `<pubDate>Tue, 16 Dec 2025 08:00:00 GMT</pubDate><description>${"Filler text of a long feed. ".repeat(8)}</description></item>`;
      n++;
      parts.push(item);
      size += item.length;
    }
    return Buffer.from(parts.join(""));
  };
  let sent = 0;
  const pump = () => {
    while (sent < bytes && !res.destroyed) {
      const chunk = chunkOfItems();
      sent += chunk.length;
      stats.bytesSent += chunk.length;
      if (!res.write(chunk)) return void res.once("drain", pump);
    }
    done();
    res.end("</channel></rss>");
  };
  res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>huge</title>');
  pump();
}

/** A config whose one client, `loopback`, reads exactly `sources` (with optional `ingest` settings). */
export function loopbackConfig(
  sources: RssSourceDef[],
  ingest: Partial<ClientConfig["ingest"]> = {},
): VectoraConfig {
  const client = ClientConfig.parse({
    client_id: "loopback",
    name: "Loopback feeds",
    period_days: 14,
    sources: { bouquets: [], extra: sources.map((s) => s.key) },
    watch: PLACEHOLDER_WATCH_REFS,
    sections: [{ id: "all", title: "All", event_types: ["*"], max_items: 10 }],
    max_items_total: 10,
    min_score: 0,
    ingest,
  });
  return scopelessConfig(sources, [], client, `loopback-${sources.length}`);
}

/**
 * The options of an ingest run of the `loopback` client of `config` (see {@link loopbackConfig}) into `store`, over
 * the live transport with its defaults, as of {@link LOOPBACK_AS_OF}, with no secrets; `extra` (transport,
 * deadline…) adds to or overrides these.
 */
export function loopbackIngestOptions(
  config: VectoraConfig,
  store: BlobStore,
  extra: Partial<RunIngestOptions> = {},
): RunIngestOptions {
  return {
    config,
    clientId: "loopback",
    store,
    transport: new LiveHttpTransport(),
    secrets: new NoSecrets(),
    asOf: LOOPBACK_AS_OF,
    ...extra,
  };
}
