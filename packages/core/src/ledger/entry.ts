/**
 * The ledger: one entry per published issue of a client, in the DATA store at `ledger/<client>/<as_of>.json`.
 * It is what keeps the issues apart — what each one printed (ids, canonical URLs, the keys the near-duplicate
 * rules compare), which ingest runs it saw, its window and why — and, later, whether it was delivered.
 *
 * One object per issue, keyed by client and as-of: a re-run of a week REPLACES its own entry, runs of different
 * weeks never write the same object, and listing the prefix gives the history — no lock server, and a put is
 * atomic on S3 and on disk (write + rename), so concurrent runs cannot leave a torn entry.
 */
import * as z from "zod";
import { WindowBasis } from "./issue-window.js";

const IsoDate = z.iso.date();
const DateWindow = z.object({ from: IsoDate, to: IsoDate });
const Names = z.array(z.string());
/** What one part of an item (title, lead) names: the same-event vetoes compare them (`engine/dedup.ts`). */
const SubjectNames = z.object({
  trademarks: Names.optional(),
  molecules: Names.optional(),
  indications: Names.optional(),
});

/** One printed item, with what makes a later item "the same news" (see `engine/dedup.ts`). */
export const LedgerItem = z.object({
  item_id: z.string(),
  url: z.url(),
  canonical_url: z.url(),
  title: z.string().min(1),
  source_key: z.string(),
  published_at: z.string().min(10),
  /** Section id it was printed in. */
  section: z.string(),
  /** Printed as a late arrival. */
  late: z.boolean(),
  /**
   * The keys the near-duplicate rules compare besides title, URL and date (a `DedupCandidate` of `engine/dedup.ts`):
   * a later item matching them under those rules (same title, or same event with no veto) is the same news and is
   * never printed again.
   */
  event_keys: z.object({
    event_type: z.string(),
    /** Companies named, with the publisher of a corporate source. */
    companies: Names,
    /** LAI trademarks and molecules named. */
    products: Names,
    summary: z.string(),
    /** The company behind a corporate source. */
    publisher: z.string().optional(),
    /** What the item is about: names of its title and lead, deal parties, LAI platforms (the vetoes). */
    subject: z
      .object({
        title: SubjectNames.optional(),
        lead: SubjectNames.optional(),
        companies: Names.optional(),
        platforms: Names.optional(),
      })
      .optional(),
  }),
  /** Near-duplicates merged into this item in its issue (other sources of the same news): never printed later. */
  merged: z.array(z.object({ item_id: z.string(), canonical_url: z.url() })),
});
export type LedgerItem = z.output<typeof LedgerItem>;

/**
 * A send of the issue, recorded by the mailer (a later step of the pipeline; until then `delivery` is `null`).
 * `to_count` is the number of recipients, never their addresses.
 */
export const Delivery = z.object({
  sent_at: z.iso.datetime({ offset: true }),
  message_id: z.string().min(1),
  to_count: z.number().int().min(0),
  /** Which send of the issue this was (1, then 2… after `--resend`). */
  attempt: z.number().int().min(1).optional(),
  /** The provider's id of the message (SES MessageId), for tracing a bounce. */
  provider_id: z.string().optional(),
});
export type Delivery = z.output<typeof Delivery>;

export const LedgerEntry = z.object({
  schema_version: z.literal(1),
  client_id: z.string(),
  as_of: IsoDate,
  /** The days the issue covers (both ends included), and why. */
  window: DateWindow,
  window_basis: WindowBasis,
  /** Publication days of the late arrivals it could take (`null`: none). */
  late_window: DateWindow.nullable(),
  /** The days ingest fetched and the engine judged for it: the window and the late days. */
  read_window: DateWindow,
  config_version: z.string(),
  generated_at: z.iso.datetime({ offset: true }),
  /** Store keys of the files in the newsletters store. */
  newsletter: z.object({ md: z.string(), html: z.string(), json: z.string() }),
  /** Non-empty sections, in order, with their item counts. */
  sections: z.array(z.object({ id: z.string(), title: z.string(), items: z.number().int().min(1) })),
  items: z.array(LedgerItem),
  /**
   * Ingest runs the issue SAW: every run of its client with an as-of from the issue's `seenFrom` (at least
   * `late_days` back) to its own as-of that was stored when it ran. An item first written by a run no earlier
   * issue saw was "first seen after" them — the late-arrival rule — from stored data, whatever the clocks say.
   */
  runs_read: z.array(z.string()),
  /** `null` until the mailer records a send. A re-run of the issue keeps it. */
  delivery: Delivery.nullable(),
});
export type LedgerEntry = z.output<typeof LedgerEntry>;
