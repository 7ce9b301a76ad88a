/**
 * `.vectora/outputs-<env>.json`: the stacks' outputs after a deploy, read by later phases (sync, runs).
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";

/** The file's schema (zod): later phases parse it with this. */
export const OutputsFile = z.object({
  env: z.string(),
  savedAt: z.string(),
  /** By stack name: status and outputs. */
  stacks: z.record(z.string(), z.object({ status: z.string(), outputs: z.record(z.string(), z.string()) })),
  /** Every stack's outputs merged (the names do not collide: they are the s1 parameter names). */
  outputs: z.record(z.string(), z.string()),
});
export type OutputsFile = z.infer<typeof OutputsFile>;

/** Default location, relative to the working directory. */
export function defaultOutputsPath(cwd: string, env: string): string {
  return join(cwd, ".vectora", `outputs-${env}.json`);
}

/** Writes the outputs file, creating its folder. */
export async function writeOutputsFile(path: string, content: OutputsFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(content, null, 2)}\n`);
}

/** Reads and validates an outputs file; errors name the file. */
export async function readOutputsFile(path: string): Promise<OutputsFile> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new Error(`${path}: not an outputs file: ${(error as Error).message}`);
  }
  const result = OutputsFile.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${path}: not an outputs file: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
  }
  return result.data;
}

/**
 * The deployed function names of an environment: from the outputs file `vectora stack deploy` saved (what was
 * actually deployed), else the operators' naming convention; `source` says which, for the output.
 */
export async function deployedFunctionNames(
  env: string,
  outputsPath: string,
): Promise<{ ingest: string; engine: string; outputs: Record<string, string>; source: string }> {
  const convention = {
    ingest: `vectora-inbox-ingest-normalize-${env}`,
    engine: `vectora-inbox-engine-${env}`,
  };
  if (!existsSync(outputsPath))
    return { ...convention, outputs: {}, source: `naming convention (no ${outputsPath})` };
  const { outputs } = await readOutputsFile(outputsPath);
  return {
    ingest: outputs["IngestFunctionName"] ?? convention.ingest,
    engine: outputs["EngineFunctionName"] ?? convention.engine,
    outputs,
    source: outputsPath,
  };
}
