/**
 * The storage port. Everything Vectora persists — config, ingested items, indexes, newsletters — goes
 * through this interface so the same pipeline runs on a local directory and on S3.
 *
 * Keys are `/`-separated relative paths (`ingested/lai_weekly/2025/12/17/run.jsonl`), never starting with `/`
 * and never containing `..` segments; adapters reject anything else with {@link InvalidKeyError}.
 */
export interface BlobStore {
  /** Human-readable location, used in messages: `dir:/tmp/store` or `s3://bucket/prefix`. */
  readonly location: string;
  /** Reads an object; resolves `undefined` when it does not exist. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Reads an object as UTF-8 text; resolves `undefined` when it does not exist. */
  getText(key: string): Promise<string | undefined>;
  /** Writes an object atomically: readers see the old bytes or the new ones, never a mix. */
  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<void>;
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
}

export interface BlobInfo {
  key: string;
  size: number;
  lastModified: Date;
  contentType?: string;
  metadata?: Record<string, string>;
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
