/** The outputs file written after a deploy and read back by later phases: round trip, and errors naming the file. */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { makeTempDir, type TempDir } from "@vectora/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type OutputsFile, readOutputsFile, writeOutputsFile } from "../../../src/stack/outputs-file.js";

let dir: TempDir;
beforeEach(async () => {
  dir = await makeTempDir("outputs-file");
});
afterEach(() => dir.remove());

const content: OutputsFile = {
  env: "dev",
  savedAt: "2026-11-25T10:00:00.000Z",
  stacks: {
    "vectora-inbox-s0-core-dev": {
      status: "CREATE_COMPLETE",
      outputs: { DataBucketName: "vectora-inbox-data-dev" },
    },
  },
  outputs: { DataBucketName: "vectora-inbox-data-dev" },
};

describe("outputs file", () => {
  it("reads back what was written, creating the folder", async () => {
    const path = join(dir.path, ".vectora", "outputs-dev.json");
    await writeOutputsFile(path, content);
    expect(await readOutputsFile(path)).toEqual(content);
  });

  it("names the file and the field when the content is not an outputs file", async () => {
    const path = join(dir.path, "outputs-dev.json");
    await writeFile(path, JSON.stringify({ ...content, outputs: { DataBucketName: 42 } }));
    await expect(readOutputsFile(path)).rejects.toThrow(
      `${path}: not an outputs file: outputs.DataBucketName: `,
    );
  });

  it("names the file when it is truncated JSON", async () => {
    const path = join(dir.path, "outputs-dev.json");
    await writeFile(path, JSON.stringify(content).slice(0, 40));
    await expect(readOutputsFile(path)).rejects.toThrow(`${path}: not an outputs file: `);
  });
});
