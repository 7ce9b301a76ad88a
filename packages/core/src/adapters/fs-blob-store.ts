/**
 * The directory adapter of the storage port: the laptop and test store. An object is a file (its key is its
 * path) plus, when it has a content type or metadata, a hidden sidecar `.name.meta.json` next to it.
 *
 * - Atomic writes: the body goes to a hidden temp file in the same directory, renamed into place, so a reader
 *   (or a crash) never sees half an object. A killed process can leave a temp file behind: the next write to
 *   that directory removes temp files older than an hour.
 * - Conditional writes (see the port): every put of a key holds a short lock file `.name.lock`, created with
 *   O_EXCL, across processes; inside it the condition is checked and the object renamed into place, so a
 *   compare-and-swap is atomic against any other put of that key on this machine. A lock left by a dead process
 *   (its pid is gone, or it is older than 30 s) is broken. It is not a lock server: only processes that share the
 *   directory coordinate, which is what a directory store is for.
 * - ETags: the quoted hex MD5 of the body, as S3 gives for a single-part upload.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import * as z from "zod";
import {
  assertValidKey,
  assertValidMetadata,
  type BlobInfo,
  type BlobStore,
  PreconditionFailedError,
  type PutOptions,
  type PutResult,
  type VersionedBlob,
} from "../ports/blob-store.js";

/** Sidecar holding content type and metadata, next to the object (`name` → `.name.meta.json`). */
const META_SUFFIX = ".meta.json";
/** Temp files of atomic writes: `.tmp-<pid>-<random>`. */
const TEMP_PREFIX = ".tmp-";
/** Temp files older than this are a killed process's leftovers. */
export const ORPHAN_AGE_MS = 60 * 60 * 1000;
/** A lock older than this is stale even if its process seems alive (a write holds it for milliseconds). */
const LOCK_STALE_MS = 30_000;
/** How long a put waits for another process's lock before failing. */
const LOCK_WAIT_MS = 60_000;
const HOST = hostname();

/** What a sidecar holds; validated when read back because the directory may be edited by hand. */
const Sidecar = z.object({
  contentType: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});

/**
 * Puts in flight per absolute object path, shared by every FsBlobStore of this process: puts of one key from this
 * process queue here before taking the cross-process lock file, so they never spin on each other's lock.
 */
const putsInFlight = new Map<string, Promise<unknown>>();
/** Directories already swept of orphan temp files by this process, and when. */
const sweptAt = new Map<string, number>();

export interface FsBlobStoreOptions {
  /**
   * Told about problems that do not fail the operation (a corrupt metadata sidecar, read as "no metadata"), with
   * the file named. Default: `process.emitWarning`.
   */
  onWarning?: (message: string) => void;
}

/** A {@link BlobStore} on a local directory (see the top of this file). */
export class FsBlobStore implements BlobStore {
  readonly location: string;
  private readonly onWarning: (message: string) => void;
  /** Sidecars already warned about: one warning per file, however often it is read. */
  private readonly warned = new Set<string>();

  constructor(
    readonly root: string,
    options: FsBlobStoreOptions = {},
  ) {
    this.root = resolve(root);
    this.location = `dir:${this.root}`;
    this.onWarning = options.onWarning ?? ((message) => process.emitWarning(message, "VectoraStoreWarning"));
  }

  private pathOf(key: string): string {
    return join(this.root, ...assertValidKey(key).split("/"));
  }

  private metaPathOf(key: string): string {
    const path = this.pathOf(key);
    return join(dirname(path), `.${basename(path)}${META_SUFFIX}`);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.pathOf(key)));
    } catch (error) {
      // EISDIR: `a` when only `a/b` exists is a missing object, as on S3.
      if (isNotFound(error) || (error as NodeJS.ErrnoException).code === "EISDIR") return undefined;
      throw error;
    }
  }

  async getWithEtag(key: string): Promise<VersionedBlob | undefined> {
    const body = await this.get(key);
    return body === undefined ? undefined : { body, etag: etagOf(body) };
  }

  async getText(key: string): Promise<string | undefined> {
    const bytes = await this.get(key);
    return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<PutResult> {
    const path = this.pathOf(key);
    if (options.metadata) assertValidMetadata(key, options.metadata);
    const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
    const previous = putsInFlight.get(path) ?? Promise.resolve();
    const current = previous.then(() => this.writeObject(key, path, bytes, options));
    // The chain must go on after a failed put; the caller still sees the failure through `current`.
    const tail = current.catch(() => {});
    putsInFlight.set(path, tail);
    try {
      return await current;
    } finally {
      if (putsInFlight.get(path) === tail) putsInFlight.delete(path);
    }
  }

  private async writeObject(
    key: string,
    path: string,
    bytes: Uint8Array,
    options: PutOptions,
  ): Promise<PutResult> {
    const dir = dirname(path);
    await mkdir(dir, { recursive: true });
    await sweepOrphans(dir);
    return withLock(path, async () => {
      if (options.ifNoneMatch === "*" && (await this.exists(key)))
        throw new PreconditionFailedError(key, "If-None-Match", "exists", this.location);
      if (options.ifMatch !== undefined) {
        const current = await this.get(key);
        if (current === undefined)
          throw new PreconditionFailedError(key, "If-Match", "missing", this.location);
        if (etagOf(current) !== options.ifMatch)
          throw new PreconditionFailedError(key, "If-Match", "changed", this.location);
      }
      if (options.contentType || options.metadata) {
        await atomicWrite(
          this.metaPathOf(key),
          JSON.stringify({ contentType: options.contentType, metadata: options.metadata ?? {} }),
        );
      } else {
        await rm(this.metaPathOf(key), { force: true });
      }
      await atomicWrite(path, bytes);
      return { etag: etagOf(bytes) };
    });
  }

  async head(key: string): Promise<BlobInfo | undefined> {
    const path = this.pathOf(key);
    const info = await statFile(path);
    if (!info) return undefined;
    const body = await this.get(key);
    if (body === undefined) return undefined;
    return {
      key,
      size: body.byteLength,
      lastModified: info.mtime,
      etag: etagOf(body),
      ...(await this.readMeta(key)),
    };
  }

  async exists(key: string): Promise<boolean> {
    return (await statFile(this.pathOf(key))) !== undefined;
  }

  async list(prefix: string): Promise<BlobInfo[]> {
    const out: BlobInfo[] = [];
    await this.walk(this.root, prefix, out);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    // Only a file is an object: `a` when `a/b` exists is a missing object, and deleting it is a no-op (as on S3).
    const info = await stat(path).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    });
    if (info && !info.isFile()) return;
    await withLock(path, async () => {
      await rm(path, { force: true });
      await rm(this.metaPathOf(key), { force: true });
    });
  }

  /**
   * The sidecar's content type and metadata. A sidecar that is not JSON or not of its shape (edited by hand, cut
   * by a full disk) is a warning naming the file and reads as "no metadata": the object itself is intact.
   */
  private async readMeta(key: string): Promise<Pick<BlobInfo, "contentType" | "metadata">> {
    const path = this.metaPathOf(key);
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if (isNotFound(error)) return { metadata: {} };
      throw error;
    }
    let problem: string;
    try {
      const parsed = Sidecar.safeParse(JSON.parse(text));
      if (parsed.success) {
        const raw = parsed.data;
        return { ...(raw.contentType ? { contentType: raw.contentType } : {}), metadata: raw.metadata ?? {} };
      }
      problem = `is invalid: ${parsed.error.issues[0]?.path.join(".") || "(root)"}: ${parsed.error.issues[0]?.message}`;
    } catch (error) {
      problem = `is not JSON: ${(error as Error).message}`;
    }
    if (!this.warned.has(path)) {
      this.warned.add(path);
      this.onWarning(`metadata sidecar ${path} ${problem}; ${key} is read without its metadata`);
    }
    return { metadata: {} };
  }

  private async walk(dir: string, prefix: string, out: BlobInfo[]): Promise<void> {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const key = relative(this.root, path).split(sep).join("/");
      if (isHidden(entry.name)) continue;
      if (entry.isDirectory()) {
        // Only descend where the prefix can still match.
        if (prefix.startsWith(`${key}/`) || `${key}/`.startsWith(prefix)) await this.walk(path, prefix, out);
      } else if (entry.isFile() && key.startsWith(prefix)) {
        // A file whose name is not a legal key (e.g. with a backslash) was not written through the store: skip it.
        if (!isLegalKey(key)) continue;
        const info = await statFile(path);
        if (info) out.push({ key, size: info.size, lastModified: info.mtime, ...(await this.readMeta(key)) });
      }
    }
  }
}

/** The ETag S3 gives a single-part object: its MD5 in hex, in double quotes. */
function etagOf(bytes: Uint8Array): string {
  return `"${createHash("md5").update(bytes).digest("hex")}"`;
}

function isLegalKey(key: string): boolean {
  try {
    assertValidKey(key);
    return true;
  } catch {
    return false;
  }
}

/** Temp files, lock files and metadata sidecars start with a dot and are never listed as objects. */
function isHidden(name: string): boolean {
  return name.startsWith(".");
}

async function statFile(path: string): Promise<import("node:fs").Stats | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info : undefined;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function atomicWrite(path: string, body: Uint8Array | string): Promise<void> {
  const temp = join(dirname(path), `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString("hex")}`);
  try {
    await writeFile(temp, body);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Removes the temp files (and broken locks) a killed process left in `dir` more than an hour ago. Runs on this
 * process's first write to a directory, then at most once an hour per directory: a listing per put would cost
 * more than the leftovers.
 */
async function sweepOrphans(dir: string, now = Date.now()): Promise<void> {
  const last = sweptAt.get(dir);
  if (last !== undefined && now - last < ORPHAN_AGE_MS) return;
  sweptAt.set(dir, now);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX) && !/\.lock\.stale-/.test(name)) continue;
    const info = await stat(join(dir, name)).catch(() => undefined);
    if (info?.isFile() && now - info.mtimeMs > ORPHAN_AGE_MS) await rm(join(dir, name), { force: true });
  }
}

/** Forgets which directories were swept (tests simulate a new process). */
export function resetOrphanSweeps(): void {
  sweptAt.clear();
}

/**
 * Runs `fn` holding `.name.lock` next to `path`: created with O_EXCL, so one holder at a time across processes.
 * The lock names its holder (`pid host token`); a lock whose process is gone, or older than 30 s, is broken.
 */
async function withLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const lock = join(dirname(path), `.${basename(path)}.lock`);
  const token = `${process.pid} ${HOST} ${randomBytes(6).toString("hex")}`;
  const giveUpAt = Date.now() + LOCK_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      const handle = await open(lock, "wx");
      try {
        await handle.writeFile(token);
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (await breakIfStale(lock)) continue;
      if (Date.now() > giveUpAt)
        throw new Error(
          `cannot write ${path}: its lock ${lock} has been held for over ${LOCK_WAIT_MS / 1000} s`,
        );
      await new Promise((r) => setTimeout(r, 2 + Math.floor(Math.random() * 8 * Math.min(attempt, 5))));
    }
  }
  try {
    return await fn();
  } finally {
    // Remove only our own lock: if ours was broken as stale (a paused process), the file is someone else's now.
    const holder = await readFile(lock, "utf8").catch(() => undefined);
    if (holder === token) await rm(lock, { force: true });
  }
}

/** Breaks `lock` when its holder is dead (same host, pid gone) or it is older than {@link LOCK_STALE_MS}. */
async function breakIfStale(lock: string): Promise<boolean> {
  const [holder, info] = await Promise.all([
    readFile(lock, "utf8").catch(() => undefined),
    stat(lock).catch(() => undefined),
  ]);
  if (holder === undefined || info === undefined) return true; // released meanwhile: try again
  const [pid, host] = holder.split(" ");
  const dead = host === HOST && pid !== undefined && /^\d+$/.test(pid) && !isAlive(Number(pid));
  // A holder that has not finished writing its token yet has an empty file: only age can make it stale.
  if (!dead && Date.now() - info.mtimeMs < LOCK_STALE_MS) return false;
  // Move it aside atomically: of several processes breaking the same stale lock, one succeeds.
  const aside = `${lock}.stale-${randomBytes(4).toString("hex")}`;
  try {
    await rename(lock, aside);
  } catch {
    return true;
  }
  await rm(aside, { force: true });
  return true;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}
