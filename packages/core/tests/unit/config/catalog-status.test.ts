/**
 * The catalog's statuses: candidates and rejected sources are part of the config (validated, keyed, listed in
 * bouquets) but never read by a run; a candidate may be a bare homepage; a rejected source says why.
 */
import { describe, expect, it } from "vitest";
import { FsBlobStore } from "../../../src/adapters/fs-blob-store.js";
import { clientWatch } from "../../../src/config/load.js";
import { loadConfigYaml } from "../../../src/config/load-yaml.js";
import { IngestOptionsError, selectSources } from "../../../src/jobs/ingest.js";
import { configCopy, issuesOf, replacing } from "../../support/config-copy.js";
import { loadRepoConfig } from "../../support/repo.js";

const CANDIDATE = "press_corporate__alkermes";

describe("the source catalog's statuses", () => {
  it("holds the imported backlog as candidates that no run reads", async () => {
    const config = await loadRepoConfig();
    const byStatus = (s: string) => config.catalog.filter((e) => e.status === s).length;
    expect([byStatus("active"), byStatus("candidate"), byStatus("rejected")]).toEqual([10, 174, 0]);
    const alkermes = config.catalog.find((e) => e.key === CANDIDATE);
    expect(alkermes).toEqual({
      key: CANDIDATE,
      name: "Alkermes news",
      actor_type: "press_corporate",
      company: "Alkermes",
      status: "candidate",
      homepage: "https://www.alkermes.com/",
    });
    // The client subscribes to the bouquet that lists every company; its runs still read the 9 active sources.
    expect(config.clients["lai_weekly"]!.sources.bouquets).toContain("lai_companies");
    expect(config.bouquets.find((b) => b.id === "lai_companies")!.sources).toContain(CANDIDATE);
    const read = clientWatch(config, "lai_weekly").sources.map((s) => s.key);
    expect(read).toHaveLength(9);
    expect(read).not.toContain(CANDIDATE);
    expect(config.http).toEqual({
      user_agent: "VectoraInbox/0.1.0",
      contact: "mailto:sources@vectora-inbox.example",
    });
  });

  it("never reads a candidate or rejected source, even when named", async () => {
    const config = await loadRepoConfig();
    expect(() => selectSources(config, "lai_weekly", [CANDIDATE])).toThrow(IngestOptionsError);
    expect(() => selectSources(config, "lai_weekly", [CANDIDATE])).toThrow(
      `source "${CANDIDATE}" is a candidate: runs never read it (\`vectora sources check ${CANDIDATE}\` tries it, \`vectora sources activate ${CANDIDATE}\` makes it active)`,
    );
  });

  it("reads a candidate once it has a kind, a url and status active", async () => {
    const dir = await configCopy({
      "canonical/sources.yaml": replacing([
        "    company: Alkermes\n    status: candidate\n",
        "    kind: rss\n    company: Alkermes\n    url: https://investor.alkermes.com/rss/news-releases.xml\n",
      ]),
    });
    const config = await loadConfigYaml(new FsBlobStore(dir));
    expect(clientWatch(config, "lai_weekly").sources.map((s) => s.key)).toContain(CANDIDATE);
  });

  it("names a lead marked active, a rejected source without a reason and an extra source that is a candidate", async () => {
    const dir = await configCopy({
      "canonical/sources.yaml": replacing(
        ["    company: Alkermes\n    status: candidate\n", "    company: Alkermes\n    status: active\n"],
        ["    company: Amgen\n    status: candidate\n", "    company: Amgen\n    status: rejected\n"],
      ),
      "clients/lai_weekly.yaml": replacing(["  extra: []", "  extra: [press_corporate__adocia]"]),
    });
    const config = await loadRepoConfig();
    const at = (key: string) => config.catalog.findIndex((s) => s.key === key);
    expect(await issuesOf(dir)).toEqual([
      `config/canonical/sources.yaml: sources[${at(CANDIDATE)}].status: a source without kind and url is a candidate or rejected; \`vectora sources activate KEY\` makes it active, got "active"`,
      `config/canonical/sources.yaml: sources[${at("press_corporate__amgen")}].reason: a rejected source says why (\`vectora sources reject KEY --reason …\`)`,
      'config/clients/lai_weekly.yaml: sources.extra[0]: source "press_corporate__adocia" is a candidate: runs never read it (`vectora sources activate press_corporate__adocia` makes it active)',
    ]);
  });

  it("checks a company's homepage is a URL", async () => {
    const dir = await configCopy({
      "canonical/companies.yaml": replacing([
        "homepage: https://www.alkermes.com/",
        "homepage: www.alkermes.com",
      ]),
    });
    const issues = await issuesOf(dir);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(
      /^config\/canonical\/companies\.yaml: scopes\.lai_companies\.hybrids\[\d+\]\.homepage: expected a URL, got "www\.alkermes\.com"$/,
    );
  });
});
