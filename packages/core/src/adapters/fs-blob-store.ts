import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import * as z from "zod";
import {
  assertValidKey,
  assertValidMetadata,
  type BlobInfo,
  type BlobStore,
  type PutOptions,
} from "../ports/blob-store.js";

/** Sidecar holding content type and metadata, next to the object (`name` → `.name.meta.json`). */
const META_SUFFIX = ".meta.json";

/** What a sidecar holds; validated when read back because the directory may be edited by hand. */
const Sidecar = z.object({
  contentType: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});

/**
 * Puts in flight per absolute object path, shared by every FsBlobStore of this process. An object is two files
 * (body + sidecar); without serialising, two concurrent puts could leave one put's body with the other's metadata.
 */
const putsInFlight = new Map<string, Promise<void>>();

/**
 * A {@link BlobStore} on a local directory: the laptop and test adapter. Writes go to a temp file in the same
 * directory and are renamed into place, so a crash never leaves a half-written object.
 */
export class FsBlobStore implements BlobStore {
  readonly location: string;

  constructor(readonly root: string) {
    this.root = resolve(root);
    this.location = `dir:${this.root}`;
  }

  private pathOf(key: string): string {
    return join(this.root, ...assertValidKey(key).split("/"));
  }

  private metaPathOf(key: string): string {
    const path = this.pathOf(key);
    return join(dirname(path), `.${path.slice(dirname(path).length + 1)}${META_SUFFIX}`);
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

  async getText(key: string): Promise<string | undefined> {
    const bytes = await this.get(key);
    return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<void> {
    const path = this.pathOf(key);
    if (options.metadata) assertValidMetadata(key, options.metadata);
    const previous = putsInFlight.get(path) ?? Promise.resolve();
    const current = previous.then(() => this.writeObject(key, path, body, options));
    // The chain must go on after a failed put; the caller still sees the failure through `current`.
    const tail = current.catch(() => {});
    putsInFlight.set(path, tail);
    try {
      await current;
    } finally {
      if (putsInFlight.get(path) === tail) putsInFlight.delete(path);
    }
  }

  private async writeObject(
    key: string,
    path: string,
    body: Uint8Array | string,
    options: PutOptions,
  ): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    if (options.contentType || options.metadata) {
      await atomicWrite(
        this.metaPathOf(key),
        JSON.stringify({ contentType: options.contentType, metadata: options.metadata ?? {} }),
      );
    } else {
      await rm(this.metaPathOf(key), { force: true });
    }
    await atomicWrite(path, body);
  }

  async head(key: string): Promise<BlobInfo | undefined> {
    try {
      const info = await stat(this.pathOf(key));
      if (!info.isFile()) return undefined;
      return { key, size: info.size, lastModified: info.mtime, ...(await this.readMeta(key)) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== undefined;
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
    await rm(path, { force: true });
    await rm(this.metaPathOf(key), { force: true });
  }

  private async readMeta(key: string): Promise<Pick<BlobInfo, "contentType" | "metadata">> {
    try {
      const path = this.metaPathOf(key);
      const text = await readFile(path, "utf8");
      let parsed: ReturnType<typeof Sidecar.safeParse>;
      try {
        parsed = Sidecar.safeParse(JSON.parse(text));
      } catch (error) {
        throw new Error(`metadata sidecar ${path} is not JSON: ${(error as Error).message}`);
      }
      if (!parsed.success) throw new Error(`metadata sidecar ${path} is invalid: ${parsed.error.message}`);
      const raw = parsed.data;
      return { ...(raw.contentType ? { contentType: raw.contentType } : {}), metadata: raw.metadata ?? {} };
    } catch (error) {
      if (isNotFound(error)) return { metadata: {} };
      throw error;
    }
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
        const info = await this.head(key);
        if (info) out.push(info);
      }
    }
  }
}

function isLegalKey(key: string): boolean {
  try {
    assertValidKey(key);
    return true;
  } catch {
    return false;
  }
}

/** Temp files and metadata sidecars start with a dot and are never listed as objects. */
function isHidden(name: string): boolean {
  return name.startsWith(".");
}

async function atomicWrite(path: string, body: Uint8Array | string): Promise<void> {
  const temp = join(dirname(path), `.tmp-${process.pid}-${randomBytes(6).toString("hex")}`);
  try {
    await writeFile(temp, body);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}
