/**
 * Test support: the real infra/ directory, and broken copies of its templates and params files made by editing
 * their text in memory (nothing broken is ever written to the repo).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
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

/** The infra files with optional text edits applied to one template and/or one params file. */
export function infraWith(edits: {
  template?: { file: string; change: (text: string) => string };
  params?: { file: string; change: (text: string) => string };
}): { templates: Template[]; paramsFiles: ParamsFile[] } {
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

/** Findings of one rule over the given files. */
export function findingsOf(
  rule: Rule,
  files: { templates: Template[]; paramsFiles: ParamsFile[] },
): Finding[] {
  return checkTemplates(files.templates, files.paramsFiles, { now: NOW, rules: [rule] }).findings;
}
