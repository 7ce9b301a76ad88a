/**
 * The Lambda bundles stay on their diet: built here as `vectora package` builds them, each zip within its budget
 * and under the 300 kB ceiling, and the bundle's metafile free of what the diet took out — zod's 60-odd locales
 * (only English, the default messages, remains), the SDK's CommonJS builds, the SDK's default credential chain
 * (the Lambda runtime's environment credentials are read directly), a second HTML parser in the ingest (parse5 is
 * its one parser: the selectors reader and the feeds' text read its tree), a YAML parser (the Lambdas read the
 * config snapshot `vectora config sync` writes) and, in the engine, the ingest readers and any HTML parser.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { PackagedLambda } from "../../src/package/manifest.js";
import { packageLambdas } from "../../src/package/package-lambdas.js";
import { REPO_ROOT, runVectora } from "../support/cli.js";

/** The 300 kB ceiling of the bundle diet (issue 11): no zip above it, whatever its budget. */
const ZIP_CEILING = 300_000;
let packages: PackagedLambda[];
let outDir: string;

beforeAll(async () => {
  const { makeTempDir } = await import("@vectora/testing");
  outDir = (await makeTempDir("vectora-diet")).path;
  packages = packageLambdas({ repoRoot: REPO_ROOT, outDir });
}, 180_000);

/** The inputs that put bytes into the bundle, by path. */
function inputsOf(pkg: PackagedLambda): string[] {
  const metafile = JSON.parse(readFileSync(pkg.metafile!, "utf8")) as {
    outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
  };
  return Object.values(metafile.outputs).flatMap((o) =>
    Object.entries(o.inputs)
      .filter(([, v]) => v.bytesInOutput > 0)
      .map(([path]) => path),
  );
}

describe("the Lambda bundles' diet", () => {
  it("keeps each zip within its budget and under the 300 kB ceiling, and records the heaviest modules", () => {
    for (const pkg of packages) {
      expect(pkg.withinBudget, `${pkg.name}: ${pkg.zipBytes} B`).toBe(true);
      expect(pkg.zipBytes, pkg.name).toBeLessThanOrEqual(ZIP_CEILING);
      expect(pkg.topModules, pkg.name).toHaveLength(10);
    }
  });

  it("bundles one HTML parser in the ingest (parse5) and none in the engine", () => {
    const parsers = (pkg: PackagedLambda) =>
      [
        ...new Set(
          inputsOf(pkg).flatMap(
            (p) => /\/(parse5|node-html-parser|htmlparser2|cheerio|linkedom|css-select)\//.exec(p)?.[1] ?? [],
          ),
        ),
      ].sort();
    expect(parsers(packages.find((p) => p.name === "ingest")!)).toEqual(["parse5"]);
    expect(parsers(packages.find((p) => p.name === "engine")!)).toEqual([]);
  });

  it("bundles no YAML parser: the Lambdas read the config's JSON snapshot", () => {
    for (const pkg of packages)
      expect(
        inputsOf(pkg).filter((p) => /\/node_modules\/yaml\/|config\/(parse-yaml|load-yaml)\.ts$/.test(p)),
        pkg.name,
      ).toEqual([]);
  });

  it("bundles no zod locale but the default English messages", () => {
    for (const pkg of packages)
      expect(
        inputsOf(pkg)
          .filter((p) => p.includes("/zod/v4/locales/"))
          .map((p) => p.split("/").pop()),
        pkg.name,
      ).toEqual(["en.js"]);
  });

  it("takes the SDK's ES-module builds and no credential chain beyond the environment", () => {
    for (const pkg of packages) {
      const inputs = inputsOf(pkg);
      expect(
        inputs.filter((p) => p.includes("/@aws-sdk/") && p.includes("/dist-cjs/")),
        pkg.name,
      ).toEqual([]);
      expect(
        inputs.filter((p) => /credential-provider-(node|ini|sso|process|web-identity|http|imds)/.test(p)),
        pkg.name,
      ).toEqual([]);
    }
  });

  it("vectora package --analyze names each bundle's heaviest packages and modules", async () => {
    const run = await runVectora(["package", "--no-build", "--analyze", "--out", `${outDir}/analyze`]);
    expect(run.code, run.err).toBe(0);
    for (const name of ["ingest", "engine"])
      expect(run.out).toMatch(
        new RegExp(
          `^ok {3}${name} .*\\n(.*\\n)? {5}heaviest packages:\\n( {7}.+ [kM]?B  \\S+\\n){12} {5}heaviest modules:\\n`,
          "m",
        ),
      );
    expect(run.out).toMatch(/^ {7}.+ kB {2}@aws-sdk\/client-s3$/m);
    expect(run.out).toMatch(/^ {7}.+ kB {2}zod\/v4\/core\/schemas\.js$/m);
  });

  it("leaves the ingest readers out of the engine (it imports only what it uses)", () => {
    const engine = packages.find((p) => p.name === "engine")!;
    expect(
      inputsOf(engine).filter((p) => /node-html-parser|fast-xml-parser|ingest\/readers\//.test(p)),
    ).toEqual([]);
  });
});
