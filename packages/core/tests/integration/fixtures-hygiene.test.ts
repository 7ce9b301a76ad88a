/**
 * The committed fixtures and config carry no credentials: recordings are made against live sites with a real
 * PubMed key, so a regression in URL redaction would land the key in git. This scans every text file.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { REPO_ROOT } from "@vectora/testing";
import { describe, expect, it } from "vitest";

/** Credential shapes: a URL key parameter with a value, AWS access keys, secret keys, auth headers, cookies. */
const CREDENTIAL_PATTERNS: Array<[string, RegExp]> = [
  ["URL credential parameter", /[?&](api_key|apikey|access_token|token)=[^&"'\s]+/i],
  ["AWS access key id", /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
  ["AWS secret key", /aws_secret_access_key|secretAccessKey["']?\s*[:=]\s*["'][^"']{20,}/i],
  ["authorization header", /"authorization"\s*:/i],
  ["cookie", /"set-cookie"\s*:/i],
];

async function textFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(json|txt|xml|html|ya?ml|md|jsonl)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe("fixtures and config hygiene", () => {
  it("finds no credential in fixtures/ or config/", async () => {
    const files = [
      ...(await textFiles(join(REPO_ROOT, "fixtures"))),
      ...(await textFiles(join(REPO_ROOT, "config"))),
    ];
    expect(files.length).toBeGreaterThan(10);
    const found: string[] = [];
    for (const file of files) {
      const text = await readFile(file, "utf8");
      for (const [what, pattern] of CREDENTIAL_PATTERNS) {
        const match = pattern.exec(text);
        if (match) found.push(`${relative(REPO_ROOT, file)}: ${what}: ${match[0].slice(0, 40)}`);
      }
    }
    expect(found).toEqual([]);
  });

  it("would catch a recorded PubMed key", () => {
    const leaked =
      '{"request":{"method":"GET","url":"https://eutils.ncbi.nlm.nih.gov/esearch.fcgi?db=pubmed&api_key=0123abcd"}}';
    expect(CREDENTIAL_PATTERNS.some(([, p]) => p.test(leaked))).toBe(true);
  });
});
