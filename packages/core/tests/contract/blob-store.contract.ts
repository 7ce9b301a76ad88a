/**
 * The one contract every {@link BlobStore} adapter must meet. Each adapter's test file calls
 * {@link describeBlobStoreContract} with a factory; the same assertions then run against a directory and a real
 * S3-protocol server, so the laptop and AWS behave alike. Not a test file itself (no `.test.ts`).
 */
import { createHash, randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type BlobStore,
  InvalidKeyError,
  PreconditionFailedError,
  updateWithRetry,
} from "../../src/ports/blob-store.js";
import { mapLimited } from "../../src/util/map-limited.js";

export interface StoreUnderTest {
  store: BlobStore;
  /** Removes whatever the store wrote (temp dir, bucket prefix…). */
  cleanup: () => Promise<void>;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Registers the BlobStore contract suite for one adapter; `makeStore` is called once per test. */
export function describeBlobStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let store: BlobStore;
    let cleanup: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      ({ store, cleanup } = await makeStore());
    });
    afterEach(async () => {
      await cleanup?.();
      cleanup = undefined;
    });

    describe("round trips", () => {
      it("returns every one of the 256 byte values unchanged", async () => {
        const bytes = Uint8Array.from({ length: 512 }, (_, i) => (i * 7 + 3) % 256);
        expect(new Set(bytes).size).toBe(256);
        await store.put("bin/all-bytes.bin", bytes);
        const back = await store.get("bin/all-bytes.bin");
        expect(back).toBeInstanceOf(Uint8Array);
        expect(Array.from(back!)).toEqual(Array.from(bytes));
        expect((await store.head("bin/all-bytes.bin"))?.size).toBe(512);
      });

      it("stores text as UTF-8 and reads it back as text and as bytes", async () => {
        const text = "Élan — 注射剤 LAI 🧪\nline 2\r\n\ttab\u0000nul";
        await store.put("text/sample.txt", text);
        expect(await store.getText("text/sample.txt")).toBe(text);
        expect(Array.from((await store.get("text/sample.txt"))!)).toEqual(
          Array.from(new TextEncoder().encode(text)),
        );
        expect((await store.head("text/sample.txt"))?.size).toBe(new TextEncoder().encode(text).byteLength);
      });

      it("stores an empty body as an existing, empty object", async () => {
        await store.put("empty/nothing.bin", new Uint8Array());
        const back = await store.get("empty/nothing.bin");
        expect(back).toBeDefined();
        expect(back!.byteLength).toBe(0);
        expect(await store.getText("empty/nothing.bin")).toBe("");
        expect(await store.exists("empty/nothing.bin")).toBe(true);
        expect((await store.head("empty/nothing.bin"))?.size).toBe(0);
      });

      it("round-trips a 5 MB body byte for byte", async () => {
        const big = new Uint8Array(randomBytes(5 * 1024 * 1024));
        await store.put("big/five-mb.bin", big);
        const back = await store.get("big/five-mb.bin");
        expect(back?.byteLength).toBe(big.byteLength);
        expect(sha256(back!)).toBe(sha256(big));
        expect((await store.head("big/five-mb.bin"))?.size).toBe(big.byteLength);
      });

      it("keeps keys with spaces, punctuation and unicode exactly", async () => {
        const key = "docs/My Report (final) + é 注射 #1 %20.md";
        await store.put(key, "unicode key");
        expect(await store.getText(key)).toBe("unicode key");
        expect((await store.list("docs/")).map((b) => b.key)).toEqual([key]);
        expect(await store.exists(key)).toBe(true);
        await store.delete(key);
        expect(await store.exists(key)).toBe(false);
      });
    });

    describe("missing objects", () => {
      it("resolves undefined / false for a key never written", async () => {
        expect(await store.get("missing/key.txt")).toBeUndefined();
        expect(await store.getText("missing/key.txt")).toBeUndefined();
        expect(await store.head("missing/key.txt")).toBeUndefined();
        expect(await store.exists("missing/key.txt")).toBe(false);
      });

      it("treats a key that is only a prefix of other keys as missing", async () => {
        await store.put("folder/inner.txt", "inner");
        expect(await store.get("folder")).toBeUndefined();
        expect(await store.head("folder")).toBeUndefined();
        expect(await store.exists("folder")).toBe(false);
        await store.delete("folder");
        expect(await store.getText("folder/inner.txt")).toBe("inner");
      });
    });

    describe("overwrite and metadata", () => {
      it("replaces a longer body with a shorter one completely", async () => {
        await store.put("over/write.txt", "the first, much longer version");
        await store.put("over/write.txt", "v2");
        expect(await store.getText("over/write.txt")).toBe("v2");
        expect((await store.head("over/write.txt"))?.size).toBe(2);
        expect((await store.list("over/")).map((b) => b.key)).toEqual(["over/write.txt"]);
      });

      it("returns content type and metadata through head", async () => {
        const digest = sha256(new TextEncoder().encode("a: 1\n"));
        await store.put("meta/file.yaml", "a: 1\n", {
          contentType: "application/yaml",
          metadata: { sha256: digest, "source-file": "canonical/file.yaml" },
        });
        const info = await store.head("meta/file.yaml");
        expect(info?.key).toBe("meta/file.yaml");
        expect(info?.size).toBe(5);
        expect(info?.contentType).toBe("application/yaml");
        expect(info?.metadata).toEqual({ sha256: digest, "source-file": "canonical/file.yaml" });
        expect(info?.lastModified).toBeInstanceOf(Date);
        // Within a day of now: proves the store reports the write time, not an epoch placeholder.
        expect(Math.abs(info!.lastModified.getTime() - Date.now())).toBeLessThan(24 * 3600 * 1000);
      });

      it("drops the old metadata when an object is overwritten without any", async () => {
        await store.put("meta/reset.txt", "one", {
          contentType: "application/yaml",
          metadata: { sha256: "abc" },
        });
        await store.put("meta/reset.txt", "two");
        const info = await store.head("meta/reset.txt");
        expect(info?.metadata ?? {}).toEqual({});
        expect(info?.contentType).not.toBe("application/yaml");
      });

      it("rejects metadata S3 cannot carry, writing nothing", async () => {
        await expect(store.put("meta/bad.txt", "x", { metadata: { Sha256: "abc" } })).rejects.toThrow(
          /metadata/,
        );
        await expect(store.put("meta/bad.txt", "x", { metadata: { note: "café" } })).rejects.toThrow(/ASCII/);
        expect(await store.exists("meta/bad.txt")).toBe(false);
      });
    });

    describe("list", () => {
      it("lists by prefix, sorted by key, with sizes", async () => {
        const keys = [
          "ingested/b/2.jsonl",
          "ingested/a/1.jsonl",
          "index/a/seen.json",
          "ingested/a/0.jsonl",
          "ingested/c.txt",
        ];
        for (const key of keys) await store.put(key, `body of ${key}`);
        const listed = await store.list("ingested/");
        expect(listed.map((b) => b.key)).toEqual([
          "ingested/a/0.jsonl",
          "ingested/a/1.jsonl",
          "ingested/b/2.jsonl",
          "ingested/c.txt",
        ]);
        for (const info of listed) expect(info.size).toBe(`body of ${info.key}`.length);
        expect((await store.list("")).map((b) => b.key)).toEqual([...keys].sort(byKey));
        expect(await store.list("nothing-here/")).toEqual([]);
      });

      it("matches a prefix that is not a directory boundary", async () => {
        await store.put("ingested/lai_weekly/2025/12/17/run.jsonl", "a");
        await store.put("ingested/lai/x.jsonl", "b");
        await store.put("ingested/laser/y.jsonl", "c");
        await store.put("ingested/other/z.jsonl", "d");
        expect((await store.list("ingested/lai")).map((b) => b.key)).toEqual([
          "ingested/lai/x.jsonl",
          "ingested/lai_weekly/2025/12/17/run.jsonl",
        ]);
        expect((await store.list("ingested/la")).map((b) => b.key)).toHaveLength(3);
      });

      // 1,100 real PUTs: a few seconds against s3rver on a loaded 2-core machine, hence the roomier timeout.
      it("follows pagination past 1000 keys", { timeout: 60_000 }, async () => {
        const count = 1100;
        const keys = Array.from({ length: count }, (_, i) => `many/item-${String(i).padStart(5, "0")}.json`);
        await mapLimited([...keys].reverse(), 24, (key) => store.put(key, key.slice(5)));
        await store.put("manyother/outside.json", "not listed");
        const listed = await store.list("many/");
        expect(listed).toHaveLength(count);
        expect(new Set(listed.map((b) => b.key)).size).toBe(count);
        expect(listed.map((b) => b.key)).toEqual(keys);
        expect(listed.at(-1)?.size).toBe(keys.at(-1)!.length - 5);
      });
    });

    describe("delete", () => {
      it("deletes an object and is a no-op for a missing one", async () => {
        await store.put("del/a.txt", "a", { metadata: { sha256: "x" } });
        await store.put("del/b.txt", "b");
        await store.delete("del/a.txt");
        expect(await store.get("del/a.txt")).toBeUndefined();
        expect(await store.head("del/a.txt")).toBeUndefined();
        expect((await store.list("del/")).map((b) => b.key)).toEqual(["del/b.txt"]);
        await expect(store.delete("del/a.txt")).resolves.toBeUndefined();
        await expect(store.delete("del/never-written.txt")).resolves.toBeUndefined();
        // A re-put after delete carries no leftover metadata.
        await store.put("del/a.txt", "again");
        expect((await store.head("del/a.txt"))?.metadata ?? {}).toEqual({});
      });
    });

    describe("keys", () => {
      const invalid = ["", "../x", "a/../../x", "/abs", "a//b", "a/", "./a", "a\\b", ".hidden", "dir/.meta"];
      for (const key of invalid) {
        it(`rejects the key ${JSON.stringify(key)} in every operation`, async () => {
          await expect(store.put(key, "x")).rejects.toBeInstanceOf(InvalidKeyError);
          await expect(store.get(key)).rejects.toBeInstanceOf(InvalidKeyError);
          await expect(store.getText(key)).rejects.toBeInstanceOf(InvalidKeyError);
          await expect(store.head(key)).rejects.toBeInstanceOf(InvalidKeyError);
          await expect(store.exists(key)).rejects.toBeInstanceOf(InvalidKeyError);
          await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidKeyError);
        });
      }
      it("wrote nothing for rejected keys", async () => {
        for (const key of invalid) await store.put(key, "x").catch(() => {});
        expect(await store.list("")).toEqual([]);
      });
    });

    describe("conditional writes", () => {
      it("gives every version an ETag: put, getWithEtag and head agree, and a rewrite changes it", async () => {
        const first = await store.put("cond/etag.txt", "one");
        expect(first.etag).toMatch(/\S/);
        const read = await store.getWithEtag("cond/etag.txt");
        expect(new TextDecoder().decode(read!.body)).toBe("one");
        expect(read!.etag).toBe(first.etag);
        expect((await store.head("cond/etag.txt"))?.etag).toBe(first.etag);
        const second = await store.put("cond/etag.txt", "two");
        expect(second.etag).not.toBe(first.etag);
        expect(await store.getWithEtag("cond/never.txt")).toBeUndefined();
      });

      it("ifNoneMatch: creates a missing object, refuses an existing one and leaves it as it was", async () => {
        await store.put("cond/create.txt", "first", { ifNoneMatch: "*", metadata: { writer: "a" } });
        const refused = await store
          .put("cond/create.txt", "second", { ifNoneMatch: "*" })
          .catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(PreconditionFailedError);
        expect(refused).toMatchObject({
          key: "cond/create.txt",
          condition: "If-None-Match",
          reason: "exists",
        });
        expect((refused as Error).message).toMatch(/cond\/create\.txt refused \(If-None-Match\)/);
        expect(await store.getText("cond/create.txt")).toBe("first");
        expect((await store.head("cond/create.txt"))?.metadata).toEqual({ writer: "a" });
      });

      it("ifMatch: writes over the version read, refuses a stale ETag and a deleted object", async () => {
        const v1 = await store.put("cond/swap.json", '{"n":1}');
        const v2 = await store.put("cond/swap.json", '{"n":2}', {
          ifMatch: v1.etag,
          contentType: "application/json",
        });
        expect(await store.getText("cond/swap.json")).toBe('{"n":2}');
        expect((await store.head("cond/swap.json"))?.contentType).toBe("application/json");
        const stale = await store
          .put("cond/swap.json", '{"n":3}', { ifMatch: v1.etag })
          .catch((e: unknown) => e);
        expect(stale).toBeInstanceOf(PreconditionFailedError);
        expect(stale).toMatchObject({ condition: "If-Match", reason: "changed" });
        expect(await store.getText("cond/swap.json")).toBe('{"n":2}');
        await store.delete("cond/swap.json");
        const gone = await store
          .put("cond/swap.json", '{"n":4}', { ifMatch: v2.etag })
          .catch((e: unknown) => e);
        expect(gone).toBeInstanceOf(PreconditionFailedError);
        expect(gone).toMatchObject({ condition: "If-Match", reason: "missing" });
        expect(await store.exists("cond/swap.json")).toBe(false);
      });

      it("of concurrent creators of one key, exactly one wins", async () => {
        const writers = 12;
        const outcomes = await Promise.all(
          Array.from({ length: writers }, (_, i) =>
            store.put("cond/claim.txt", `writer ${i}`, { ifNoneMatch: "*" }).then(
              () => "won",
              (error: unknown) => (error instanceof PreconditionFailedError ? "refused" : String(error)),
            ),
          ),
        );
        expect(outcomes.filter((o) => o === "won")).toHaveLength(1);
        expect(outcomes.filter((o) => o === "refused")).toHaveLength(writers - 1);
        const winner = outcomes.indexOf("won");
        expect(await store.getText("cond/claim.txt")).toBe(`writer ${winner}`);
      });

      it("loses no update when concurrent read-modify-writes race (updateWithRetry)", async () => {
        const writers = 10;
        const sleep = () => new Promise<void>((r) => setTimeout(r, Math.floor(Math.random() * 10)));
        const results = await Promise.all(
          Array.from({ length: writers }, (_, i) =>
            updateWithRetry(
              store,
              "cond/counter.json",
              (current) => {
                const list = current === undefined ? [] : (JSON.parse(current) as number[]);
                return JSON.stringify([...list, i]);
              },
              { sleep, maxAttempts: 100 },
            ),
          ),
        );
        const final = JSON.parse((await store.getText("cond/counter.json"))!) as number[];
        expect([...final].sort((a, b) => a - b)).toEqual(Array.from({ length: writers }, (_, i) => i));
        // The races were real: some writer had to re-read at least once.
        expect(results.some((r) => r.attempts > 1)).toBe(true);
      });

      it("updateWithRetry writes nothing when the change says so", async () => {
        const result = await updateWithRetry(store, "cond/untouched.txt", () => undefined);
        expect(result).toEqual({ etag: undefined, attempts: 1 });
        expect(await store.exists("cond/untouched.txt")).toBe(false);
      });
    });

    describe("concurrency", () => {
      it("ends concurrent puts to one key with one complete value and its own metadata", async () => {
        const writers = 8;
        const size = 256 * 1024;
        const bodies = Array.from({ length: writers }, (_, i) => new Uint8Array(size).fill(i + 1));
        await Promise.all(
          bodies.map((body, i) =>
            store.put("race/same.bin", body, { metadata: { writer: String(i + 1), sha256: sha256(body) } }),
          ),
        );
        const back = await store.get("race/same.bin");
        expect(back?.byteLength).toBe(size);
        const first = back![0]!;
        expect(first).toBeGreaterThanOrEqual(1);
        expect(back!.every((b) => b === first)).toBe(true);
        const info = await store.head("race/same.bin");
        expect(info?.metadata).toEqual({ writer: String(first), sha256: sha256(back!) });
      });
    });
  });
}
