import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { strToU8, unzipSync, zipSync } from "fflate";
import { afterEach, describe, expect, it } from "vitest";
import { deterministicZip } from "../../src/package/deterministic-zip.js";
import { packageLambdas, smokeTestZip } from "../../src/package/package-lambdas.js";
import { runVectora } from "../support/cli.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway repo with one bundle per function and a budgets file. */
function fakeRepo(
  bundles: Record<string, string>,
  budget = { maxZipBytes: 100_000, maxUnzippedBytes: 400_000 },
): string {
  const root = mkdtempSync(join(tmpdir(), "vectora-pkg-"));
  dirs.push(root);
  writeFileSync(join(root, "pnpm-workspace.yaml"), "packages: []\n");
  mkdirSync(join(root, "packages/cli"), { recursive: true });
  writeFileSync(
    join(root, "packages/cli/package-budgets.json"),
    JSON.stringify({ functions: Object.fromEntries(Object.keys(bundles).map((name) => [name, budget])) }),
  );
  for (const [name, source] of Object.entries(bundles)) {
    mkdirSync(join(root, "packages", name, "dist"), { recursive: true });
    writeFileSync(join(root, "packages", name, "dist", "handler.mjs"), source);
  }
  return root;
}

const goodHandler = `export const handler = async () => ({ ok: process.env.CONFIG_BUCKET });\n`;

describe("packageLambdas", () => {
  it("zips a bundle deterministically, within budget, with a content-addressed key", () => {
    const root = fakeRepo({ ingest: goodHandler });
    const first = packageLambdas({
      repoRoot: root,
      outDir: join(root, "out1"),
      functions: ["ingest"],
      build: false,
    });
    const second = packageLambdas({
      repoRoot: root,
      outDir: join(root, "out2"),
      functions: ["ingest"],
      build: false,
    });
    expect(first[0]?.sha256).toBe(second[0]?.sha256);
    expect(first[0]?.s3Key).toBe(`ingest/${first[0]?.sha256.slice(0, 16)}.zip`);
    expect(first[0]?.withinBudget).toBe(true);
    expect(first[0]?.smokeTest.ok).toBe(true);
    const manifest = JSON.parse(readFileSync(join(root, "out1", "manifest.json"), "utf8"));
    expect(manifest.functions[0].name).toBe("ingest");
  });

  it("flags a bundle over its budget", () => {
    // Random-looking text does not compress, so the zip stays over a 1 kB budget.
    const noise = Array.from({ length: 4000 }, (_, i) => ((i * 2654435761) >>> 0).toString(36)).join("");
    const root = fakeRepo(
      { engine: `${goodHandler}export const blob = ${JSON.stringify(noise)};\n` },
      { maxZipBytes: 1000, maxUnzippedBytes: 400_000 },
    );
    const [result] = packageLambdas({
      repoRoot: root,
      outDir: join(root, "out"),
      functions: ["engine"],
      build: false,
    });
    expect(result?.zipBytes).toBeGreaterThan(1000);
    expect(result?.withinBudget).toBe(false);
  });

  it("names the bundle it cannot find", () => {
    const root = fakeRepo({});
    expect(() =>
      packageLambdas({ repoRoot: root, outDir: join(root, "out"), functions: ["ingest"], build: false }),
    ).toThrow(/ingest: no bundle at .*handler\.mjs/);
  });
});

describe("time-zone-proof zips", () => {
  const CHILD = fileURLToPath(new URL("../support/package-in-child.ts", import.meta.url));
  /** Zones west and east of UTC, and the one furthest ahead (UTC+14), where 1980-01-01 00:00Z is still 1979 or already 14:00. */
  const ZONES = ["America/Los_Angeles", "UTC", "Asia/Tokyo", "Pacific/Kiritimati"];

  it("gives byte-identical zips when the packer runs under any TZ", () => {
    const root = fakeRepo({ ingest: goodHandler, engine: goodHandler.replace("ok", "done") });
    const runs = ZONES.map((tz, i) => {
      const result = spawnSync(process.execPath, ["--import", "tsx", CHILD, root, join(root, `out-${i}`)], {
        encoding: "utf8",
        env: { ...process.env, TZ: tz },
        timeout: 60_000,
      });
      expect(result.status, `${tz}: ${result.stderr}`).toBe(0);
      return JSON.parse(result.stdout) as {
        tz: string;
        offsetMinutes: number;
        hashes: Record<string, string>;
        smoke: boolean;
      };
    });
    // The zones really differed (a TZ the child ignored would make this test pass vacuously).
    expect(new Set(runs.map((r) => r.offsetMinutes)).size).toBe(ZONES.length);
    expect(runs.every((r) => r.smoke)).toBe(true);
    for (const run of runs) expect(run.hashes, run.tz).toEqual(runs[0]!.hashes);
    // And the zips on disk are the same bytes.
    for (const name of ["ingest", "engine"]) {
      const first = readFileSync(join(root, "out-0", `${name}.zip`));
      for (let i = 1; i < ZONES.length; i++)
        expect(readFileSync(join(root, `out-${i}`, `${name}.zip`)).equals(first)).toBe(true);
    }
  }, 120_000);

  it("writes 1980-01-01 00:00:00 as the DOS time of every entry, and Unix mode 0644", () => {
    const zip = deterministicZip({ "b.mjs": strToU8("b"), "a.mjs": strToU8("a") });
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    // Local file header: signature, version, flags, method, then time and date (little-endian).
    expect(view.getUint32(0, true)).toBe(0x04034b50);
    expect(view.getUint16(10, true)).toBe(0); // 00:00:00
    expect(view.getUint16(12, true)).toBe((0 << 9) | (1 << 5) | 1); // 1980-01-01
    // Central directory: made by Unix (3), external attributes = mode << 16.
    const central = zip.findIndex((_, i) => view.getUint32(Math.min(i, zip.length - 4), true) === 0x02014b50);
    expect(zip[central + 5]).toBe(3);
    expect(view.getUint32(central + 38, true) >>> 16).toBe(0o100644);
    // Entries in path order, whatever order they were given in.
    expect(Object.keys(unzipSync(zip))).toEqual(["a.mjs", "b.mjs"]);
  });
});

describe("the bundle's metafile", () => {
  const metafile = (inputs: Record<string, number>) =>
    JSON.stringify({
      inputs: {},
      outputs: {
        "dist/handler.mjs": {
          inputs: Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, { bytesInOutput: v }])),
        },
      },
    });

  it("is copied next to the zip and its ten heaviest modules go into the manifest", async () => {
    const { topModules } = await import("../../src/package/bundle-metafile.js");
    const root = fakeRepo({ engine: goodHandler });
    const inputs = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [
        `../../node_modules/.pnpm/pkg${i}@1.0.0/node_modules/pkg${i}/index.js`,
        1000 * (i + 1),
      ]),
    );
    writeFileSync(
      join(root, "packages/engine/dist/handler.meta.json"),
      metafile({ ...inputs, "src/handler.ts": 42 }),
    );
    const [engine] = packageLambdas({
      repoRoot: root,
      outDir: join(root, "out"),
      functions: ["engine"],
      build: false,
    });
    expect(engine?.metafile).toBe(join(root, "out", "engine.meta.json"));
    expect(readFileSync(join(root, "out", "engine.meta.json"), "utf8")).toContain("bytesInOutput");
    expect(engine?.topModules).toHaveLength(10);
    expect(engine?.topModules?.[0]).toEqual({ path: "pkg11/index.js", bytes: 12_000 });
    const manifest = JSON.parse(readFileSync(join(root, "out", "manifest.json"), "utf8"));
    expect(manifest.functions[0].metafile).toBe("engine.meta.json");
    expect(topModules(metafile({ "../core/src/index.ts": 5, "src/handler.ts": 9 }))).toEqual([
      { path: "src/handler.ts", bytes: 9 },
      { path: "core/src/index.ts", bytes: 5 },
    ]);
  });

  it("sums the bytes by package for --analyze: npm packages by name (scoped too), workspace code by folder", async () => {
    const { topPackages } = await import("../../src/package/bundle-metafile.js");
    const text = metafile({
      "../../node_modules/.pnpm/zod@4.6.7/node_modules/zod/v4/core/schemas.js": 30,
      "../../node_modules/.pnpm/zod@4.6.7/node_modules/zod/v4/classic/schemas.js": 20,
      "../../node_modules/.pnpm/@aws-sdk+client-s3@3.1.0/node_modules/@aws-sdk/client-s3/dist-es/index.js": 45,
      "../core/src/ingest/listing/dom.ts": 7,
      "../core/src/ingest/listing/entry.ts": 8,
      "src/handler.ts": 9,
    });
    expect(topPackages(text)).toEqual([
      { path: "zod", bytes: 50 },
      { path: "@aws-sdk/client-s3", bytes: 45 },
      { path: "core/src/ingest/listing", bytes: 15 },
      { path: "src", bytes: 9 },
    ]);
    expect(topPackages(text, 1)).toEqual([{ path: "zod", bytes: 50 }]);
  });

  it("names a metafile that is not one", () => {
    const root = fakeRepo({ engine: goodHandler });
    writeFileSync(join(root, "packages/engine/dist/handler.meta.json"), '{"outputs": 3}');
    expect(() =>
      packageLambdas({ repoRoot: root, outDir: join(root, "out"), functions: ["engine"], build: false }),
    ).toThrow(/handler\.meta\.json: not an esbuild metafile/);
  });
});

describe("smokeTestZip", () => {
  it("passes a zip whose handler imports cleanly", () => {
    expect(smokeTestZip(zipSync({ "handler.mjs": strToU8(goodHandler) }))).toEqual({
      ok: true,
      detail: "handler exported",
    });
  });

  it("fails a zip whose bundle imports a module that is not in it", () => {
    const result = smokeTestZip(
      zipSync({ "handler.mjs": strToU8(`import "yaml";\nexport const handler = () => 1;\n`) }),
    );
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/Cannot find package 'yaml'/);
  });

  it("fails a zip that exports no handler", () => {
    const result = smokeTestZip(zipSync({ "handler.mjs": strToU8(`export const other = 1;\n`) }));
    expect(result).toEqual({ ok: false, detail: "no exported handler function" });
  });
});

describe("uploadPackages", () => {
  /** The two functions packaged in a throwaway repo, with the manifest, a directory bucket and the uploader. */
  async function packaged() {
    const { FsBlobStore } = await import("@vectora/core/adapters");
    const { readPackageManifest } = await import("../../src/package/manifest.js");
    const { uploadPackages } = await import("../../src/package/upload.js");
    const root = fakeRepo({ ingest: goodHandler, engine: goodHandler.replace("ok", "done") });
    const outDir = join(root, "out");
    packageLambdas({ repoRoot: root, outDir, build: false });
    const manifest = readPackageManifest(join(outDir, "manifest.json"));
    return { root, outDir, manifest, store: new FsBlobStore(join(root, "bucket")), uploadPackages };
  }

  it("uploads each zip once under its content-addressed key, then reports it unchanged", async () => {
    const { outDir, manifest, store, uploadPackages } = await packaged();
    const first = await uploadPackages(manifest, store);
    expect(first.map((u) => u.status)).toEqual(["uploaded", "uploaded"]);
    const stored = await store.get(first[0]!.s3Key);
    expect(Buffer.from(stored!).equals(readFileSync(join(outDir, "ingest.zip")))).toBe(true);
    const head = await store.head(first[0]!.s3Key);
    expect(head?.metadata?.["sha256"]).toBe(manifest[0]?.sha256);
    expect(head?.metadata?.["unzipped-size"]).toBe(String(goodHandler.length));
    const second = await uploadPackages(manifest, store);
    expect(second.map((u) => u.status)).toEqual(["unchanged", "unchanged"]);
  });

  it("refuses to upload a zip modified after packaging, naming the file and both hashes", async () => {
    const { root, outDir, manifest, store, uploadPackages } = await packaged();
    const tampered = zipSync({
      "handler.mjs": strToU8("export const handler = () => 'not what CI tested';"),
    });
    writeFileSync(join(outDir, "engine.zip"), tampered);
    const actual = createHash("sha256").update(tampered).digest("hex");
    const refused = uploadPackages(manifest, store);
    await expect(refused).rejects.toThrow(
      `${join(outDir, "engine.zip")}: sha256 ${actual}, manifest says ${manifest[1]?.sha256}`,
    );
    // Nothing went up, not even the intact ingest zip.
    expect(await store.list("")).toEqual([]);

    // The CLI says the same and exits 1, before any S3 call (the no-network guard would fail the test).
    const cli = await runVectora(
      ["package", "--no-build", "--upload", "--env", "dev", "--out", outDir],
      root,
    );
    expect(cli.code).toBe(1);
    expect(cli.err).toContain(`engine.zip: sha256 ${actual}, manifest says ${manifest[1]?.sha256}`);
  });

  it("refuses a content-addressed key that already holds other bytes", async () => {
    const { FsBlobStore } = await import("@vectora/core/adapters");
    const { readPackageManifest } = await import("../../src/package/manifest.js");
    const { uploadPackages } = await import("../../src/package/upload.js");
    const root = fakeRepo({ ingest: goodHandler });
    packageLambdas({ repoRoot: root, outDir: join(root, "out"), functions: ["ingest"], build: false });
    const manifest = readPackageManifest(join(root, "out", "manifest.json"));
    const store = new FsBlobStore(join(root, "bucket"));
    await store.put(manifest[0]!.s3Key, strToU8("other"), { metadata: { sha256: "0".repeat(64) } });
    await expect(uploadPackages(manifest, store)).rejects.toThrow(/already exists with sha256 0{64}, not /);
  });

  it("records the commit, Lambda's base64 CodeSha256, and paths that survive moving the folder", async () => {
    const { readManifestFile } = await import("../../src/package/manifest.js");
    const { cpSync } = await import("node:fs");
    const root = fakeRepo({ ingest: goodHandler });
    const [pkg] = packageLambdas({
      repoRoot: root,
      outDir: join(root, "out"),
      functions: ["ingest"],
      build: false,
    });
    const zip = readFileSync(join(root, "out", "ingest.zip"));
    expect(pkg?.codeSha256).toBe(createHash("sha256").update(zip).digest("base64"));
    const raw = JSON.parse(readFileSync(join(root, "out", "manifest.json"), "utf8"));
    expect(raw.functions[0].zipPath).toBe("ingest.zip");
    // The artifact is downloaded elsewhere: the manifest still finds its zips.
    cpSync(join(root, "out"), join(root, "moved"), { recursive: true });
    const moved = readManifestFile(join(root, "moved", "manifest.json"));
    expect(moved.functions[0]?.zipPath).toBe(join(root, "moved", "ingest.zip"));
    // The fake repo is no git checkout: no commit is claimed (in CI, GITHUB_SHA is recorded).
    expect(raw.commit).toBe(process.env["GITHUB_SHA"]);
  });

  it("refuses a manifest that is not one", async () => {
    const { readPackageManifest } = await import("../../src/package/manifest.js");
    const root = fakeRepo({});
    writeFileSync(join(root, "manifest.json"), JSON.stringify({ functions: [{ name: "lambda-x" }] }));
    expect(() => readPackageManifest(join(root, "manifest.json"))).toThrow(
      /manifest\.json: not a package manifest \(functions\.0\.name: /,
    );
    // A truncated file (an interrupted write) names the file too, not just "Unexpected end of JSON input".
    writeFileSync(join(root, "manifest.json"), '{"functions": [');
    expect(() => readPackageManifest(join(root, "manifest.json"))).toThrow(
      /manifest\.json: not a package manifest: /,
    );
  });

  it("names the budgets file when it is not valid", () => {
    const root = fakeRepo({ ingest: goodHandler });
    writeFileSync(
      join(root, "packages/cli/package-budgets.json"),
      '{"functions": {"ingest": {"maxZipBytes": -1}}}',
    );
    expect(() => packageLambdas({ repoRoot: root, outDir: join(root, "out"), build: false })).toThrow(
      /package-budgets\.json: not a size budgets file \(functions\.ingest\.maxZipBytes: /,
    );
  });

  it("turns the manifest into the runtime stack's code keys and hashes, and the hashes to compare after deploy", async () => {
    const { releaseFromManifest } = await import("../../src/package/release-parameters.js");
    const root = fakeRepo({ ingest: goodHandler, engine: goodHandler.replace("ok", "done") });
    const [ingest, engine] = packageLambdas({ repoRoot: root, outDir: join(root, "out"), build: false });
    const lines: string[] = [];
    const release = releaseFromManifest(join(root, "out", "manifest.json"), (l) => lines.push(l));
    expect(release.parameters).toEqual({
      IngestCodeKey: ingest?.s3Key,
      IngestCodeSha256: ingest?.codeSha256,
      EngineCodeKey: engine?.s3Key,
      EngineCodeSha256: engine?.codeSha256,
    });
    expect(release.expectedCode).toEqual({ ingest: ingest?.codeSha256, engine: engine?.codeSha256 });
    expect(releaseFromManifest(join(root, "nowhere", "manifest.json"), (l) => lines.push(l))).toEqual({
      parameters: {},
      expectedCode: {},
    });
    expect(lines[1]).toMatch(
      /^no package manifest at .*nowhere\/manifest\.json: code keys come from the params file/,
    );
  });
});
