/**
 * `vectora config validate` on a generated catalog of 300 sources (and 1,000, to see how it scales): the
 * repository's config with its `canonical/sources.yaml` replaced by a catalog of active HTML and RSS sources
 * (some with selectors), homepage-only candidates and rejected sources, in bouquets the client subscribes to.
 * Times the verb in-process (parse, schemas, cross-checks, hashing, printing). Prints; asserts nothing.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { main } from "../src/cli.js";
import { captureIO } from "../tests/support/cli.js";
import { median } from "./median.js";

/** The company names of the repository's companies.yaml, so generated corporate sources name known companies. */
async function companyNames(configDir: string): Promise<string[]> {
  const file = parse(await readFile(join(configDir, "canonical/companies.yaml"), "utf8")) as {
    scopes: Record<string, Record<string, Array<string | { name: string }>>>;
  };
  return Object.values(file.scopes).flatMap((roles) =>
    Object.values(roles).flatMap((list) => list.map((e) => (typeof e === "string" ? e : e.name))),
  );
}

/** A catalog of `count` sources: 60% active (HTML, a third with selectors; RSS), 35% candidates, 5% rejected. */
export function generatedCatalog(count: number, companies: readonly string[]): string {
  const lines = [
    "http:",
    "  user_agent: VectoraInbox/0.1.0",
    "  contact: mailto:bench@vectora-inbox.example",
    "sources:",
  ];
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const key = `press_corporate__bench_${String(i).padStart(4, "0")}`;
    keys.push(key);
    const company = companies[i % companies.length]!;
    const host = `www.bench-${i}.example`;
    const common = [
      `  - key: ${key}`,
      `    name: Bench source ${i}`,
      "    actor_type: press_corporate",
      `    company: ${JSON.stringify(company)}`,
    ];
    const band = i % 20;
    if (band < 12) {
      const rss = band % 3 === 2;
      lines.push(
        ...common,
        `    kind: ${rss ? "rss" : "html"}`,
        `    homepage: https://${host}/`,
        `    url: https://${host}/${rss ? "feed/" : "news/"}`,
      );
      if (band % 3 === 0)
        lines.push(
          "    selectors: { item: article.post, title: h2, link: h2 a, date: time, content: p.excerpt }",
          '    date_formats: ["d MMMM yyyy", "iso"]',
          '    skip_titles: ["Download attachment", "Read more"]',
        );
    } else if (band < 19) lines.push(...common, "    status: candidate", `    homepage: https://${host}/`);
    else
      lines.push(
        ...common,
        "    status: rejected",
        "    reason: listing rendered by JavaScript",
        `    homepage: https://${host}/`,
      );
  }
  lines.push("bouquets:");
  for (let b = 0; b < 3; b++)
    lines.push(
      `  - id: bench_${b}`,
      "    sources:",
      ...keys.filter((_, i) => i % 3 === b).map((k) => `      - ${k}`),
    );
  return `${lines.join("\n")}\n`;
}

/** Times `vectora config validate --dir` on generated catalogs of 300 and 1,000 sources. */
export async function benchConfigValidate(repoRoot: string, runs = 7): Promise<void> {
  const repoConfig = join(repoRoot, "config");
  const companies = await companyNames(repoConfig);
  for (const count of [300, 1000]) {
    const dir = await mkdtemp(join(tmpdir(), "vectora-bench-config-"));
    try {
      await cp(repoConfig, dir, { recursive: true });
      await writeFile(join(dir, "canonical/sources.yaml"), generatedCatalog(count, companies));
      // Every client subscribes to the generated bouquets (and names no extra source of the real catalog).
      for (const file of (await readdir(join(dir, "clients"))).filter((f) => f.endsWith(".yaml"))) {
        const client = join(dir, "clients", file);
        const text = await readFile(client, "utf8");
        await writeFile(
          client,
          text
            .replace(/ {2}bouquets: \[[^\]]*\]/, "  bouquets: [bench_0, bench_1, bench_2]")
            .replace(/ {2}extra: \[[^\]]*\]/, "  extra: []"),
        );
      }
      const times: number[] = [];
      let summary = "";
      for (let r = 0; r < runs + 1; r++) {
        const io = captureIO(repoRoot);
        const t0 = performance.now();
        const code = await main(["config", "validate", "--dir", dir], io);
        const ms = performance.now() - t0;
        if (code !== 0)
          throw new Error(`config validate failed on the generated catalog:\n${io.stdout()}${io.stderr()}`);
        if (r > 0) times.push(ms); // the first run pays module loading
        summary = io.stdout().trim().replace(dir, "<generated>");
      }
      console.log(
        `config validate: ${count} sources, median ${median(times).toFixed(1)} ms (runs: ${times.map((t) => t.toFixed(0)).join(", ")}) — ${summary}`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
