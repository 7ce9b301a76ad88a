/**
 * What `vectora` prints when an error escapes a verb: one line `vectora <verb>: <message>`, stripped of terminal
 * escape sequences like everything else it prints, exit 1; the stack only with VECTORA_DEBUG=1.
 */
import { describe, expect, it, vi } from "vitest";
import { debugEnabled, errorReport, main } from "../../src/cli.js";
import { captureIO } from "../support/cli.js";

vi.mock("../../src/commands/index.js", () => ({
  COMMANDS: [
    {
      name: "boom",
      summary: "throws an Error whose message carries escape sequences",
      load: async () => ({
        usage: "Usage: vectora boom",
        run: async () => {
          throw new Error("disk \u001b[31mfull\u001b[0m\u0007 on /tmp");
        },
      }),
    },
    {
      name: "odd",
      summary: "throws a string",
      load: async () => ({
        usage: "Usage: vectora odd",
        run: async () => {
          throw "not an Error \u001b]0;title\u0007object";
        },
      }),
    },
    {
      name: "broken",
      summary: "its module fails to load",
      load: async () => {
        throw new Error("Cannot find module 'left-pad'");
      },
    },
  ],
}));

describe("an error escaping a verb", () => {
  it("prints one sanitised line, no stack, and exits 1", async () => {
    const io = captureIO();
    expect(await main(["boom"], io)).toBe(1);
    expect(io.stderr()).toBe("vectora boom: disk full on /tmp\n");
    expect(io.stdout()).toBe("");
  });

  it("prints a thrown non-Error as its text, sanitised", async () => {
    const io = captureIO();
    expect(await main(["odd"], io)).toBe(1);
    expect(io.stderr()).toBe("vectora odd: not an Error object\n");
  });

  it("reports a verb whose module fails to load the same way", async () => {
    const io = captureIO();
    expect(await main(["broken", "--help"], io)).toBe(1);
    expect(io.stderr()).toBe("vectora broken: Cannot find module 'left-pad'\n");
  });

  it("adds the stack, sanitised too, under VECTORA_DEBUG=1 (exit code unchanged)", async () => {
    const io = captureIO(undefined, { VECTORA_DEBUG: "1" });
    expect(await main(["boom"], io)).toBe(1);
    const lines = io.stderr().split("\n");
    expect(lines[0]).toBe("vectora boom: disk full on /tmp");
    expect(lines[1]).toBe("Error: disk full on /tmp");
    expect(lines[2]).toMatch(/^ {4}at /);
    expect(io.stderr()).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});

describe("errorReport and VECTORA_DEBUG", () => {
  it("reads VECTORA_DEBUG as on unless empty, 0 or false", () => {
    expect([undefined, "", "0", "false", " FALSE "].map((v) => debugEnabled({ VECTORA_DEBUG: v }))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(["1", "yes", "true"].map((v) => debugEnabled({ VECTORA_DEBUG: v }))).toEqual([true, true, true]);
  });

  it("names the error when its message is empty", () => {
    expect(errorReport("vectora", new TypeError(""), {})).toBe("vectora: TypeError\n");
  });
});
