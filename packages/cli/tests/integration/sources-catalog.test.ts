/**
 * The catalog verbs on temp copies of config/: `sources add` (a company in one command), `sources activate`
 * (a candidate made active, comments kept), `sources reject`, and `sources check` on the recorded fortnight.
 */
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { REPO_CONFIG_DIR } from "@vectora/testing";
import { describe, expect, it } from "vitest";
import { runVectora, tempDirsPerTest } from "../support/cli.js";

const temps = tempDirsPerTest();
const SITES = "fixtures/discover";

async function configCopy(): Promise<string> {
  const dir = join(await temps.make("config"), "config");
  await cp(REPO_CONFIG_DIR, dir, { recursive: true });
  return dir;
}
const read = (dir: string, file: string) => readFile(join(dir, "canonical", file), "utf8");
/** `vectora sources <args…>` on the config copy in `config`, the sites read from the recorded ones. */
const sourcesOnSites = (config: string, ...args: string[]) =>
  runVectora(["sources", ...args, "--replay", SITES, "--config", config]);

describe("vectora sources add", () => {
  it("adds a company, its discovered listing as an active source and its bouquet, in one command", async () => {
    const config = await configCopy();
    const before = await read(config, "sources.yaml");
    const add = await sourcesOnSites(
      config,
      "add",
      "https://www.hanulbio.co.kr/",
      "--company",
      "Hanul Bio",
      "--role",
      "pure_players",
    );
    expect(add.code, add.out + add.err).toBe(0);
    expect(add.out).toContain(
      'company "Hanul Bio" added to lai_companies.pure_players\nsource press_corporate__hanul_bio added (active)',
    );
    expect(await read(config, "companies.yaml")).toContain(
      '      - { name: Vivani Medical, aliases: [Vivani], note: "NanoPortal implants" }\n      - { name: Hanul Bio, homepage: https://www.hanulbio.co.kr/ }\n',
    );
    const after = await read(config, "sources.yaml");
    expect(after.startsWith(before.slice(0, before.indexOf("\nbouquets:")))).toBe(true);
    expect(after).toContain(
      "  - key: press_corporate__hanul_bio\n    name: Hanul Bio news\n    kind: html\n    actor_type: press_corporate\n    company: Hanul Bio\n    homepage: https://www.hanulbio.co.kr/\n    url: https://www.hanulbio.co.kr/pr/press_list.php\n",
    );
    expect(after.trimEnd().endsWith("      - press_corporate__hanul_bio")).toBe(true);
    // The client reads it now: its runs' sources include it.
    const check = await sourcesOnSites(config, "check", "--client", "lai_weekly", "--json");
    expect((JSON.parse(check.out) as Array<{ key: string }>).map((f) => f.key)).toContain(
      "press_corporate__hanul_bio",
    );
  });

  it("adds a site without a readable listing as a candidate, and says so with exit 1", async () => {
    const config = await configCopy();
    const add = await sourcesOnSites(
      config,
      "add",
      "https://www.vireo-science.io/",
      "--company",
      "Vireo Science",
    );
    expect(add.code).toBe(1);
    expect(add.out).toContain("source press_corporate__vireo_science added as a candidate");
    expect(await read(config, "sources.yaml")).toContain(
      "    status: candidate\n    homepage: https://www.vireo-science.io/\n",
    );
  });
});

describe("vectora sources activate and reject", () => {
  it("activates a candidate from its homepage, keeping the file's comments, and rejects one with its reason", async () => {
    const config = await configCopy();
    const path = join(config, "canonical/sources.yaml");
    // A candidate at a recorded site, with a comment of its own.
    await writeFile(
      path,
      (await readFile(path, "utf8")).replace(
        "\nbouquets:\n",
        "  # Hexadepot: French implants (added by hand)\n  - key: press_corporate__hexadepot\n    name: Hexadepot news\n    actor_type: press_corporate\n    status: candidate\n    homepage: https://www.hexadepot.fr/\n\nbouquets:\n",
      ),
    );
    const activate = await sourcesOnSites(
      config,
      "activate",
      "press_corporate__hexadepot",
      "--bouquet",
      "lai_companies",
    );
    expect(activate.code, activate.out).toBe(0);
    expect(activate.out).toContain("press_corporate__hexadepot is active");
    expect(activate.out).toContain("read by the runs of: lai_weekly");
    const text = await read(config, "sources.yaml");
    expect(text).toContain(
      "  # Hexadepot: French implants (added by hand)\n  - key: press_corporate__hexadepot\n    name: Hexadepot news\n    kind: html\n    actor_type: press_corporate\n    homepage: https://www.hexadepot.fr/\n    url: https://www.hexadepot.fr/investisseurs/communiques-de-presse/\n",
    );
    expect(text).toContain("# --- Candidates: the earlier system's backlog");

    const reject = await runVectora([
      "sources",
      "reject",
      "press_corporate__adocia",
      "--reason",
      "no news since 2023",
      "--config",
      config,
    ]);
    expect(reject.code).toBe(0);
    expect(reject.out).toBe("press_corporate__adocia is rejected (was candidate): no news since 2023\n");
    expect(await read(config, "sources.yaml")).toContain(
      "  - key: press_corporate__adocia\n    name: Adocia news\n    actor_type: press_corporate\n    company: Adocia\n    status: rejected\n    reason: no news since 2023\n",
    );
  });

  it("writes nothing when no listing reads well, or a listing given by hand is not one", async () => {
    const config = await configCopy();
    const before = await read(config, "sources.yaml");
    const refused = await sourcesOnSites(
      config,
      "activate",
      "press_corporate__alkermes",
      "--listing",
      "https://www.vireo-science.io/news/",
    );
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(
      /press_corporate__alkermes was not activated: no_listing: https:\/\/www\.vireo-science\.io\/news\/: listing is rendered by JavaScript/,
    );
    expect(await read(config, "sources.yaml")).toBe(before);
    const unknown = await runVectora(["sources", "activate", "press_corporate__nope", "--config", config]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown source "press_corporate__nope"');
    const noReason = await runVectora(["sources", "reject", "press_corporate__adocia", "--config", config]);
    expect(noReason.code).toBe(2);
  });
});

describe("vectora sources check", () => {
  it("reports the runs' sources on the recorded fortnight, and exits 1 when one cannot be read", async () => {
    const check = await runVectora(["sources", "check", "--replay", "fixtures/recorded/lai-2025-12"]);
    expect(check.code).toBe(1);
    expect(check.out).toMatch(
      /^press_corporate__nanexa +ok +200 +selectors +6 +100% +2025-12-15 +https:\/\/www\.nanexa\.se\/en\/press\/$/m,
    );
    expect(check.out).toMatch(/^press_corporate__peptron +unreachable +--- +- +0 +0% +- +tls for GET/m);
    expect(check.out).toMatch(/^pubmed__lai +ok +200 +- +6 +100% +2025-12-15/m);
    const one = await runVectora([
      "sources",
      "check",
      "--replay",
      "fixtures/recorded/lai-2025-12",
      "press_sector__endpoints_news",
      "--json",
    ]);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.out)).toMatchObject([
      { key: "press_sector__endpoints_news", verdict: "ok", method: "feed", entries: 10 },
    ]);
  });
});
