import { describe, expect, it } from "vitest";
import { cutAtWord, sanitizeText, stripControlCharacters } from "../../../src/util/safe-text.js";

describe("stripControlCharacters", () => {
  it("removes CSI, OSC and two-character escape sequences and control characters, keeping newlines and tabs", () => {
    expect(stripControlCharacters("a\u001b[2J\u001b[31mred\u001b[0m\n\tb")).toBe("ared\n\tb");
    expect(stripControlCharacters("title\u001b]0;window title\u0007 end")).toBe("title end");
    expect(stripControlCharacters("osc\u001b]8;;https://evil\u001b\\link")).toBe("osclink");
    expect(stripControlCharacters("nul\u0000 del\u007f c1\u009b cr\r")).toBe("nul del c1 cr");
    expect(stripControlCharacters("Élan 注射 🧪")).toBe("Élan 注射 🧪");
  });
});

describe("sanitizeText", () => {
  it("puts a reason on one line: escapes gone, other controls (newlines too) become spaces", () => {
    expect(sanitizeText("Resource \u001b[31mfailed\u001b[0m\nretry\tlater")).toBe(
      "Resource failed retry later",
    );
  });
});

describe("cutAtWord", () => {
  it("leaves short text alone and cuts long text on a word boundary with an ellipsis", () => {
    expect(cutAtWord("short", 300)).toBe("short");
    const cut = cutAtWord("Nanexa and Moderna enter into a license agreement", 30);
    expect(cut).toBe("Nanexa and Moderna enter into…");
    expect(cut.length).toBeLessThanOrEqual(30);
  });

  it("cuts a single long word inside it, never splitting a surrogate pair", () => {
    expect(cutAtWord("x".repeat(1_000_000), 300)).toHaveLength(300);
    const emoji = cutAtWord(`${"a".repeat(8)}🧪🧪🧪`, 10);
    expect(emoji).toBe(`${"a".repeat(8)}…`);
    expect(emoji.length).toBeLessThanOrEqual(10);
  });

  it("drops trailing punctuation before the ellipsis", () => {
    expect(cutAtWord("One, two, three, four, five, six", 20)).toBe("One, two, three…");
  });
});
