/**
 * Config problems: the `ConfigIssue` record (file, field, message), the `ConfigError` that carries them, and
 * how they are rendered and ordered in messages.
 */

import { CANONICAL_FILES } from "./canonical-files.js";

/** One problem found in the config: which file, which field, what is wrong. */
export interface ConfigIssue {
  /** File path as the user knows it, e.g. `config/clients/lai_weekly.yaml`. */
  file: string;
  /** Field path inside the file, e.g. `sections[2].max_items`; empty for file-level problems. */
  path: string;
  message: string;
}

/** Thrown by the config loaders (`loadConfig`, `loadConfigYaml`) with every issue found, not just the first. */
export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(
      `invalid config (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${issues.map(formatIssue).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

/**
 * One line per problem, naming the file and the field.
 *
 * @example
 * ```ts
 * formatIssue({ file: "config/clients/lai_weekly.yaml", path: "sections[2].max_items", message: 'expected number, got "five"' });
 * // 'config/clients/lai_weekly.yaml: sections[2].max_items: expected number, got "five"'
 * ```
 */
export function formatIssue(issue: ConfigIssue): string {
  return issue.path ? `${issue.file}: ${issue.path}: ${issue.message}` : `${issue.file}: ${issue.message}`;
}

/** Renders a zod issue path as `sections[2].max_items`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Issues grouped by file in a stable order (canonical files, then clients), each file's issues in the order found. */
export function sortIssues(issues: ConfigIssue[], label: string, clientKeys: string[]): ConfigIssue[] {
  const order = [...CANONICAL_FILES, ...[...clientKeys].sort()].map((key) => label + key);
  const rank = (file: string) => {
    const i = order.indexOf(file);
    return i === -1 ? order.length : i;
  };
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => rank(a.issue.file) - rank(b.issue.file) || a.index - b.index)
    .map(({ issue }) => issue);
}
