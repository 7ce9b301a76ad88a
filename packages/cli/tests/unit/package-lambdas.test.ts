import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterEach, describe, expect, it } from "vitest";
import { packageLambdas, smokeTestZip } from "../../src/package/package-lambdas.js";

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
  it("uploads each zip once under its content-addressed key, then reports it unchanged", async () => {
    const { FsBlobStore } = await import("@vectora/core/adapters");
    const { uploadPackages, readPackageManifest } = await import("../../src/package/package-lambdas.js");
    const root = fakeRepo({ ingest: goodHandler, engine: goodHandler.replace("ok", "done") });
    const outDir = join(root, "out");
    packageLambdas({ repoRoot: root, outDir, build: false });
    const manifest = readPackageManifest(join(outDir, "manifest.json"));
    const store = new FsBlobStore(join(root, "bucket"));
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

  it("refuses a manifest that is not one", async () => {
    const { readPackageManifest } = await import("../../src/package/package-lambdas.js");
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

  it("turns the manifest into the runtime stack's code-key parameters", async () => {
    const { codeKeyParameters } = await import("../../src/package/code-keys.js");
    const root = fakeRepo({ ingest: goodHandler, engine: goodHandler.replace("ok", "done") });
    const [ingest, engine] = packageLambdas({ repoRoot: root, outDir: join(root, "out"), build: false });
    const lines: string[] = [];
    expect(codeKeyParameters(join(root, "out", "manifest.json"), (l) => lines.push(l))).toEqual({
      IngestCodeKey: ingest?.s3Key,
      EngineCodeKey: engine?.s3Key,
    });
    expect(codeKeyParameters(join(root, "nowhere", "manifest.json"), (l) => lines.push(l))).toEqual({});
    expect(lines[1]).toMatch(
      /^no package manifest at .*nowhere\/manifest\.json: code keys come from the params file/,
    );
  });
});
