/**
 * The weekly state machine's JSONPath logic, evaluated on the definition read from infra/s1-runtime.yaml (not a
 * copy): the Map's ResultSelector filter, the AnyShardRead choice, and the Summarize → Notify paths.
 *
 * JSONPath is evaluated by `jsonpath-plus`, a real implementation. Step Functions' dialect is close to it but not
 * identical: Step Functions returns an array for an indefinite path (a filter, a wildcard) and the value itself for
 * a definite one; its filters compare `@.field <op> literal` and a filter on an item missing the field is simply
 * no match (jsonpath-plus runs the filter as JavaScript, which throws: `ignoreEvalErrors` below); a missing path in `Parameters`,
 * `ResultSelector`, `InputPath` or a Choice comparison is a States.Runtime error (hence the IsPresent guards).
 * The choice rules are evaluated here by a few lines covering the operators the definition uses (an unknown one
 * fails the test), with `And` short-circuiting as Step Functions does.
 */
import { summarizeRun, summaryOfRefusedEvent } from "@vectora/core/jobs/engine-steps";
import { JSONPath } from "jsonpath-plus";
import { describe, expect, it } from "vitest";
import { loadTemplate } from "../../../src/infra/index.js";
import { resolveDefinition, STATE_MACHINE } from "../../../src/infra/state-machine.js";
import { INFRA_DIR } from "./helpers.js";

type Json = Record<string, unknown>;

const template = loadTemplate(`${INFRA_DIR}s1-runtime.yaml`);
const machine = Object.values(template.body.Resources).find((r) => r.Type === STATE_MACHINE);
if (!machine) throw new Error("no state machine in s1-runtime.yaml");
const { definition } = resolveDefinition(template, machine, {
  Env: "dev",
  ShardSize: "8",
  MapMaxConcurrency: "2",
});
const states = definition["States"] as Record<string, Json>;

/** Step Functions' reading of a path: every match (indefinite path) or the one value (definite path). */
function query(path: string, json: unknown): { present: boolean; value: unknown } {
  // ignoreEvalErrors: a filter on an item without the field (a failed shard has no `reply`) is no match in Step
  // Functions; jsonpath-plus evaluates `@.reply.totals` as JavaScript and would throw without it.
  const matches = JSONPath({ path, json: json as object, wrap: true, ignoreEvalErrors: true }) as unknown[];
  const indefinite = /\[\?|\*|\.\.|,/.test(path);
  if (indefinite) return { present: true, value: matches };
  return { present: matches.length > 0, value: matches[0] };
}

/** A `Parameters`/`ResultSelector` template applied to `json` (`key.$` fields by path, others as written). */
function select(spec: Json, json: unknown): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(spec)) {
    if (!key.endsWith(".$")) out[key] = value;
    else {
      const found = query(String(value), json);
      if (!found.present) throw new Error(`States.Runtime: ${String(value)} not found`);
      out[key.slice(0, -2)] = found.value;
    }
  }
  return out;
}

/** One choice rule on `input`; And short-circuits. */
function matches(rule: Json, input: unknown): boolean {
  if (Array.isArray(rule["And"])) return (rule["And"] as Json[]).every((r) => matches(r, input));
  const { present, value } = query(String(rule["Variable"]), input);
  if ("IsPresent" in rule) return present === rule["IsPresent"];
  if (!present) throw new Error(`States.Runtime: ${String(rule["Variable"])} not found`);
  if ("IsString" in rule) return (typeof value === "string") === rule["IsString"];
  if ("IsBoolean" in rule) return (typeof value === "boolean") === rule["IsBoolean"];
  if ("BooleanEquals" in rule) return value === rule["BooleanEquals"];
  if ("NumericEquals" in rule) return value === rule["NumericEquals"];
  throw new Error(`operator not covered by this test: ${JSON.stringify(rule)}`);
}

/** The state a Choice state sends `input` to. */
function choose(name: string, input: unknown): string {
  const state = states[name] as Json;
  expect(state["Type"]).toBe("Choice");
  const hit = (state["Choices"] as Json[]).find((r) => matches(r, input));
  return String(hit ? hit["Next"] : state["Default"]);
}

/** Follows Choice states from `name` until a non-Choice state, whose name is returned. */
function through(name: string, input: unknown): string {
  let current = name;
  while ((states[current] as Json)["Type"] === "Choice") current = choose(current, input);
  return current;
}

/** Every `$.` path (not `$$.` context paths) a state reads from its input: Parameters, Format args, Choice. */
function pathsRead(state: Json): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries((state["Parameters"] as Json | undefined) ?? {}))
    if (key.endsWith(".$")) paths.push(...(String(value).match(/(?<!\$)\$\.[A-Za-z0-9_.[\]]+/g) ?? []));
  for (const key of ["CausePath", "ErrorPath"])
    if (typeof state[key] === "string") paths.push(String(state[key]));
  return paths;
}

// Map item results as ShardDone / ShardFailed build them.
const done = (index: number, sourcesOk: number) => ({
  shard: { index, sources: ["a", "b"] },
  reply: { statusCode: 200, totals: { sources_ok: sourcesOk, new: sourcesOk * 3 } },
});
const failed = (index: number) => ({
  shard: { index, sources: ["a", "b"] },
  error: { Error: "Lambda.Unknown", Cause: "Task timed out" },
});

describe("the Map's ResultSelector and AnyShardRead", () => {
  const selector = (states["Ingest"] as Json)["ResultSelector"] as Json;
  const next = (mapOutput: unknown[]) => {
    const ingest = select(selector, mapOutput);
    return { ingest, next: choose("AnyShardRead", { ingest }) };
  };

  it("keeps every shard and lists the index of each that read a source", () => {
    const { ingest, next: to } = next([done(0, 2), failed(1), done(2, 0), done(3, 1)]);
    expect(ingest["read"]).toEqual([0, 3]);
    expect((ingest["shards"] as unknown[]).length).toBe(4);
    expect(to).toBe("Engine");
  });

  it("one shard read: the engine runs", () => {
    expect(next([failed(0), done(1, 1)]).next).toBe("Engine");
  });

  it("every shard failed: read is empty, the engine is skipped", () => {
    const { ingest, next: to } = next([failed(0), failed(1)]);
    expect(ingest["read"]).toEqual([]);
    expect(to).toBe("Summarize");
  });

  it("shards answered but read nothing: the engine is skipped", () => {
    expect(next([done(0, 0), done(1, 0)]).next).toBe("Summarize");
  });

  it("no shard at all (a client with no enabled source): skipped, not a runtime error", () => {
    expect(next([]).next).toBe("Summarize");
  });
});

describe("Summarize → Notify never reads a missing path", () => {
  const afterSummarize = String((states["Summarize"] as Json)["Next"]);
  const stateInput = (summary: unknown) => ({
    input: { client_id: "lai_weekly" },
    plan: null,
    ingest: null,
    engine: null,
    delivery: null,
    summary,
  });
  /** Where the run goes with this summary, and checks that each state on the way finds what it reads. */
  const route = (summary: unknown): string[] => {
    const input = stateInput(summary);
    const visited: string[] = [];
    let name = afterSummarize;
    for (;;) {
      name = through(name, input);
      visited.push(name);
      const state = states[name] as Json;
      for (const path of pathsRead(state))
        expect(query(path, input).present, `${name} reads ${path}`).toBe(true);
      if (state["Type"] === "Fail" || state["Type"] === "Succeed") return visited;
      name = String(state["Next"]);
    }
  };
  const plan = { statusCode: 200, client_id: "lai_weekly", as_of: "2026-01-05", sources: 2, shards: [] };

  it("a summary publishes, then the run ends failed or done by its ok", () => {
    const summary = summarizeRun({ plan, ingest: { shards: [failed(0)] } }, { env: "prod" });
    expect(route(summary)).toEqual(["Notify", "Failed"]);
  });

  it("an e2e client's summary is not published", () => {
    const summary = summarizeRun({ input: { client_id: "e2e_smoke" } }, { env: "dev" });
    expect(route(summary)).toEqual(["Failed"]);
  });

  it("a refused summarize event (400 with its summary) still publishes", () => {
    const summary = {
      statusCode: 400,
      error: "execution: too long",
      ...summaryOfRefusedEvent("x", { env: "prod" }),
    };
    expect(route(summary)).toEqual(["Notify", "Failed"]);
  });

  it("a bare 400 or an unexpected reply goes to NotifyUnsummarized, not a States.Runtime error", () => {
    expect(route({ statusCode: 400, error: "run: Required" })).toEqual([
      "NotifyUnsummarized",
      "FailedUnsummarized",
    ]);
    expect(route({ statusCode: 200, subject: 42 })).toEqual(["NotifyUnsummarized", "FailedUnsummarized"]);
  });

  it("a caught error ({Error, Cause}) goes to NotifyUnsummarized", () => {
    expect(route({ Error: "Lambda.Unknown", Cause: "boom" })).toEqual([
      "NotifyUnsummarized",
      "FailedUnsummarized",
    ]);
  });
});
