import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import type { PackagedLambda, PackageManifest } from "../../src/package/manifest.js";
import {
  formatBytes,
  formatChange,
  SIZE_REPORT_MARKER,
  sizeReportMarkdown,
} from "../../src/package/size-report.js";
import { runVectora } from "../support/cli.js";

function fn(name: "ingest" | "engine", zipBytes: number, unzippedBytes: number, maxZipBytes = 300_000) {
  return {
    name,
    zipPath: `/tmp/${name}.zip`,
    s3Key: `${name}/0123456789abcdef.zip`,
    sha256: "a".repeat(64),
    codeSha256: `${"A".repeat(43)}=`,
    zipBytes,
    unzippedBytes,
    budget: { maxZipBytes, maxUnzippedBytes: 1_200_000 },
    withinBudget: zipBytes <= maxZipBytes,
    smokeTest: { ok: true, detail: "handler exported" },
  } satisfies PackagedLambda;
}

const current: PackageManifest = {
  commit: "f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed",
  functions: [fn("ingest", 212_400, 798_100), fn("engine", 271_000, 990_000)],
};

describe("size report", () => {
  it("formats sizes and changes the way the budgets are written", () => {
    expect(formatBytes(980)).toBe("980 B");
    expect(formatBytes(212_400)).toBe("212.4 kB");
    expect(formatBytes(1_040_000)).toBe("1.04 MB");
    expect(formatChange(212_400, 465_000)).toBe("-252.6 kB (-54.3 %)");
    expect(formatChange(101_000, 100_000)).toBe("+1.0 kB (+1.0 %)");
    expect(formatChange(5, 5)).toBe("no change");
    expect(formatChange(5, undefined)).toBe("new");
  });

  it("gives per function zip and unzipped size, the change against main and the share of the budget", () => {
    const md = sizeReportMarkdown({
      current,
      baseline: {
        commit: "0badc0de0badc0de0badc0de0badc0de0badc0de",
        functions: [
          { name: "ingest", zipBytes: 465_000, unzippedBytes: 1_600_000 },
          { name: "engine", zipBytes: 271_000, unzippedBytes: 1_000_000 },
        ],
      },
      baselineLabel: "main's last build",
    });
    expect(md.startsWith(`${SIZE_REPORT_MARKER}\n`)).toBe(true);
    expect(md).toContain(
      "| `ingest` | 212.4 kB | -252.6 kB (-54.3 %) | 798.1 kB | -801.9 kB (-50.1 %) | 71 % of 300.0 kB | ✅ |",
    );
    // 271 kB of 300 kB: over 90 % is flagged before it fails.
    expect(md).toContain(
      "| `engine` | 271.0 kB | no change | 990.0 kB | -10.0 kB (-1.0 %) | 90 % of 300.0 kB | ⚠️ near budget |",
    );
    expect(md).toContain("Build of `f00dfeedf00d` compared with main's last build (`0badc0de0bad`).");
  });

  it("says there is no baseline, marks a function over budget, and lists a removed one", () => {
    const over = { ...current, functions: [fn("ingest", 320_000, 900_000)] };
    const alone = sizeReportMarkdown({ current: over });
    expect(alone).toContain(
      "| `ingest` | 320.0 kB | – | 900.0 kB | – | 107 % of 300.0 kB | ❌ over budget |",
    );
    expect(alone).toContain("no baseline build to compare with");
    const removed = sizeReportMarkdown({
      current: over,
      baseline: { functions: [{ name: "engine", zipBytes: 1000, unzippedBytes: 2000 }] },
    });
    expect(removed).toContain("| `ingest` | 320.0 kB | new |");
    expect(removed).toContain("| `engine` | removed | -1.0 kB |");
  });

  it("lists each bundle's heaviest modules when the manifest has them", () => {
    const md = sizeReportMarkdown({
      current: {
        functions: [
          {
            ...fn("engine", 200_000, 700_000),
            topModules: [{ path: "node_modules/zod/v4/core/schemas.js", bytes: 61_234 }],
          },
        ],
      },
    });
    expect(md).toContain("<summary>Largest modules per bundle</summary>");
    expect(md).toContain("| `node_modules/zod/v4/core/schemas.js` | 61.2 kB |");
  });

  it("is written by `vectora package --no-build --report-md` from the CI artifact, with an unreadable baseline said", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vectora-report-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(
      join(dir, "manifest.json"),
      JSON.stringify({
        ...current,
        functions: current.functions.map((f) => ({ ...f, zipPath: `${f.name}.zip` })),
      }),
    );
    writeFileSync(join(dir, "main.json"), "{ not json");
    const run = await runVectora(
      [
        "package",
        "--no-build",
        "--out",
        dir,
        "--report-md",
        join(dir, "report.md"),
        "--baseline",
        join(dir, "main.json"),
      ],
      dir,
    );
    expect(run.code).toBe(0);
    expect(run.out).toContain("no usable baseline at");
    const md = readFileSync(join(dir, "report.md"), "utf8");
    expect(md).toContain("| `engine` | 271.0 kB | – |");
  });
});
