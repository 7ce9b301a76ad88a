/**
 * `vectora config validate` through the CLI's `main`, with captured output and the repository root as cwd —
 * the way CI and a developer run it — plus one real process run to prove `--json` keeps stdout pure JSON.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import { ConfigError, loadConfigYaml } from "@vectora/core";
import { FsBlobStore } from "@vectora/core/adapters";
import { copyToTempDir, type TempDir } from "@vectora/testing";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { COMMANDS } from "../../src/commands/index.js";
import { captureIO, REPO_ROOT } from "../support/cli.js";

const CONFIG_DIR = join(REPO_ROOT, "config");
const PACKAGE_VERSION = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

const temps: TempDir[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((t) => t.remove()));
});

/** A temp copy of config/ with three problems in two files. */
async function brokenCopy(): Promise<string> {
  const dir = await copyToTempDir(CONFIG_DIR, "config");
  temps.push(dir);
  const clientPath = join(dir.path, "clients/lai_weekly.yaml");
  const client = await readFile(clientPath, "utf8");
  const broken = client
    .replace("max_items: 4\n    priority: 3", 'max_items: "five"\n    priority: 3')
    .replace(
      "bouquets: [lai_corporate, lai_press, lai_databases, lai_companies]",
      "bouquets: [lai_corporate, lai_radio]",
    );
  expect(broken).not.toBe(client);
  await writeFile(clientPath, broken);
  const noisePath = join(dir.path, "canonical/noise.yaml");
  const noise = await readFile(noisePath, "utf8");
  const brokenNoise = noise.replace("'\\bwebinar\\b'", "'\\bwebinar(\\b'");
  expect(brokenNoise).not.toBe(noise);
  await writeFile(noisePath, brokenNoise);
  return dir.path;
}

/** What loadConfigYaml itself reports for `dir` (the CLI must print all of it). */
async function expectedIssues(dir: string, label: string) {
  const error = await loadConfigYaml(new FsBlobStore(dir), { label }).catch((e: unknown) => e);
  if (!(error instanceof ConfigError)) throw new Error("the broken copy loaded without error");
  return error.issues;
}

describe("vectora config validate", () => {
  it("passes on the repository's config/ and prints a one-line summary", async () => {
    const io = captureIO();
    expect(await main(["config", "validate"], io)).toBe(0);
    expect(io.stdout()).toMatch(
      // Issue 14 added canonical/non_lai.yaml and feedback/lai_weekly.yaml; issue 11 the e2e client; issue 12 the
      // catalog's candidates.
      /^config\/ is valid: 12 files, 10 active sources \(catalog: 174 candidates, 0 rejected\), 2 client\(s\) \[e2e_smoke, lai_weekly\], version cfg-[0-9a-f]{12}\n$/,
    );
    expect(io.stderr()).toBe("");
  });

  it("fails with exit 1 and lists every problem of a broken copy (--dir)", async () => {
    const dir = await brokenCopy();
    const io = captureIO();
    expect(await main(["config", "validate", "--dir", dir], io)).toBe(1);
    const issues = await expectedIssues(dir, `${dir}/`);
    expect(issues).toHaveLength(3);
    const lines = io.stderr().trimEnd().split("\n");
    expect(lines[0]).toBe(`${dir}/ is invalid (3 problem(s)):`);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(
        /canonical\/noise\.yaml: scopes\.lai_noise\.conference\[\d+\]: invalid regular expression \/\\bwebinar\(\\b\/: /,
      ),
      `  ${dir}/clients/lai_weekly.yaml: sections[2].max_items: expected number, got "five"`,
      `  ${dir}/clients/lai_weekly.yaml: sources.bouquets[1]: unknown bouquet "lai_radio" (known: lai_corporate, lai_press, lai_databases, lai_companies)`,
    ]);
    expect(io.stdout()).toBe("");
  });

  it("resolves a relative --dir against the cwd and labels files with it", async () => {
    const dir = await brokenCopy();
    const io = captureIO(dirname(dir));
    expect(await main(["config", "validate", "--dir", basename(dir)], io)).toBe(1);
    expect(io.stderr()).toContain(
      `  ${basename(dir)}/clients/lai_weekly.yaml: sections[2].max_items: expected number, got "five"\n`,
    );
  });

  it("--json prints only JSON on stdout: the version when valid, the issues when not", async () => {
    const valid = captureIO();
    expect(await main(["config", "validate", "--json"], valid)).toBe(0);
    const report = JSON.parse(valid.stdout());
    expect(report).toMatchObject({ valid: true, clients: ["e2e_smoke", "lai_weekly"] });
    expect(report.version).toMatch(/^cfg-[0-9a-f]{12}$/);
    expect(Object.keys(report.files)).toHaveLength(12);
    expect(valid.stderr()).toBe("");

    const dir = await brokenCopy();
    const invalid = captureIO();
    expect(await main(["config", "validate", "--dir", dir, "--json"], invalid)).toBe(1);
    expect(JSON.parse(invalid.stdout())).toEqual({
      valid: false,
      issues: await expectedIssues(dir, `${dir}/`),
    });
    expect(invalid.stderr()).toBe("");
  });

  it("says once that a --dir does not exist, instead of listing every file as missing", async () => {
    const io = captureIO();
    expect(await main(["config", "validate", "--dir", "no-such-config"], io)).toBe(1);
    expect(io.stderr()).toBe("config directory no-such-config not found\n");
    expect(io.stdout()).toBe("");
    const json = captureIO();
    expect(await main(["config", "validate", "--dir", "no-such-config", "--json"], json)).toBe(1);
    expect(JSON.parse(json.stdout())).toEqual({
      valid: false,
      issues: [{ file: "no-such-config/", path: "", message: "config directory no-such-config not found" }],
    });
    const file = captureIO();
    expect(await main(["config", "validate", "--dir", "README.md"], file)).toBe(1);
    expect(file.stderr()).toBe("config directory README.md is not a directory\n");
  });

  it("exits 2 with the verb's usage on a bad flag", async () => {
    const io = captureIO();
    expect(await main(["config", "validate", "--strict"], io)).toBe(2);
    expect(io.stderr()).toContain("vectora config validate: Unknown option '--strict'");
    expect(io.stderr()).toContain("Usage: vectora config validate [--dir config] [--json]");
    expect(io.stdout()).toBe("");
  });

  it("prints its usage with --help", async () => {
    const io = captureIO();
    expect(await main(["config", "validate", "--help"], io)).toBe(0);
    expect(io.stdout()).toMatch(/^Usage: vectora config validate /);
  });
});

describe("vectora (top level)", () => {
  it("exits 2 with the usage on an unknown verb", async () => {
    const io = captureIO();
    expect(await main(["config", "lint"], io)).toBe(2);
    expect(io.stderr()).toContain(
      'vectora: unknown verb "config lint" (sub-verbs of config: validate, sync)',
    );
    expect(io.stderr()).toContain("Usage: vectora <verb> [flags]");
    const other = captureIO();
    expect(await main(["frobnicate", "now"], other)).toBe(2);
    expect(other.stderr()).toMatch(/^vectora: unknown verb "frobnicate"\n\nUsage: vectora <verb> \[flags\]/);
  });

  it("exits 2 naming the sub-verbs when a verb group is given without one", async () => {
    for (const argv of [["config"], ["config", "--dir", "config"]]) {
      const io = captureIO();
      expect(await main(argv, io), argv.join(" ")).toBe(2);
      expect(io.stderr()).toMatch(
        /^vectora: "config" needs a sub-verb \(sub-verbs of config: validate, sync\)\n/,
      );
      expect(io.stdout()).toBe("");
    }
    const stack = captureIO();
    expect(await main(["stack"], stack)).toBe(2);
    expect(stack.stderr()).toMatch(
      /^vectora: "stack" needs a sub-verb \(sub-verbs of stack: status, diagnose, /,
    );
  });

  it("--version prints the package version", async () => {
    const io = captureIO();
    expect(await main(["--version"], io)).toBe(0);
    expect(io.stdout()).toBe(`vectora ${PACKAGE_VERSION}\n`);
  });

  it("--help lists every verb with its summary", async () => {
    const io = captureIO();
    expect(await main(["--help"], io)).toBe(0);
    for (const command of COMMANDS)
      expect(io.stdout()).toMatch(new RegExp(`^  ${command.name}\\s+${escapeRegExp(command.summary)}$`, "m"));
    expect(io.stdout()).toContain("config validate");
  });
});

describe("the real process", () => {
  it("keeps stdout pure JSON with --json (nothing from tsx, the SDK or logging)", async () => {
    const tsx = join(REPO_ROOT, "node_modules/.bin/tsx");
    const { stdout } = await promisify(execFile)(
      tsx,
      ["packages/cli/src/cli.ts", "config", "validate", "--json"],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, INIT_CWD: REPO_ROOT, NODE_OPTIONS: "" },
      },
    );
    expect(stdout.endsWith("\n")).toBe(true);
    expect(stdout.trimEnd().split("\n")).toHaveLength(1);
    expect(JSON.parse(stdout)).toMatchObject({ valid: true });
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
