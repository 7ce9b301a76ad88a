/**
 * Runs the packer in this process and prints each zip's SHA-256 as JSON: the time-zone test starts it in child
 * processes with different `TZ` values. Usage: `node --import tsx package-in-child.ts <repoRoot> <outDir>`.
 */
import { packageLambdas } from "../../src/package/package-lambdas.js";

const [repoRoot, outDir] = process.argv.slice(2);
if (!repoRoot || !outDir) throw new Error("usage: package-in-child.ts <repoRoot> <outDir>");
const results = packageLambdas({ repoRoot, outDir, build: false });
process.stdout.write(
  `${JSON.stringify({
    tz: process.env["TZ"],
    offsetMinutes: new Date(1980, 0, 1).getTimezoneOffset(),
    hashes: Object.fromEntries(results.map((r) => [r.name, r.sha256])),
    smoke: results.every((r) => r.smokeTest.ok),
  })}\n`,
);
