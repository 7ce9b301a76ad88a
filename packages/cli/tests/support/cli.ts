/**
 * Running the `vectora` CLI in-process from tests: a {@link CliIO} that records what a verb writes, the repository
 * root (the cwd CI and developers run the CLI from), and temp directories removed after each test.
 */
import { makeTempDir, REPO_ROOT, type TempDir } from "@vectora/testing";
import { afterEach } from "vitest";
import { main } from "../../src/cli.js";
import type { CliIO } from "../../src/cli-kit.js";

export { REPO_ROOT };

/** A {@link CliIO} that keeps everything written to it; read it back with `stdout()` / `stderr()`. */
export type CapturedIO = CliIO & { stdout: () => string; stderr: () => string };

/** A CliIO recording what the command writes, running in `cwd` (default the repo root) with `env`. */
export function captureIO(cwd: string = REPO_ROOT, env: CliIO["env"] = {}): CapturedIO {
  let out = "";
  let err = "";
  return {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    cwd,
    env,
    stdout: () => out,
    stderr: () => err,
  };
}

/** Runs `vectora <argv…>` in-process in `cwd`; resolves the exit code and the captured output. */
export async function runVectora(
  argv: string[],
  cwd: string = REPO_ROOT,
  env: CliIO["env"] = {},
): Promise<{ code: number; out: string; err: string }> {
  const io = captureIO(cwd, env);
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

/**
 * Temp directories for the tests of one file, each removed after the test that made it. Call at module level
 * (it registers an `afterEach`); `make(label)` resolves the new directory's path.
 */
export function tempDirsPerTest(): { make: (label: string) => Promise<string> } {
  const made: TempDir[] = [];
  afterEach(async () => {
    for (const dir of made.splice(0)) await dir.remove();
  });
  return {
    async make(label) {
      const dir = await makeTempDir(label);
      made.push(dir);
      return dir.path;
    },
  };
}
