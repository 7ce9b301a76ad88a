/**
 * Every verb taking `--client` says a client the config does not have is unknown, listing the config's clients,
 * and exits 1 before doing any work: never "no issue of nobody yet" with exit 0.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runVectora, tempDirsPerTest } from "../support/cli.js";

const temps = tempDirsPerTest();
const UNKNOWN = `unknown client "nobody" in ${join(REPO_ROOT, "config")} (known: e2e_smoke, lai_weekly)`;

describe("an unknown --client", () => {
  const verbs: Array<[string, string[]]> = [
    ["history", ["history"]],
    ["sources health", ["sources", "health"]],
    ["send", ["send", "--dry-run"]],
    ["triage", ["triage", "--in", "items.jsonl"]],
    ["eval", ["eval", "--in", "items.jsonl", "--labels", "labels.json"]],
    ["sources check", ["sources", "check", "--replay", join(REPO_ROOT, "fixtures/recorded/lai-2025-12")]],
  ];
  for (const [verb, argv] of verbs)
    it(`${verb}: names it and the known clients, exit 1`, async () => {
      const dir = await temps.make("unknown-client");
      const result = await runVectora([...argv, "--client", "nobody"], dir);
      expect(result).toEqual({ code: 1, out: "", err: `vectora ${verb}: ${UNKNOWN}\n` });
    });

  it("ingest: fails before recording or writing anything", async () => {
    const dir = await temps.make("unknown-client-ingest");
    const config = join(REPO_ROOT, "config");
    const result = await runVectora(
      ["ingest", "--client", "nobody", "--record", "rec", "--store", "store", "--config", config],
      dir,
    );
    expect(result).toEqual({ code: 1, out: "", err: `vectora ingest: ${UNKNOWN}\n` });
    expect([existsSync(join(dir, "rec")), existsSync(join(dir, "store"))]).toEqual([false, false]);
  });

  it("a known client with nothing in the store yet is still told so (exit 0)", async () => {
    const dir = await temps.make("known-client");
    const history = await runVectora(["history", "--client", "e2e_smoke"], dir);
    expect(history).toMatchObject({
      code: 0,
      out: `No issue of e2e_smoke in ${join(dir, ".vectora/data")} yet.\n`,
    });
    const health = await runVectora(["sources", "health", "--client", "e2e_smoke"], dir);
    expect(health).toMatchObject({
      code: 0,
      out: `No ingest run of e2e_smoke in dir:${join(dir, ".vectora/data")} yet.\n`,
    });
  });
});
