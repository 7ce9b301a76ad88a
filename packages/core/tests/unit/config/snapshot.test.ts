/**
 * The config snapshot (`config.snapshot.json`) the Lambdas read instead of the YAML: it gives back the very
 * config the YAML gives, it is validated on read with the same schemas and cross-checks (same messages, naming
 * the YAML file and field), and a missing, unreadable or tampered snapshot fails naming the file and the command
 * that writes it.
 */
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FsBlobStore } from "../../../src/adapters/fs-blob-store.js";
import { formatIssue } from "../../../src/config/issues.js";
import { loadConfigYaml, snapshotConfigYaml } from "../../../src/config/load-yaml.js";
import {
  CONFIG_SNAPSHOT_KEY,
  type ConfigSnapshot,
  configFromSnapshot,
  configSnapshotJson,
  loadConfig,
} from "../../../src/config/snapshot.js";
import { configVersion } from "../../../src/config/version.js";
import { configCopy, issuesOf, replaceOnce } from "../../support/config-copy.js";
import { CONFIG_DIR, CONFIG_LABEL } from "../../support/repo.js";

/** The issues a snapshot's text is refused with, formatted. */
async function snapshotIssues(text: string, label = CONFIG_LABEL): Promise<string[]> {
  const error = await configFromSnapshot(text, { label }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error) || !("issues" in error))
    throw new Error(`expected a ConfigError, got ${error}`);
  return (error as { issues: Parameters<typeof formatIssue>[0][] }).issues.map(formatIssue);
}

describe("the config snapshot", () => {
  it("gives back the config the YAML gives, version included, and the same text for the same files", async () => {
    const dir = await configCopy();
    const { config, snapshot } = await snapshotConfigYaml(new FsBlobStore(dir), { label: CONFIG_LABEL });
    expect(config).toEqual(await loadConfigYaml(new FsBlobStore(CONFIG_DIR), { label: CONFIG_LABEL }));
    expect(Object.keys(snapshot.files)).toEqual(Object.keys(config.files));
    expect(snapshot.version).toBe(config.version);

    await writeFile(join(dir, CONFIG_SNAPSHOT_KEY), configSnapshotJson(snapshot));
    const fromSnapshot = await loadConfig(new FsBlobStore(dir), { label: CONFIG_LABEL });
    expect(fromSnapshot).toEqual(config);
    expect(JSON.stringify(fromSnapshot)).toBe(JSON.stringify(config));
    const again = await snapshotConfigYaml(new FsBlobStore(dir), { label: CONFIG_LABEL });
    expect(configSnapshotJson(again.snapshot)).toBe(configSnapshotJson(snapshot));
  });

  it("fails naming the missing snapshot and the command that writes it (YAML alone is not read)", async () => {
    const dir = await configCopy();
    const error = await loadConfig(new FsBlobStore(dir), { label: "s3://vectora-inbox-config-dev/" }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).name).toBe("ConfigError");
    expect((error as Error).message).toContain(
      "s3://vectora-inbox-config-dev/config.snapshot.json: file is missing: the Lambdas read this validated snapshot of the YAML config; write it with `vectora config sync --env <env>`",
    );
  });

  it("validates each file on read with its schema: the same issues as the YAML, naming the YAML file and field", async () => {
    const dir = await configCopy();
    const { snapshot } = await snapshotConfigYaml(new FsBlobStore(dir));
    const edited: ConfigSnapshot = structuredClone(snapshot);
    const client = edited.files["clients/lai_weekly.yaml"]!;
    (client.value as Record<string, unknown>)["period_days"] = "fourteen";
    (client.value as Record<string, unknown>)["colour"] = "blue";
    delete edited.files["canonical/noise.yaml"];
    const broken = await configCopy({
      "clients/lai_weekly.yaml": (text) =>
        `${replaceOnce(text, "\nperiod_days: ", "\ncolour: blue\nperiod_days: ").replace(/^period_days: .*$/m, "period_days: fourteen")}`,
    });
    await rm(join(broken, "canonical/noise.yaml"));
    const fromYaml = await issuesOf(broken);
    expect(fromYaml.length).toBeGreaterThanOrEqual(3);
    expect(await snapshotIssues(configSnapshotJson(edited))).toEqual(fromYaml);
  });

  it("refuses a snapshot that is not JSON, not a snapshot, or whose files do not make its version", async () => {
    const { snapshot } = await snapshotConfigYaml(new FsBlobStore(CONFIG_DIR));
    const command = "write it again with `vectora config sync --env <env>`";
    expect((await snapshotIssues("{ not json"))[0]).toMatch(
      new RegExp(`^config/config\\.snapshot\\.json: not JSON \\(.+\\); ${escapeRegExp(command)}`),
    );
    expect(
      (await snapshotIssues(JSON.stringify({ ...snapshot, format: "vectora-config-snapshot/0" })))[0],
    ).toMatch(/^config\/config\.snapshot\.json: format: not a config snapshot \(.+\); write it again with/);
    const tampered: ConfigSnapshot = structuredClone(snapshot);
    tampered.files["canonical/noise.yaml"]!.digest = `sha256:${"0".repeat(64)}`;
    const remade = configVersion(
      Object.fromEntries(Object.entries(tampered.files).map(([k, v]) => [k, v.digest])),
    );
    expect(remade).not.toBe(snapshot.version);
    expect(await snapshotIssues(configSnapshotJson(tampered))).toEqual([
      `config/config.snapshot.json: version: says ${snapshot.version} but its files make ${remade} (edited by hand?); ${command} (it validates the config directory, uploads it and writes the snapshot)`,
    ]);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\`<>]/g, "\\$&");
}
