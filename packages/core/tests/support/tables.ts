/** Table-driven tests of pure functions: one case a row, named after its input and the expected result. */
import { expect, it } from "vitest";

/**
 * One test per `[input, expected]` row of `table`, named `input → expected`: `fn(input)` must be `expected`
 * (compared with `toBe`, so the expected results are primitives).
 *
 * @example
 * itMapsEach(canonicalUrl, [["https://example.com", "https://example.com/"]]);
 */
export function itMapsEach<I, O>(fn: (input: I) => O, table: [input: I, expected: O][]): void {
  it.each(table)("%s → %s", (input, expected) => {
    expect(fn(input)).toBe(expected);
  });
}
