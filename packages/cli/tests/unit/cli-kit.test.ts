import { describe, expect, it } from "vitest";
import {
  CLIENT_FLAG,
  defineCommand,
  JSON_FLAG,
  parsePeriodDays,
  UsageError,
  WINDOW_FLAGS,
} from "../../src/cli-kit.js";
import { COMMANDS } from "../../src/commands/index.js";
import { captureIO } from "../support/cli.js";

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
  it("reads a positive integer and refuses anything else, naming the flag", () => {
    expect(parsePeriodDays(undefined)).toBeUndefined();
    expect(parsePeriodDays("14")).toBe(14);
    for (const bad of ["0", "-3", "1.5", "two"])
      expect(() => parsePeriodDays(bad)).toThrow(`--period-days expects a positive integer, got "${bad}"`);
  });
});
