/**
 * Test support: the real infra/ directory, and broken copies of its templates and params files made by editing
 * their text in memory (nothing broken is ever written to the repo).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  ALL_RULES,
  checkTemplates,
  type Finding,
  listInfraFiles,
  type ParamsFile,
  parseParamsFile,
  parseTemplate,
  type Rule,
  type Template,
} from "../../../src/infra/index.js";

/** The repo's infra/ directory, found from this file so tests run from any working directory. */
export const INFRA_DIR = fileURLToPath(new URL("../../../../../infra/", import.meta.url));

/** A fixed "today" so runtime deprecation checks do not change with the clock. */
export const NOW = new Date("2026-11-25T12:00:00Z");

/** Text of every template and params file of infra/, by file name (`s1-runtime.yaml`, `dev.json`). */
export function infraTexts(): { templates: Map<string, string>; params: Map<string, string> } {
  const files = listInfraFiles(INFRA_DIR);
  const read = (paths: string[]) =>
    new Map(paths.map((p) => [p.slice(p.lastIndexOf("/") + 1), readFileSync(p, "utf8")] as const));
  return { templates: read(files.templates), params: read(files.params) };
}

/** Replaces `from` by `to` once in `text`, failing loudly if `from` is absent (so a test never edits nothing). */
export function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`test edit: ${JSON.stringify(from)} not found`);
  return text.replace(from, to);
}

/** Templates and params files, as the checks take them. */
export interface InfraFiles {
  templates: Template[];
  paramsFiles: ParamsFile[];
}

/** A text edit: `from` replaced once by `to`, failing loudly if `from` is absent (see {@link edit}). */
export type TextEdit = readonly [from: string, to: string];

/** The edits applied in order, as a `change` of {@link infraWith}. */
export function editing(...pairs: readonly TextEdit[]): (text: string) => string {
  return (text) => pairs.reduce((changed, [from, to]) => edit(changed, from, to), text);
}

/** The infra files with optional text edits applied to one template and/or one params file. */
export function infraWith(edits: {
  template?: { file: string; change: (text: string) => string };
  params?: { file: string; change: (text: string) => string };
}): InfraFiles {
  const texts = infraTexts();
  if (edits.template && !texts.templates.has(edits.template.file))
    throw new Error(`no template ${edits.template.file}`);
  if (edits.params && !texts.params.has(edits.params.file))
    throw new Error(`no params file ${edits.params.file}`);
  const templates = [...texts.templates].map(([file, text]) =>
    parseTemplate(edits.template?.file === file ? edits.template.change(text) : text, `infra/${file}`),
  );
  const paramsFiles = [...texts.params].map(([file, text]) =>
    parseParamsFile(edits.params?.file === file ? edits.params.change(text) : text, `infra/params/${file}`),
  );
  return { templates, paramsFiles };
}

/** The infra files with `pairs` applied, in order, to the template `file` (`s1-runtime.yaml`). */
export function templateEdited(file: string, ...pairs: readonly TextEdit[]): InfraFiles {
  return infraWith({ template: { file, change: editing(...pairs) } });
}

/** The infra files with `pairs` applied, in order, to s1-runtime.yaml. */
export const s1Runtime = (...pairs: readonly TextEdit[]) => templateEdited("s1-runtime.yaml", ...pairs);
/** The infra files with `pairs` applied, in order, to s0-core.yaml. */
export const s0Core = (...pairs: readonly TextEdit[]) => templateEdited("s0-core.yaml", ...pairs);
/** The infra files with `pairs` applied, in order, to s0-iam.yaml. */
export const s0Iam = (...pairs: readonly TextEdit[]) => templateEdited("s0-iam.yaml", ...pairs);
/** The infra files with `pairs` applied, in order, to s0-bootstrap.yaml. */
export const s0Bootstrap = (...pairs: readonly TextEdit[]) => templateEdited("s0-bootstrap.yaml", ...pairs);

/** The infra files with `pairs` applied, in order, to the params file `file` (`dev.json`). */
export function paramsEdited(file: string, ...pairs: readonly TextEdit[]): InfraFiles {
  return infraWith({ params: { file, change: editing(...pairs) } });
}

/** A template written in the test, line by line (`inline.yaml`). */
export function templateFromLines(...lines: string[]): Template {
  return parseTemplate(lines.join("\n"), "inline.yaml");
}

/** One template written in the test (see {@link templateFromLines}), and no params file. */
export function inlineTemplate(...lines: string[]): InfraFiles {
  return { templates: [templateFromLines(...lines)], paramsFiles: [] };
}

/** Findings of one rule over the given files. */
export function findingsOf(rule: Rule, files: InfraFiles): Finding[] {
  return checkTemplates(files.templates, files.paramsFiles, { now: NOW, rules: [rule] }).findings;
}

/** A rule of {@link ALL_RULES} by its id, so a rule a test names is one `vectora infra check` runs. */
export function ruleNamed(id: string): Rule {
  const rule = ALL_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no infra rule ${id}`);
  return rule;
}

/** A finding a test expects; what it leaves out is not checked. */
export interface ExpectedFinding {
  resource?: string;
  file?: string;
  /** The whole message. */
  message?: string;
  /** Parts of the message (each contained in it), or a pattern it matches. */
  mentions?: string | readonly string[] | RegExp;
  /** The finding points at its resource's line, past the file's first. */
  atLine?: true;
}

/**
 * Asserts that rule `ruleId` finds exactly `expected` over `files`, in order: as many findings, each naming the
 * rule, with the resource, file and message each expected finding gives.
 */
export function expectFindings(
  ruleId: string,
  files: InfraFiles,
  expected: readonly ExpectedFinding[],
): void {
  const found = findingsOf(ruleNamed(ruleId), files);
  expect(found).toEqual(
    expected.map(({ resource, file, message }) =>
      expect.objectContaining({
        rule: ruleId,
        ...(resource === undefined ? {} : { resource }),
        ...(file === undefined ? {} : { file }),
        ...(message === undefined ? {} : { message }),
      }),
    ),
  );
  expected.forEach(({ mentions, atLine }, i) => {
    const { message, line } = found[i]!;
    if (mentions instanceof RegExp) expect(message).toMatch(mentions);
    else for (const part of [mentions ?? []].flat()) expect(message).toContain(part);
    if (atLine) expect(line).toBeGreaterThan(1);
  });
}

/** A case of a rule's table: infra files (built when the case runs) and what the rule finds in them. */
export interface RuleCase {
  name: string;
  files: () => InfraFiles;
  expected: readonly ExpectedFinding[];
}

/**
 * The tests of one rule, in a `describe` named by its id: one test per case (the rule finds exactly the case's
 * expected findings in its files), then `more` tests of the rule that are not cases.
 */
export function ruleTable(ruleId: string, cases: readonly RuleCase[], more?: () => void): void {
  describe(ruleId, () => {
    for (const { name, files, expected } of cases) it(name, () => expectFindings(ruleId, files(), expected));
    more?.();
  });
}
