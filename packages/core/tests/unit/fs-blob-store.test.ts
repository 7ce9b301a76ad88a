import { spawnSync } from "node:child_process";
import { mkdir, readdir, readFile, utimes, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { makeTempDir, type TempDir } from "@vectora/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FsBlobStore, resetOrphanSweeps } from "../../src/adapters/fs-blob-store.js";
import { mapLimited } from "../../src/util/map-limited.js";
import { describeBlobStoreContract } from "../contract/blob-store.contract.js";
import { childExit, startChild } from "../support/children/run-child.js";

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

  it("reads an object with a corrupt sidecar without its metadata, with a warning naming the sidecar", async () => {
    const warnings: string[] = [];
    const warned = new FsBlobStore(dir.path, { onWarning: (m) => warnings.push(m) });
    await warned.put("x/y.txt", "y", { metadata: { a: "b" } });
    await writeFile(join(dir.path, "x", ".y.txt.meta.json"), "{not json");
    expect(await warned.head("x/y.txt")).toMatchObject({ key: "x/y.txt", size: 1, metadata: {} });
    expect(warnings).toEqual([
      expect.stringMatching(
        /^metadata sidecar .*\/x\/\.y\.txt\.meta\.json is not JSON: .*; x\/y\.txt is read without its metadata$/,
      ),
    ]);
    expect(await warned.head("x/y.txt")).toMatchObject({ metadata: {} });
    expect(warnings).toHaveLength(1); // once per file
    const another = new FsBlobStore(dir.path, { onWarning: (m) => warnings.push(m) });
    await writeFile(join(dir.path, "x", ".y.txt.meta.json"), JSON.stringify({ metadata: { a: 1 } }));
    expect((await another.list("x/")).map((b) => [b.key, b.metadata])).toEqual([["x/y.txt", {}]]);
    expect(warnings[1]).toMatch(/\.y\.txt\.meta\.json is invalid: metadata\.a: /);
    // The object itself is intact and can be rewritten (the rewrite replaces the sidecar).
    expect(await warned.getText("x/y.txt")).toBe("y");
    await warned.put("x/y.txt", "y2", { metadata: { a: "c" } });
    expect((await warned.head("x/y.txt"))?.metadata).toEqual({ a: "c" });
  });

  it("writes bodies to the path the key names", async () => {
    await store.put("ingested/lai_weekly/2025/12/17/run.jsonl", "{}\n");
    expect(
      await readFile(join(dir.path, "ingested", "lai_weekly", "2025", "12", "17", "run.jsonl"), "utf8"),
    ).toBe("{}\n");
  });

  it("removes a killed process's temp files older than an hour on the next write to their folder", async () => {
    await store.put("runs/a/first.jsonl", "1\n");
    const folder = join(dir.path, "runs", "a");
    const old = join(folder, ".tmp-4242-0a1b2c3d4e5f");
    const recent = join(folder, ".tmp-4242-ffffffffffff");
    await writeFile(old, "half a body");
    await writeFile(recent, "a write in progress");
    const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
    await utimes(old, twoHoursAgo, twoHoursAgo);
    const elsewhere = join(dir.path, "runs", ".tmp-4242-000000000000");
    await writeFile(elsewhere, "another folder");
    await utimes(elsewhere, twoHoursAgo, twoHoursAgo);
    resetOrphanSweeps(); // as a new process would
    await store.put("runs/a/second.jsonl", "2\n");
    const names = await readdir(folder);
    expect(names).not.toContain(".tmp-4242-0a1b2c3d4e5f");
    expect(names).toContain(".tmp-4242-ffffffffffff");
    expect(await readdir(join(dir.path, "runs"))).toContain(".tmp-4242-000000000000");
    expect((await store.list("runs/")).map((b) => b.key)).toEqual([
      "runs/a/first.jsonl",
      "runs/a/second.jsonl",
    ]);
  });

  it("breaks a lock left by a dead process at once, and waits for a live one", async () => {
    const dead = spawnSync(process.execPath, ["-e", "process.pid"]).pid!;
    await mkdir(join(dir.path, "locks"), { recursive: true });
    const lockFile = join(dir.path, "locks", ".seen.json.lock");
    await writeFile(lockFile, `${dead} ${(await import("node:os")).hostname()} deadbeef`);
    const started = Date.now();
    await store.put("locks/seen.json", "{}", { ifNoneMatch: "*" });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await readdir(join(dir.path, "locks"))).toEqual(["seen.json"]);

    // A lock held by a live process (this one) makes the put wait until it is released.
    await writeFile(lockFile, `${process.pid} ${(await import("node:os")).hostname()} cafebabe`);
    let written = false;
    const put = store.put("locks/seen.json", '{"v":2}').then(() => {
      written = true;
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(written).toBe(false);
    await import("node:fs/promises").then((fs) => fs.rm(lockFile));
    await put;
    expect(await store.getText("locks/seen.json")).toBe('{"v":2}');
  });

  it("compare-and-swap holds across processes: 4 processes append 15 entries each, none is lost", {
    timeout: 60_000,
  }, async () => {
    const children = ["a", "b", "c", "d"].map((tag) =>
      startChild("cas-increment.ts", [dir.path, "shared/list.json", tag, "15"]),
    );
    await Promise.all(children.map(childExit));
    const list = JSON.parse((await store.getText("shared/list.json"))!) as string[];
    expect(list).toHaveLength(60);
    expect(new Set(list).size).toBe(60);
    for (const tag of ["a", "b", "c", "d"])
      expect(list.filter((e) => e.startsWith(`${tag}:`))).toEqual(
        Array.from({ length: 15 }, (_, n) => `${tag}:${n}`),
      );
    expect((await readdir(join(dir.path, "shared"))).filter((n) => n.startsWith("."))).toEqual([]);
  });
});
