/**
 * Checking one config file's plain value (read from YAML, or from the snapshot `vectora config sync` writes)
 * against its zod schema, with zod's issues reworded to say what was found. No YAML here: the Lambdas read the
 * snapshot through this module and do not bundle a YAML parser.
 */

import type * as z from "zod";
import { type ConfigIssue, formatPath } from "./issues.js";

/**
 * Checks one file's plain value against `schema`. Returns the parsed value, or undefined after pushing to
 * `issues` what is wrong, each naming `file` and the field. `onRaw` receives the plain value before the schema is
 * applied, so a caller can still read a file that fails its schema.
 */
export function validateFileValue<S extends z.ZodType>(
  root: unknown,
  file: string,
  schema: S,
  issues: ConfigIssue[],
  onRaw?: (raw: unknown) => void,
): z.output<S> | undefined {
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
