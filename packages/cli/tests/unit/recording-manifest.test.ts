/**
 * `recording.json` of a recordings directory, read by `vectora ingest --replay` and `vectora run`: missing is
 * fine, a damaged one is an error naming the file and field (never silently ignored), and `run` uses its date.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { copyToTempDir, makeTempDir, type TempDir } from "@vectora/testing";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { readRecordingManifest } from "../../src/support/recording-manifest.js";
import { RECORDED_FIXTURES } from "../../src/support/repo-paths.js";
import { captureIO } from "../support/cli.js";

const dirs: TempDir[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await dir.remove();
});
async function temp(): Promise<string> {
  const dir = await makeTempDir("recording-manifest");
  dirs.push(dir);
  return dir.path;
}

describe("readRecordingManifest", () => {
  it("reads as_of and period_days, and answers undefined when there is no manifest", async () => {
    const dir = await temp();
    expect(await readRecordingManifest(dir)).toBeUndefined();
    await writeFile(
      join(dir, "recording.json"),
      JSON.stringify({ description: "two weeks", as_of: "2025-12-17", period_days: 14 }),
    );
    expect(await readRecordingManifest(dir)).toMatchObject({ as_of: "2025-12-17", period_days: 14 });
  });

  it("names the file and the field of a damaged manifest", async () => {
    const dir = await temp();
    const path = join(dir, "recording.json");
    await writeFile(path, JSON.stringify({ as_of: "17/12/2025" }));
    await expect(readRecordingManifest(dir)).rejects.toThrow(`${path}: not a recording manifest: as_of: `);
    await writeFile(path, '{"as_of": "2025-12');
    await expect(readRecordingManifest(dir)).rejects.toThrow(`${path}: not JSON: `);
  });

  it("gives `vectora run --replay` its as-of date, and stops it with the file's name when damaged", async () => {
    const copy = await copyToTempDir(RECORDED_FIXTURES, "recording-manifest-run");
    dirs.push(copy);
    const store = await temp();
    await writeFile(
      join(copy.path, "recording.json"),
      JSON.stringify({ as_of: "2025-12-16", period_days: 14 }),
    );
    const io = captureIO(store);
    expect(await main(["run", "--replay", copy.path, "--store", store, "--json"], io), io.stderr()).toBe(0);
    expect(JSON.parse(io.stdout()).as_of).toBe("2025-12-16");

    await writeFile(join(copy.path, "recording.json"), "{");
    const bad = captureIO(store);
    expect(await main(["run", "--replay", copy.path, "--store", store], bad)).toBe(1);
    expect(bad.stderr()).toContain(`${join(copy.path, "recording.json")}: not JSON`);
  });
});
