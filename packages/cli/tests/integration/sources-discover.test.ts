/**
 * `vectora sources discover` on the recorded company sites, and the "done when": the config entry it
 * prints, pasted into the catalog, makes `vectora ingest --replay` read that source — from the fixtures, and
 * from what `--record` saved of a site served live on 127.0.0.1.
 */
import { cp, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { IngestReport } from "@vectora/core";
import { REPO_CONFIG_DIR } from "@vectora/testing";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT, runVectora, tempDirsPerTest } from "../support/cli.js";

const temps = tempDirsPerTest();
const SITES = "fixtures/discover";
const FOUND = [
  ["https://www.lumidepot-pharma.com/", "press_corporate__lumidepot_pharma", 2],
  ["https://www.sustainabio.com/", "press_corporate__sustainabio", 2],
  ["https://www.hexadepot.fr/", "press_corporate__hexadepot", 1],
  ["https://www.hanulbio.co.kr/", "press_corporate__hanul_bio", 2],
  ["https://www.nordlyx.se/", "press_corporate__nordlyx", 1],
] as const;

/** `vectora sources discover <args…>`, the sites read from the recorded ones. */
const discover = (...args: string[]) => runVectora(["sources", "discover", "--replay", SITES, ...args]);

/** The YAML blocks of the human output, exactly as printed under "config entry (paste under …):". */
function printedEntries(out: string): string[] {
  return out
    .split("\n\n")
    .map((block) => block.split(/config entry \(paste under `sources:`[^\n]*\n/)[1])
    .filter((yaml): yaml is string => yaml !== undefined)
    .map((yaml) => `${yaml.trimEnd()}\n`);
}

/** A copy of config/ with `entries` pasted at the end of the catalog's `sources:` list. */
async function configWith(entries: readonly string[]): Promise<string> {
  const dir = join(await temps.make("config-pasted"), "config");
  await cp(REPO_CONFIG_DIR, dir, { recursive: true });
  const path = join(dir, "canonical/sources.yaml");
  const text = await readFile(path, "utf8");
  await writeFile(path, text.replace("\nbouquets:\n", `${entries.join("")}\nbouquets:\n`));
  return dir;
}

describe("vectora sources discover", () => {
  it("finds the listing of each recorded site and prints a catalog entry; the entries, pasted, are read by ingest", async () => {
    const discovered = await discover(...FOUND.map(([url]) => url));
    expect(discovered.code).toBe(0);
    expect(discovered.out).toContain(
      [
        "https://www.hexadepot.fr/ → press_corporate__hexadepot: ok",
        "  homepage  200  https://www.hexadepot.fr/",
        '  listing   200  https://www.hexadepot.fr/investisseurs/communiques-de-presse/  (generic, link "Communiqués de presse" under "Investisseurs")',
        "  entries   4, 100% dated, newest 2025-12-09",
      ].join("\n"),
    );
    const pasted = printedEntries(discovered.out);
    expect(pasted).toHaveLength(5);
    expect(pasted[4]).toBe(
      [
        "  - key: press_corporate__nordlyx",
        "    name: Nordlyx AB news feed",
        "    kind: rss",
        "    actor_type: press_corporate",
        "    homepage: https://www.nordlyx.se/",
        "    url: https://feed.mfn.se/v1/feed/5e0c7a2b-nordlyx/rss",
        "",
      ].join("\n"),
    );

    const config = await configWith(pasted);
    const store = await temps.make("store");
    const keys = FOUND.map(([, key]) => key).join(",");
    const ingest = await runVectora([
      "ingest",
      "--client",
      "lai_weekly",
      "--replay",
      SITES,
      "--sources",
      keys,
      "--config",
      config,
      "--store",
      store,
      "--json",
    ]);
    expect(ingest.code, ingest.err).toBe(0);
    const report = IngestReport.parse(JSON.parse(ingest.out));
    expect(report.as_of).toBe("2025-12-17");
    expect(report.sources.map((s) => [s.source_key, s.status, s.new])).toEqual(
      FOUND.map(([, key, inWindow]) => [key, "ok", inWindow]),
    );
  });

  it("prints JSON findings, and exits 1 when no site yields a listing", async () => {
    const json = await discover("--json", "https://www.corvida-tx.com/", "https://www.vireo-science.io/");
    expect(json.code).toBe(1);
    const findings = JSON.parse(json.out) as Array<{ key: string; verdict: string; reason: string }>;
    expect(findings.map((f) => [f.key, f.verdict])).toEqual([
      ["press_corporate__corvida_therapeutics", "blocked"],
      ["press_corporate__vireo_science", "no_listing"],
    ]);
    const usage = await discover("www.corvida-tx.com");
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('expected an absolute http(s) URL, got "www.corvida-tx.com"');
  });

  it("reads the sites of a --candidates file, naming a catalog company and its existing key", async () => {
    const dir = await temps.make("candidates");
    const file = join(dir, "sites.csv");
    await writeFile(
      file,
      "company_id,company_name,homepage_url\nlumi,Lumidepot Pharma AB,https://www.lumidepot-pharma.com/\n",
    );
    const result = await discover("--candidates", file, "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject([
      { key: "press_corporate__lumidepot_pharma", company: "Lumidepot Pharma AB" },
    ]);
  });
});

describe("vectora sources discover --record", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  it("saves what it fetched from a live site so that `ingest --replay` reads the printed entry", async () => {
    // The French fixture site served on 127.0.0.1: its pages use relative links, so they work at any address.
    const site = join(REPO_ROOT, SITES, "hexadepot-french");
    const pages: Record<string, [number, string, string]> = {
      "/": [200, "text/html", "homepage.html"],
      "/investisseurs/communiques-de-presse/": [200, "text/html", "communiques.html"],
    };
    server = createServer(async (req, res) => {
      const page = pages[req.url ?? ""];
      if (!page) {
        res.writeHead(404, { "content-type": "text/plain" }).end("Not Found");
        return;
      }
      res.writeHead(page[0], { "content-type": `${page[1]}; charset=utf-8` });
      res.end(await readFile(join(site, page[2]), "utf8"));
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const recorded = await temps.make("recorded");
    const discovered = await runVectora([
      "sources",
      "discover",
      "--record",
      recorded,
      `${origin}/`,
      "--company",
      "Hexadepot",
    ]);
    expect(discovered.code, discovered.err).toBe(0);
    expect(discovered.err).toContain(
      "warning: the contact in the User-Agent (mailto:sources@vectora-inbox.example) is a placeholder",
    );
    const pasted = printedEntries(discovered.out);
    expect(pasted[0]).toContain(`    url: ${origin}/investisseurs/communiques-de-presse/\n`);
    // Hexadepot is not in companies.yaml: the entry leaves `company` out, so the catalog stays valid.
    expect(pasted[0]).not.toContain("company:");
    server.close();

    const config = await configWith(pasted);
    const ingest = await runVectora([
      "ingest",
      "--client",
      "lai_weekly",
      "--replay",
      recorded,
      "--as-of",
      "2025-12-17",
      "--sources",
      "press_corporate__hexadepot",
      "--config",
      config,
      "--store",
      await temps.make("store"),
      "--json",
    ]);
    expect(ingest.code, ingest.err).toBe(0);
    const report = IngestReport.parse(JSON.parse(ingest.out));
    expect(report.sources[0]).toMatchObject({
      source_key: "press_corporate__hexadepot",
      status: "ok",
      parsed: 4,
      new: 1,
    });
  });
});
