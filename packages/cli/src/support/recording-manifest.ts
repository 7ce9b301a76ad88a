/**
 * `recording.json` of a recordings directory: the as-of date (and period) the recordings were made for, written
 * by `vectora ingest --record` and `vectora sources discover|check --record`, and read by `vectora ingest --replay`
 * and `vectora run` to default `--as-of`.
 */
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ReplayHttpTransport } from "@vectora/core/adapters";
import { z } from "zod";
import { UsageError } from "../cli-kit.js";

/** The file name inside a recordings directory. */
export const RECORDING_MANIFEST = "recording.json";

/** What the manifest holds; other fields (a description) are allowed. */
export const RecordingManifest = z
  .object({ as_of: z.iso.date(), period_days: z.number().int().min(1).optional() })
  .loose();
export type RecordingManifest = z.output<typeof RecordingManifest>;

/**
 * Reads a recordings directory's manifest. A missing file is `undefined` (the caller falls back to a flag or a
 * default); a file that is not JSON or not a manifest is an error naming the file and the field, because a
 * silently ignored manifest would replay the recordings for the wrong week.
 */
export async function readRecordingManifest(dir: string): Promise<RecordingManifest | undefined> {
  const path = join(dir, RECORDING_MANIFEST);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`${path}: cannot read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not JSON: ${(error as Error).message}`);
  }
  const parsed = RecordingManifest.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `${path}: not a recording manifest: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}

/**
 * Writes a recordings directory's manifest (creating the directory): what `--replay DIR` later defaults
 * `--as-of` to. `description` says which verb recorded it.
 */
export async function writeRecordingManifest(
  dir: string,
  manifest: { description: string; as_of: string; period_days?: number },
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, RECORDING_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * The recordings a `--replay DIR` flag names: the directory (checked, so a mistyped one fails here rather than
 * every source with "no recording"), a transport answering from it, and its manifest.
 */
export async function replayRecordings(
  cwd: string,
  flag: string,
): Promise<{ dir: string; transport: ReplayHttpTransport; manifest: RecordingManifest | undefined }> {
  const dir = resolve(cwd, flag);
  const found = await stat(dir).catch(() => undefined);
  if (!found?.isDirectory())
    throw new UsageError(`--replay: ${found ? "not a directory" : "directory not found"}: ${flag}`);
  return { dir, transport: new ReplayHttpTransport(dir), manifest: await readRecordingManifest(dir) };
}
