/**
 * The storage port. Everything Vectora persists — config, ingested items, indexes, newsletters — goes
 * through this interface so the same pipeline runs on a local directory and on S3.
 *
 * Keys are `/`-separated relative paths (`ingested/lai_weekly/2025/12/17/run.jsonl`), never starting with `/`
 * and never containing `..` segments; adapters reject anything else with {@link InvalidKeyError}.
 *
 * ## Conditional writes (no lock server)
 *
 * Two processes may write one store at once (two ingests of one client, a Lambda retry next to a laptop run).
 * The port offers S3's conditional writes, with S3's meaning on every adapter, so a job can coordinate through
 * the store alone:
 *
 * - **create once** — `put(key, body, { ifNoneMatch: "*" })` writes only if no object has that key; otherwise it
 *   rejects with {@link PreconditionFailedError} and writes nothing. Of several concurrent creators exactly one
 *   wins. (A claim, an issue number, a ledger entry.)
 * - **compare-and-swap** — read with {@link BlobStore.getWithEtag}, change, then
 *   `put(key, body, { ifMatch: etag })`: it writes only if the object is still the version read, else rejects
 *   with {@link PreconditionFailedError} (also when the object was deleted meanwhile); re-read and retry. Of
 *   several concurrent swaps from one version exactly one wins, so no update is lost.
 *   {@link updateWithRetry} is that loop.
 *
 * An ETag is an opaque version string: compare it, never parse it. It changes whenever the object is written
 * (S3: the quoted MD5 of a single-part body; the directory adapter computes the same). Unconditional puts stay
 * last-writer-wins. See `docs` in each adapter for how it enforces the conditions (S3 itself; the directory
 * adapter with an exclusive create and a short per-object lock file).
 */
export interface BlobStore {
  /** Human-readable location, used in messages: `dir:/tmp/store` or `s3://bucket/prefix`. */
  readonly location: string;
  /** Reads an object; resolves `undefined` when it does not exist. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Reads an object and its ETag (the version a conditional put compares with); `undefined` when missing. */
  getWithEtag(key: string): Promise<VersionedBlob | undefined>;
  /** Reads an object as UTF-8 text; resolves `undefined` when it does not exist. */
  getText(key: string): Promise<string | undefined>;
  /**
   * Writes an object atomically: readers see the old bytes or the new ones, never a mix. Resolves the new
   * version's ETag. With `ifNoneMatch` / `ifMatch` (see above) it rejects with {@link PreconditionFailedError}
   * when the condition does not hold, having written nothing.
   */
  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<PutResult>;
  /** Metadata of an object, or `undefined` when it does not exist. */
  head(key: string): Promise<BlobInfo | undefined>;
  /** True when the object exists. */
  exists(key: string): Promise<boolean>;
  /**
   * All objects whose key starts with `prefix` (a plain string prefix, not a directory), sorted by key. Follows
   * pagination to the end. Only `key`, `size` and `lastModified` are guaranteed; ask {@link head} for metadata.
   */
  list(prefix: string): Promise<BlobInfo[]>;
  /** Deletes an object; deleting a missing object is not an error. */
  delete(key: string): Promise<void>;
}

export interface PutOptions {
  contentType?: string;
  /** Small string metadata stored with the object (S3 user metadata: lower-case keys, ASCII values). */
  metadata?: Record<string, string>;
  /** `"*"`: write only if no object has this key (S3 `If-None-Match: *`; S3 accepts no other value). */
  ifNoneMatch?: "*";
  /** Write only if the object exists with this ETag (S3 `If-Match`). */
  ifMatch?: string;
}

/** What a put resolves. */
export interface PutResult {
  /** The ETag of the version written. */
  etag: string;
}

/** An object's bytes with the ETag of that version. */
export interface VersionedBlob {
  body: Uint8Array;
  etag: string;
}

export interface BlobInfo {
  key: string;
  size: number;
  lastModified: Date;
  contentType?: string;
  metadata?: Record<string, string>;
  /** The version's ETag: given by `head`, not by `list`. */
  etag?: string;
}

/**
 * A conditional put whose condition did not hold: the object exists (`ifNoneMatch: "*"`), has another ETag, or
 * is gone (`ifMatch`). Nothing was written. S3 answers `412 PreconditionFailed`, `409 ConditionalRequestConflict`
 * (a concurrent write or delete won the race) or, for `If-Match` on a missing key, `404 NoSuchKey`: all three are
 * this error, and all three mean the same to the caller — re-read and decide again.
 */
export class PreconditionFailedError extends Error {
  constructor(
    readonly key: string,
    readonly condition: "If-None-Match" | "If-Match",
    /** `exists`: there is an object; `changed`: another ETag; `missing`: no object (If-Match only). */
    readonly reason: "exists" | "changed" | "missing",
    location = "",
  ) {
    super(
      `conditional write of ${location ? `${location}/` : ""}${key} refused (${condition}): ${
        reason === "exists"
          ? "the object already exists"
          : reason === "missing"
            ? "the object no longer exists"
            : "the object changed since it was read"
      }`,
    );
    this.name = "PreconditionFailedError";
  }
}

/** Options of {@link updateWithRetry}. */
export interface UpdateWithRetryOptions {
  /** Attempts before giving up (default 20): each lost race costs one read and one write. */
  maxAttempts?: number;
  contentType?: string;
  /** Injected for tests; default a jittered 5–50 ms pause that grows with the attempt. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Read-modify-write of one object without losing a concurrent update: reads the object (or its absence), lets
 * `change` compute the new text from it, and writes it with `ifMatch` (or `ifNoneMatch: "*"` when it did not
 * exist); on {@link PreconditionFailedError} it reads again and calls `change` again. `change` must depend only on
 * what it is given (it can run several times) and may return `undefined` to write nothing. Resolves the ETag
 * written (`undefined` when `change` chose to write nothing) and the attempts it took.
 *
 * @example
 * ```ts
 * // A counter two processes can increment at once without losing an increment.
 * await updateWithRetry(store, "counters/issues.txt", (current) => String(Number(current ?? "0") + 1));
 * ```
 */
export async function updateWithRetry(
  store: BlobStore,
  key: string,
  change: (current: string | undefined) => string | undefined,
  options: UpdateWithRetryOptions = {},
): Promise<{ etag: string | undefined; attempts: number }> {
  const maxAttempts = options.maxAttempts ?? 20;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    const current = await store.getWithEtag(key);
    const next = change(current === undefined ? undefined : new TextDecoder().decode(current.body));
    if (next === undefined) return { etag: undefined, attempts: attempt };
    try {
      const { etag } = await store.put(key, next, {
        ...(options.contentType ? { contentType: options.contentType } : {}),
        ...(current ? { ifMatch: current.etag } : { ifNoneMatch: "*" as const }),
      });
      return { etag, attempts: attempt };
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || attempt >= maxAttempts) throw error;
      await sleep(retryPauseMs(attempt));
    }
  }
}

/** A jittered pause before retry `attempt` of a lost race: 5–50 ms, growing to 5–185 ms. */
export function retryPauseMs(attempt: number): number {
  return 5 + Math.floor(Math.random() * 45 * Math.min(attempt, 4));
}
/** Thrown for keys that are empty, absolute, or that try to escape the store with `..`. */
export class InvalidKeyError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`invalid store key "${key}": ${reason}`);
    this.name = "InvalidKeyError";
  }
}

/** Validates a store key and returns it unchanged; shared by every adapter so they agree on what is legal. */
export function assertValidKey(key: string): string {
  if (key.length === 0) throw new InvalidKeyError(key, "empty");
  if (key.startsWith("/")) throw new InvalidKeyError(key, "must be relative (no leading /)");
  if (key.includes("\\")) throw new InvalidKeyError(key, "use / as separator");
  if (key.split("/").some((part) => part === ".." || part === "." || part === ""))
    throw new InvalidKeyError(key, "no empty, . or .. segments");
  // The directory adapter keeps temp files and metadata sidecars under dot-names and hides them from list();
  // allowing such keys would make an object listable on S3 but invisible on disk.
  if (key.split("/").some((part) => part.startsWith(".")))
    throw new InvalidKeyError(key, "segments starting with . are reserved");
  return key;
}

/**
 * Validates object metadata for {@link PutOptions.metadata} and returns it unchanged. S3 only carries lower-case
 * keys and ASCII header values, so every adapter rejects anything else up front rather than letting S3 mangle it.
 */
export function assertValidMetadata(key: string, metadata: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(metadata)) {
    if (!/^[a-z0-9][a-z0-9-_]*$/.test(name))
      throw new Error(
        `invalid metadata for store key "${key}": name "${name}" must be lower-case letters, digits, - or _`,
      );
    if (!/^[\x20-\x7e]*$/.test(value))
      throw new Error(
        `invalid metadata for store key "${key}": "${name}" must be printable ASCII, got ${JSON.stringify(value)}`,
      );
  }
  return metadata;
}
