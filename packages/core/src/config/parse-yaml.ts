/**
 * Parsing one config file: YAML syntax (first error with its line and column), then its zod schema, with zod's
 * issues reworded to say what was found.
 */

import { LineCounter, parseDocument } from "yaml";
import type * as z from "zod";
import { type ConfigIssue, formatPath } from "./issues.js";

/**
 * Alias resolutions allowed per document (yaml's `maxAliasCount`, default 100, which stops a catalog at about
 * 100 sources sharing `<<: *defaults`). 10,000 lets catalogs of thousands of sources share anchors, while an
 * alias bomb — each level nine aliases of the one before — passes it within a few levels and is refused.
 */
export const MAX_ALIAS_COUNT = 10_000;

/**
 * Parses one file's YAML text against `schema`. Returns the parsed value, or undefined after pushing to `issues`
 * what is wrong (syntax, empty file, schema). `onRaw` receives the YAML's plain value before the schema is
 * applied, so a caller can still read a file that fails its schema.
 */
export function parseYaml<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  issues: ConfigIssue[],
  onRaw?: (raw: unknown) => void,
): z.output<S> | undefined {
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
  onRaw?.(root);
  const result = schema.safeParse(root);
  if (result.success) return result.data;
  for (const issue of result.error.issues) issues.push(...describeZodIssue(issue, issue.path, root, file));
  return undefined;
}

/**
 * zod's issues, made to say what was found (`expected number, got "five"`). A union (an entity given as a
 * string or as `{name, aliases}`) is reported through the branch the value was meant for, so a misspelt field
 * reads `unknown field "nam"` rather than zod's bare "Invalid input".
 */
function describeZodIssue(
  issue: z.core.$ZodIssue,
  path: readonly PropertyKey[],
  root: unknown,
  file: string,
): ConfigIssue[] {
  const value = valueAt(root, path);
  const got = show(value);
  const at = (message: string): ConfigIssue[] => [{ file, path: formatPath(path), message }];
  switch (issue.code) {
    case "invalid_type":
      return at(`expected ${issue.expected}, got ${got}`);
    case "unrecognized_keys":
      return at(
        `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`,
      );
    case "invalid_value":
      // A schema's own message (it says what to do) wins over zod's "Invalid option".
      if (!/^Invalid (option|input)/.test(issue.message)) return at(`${issue.message}, got ${got}`);
      return at(`expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, got ${got}`);
    case "invalid_format":
      return at(`${issue.format === "url" ? "expected a URL" : issue.message}, got ${got}`);
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const op = issue.code === "too_small" ? (issue.inclusive ? ">=" : ">") : issue.inclusive ? "<=" : "<";
      if (issue.origin === "string" && issue.code === "too_small" && Number(bound) === 1)
        return at("must not be empty");
      if (issue.origin === "array")
        return at(
          `expected ${op} ${String(bound)} item(s), got ${Array.isArray(value) ? value.length : got}`,
        );
      if (issue.origin === "string") return at(`expected ${op} ${String(bound)} characters, got ${got}`);
      return at(`expected a number ${op} ${String(bound)}, got ${got}`);
    }
    case "invalid_union": {
      // A discriminated union (a source's `kind`) lists its options; a plain union lists its branches' issues.
      const discriminated = issue as { options?: unknown[] };
      if (issue.errors.length === 0 && discriminated.options) {
        // An option `undefined` is the branch of an absent field (a catalog lead has no `kind`): a value that
        // was given is meant for one of the named options.
        const named = discriminated.options.filter((o) => o !== undefined);
        return at(`expected one of ${named.map((o) => JSON.stringify(o)).join(", ")}, got ${got}`);
      }
      // The branches that accepted the value's type: their issues say what is wrong inside it.
      const fitting = issue.errors.filter(
        (branch) => !branch.some((i) => i.code === "invalid_type" && i.path.length === 0),
      );
      if (fitting.length === 1 && fitting[0])
        return fitting[0].flatMap((inner) => describeZodIssue(inner, [...path, ...inner.path], root, file));
      const expected = [
        ...new Set(
          issue.errors.flatMap((branch) =>
            branch.flatMap((i) => (i.code === "invalid_type" && i.path.length === 0 ? [i.expected] : [])),
          ),
        ),
      ];
      return at(
        expected.length > 0
          ? `expected ${expected.join(" or ")}, got ${got}`
          : `${issue.message}, got ${got}`,
      );
    }
    default:
      return at(
        value === undefined || typeof value === "object" ? issue.message : `${issue.message}, got ${got}`,
      );
  }
}

/** A value as it appears in a message: JSON, cut to 80 characters; `nothing` when the field is absent. */
function show(value: unknown): string {
  if (value === undefined) return "nothing (field is missing)";
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cursor: unknown = root;
  for (const part of path) {
    if (cursor === null || typeof cursor !== "object") return undefined;
    cursor = (cursor as Record<PropertyKey, unknown>)[part];
  }
  return cursor;
}
