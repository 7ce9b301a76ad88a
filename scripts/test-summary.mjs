#!/usr/bin/env node
// Adds up the vitest JSON reports that `pnpm test` leaves in packages/*/.vitest/results.json and prints the
// closing line CI reads: `N passed, N failed` (plus skipped). Exits 1 when any test failed, any suite failed to
// load, or no report was found — a run that tested nothing must not look green.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const packagesDir = join(root, "packages");
let passed = 0;
let failed = 0;
let skipped = 0;
let failedSuites = 0;
const seen = [];
for (const name of readdirSync(packagesDir).sort()) {
  const report = join(packagesDir, name, ".vitest", "results.json");
  if (!existsSync(report)) continue;
  const json = JSON.parse(readFileSync(report, "utf8"));
  passed += json.numPassedTests ?? 0;
  failed += json.numFailedTests ?? 0;
  skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  // A test file that fails to import counts as a failed suite with no failed test: count it as a failure.
  const brokenFiles = (json.testResults ?? []).filter(
    (file) => file.status === "failed" && (file.assertionResults ?? []).length === 0,
  );
  failedSuites += brokenFiles.length;
  for (const file of brokenFiles)
    console.log(`suite failed to run: ${file.name}\n  ${String(file.message ?? "").split("\n")[0]}`);
  seen.push(`${name}: ${json.numPassedTests} passed, ${json.numFailedTests} failed`);
}
for (const line of seen) console.log(`  ${line}`);
if (seen.length === 0) console.log("no vitest report found under packages/*/.vitest/results.json");
console.log(`${passed} passed, ${failed + failedSuites} failed, ${skipped} skipped`);
process.exit(failed + failedSuites > 0 || seen.length === 0 ? 1 : 0);
