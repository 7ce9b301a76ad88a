#!/usr/bin/env node
/**
 * `vectora` — one CLI, one verb per phase. The GitHub workflows call the same verbs a developer runs locally.
 */
import { readFileSync } from "node:fs";
import { stripControlCharacters } from "@vectora/core/text";
import { type CliIO, type Command, UsageError } from "./cli-kit.js";
import { COMMANDS } from "./commands/index.js";

const VERSION: string = (() => {
  try {
    // A plain type check, not zod: `vectora --help` stays fast by not loading zod up front.
    const manifest: unknown = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    const version =
      typeof manifest === "object" && manifest !== null ? Reflect.get(manifest, "version") : undefined;
    return typeof version === "string" ? version : "0.0.0";
  } catch {
    return "0.0.0";
  }
})();

/** Top-level usage text, listing every verb. */
export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "Usage: vectora <verb> [flags]",
    "",
    "Verbs:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Global flags: --help, --version. Run `vectora <verb> --help` for a verb's flags.",
  ].join("\n");
}

/**
 * Why `argv` names no verb. A verb group typed alone (`vectora config`) or with a wrong sub-verb
 * (`vectora config lint`) is told which sub-verbs the group has.
 */
export function unknownVerbMessage(argv: string[]): string {
  const group = argv[0] ?? "";
  const subVerbs = COMMANDS.filter((c) => c.name.startsWith(`${group} `)).map((c) =>
    c.name.slice(group.length + 1),
  );
  if (subVerbs.length === 0) return `vectora: unknown verb "${group}"`;
  const known = `(sub-verbs of ${group}: ${subVerbs.join(", ")})`;
  const sub = argv[1];
  if (sub === undefined || sub.startsWith("-")) return `vectora: "${group}" needs a sub-verb ${known}`;
  return `vectora: unknown verb "${group} ${sub}" ${known}`;
}

/** Whether `VECTORA_DEBUG` asks for stack traces: set to anything but empty, `0` or `false`. */
export function debugEnabled(env: CliIO["env"]): boolean {
  const value = env["VECTORA_DEBUG"]?.trim().toLowerCase();
  return value !== undefined && value !== "" && value !== "0" && value !== "false";
}

/**
 * What the CLI prints for an error that escaped a verb: one line, `<prefix>: <message>` (a thrown non-Error as
 * its string), then the stack only when {@link debugEnabled}. The caller prints it through
 * {@link stripControlCharacters}: a message may quote a page, a feed or an AWS reason.
 */
export function errorReport(prefix: string, error: unknown, env: CliIO["env"]): string {
  const message = error instanceof Error ? error.message || error.name : String(error);
  const stack = debugEnabled(env) && error instanceof Error ? error.stack : undefined;
  return `${prefix}: ${message}\n${stack ? `${stack}\n` : ""}`;
}

/**
 * Runs the CLI on `argv` (without node and script) and resolves the exit code. Everything any verb prints goes
 * through {@link stripControlCharacters}: a page title, a feed's text, an AWS reason or an input line may carry
 * terminal escape sequences, and none ever reaches the terminal (JSON output escapes them as `\u001b` anyway).
 */
export async function main(argv: string[], rawIo: CliIO): Promise<number> {
  const io: CliIO = {
    ...rawIo,
    out: (text) => rawIo.out(stripControlCharacters(text)),
    err: (text) => rawIo.err(stripControlCharacters(text)),
  };
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    io.out(`${usage()}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === "--version" || argv[0] === "-v") {
    io.out(`vectora ${VERSION}\n`);
    return 0;
  }
  // Longest match first so `stack deploy` wins over a hypothetical `stack`.
  const entry = [...COMMANDS]
    .sort((a, b) => b.name.split(" ").length - a.name.split(" ").length)
    .find((c) => c.name.split(" ").every((word, i) => argv[i] === word));
  if (!entry) {
    io.err(`${unknownVerbMessage(argv)}\n\n${usage()}\n`);
    return 2;
  }
  const rest = argv.slice(entry.name.split(" ").length);
  let command: Command | undefined;
  try {
    // Loading the verb's module is inside: a module that fails to load is reported like a verb's failure.
    command = await entry.load();
    if (rest.includes("--help") || rest.includes("-h")) {
      io.out(`${command.usage}\n`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError && command) {
      io.err(`vectora ${entry.name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    io.err(errorReport(`vectora ${entry.name}`, error, io.env));
    return 1;
  }
}

const invokedDirectly = process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop() ?? "");
if (invokedDirectly) {
  const io: CliIO = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    // `pnpm vectora` runs from the repo root; INIT_CWD is where the user typed the command.
    cwd: process.env["INIT_CWD"] ?? process.cwd(),
    env: process.env,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    // Only an error the verb's own reporting could not print gets here: the same one line, sanitised.
    (error: unknown) => {
      process.stderr.write(stripControlCharacters(errorReport("vectora", error, process.env)));
      process.exitCode = 1;
    },
  );
}
