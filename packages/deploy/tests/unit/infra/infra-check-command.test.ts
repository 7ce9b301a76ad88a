import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { CliIO } from "../../../src/cli-kit.js";
import { main } from "../../../src/cli.js";
import { edit, INFRA_DIR } from "./helpers.js";

function capture(cwd: string) {
  let out = "";
  let err = "";
  const io: CliIO = {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    cwd,
    env: {},
  };
  return { io, out: () => out, err: () => err };
}

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of infra/ in a temp dir, with an optional edit of one file (relative to infra/). */
function infraCopy(file?: string, change?: (text: string) => string): string {
  const root = mkdtempSync(join(tmpdir(), "vectora-infra-"));
  temps.push(root);
  cpSync(INFRA_DIR, join(root, "infra"), { recursive: true });
  if (file && change) {
    const path = join(root, "infra", file);
    writeFileSync(path, change(readFileSync(path, "utf8")));
  }
  return root;
}

describe("vectora infra check", () => {
  it("exits 0 on the real infra and prints every rule with pass or n/a per template", async () => {
    const root = infraCopy();
    const c = capture(root);
    expect(await main(["infra", "check"], c.io)).toBe(0);
    const out = c.out();
    expect(out).toContain("s0-iam.yaml → s0-core.yaml → s1-runtime.yaml");
    for (const rule of [
      "refs-resolve",
      "params-supplied",
      "bucket-tls-only",
      "reserved-concurrency-conditional",
    ])
      expect(out).toMatch(new RegExp(`^${rule} +(pass|n/a)`, "m"));
    expect(out).toContain("s1-runtime.yaml with dev.json: 0");
    expect(out).toContain("OK: 10 rules passed on 3 template(s).");
  });

  it("exits 1 and names file:line, resource and rule of each finding", async () => {
    const root = infraCopy("s1-runtime.yaml", (t) =>
      edit(
        t,
        "ReservedConcurrentExecutions: !If [HasReservedConcurrency, !Ref ReservedConcurrency, !Ref AWS::NoValue]",
        "ReservedConcurrentExecutions: 5",
      ),
    );
    const c = capture(root);
    expect(await main(["infra", "check", "--dir", "infra"], c.io)).toBe(1);
    const out = c.out();
    expect(out).toMatch(/^reserved-concurrency-conditional +n\/a +n\/a +FAIL\(1\)$/m);
    expect(out).toMatch(
      /infra\/s1-runtime\.yaml:\d+ IngestNormalizeFunction \[reserved-concurrency-conditional\] ReservedConcurrentExecutions is set unconditionally/,
    );
    expect(out).toContain("s1-runtime.yaml with dev.json: 5 (IngestNormalizeFunction 5, EngineFunction 0)");
  });

  it("reports an unparseable template as a finding and still checks the others", async () => {
    const root = infraCopy("s0-core.yaml", (t) =>
      edit(t, "Value: !Ref ConfigBucket", "Value: !Reff ConfigBucket"),
    );
    const c = capture(root);
    expect(await main(["infra", "check"], c.io)).toBe(1);
    expect(c.out()).toContain("parse: FAIL for infra/s0-core.yaml");
    expect(c.out()).toMatch(/infra\/s0-core\.yaml:\d+ \[parse\] Unresolved tag: !Reff/);
    // Without s0-core, s1-runtime's bucket parameters have no source: reported, not crashed.
    expect(c.out()).toContain("[params-supplied] parameter ConfigBucketName of s1-runtime.yaml");
  });

  it("prints the whole report as JSON with --json", async () => {
    const root = infraCopy("params/prod.json", (t) => edit(t, '"Env": "prod",', ""));
    const c = capture(root);
    expect(await main(["infra", "check", "--json"], c.io)).toBe(1);
    const report = JSON.parse(c.out()) as {
      ok: boolean;
      findings: { file: string; resource: string; rule: string }[];
    };
    expect(report.ok).toBe(false);
    expect(report.findings.map((f) => [f.file.endsWith("params/prod.json"), f.resource, f.rule])).toEqual([
      [true, "Env", "params-supplied"],
      [true, "Env", "params-supplied"],
      [true, "Env", "params-supplied"],
    ]);
  });

  it("exits 1 on a directory without templates and 2 on an unknown flag", async () => {
    const c = capture(tmpdir());
    expect(await main(["infra", "check", "--dir", "no-such-infra-dir"], c.io)).toBe(1);
    expect(c.out()).toContain("no *.yaml templates");
    const u = capture(tmpdir());
    expect(await main(["infra", "check", "--strict"], u.io)).toBe(2);
    expect(u.err()).toContain("Usage: vectora infra check");
  });
});
