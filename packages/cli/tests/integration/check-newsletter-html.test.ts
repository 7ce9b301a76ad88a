/**
 * scripts/check-newsletter-html.mjs in headless Chromium: the newsletter `vectora run` writes must load with no
 * console error, page error, failed or external request; a page that breaks those rules must fail the check.
 * Needs /usr/bin/chromium (`apt-get install -y chromium`): skipped, saying so, when it is absent.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { makeTempDir, type TempDir } from "@vectora/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import type { CliIO } from "../../src/cli-kit.js";

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const SCRIPT = join(REPO_ROOT, "scripts/check-newsletter-html.mjs");
const HAS_CHROMIUM = existsSync("/usr/bin/chromium");
if (!HAS_CHROMIUM)
  console.warn(
    "check-newsletter-html tests skipped: no Chromium at /usr/bin/chromium (apt-get install -y chromium)",
  );

describe.skipIf(!HAS_CHROMIUM)("check-newsletter-html (headless Chromium)", () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await makeTempDir("html-check");
  });
  afterAll(() => dir?.remove());

  it("passes the newsletter written by `vectora run` and saves a screenshot", async () => {
    const io: CliIO = { out: () => {}, err: () => {}, cwd: dir.path, env: {} };
    expect(await main(["run"], io)).toBe(0);
    const html = join(dir.path, ".vectora/newsletters/lai_weekly/2025/12/17/newsletter.html");
    const png = join(dir.path, "shot.png");
    const { stdout } = await run(process.execPath, [SCRIPT, html, "--screenshot", png], {
      cwd: dir.path,
      env: { ...process.env, INIT_CWD: dir.path },
    });
    expect(stdout).toContain("no console errors, no page errors, no failed or external requests");
    expect((await stat(png)).size).toBeGreaterThan(10_000);
  }, 60_000);

  it("fails a page with a script error, a console error and an external image", async () => {
    const bad = join(dir.path, "bad.html");
    await writeFile(
      bad,
      `<!DOCTYPE html><html><head><title>bad</title></head><body><img src="http://127.0.0.1:9/pixel.png"><script>console.error("boom"); undefinedFunction();</script></body></html>`,
    );
    const failure = await run(process.execPath, [SCRIPT, bad, "--screenshot", join(dir.path, "bad.png")], {
      cwd: dir.path,
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("console error: boom");
    expect(failure?.stderr).toMatch(/page error: .*undefinedFunction/);
    expect(failure?.stderr).toContain("external resource requested: http://127.0.0.1:9/pixel.png");
    expect(failure?.stderr).toContain("<script> element(s) in the page");
  }, 60_000);
});
