#!/usr/bin/env node
/**
 * Opens a newsletter HTML file in headless Chromium and fails when the page is not self-contained and clean:
 * any console error, uncaught page error, failed request, or request for anything but the file itself (an email
 * page must not load scripts, fonts, images or stylesheets from elsewhere). Saves a full-page screenshot.
 *
 * Usage: node scripts/check-newsletter-html.mjs [FILE.html] [--screenshot OUT.png] [--width 720]
 *   FILE.html     default: .vectora/newsletters/lai_weekly/2025/12/17/newsletter.html (written by `pnpm vectora run`)
 *   --screenshot  default: .vectora/newsletter.png
 * Needs Chromium at /usr/bin/chromium (`apt-get install -y chromium`) or CHROMIUM_PATH. Exit 0 clean, 1 problems,
 * 2 usage / no browser.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
// playwright-core is a dev dependency of @vectora/cli (pnpm does not hoist it to the root).
const requireFromDeploy = createRequire(resolve(ROOT, "packages/cli/package.json"));
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const { values, positionals } = parseArgs({
  options: {
    screenshot: { type: "string" },
    width: { type: "string", default: "720" },
    help: { type: "boolean", default: false },
  },
  allowPositionals: true,
});
if (values.help) {
  console.log(
    "Usage: node scripts/check-newsletter-html.mjs [FILE.html] [--screenshot OUT.png] [--width 720]",
  );
  process.exit(0);
}
const cwd = process.env["INIT_CWD"] ?? process.cwd();
const file = resolve(cwd, positionals[0] ?? ".vectora/newsletters/lai_weekly/2025/12/17/newsletter.html");
const screenshot = resolve(cwd, values.screenshot ?? ".vectora/newsletter.png");
const executablePath = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
if (!existsSync(file)) {
  console.error(`check-newsletter-html: ${file} does not exist (run \`pnpm vectora run\` first)`);
  process.exit(2);
}
if (!existsSync(executablePath)) {
  console.error(
    `check-newsletter-html: no Chromium at ${executablePath} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
  );
  process.exit(2);
}

const { chromium } = requireFromDeploy("playwright-core");
const pageUrl = pathToFileURL(file).href;
const problems = [];
const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
try {
  const page = await browser.newPage({ viewport: { width: Number(values.width), height: 900 } });
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) =>
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? "unknown"})`),
  );
  page.on("request", (request) => {
    if (request.url() !== pageUrl) problems.push(`external resource requested: ${request.url()}`);
  });
  const response = await page.goto(pageUrl, { waitUntil: "load" });
  if (response && !response.ok()) problems.push(`loading ${pageUrl} answered ${response.status()}`);
  const facts = await page.evaluate(() => ({
    scripts: document.querySelectorAll("script").length,
    title: document.title,
    headings: document.querySelectorAll("h2").length,
    items: document.querySelectorAll("h3").length,
    overflow: document.documentElement.scrollWidth > window.innerWidth,
  }));
  if (facts.scripts > 0) problems.push(`${facts.scripts} <script> element(s) in the page`);
  if (!facts.title) problems.push("the page has no <title>");
  if (facts.overflow)
    problems.push(`the page is wider than the ${values.width}px viewport (horizontal scrolling)`);
  await mkdir(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(
    `${file}: "${facts.title}", ${facts.headings} section(s), ${facts.items} item(s); screenshot ${screenshot}`,
  );
} finally {
  await browser.close();
}
if (problems.length > 0) {
  console.error(
    `check-newsletter-html: ${problems.length} problem(s) in ${file}:\n${problems.map((p) => `  ${p}`).join("\n")}`,
  );
  process.exit(1);
}
console.log("check-newsletter-html: no console errors, no page errors, no failed or external requests");
