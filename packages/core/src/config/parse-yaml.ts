/**
 * Parsing one config file: YAML syntax (first error with its line and column), then its zod schema (see
 * validate-file.ts). Only the CLI reads YAML: the Lambdas read the snapshot `vectora config sync` writes.
 */

import { LineCounter, parseDocument } from "yaml";
import type * as z from "zod";
import type { ConfigIssue } from "./issues.js";
import { validateFileValue } from "./validate-file.js";

/**
 * Alias resolutions allowed per document (yaml's `maxAliasCount`, default 100, which stops a catalog at about
 * 100 sources sharing `<<: *defaults`). 10,000 lets catalogs of thousands of sources share anchors, while an
 * alias bomb — each level nine aliases of the one before — passes it within a few levels and is refused.
 */
export const MAX_ALIAS_COUNT = 10_000;

/**
 * Parses one file's YAML text against `schema`. Returns the parsed value, or undefined after pushing to `issues`
 * what is wrong (syntax, empty file, schema).
 */
export function parseYaml<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  issues: ConfigIssue[],
): z.output<S> | undefined {
  const plain = parseYamlValue(text, file, issues);
  return plain === undefined ? undefined : validateFileValue(plain.value, file, schema, issues);
}

/**
 * One file's YAML text as a plain value (merge keys resolved, aliases within {@link MAX_ALIAS_COUNT}), or
 * undefined after pushing to `issues` what is wrong: the first syntax error with its line and column, an empty
 * file, an alias bomb.
 */
export function parseYamlValue(
  text: string,
  file: string,
  issues: ConfigIssue[],
): { value: unknown } | undefined {
  const lineCounter = new LineCounter();
  // Merge keys (`<<: *defaults`) let a catalog of hundreds of sources share their common fields.
  const doc = parseDocument(text, { prettyErrors: false, lineCounter, merge: true });
  const [first, ...rest] = doc.errors;
  if (first) {
    // Only the first syntax error is reliable: the parser's later errors are mostly echoes of it.
    const { line, col } = lineCounter.linePos(first.pos[0]);
    const more =
      rest.length > 0 ? ` (${rest.length} more syntax error${rest.length === 1 ? "" : "s"} after it)` : "";
    issues.push({
      file,
      path: `line ${line}, column ${col}`,
      message: `YAML syntax error: ${first.message.split("\n")[0]}${more}`,
    });
    return undefined;
  }
  if (doc.contents === null) {
    issues.push({ file, path: "", message: "file is empty" });
    return undefined;
  }
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // yaml throws a ReferenceError when aliases expand past the budget (a "billion laughs" document): that file
    // is reported like any other problem, and the other files are still read and checked.
    issues.push({
      file,
      path: "",
      message: `YAML aliases expand too much (more than ${MAX_ALIAS_COUNT} alias resolutions; an alias bomb?): ${(error as Error).message}`,
    });
    return undefined;
  }
  return { value: root };
}
