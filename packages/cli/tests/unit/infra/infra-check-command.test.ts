import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../../src/cli.js";
import { captureIO, tempDirsPerTest } from "../../support/cli.js";
import { edit, INFRA_DIR } from "./helpers.js";

const temps = tempDirsPerTest();

/** A copy of infra/ in a temp dir, with an optional edit of one file (relative to infra/). */
async function infraCopy(file?: string, change?: (text: string) => string): Promise<string> {
  const root = await temps.make("infra");
  cpSync(INFRA_DIR, join(root, "infra"), { recursive: true });
  if (file && change) {
    const path = join(root, "infra", file);
    writeFileSync(path, change(readFileSync(path, "utf8")));
  }
  return root;
}

describe("vectora infra check", () => {
  it("exits 0 on the real infra and prints every rule with pass or n/a per template", async () => {
    const root = await infraCopy();
    const c = captureIO(root);
    expect(await main(["infra", "check"], c)).toBe(0);
    const out = c.stdout();
    expect(out).toContain("s0-iam.yaml → s0-core.yaml → s1-runtime.yaml");
    for (const rule of [
      "refs-resolve",
      "params-supplied",
      "bucket-tls-only",
      "bucket-versioned",
      "reserved-concurrency-conditional",
      "reservation-fits-account",
    ])
      expect(out).toMatch(new RegExp(`^${rule} +(pass|n/a)`, "m"));
    expect(out).toContain("s1-runtime.yaml with dev.json: 0");
    expect(out).toContain("; account limit 10 (floor 10 unreserved)");
    expect(out).toContain("OK: 21 rules passed on 4 template(s).");
  });

  it("exits 1 and names file:line, resource and rule of each finding", async () => {
    const root = await infraCopy("s1-runtime.yaml", (t) =>
      edit(
        t,
        "ReservedConcurrentExecutions: !If [HasReservedConcurrency, !Ref ReservedConcurrency, !Ref AWS::NoValue]",
        "ReservedConcurrentExecutions: 5",
      ),
    );
    const c = captureIO(root);
    expect(await main(["infra", "check", "--dir", "infra"], c)).toBe(1);
    const out = c.stdout();
    expect(out).toMatch(/^reserved-concurrency-conditional +n\/a +n\/a +n\/a +FAIL\(1\)$/m);
    expect(out).toMatch(
      /infra\/s1-runtime\.yaml:\d+ IngestNormalizeFunction \[reserved-concurrency-conditional\] ReservedConcurrentExecutions is set unconditionally/,
    );
    expect(out).toContain("s1-runtime.yaml with dev.json: 5 (IngestNormalizeFunction 5, EngineFunction 0)");
    // The declared 10-limit account refuses it too, per params file, before any deploy.
    expect(out).toMatch(/^reservation-fits-account +n\/a +n\/a +n\/a +FAIL\(2\)$/m);
    expect(out).toMatch(
      /infra\/params\/dev\.json \[reservation-fits-account\] dev\.json makes s1-runtime\.yaml reserve 5/,
    );
  });

  it("reports an unparseable template as a finding and still checks the others", async () => {
    const root = await infraCopy("s0-core.yaml", (t) =>
      edit(t, "Value: !Ref ConfigBucket", "Value: !Reff ConfigBucket"),
    );
    const c = captureIO(root);
    expect(await main(["infra", "check"], c)).toBe(1);
    expect(c.stdout()).toContain("parse: FAIL for infra/s0-core.yaml");
    expect(c.stdout()).toMatch(/infra\/s0-core\.yaml:\d+ \[parse\] Unresolved tag: !Reff/);
    // Without s0-core, s1-runtime's bucket parameters have no source: reported, not crashed.
    expect(c.stdout()).toContain("[params-supplied] parameter ConfigBucketName of s1-runtime.yaml");
  });

  it("prints the whole report as JSON with --json", async () => {
    const root = await infraCopy("params/prod.json", (t) => edit(t, '"Env": "prod",', ""));
    const c = captureIO(root);
    expect(await main(["infra", "check", "--json"], c)).toBe(1);
    const report = JSON.parse(c.stdout()) as {
      ok: boolean;
      findings: { file: string; resource: string; rule: string }[];
    };
    expect(report.ok).toBe(false);
    // Env has no Default in any of the four templates (s0-bootstrap, s0-iam, s0-core, s1-runtime).
    expect(report.findings.map((f) => [f.file.endsWith("params/prod.json"), f.resource, f.rule])).toEqual([
      [true, "Env", "params-supplied"],
      [true, "Env", "params-supplied"],
      [true, "Env", "params-supplied"],
      [true, "Env", "params-supplied"],
    ]);
  });

  it("exits 1 on a directory without templates and 2 on an unknown flag", async () => {
    const c = captureIO(tmpdir());
    expect(await main(["infra", "check", "--dir", "no-such-infra-dir"], c)).toBe(1);
    expect(c.stdout()).toContain("no *.yaml templates");
    const u = captureIO(tmpdir());
    expect(await main(["infra", "check", "--strict"], u)).toBe(2);
    expect(u.stderr()).toContain("Usage: vectora infra check");
  });
});
