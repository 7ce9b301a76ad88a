import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { makeTempDir, type TempDir } from "@vectora/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FsBlobStore } from "../../src/adapters/fs-blob-store.js";
import { mapLimited } from "../../src/util/map-limited.js";
import { describeBlobStoreContract } from "../contract/blob-store.contract.js";

describeBlobStoreContract("FsBlobStore", async () => {
  const dir = await makeTempDir("fs-store");
  return { store: new FsBlobStore(dir.path), cleanup: dir.remove };
});

/** Every file under `root`, as `/`-separated paths relative to it (hidden files included). */
async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split("\\").join("/"))
    .sort();
}

describe("FsBlobStore on disk", () => {
  let dir: TempDir;
  let store: FsBlobStore;
  beforeEach(async () => {
    dir = await makeTempDir("fs-store");
    store = new FsBlobStore(dir.path);
  });
  afterEach(() => dir.remove());

  it("says where it is", () => {
    expect(store.location).toBe(`dir:${dir.path}`);
  });

  it("leaves no temp files behind after many puts, overwrites and concurrent puts", async () => {
    const keys = Array.from({ length: 60 }, (_, i) => `a/${i % 3}/k${i}.txt`);
    await mapLimited(keys, 16, (key) => store.put(key, key, { metadata: { n: key.length.toString() } }));
    await mapLimited(keys, 16, (key) => store.put(key, `${key} v2`));
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.put("a/same.txt", `writer ${i}`, { contentType: "text/plain" }),
      ),
    );
    const files = await filesUnder(dir.path);
    expect(files.filter((f) => f.split("/").pop()!.startsWith(".tmp-"))).toEqual([]);
    expect(files).toContain("a/same.txt");
    expect(files).toContain("a/.same.txt.meta.json");
    expect(files.filter((f) => !f.includes("/."))).toHaveLength(61);
  });

  it("keeps metadata in a hidden sidecar that list never shows", async () => {
    await store.put("cfg/sources.yaml", "x: 1\n", {
      contentType: "application/yaml",
      metadata: { sha256: "abc" },
    });
    expect(await filesUnder(dir.path)).toEqual(["cfg/.sources.yaml.meta.json", "cfg/sources.yaml"]);
    const listed = await store.list("");
    expect(listed.map((b) => b.key)).toEqual(["cfg/sources.yaml"]);
    expect(listed[0]?.metadata).toEqual({ sha256: "abc" });
    await store.delete("cfg/sources.yaml");
    expect(await filesUnder(dir.path)).toEqual([]);
  });

  it("reads a directory written by hand (no sidecars) and skips files that are not legal keys", async () => {
    await mkdir(join(dir.path, "clients"), { recursive: true });
    await writeFile(join(dir.path, "clients", "lai_weekly.yaml"), "client_id: lai_weekly\n");
    await writeFile(join(dir.path, "clients", "back\\slash.yaml"), "x");
    await writeFile(join(dir.path, ".DS_Store"), "junk");
    expect((await store.list("")).map((b) => b.key)).toEqual(["clients/lai_weekly.yaml"]);
    expect(await store.head("clients/lai_weekly.yaml")).toMatchObject({ size: 22, metadata: {} });
  });

  it("names the sidecar when it is corrupt", async () => {
    await store.put("x/y.txt", "y", { metadata: { a: "b" } });
    await writeFile(join(dir.path, "x", ".y.txt.meta.json"), "{not json");
    await expect(store.head("x/y.txt")).rejects.toThrow(/\.y\.txt\.meta\.json/);
    await writeFile(join(dir.path, "x", ".y.txt.meta.json"), JSON.stringify({ metadata: { a: 1 } }));
    await expect(store.head("x/y.txt")).rejects.toThrow(/invalid/);
  });

  it("writes bodies to the path the key names", async () => {
    await store.put("ingested/lai_weekly/2025/12/17/run.jsonl", "{}\n");
    expect(
      await readFile(join(dir.path, "ingested", "lai_weekly", "2025", "12", "17", "run.jsonl"), "utf8"),
    ).toBe("{}\n");
  });
});
