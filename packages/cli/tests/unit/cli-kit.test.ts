import { describe, expect, it } from "vitest";
import {
  CLIENT_FLAG,
  defineCommand,
  JSON_FLAG,
  parseIngestLimits,
  parsePeriodDays,
  UsageError,
  WINDOW_FLAGS,
} from "../../src/cli-kit.js";
import { COMMANDS } from "../../src/commands/index.js";
import { parseRecoveryFlags } from "../../src/support/stack-verbs.js";
import { captureIO, runVectora } from "../support/cli.js";

describe("the verb registry", () => {
  it("names each verb once, and each verb's usage starts with its name", async () => {
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect(command.usage, entry.name).toMatch(new RegExp(`^Usage: vectora ${entry.name}( |$)`, "m"));
    }
  });
});

describe("defineCommand", () => {
  const hello = defineCommand({
    usage: "Usage: vectora hello",
    flags: { ...CLIENT_FLAG, ...WINDOW_FLAGS, ...JSON_FLAG },
    async run(values, io) {
      io.out(`${values.client} ${values["as-of"] ?? "-"} ${values.json}\n`);
      return 0;
    },
  });

  it("parses the shared flags with their defaults", async () => {
    const io = captureIO();
    expect(await hello.run([], io)).toBe(0);
    expect(await hello.run(["--client", "x", "--as-of", "2025-12-17", "--json"], io)).toBe(0);
    expect(io.stdout()).toBe("lai_weekly - false\nx 2025-12-17 true\n");
  });

  it("turns an unknown flag into a usage error", async () => {
    await expect(hello.run(["--nope"], captureIO())).rejects.toBeInstanceOf(UsageError);
  });
});

describe("parsePeriodDays", () => {
  it("reads an integer within the config's bounds (1-366) and refuses anything else, naming the flag", () => {
    expect(parsePeriodDays(undefined)).toBeUndefined();
    expect(parsePeriodDays("14")).toBe(14);
    expect(parsePeriodDays("1")).toBe(1);
    expect(parsePeriodDays("366")).toBe(366);
    for (const bad of ["0", "-3", "1.5", "two", "367", "100000", ""])
      expect(() => parsePeriodDays(bad)).toThrow(
        `--period-days expects an integer from 1 to 366, got "${bad}"`,
      );
  });
});

describe("parseIngestLimits", () => {
  it("reads --concurrency (1-64) and turns --deadline SECONDS into an absolute deadline", () => {
    expect(parseIngestLimits({}, 1_000)).toEqual({});
    expect(parseIngestLimits({ concurrency: "16", deadline: "90" }, 1_000)).toEqual({
      concurrency: 16,
      deadline: 91_000,
    });
    expect(parseIngestLimits({ deadline: "0.5" }, 0)).toEqual({ deadline: 500 });
    for (const bad of ["0", "65", "2.5", "many"])
      expect(() => parseIngestLimits({ concurrency: bad }, 0)).toThrow(
        `--concurrency expects an integer from 1 to 64, got "${bad}"`,
      );
    // The message says the range exactly: 0 itself is refused ("above 0"), a whole day is accepted.
    expect(parseIngestLimits({ deadline: "86400" }, 0)).toEqual({ deadline: 86_400_000 });
    for (const bad of ["0", "-1", "soon", "86401", ""])
      expect(() => parseIngestLimits({ deadline: bad }, 0)).toThrow(
        `--deadline expects seconds above 0 and at most 86400 (a day), got "${bad}"`,
      );
  });
});

describe("the other numeric flags", () => {
  it("refuse an empty value (Number('') is 0) and say the range they accept", async () => {
    expect(parseRecoveryFlags({ "poll-seconds": "0" }, "dev").pollMs).toBe(0);
    expect(() => parseRecoveryFlags({ "poll-seconds": "" }, "dev")).toThrow(
      '--poll-seconds expects a number ≥ 0, got ""',
    );
    const e2e = await runVectora(["e2e", "--env", "dev", "--poll-seconds="]);
    expect(e2e.code).toBe(2);
    expect(e2e.err).toContain('vectora e2e: --poll-seconds expects a whole number of seconds ≥ 0, got ""');
    for (const bad of ["", "%", "101", "-1"]) {
      const evaluated = await runVectora(["eval", "--in", "x", "--labels", "y", `--min-found=${bad}`]);
      expect(evaluated.code, bad).toBe(2);
      expect(evaluated.err).toContain(
        `vectora eval: --min-found expects a percentage from 0 to 100 (inclusive), got "${bad}"`,
      );
    }
  });
});
