/**
 * CloudFormation YAML → the JSON ("long") form of a template.
 *
 * The `yaml` package does not know CloudFormation's short tags (`!Ref`, `!Sub`, …): without custom tags it warns and
 * keeps only the tagged value, so `!Ref Env` silently becomes the string "Env" and every rule would be blind to
 * intrinsics. Each short tag is registered here for the scalar, sequence and mapping forms and turned into its long
 * form (`{ "Ref": … }`, `{ "Fn::Sub": … }`); any other `!Tag` is an error, never a silent string.
 */
import {
  type CollectionTag,
  type Document,
  isMap,
  isScalar,
  LineCounter,
  type ParsedNode,
  parseDocument,
  type ScalarTag,
} from "yaml";

type CustomTag = ScalarTag | CollectionTag;

/** Short tag name → long form key. `Ref` and `Condition` have no `Fn::` prefix. */
export const CFN_SHORT_TAGS: Readonly<Record<string, string>> = {
  Ref: "Ref",
  Condition: "Condition",
  Sub: "Fn::Sub",
  GetAtt: "Fn::GetAtt",
  If: "Fn::If",
  Equals: "Fn::Equals",
  Not: "Fn::Not",
  And: "Fn::And",
  Or: "Fn::Or",
  Join: "Fn::Join",
  Select: "Fn::Select",
  Split: "Fn::Split",
  FindInMap: "Fn::FindInMap",
  ImportValue: "Fn::ImportValue",
  Base64: "Fn::Base64",
  Cidr: "Fn::Cidr",
  GetAZs: "Fn::GetAZs",
};

/** A template, a params file or a YAML snippet that cannot be read; names the file and, when known, the line. */
export class TemplateError extends Error {
  constructor(
    readonly file: string,
    /** The problem without the file and line prefix. */
    readonly detail: string,
    readonly line?: number,
  ) {
    super(`${file}${line ? `:${line}` : ""}: ${detail}`);
    this.name = "TemplateError";
  }
}

/** The JSON form of a parsed YAML document plus the 1-based line of each top-level section's keys. */
export interface ParsedYaml {
  /** Plain JSON-like data; every short tag already in long form. */
  data: unknown;
  /** `lines[section][key]`: where e.g. `Resources.EngineFunction` starts, for messages. */
  lines: Record<string, Record<string, number>>;
}

function scalarTag(short: string, long: string): ScalarTag {
  return {
    tag: `!${short}`,
    resolve: (value: string) => {
      // `!GetAtt Res.Attr` is the only scalar form whose long form is a list; attributes may contain dots
      // (`Endpoint.Address`), so split on the first dot only.
      if (short === "GetAtt") {
        const dot = value.indexOf(".");
        return { [long]: dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
      }
      return { [long]: value };
    },
  };
}

function collectionTag(short: string, long: string, collection: "seq" | "map"): CollectionTag {
  return {
    tag: `!${short}`,
    collection,
    // The children were composed first, so nested short tags are already long form inside `toJSON()`.
    resolve: (node) => ({ [long]: node.toJSON() }),
  };
}

/** The `customTags` option that teaches `yaml` every CloudFormation short tag. */
export const CFN_CUSTOM_TAGS: CustomTag[] = Object.entries(CFN_SHORT_TAGS).flatMap(([short, long]) => [
  scalarTag(short, long),
  collectionTag(short, long, "seq"),
  collectionTag(short, long, "map"),
]);

function sectionLines(doc: Document.Parsed<ParsedNode>, counter: LineCounter): ParsedYaml["lines"] {
  const lines: ParsedYaml["lines"] = {};
  if (!isMap(doc.contents)) return lines;
  for (const section of doc.contents.items) {
    if (!isScalar(section.key) || !isMap(section.value)) continue;
    const keys: Record<string, number> = {};
    for (const pair of section.value.items) {
      if (isScalar(pair.key) && pair.key.range)
        keys[String(pair.key.value)] = counter.linePos(pair.key.range[0]).line;
    }
    lines[String(section.key.value)] = keys;
  }
  return lines;
}

/**
 * Parses CloudFormation YAML (or JSON, a YAML subset) into long-form data with section line numbers.
 * Throws {@link TemplateError} on a syntax error or an unknown `!Tag`.
 */
export function parseCfnYaml(text: string, file = "<inline>"): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { customTags: CFN_CUSTOM_TAGS, lineCounter, prettyErrors: false });
  // An unknown tag is only a warning for `yaml`; for a template it means a lost intrinsic, so it is an error.
  const problem = doc.errors[0] ?? doc.warnings.find((w) => w.code === "TAG_RESOLVE_FAILED");
  if (problem) {
    const line = problem.pos ? lineCounter.linePos(problem.pos[0]).line : undefined;
    throw new TemplateError(file, problem.message.split("\n")[0] ?? problem.message, line);
  }
  return { data: doc.toJS({ maxAliasCount: 100 }), lines: sectionLines(doc, lineCounter) };
}
