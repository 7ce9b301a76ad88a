/**
 * The catalogue of known causes (issue 15): every cause on real AWS texts (the public report of each is in
 * causes.samples.ts), on a realistic event sequence, read from both events-file formats; every pattern has a
 * source and is exercised; specific causes win over generic ones, deterministically; unknown reasons stay
 * unknown.
 */
import { describe, expect, it } from "vitest";
import {
  causeApplies,
  causesInMatchingOrder,
  describeCauses,
  KNOWN_CAUSES,
  matchCause,
} from "../../../src/stack/catalogue.js";
import { diagnoseStack, diagnosisJson, formatDiagnosis } from "../../../src/stack/diagnose.js";
import { parseStackEvents, statusFromEvents } from "../../../src/stack/dumps.js";
import {
  describeEventsJson,
  describeStackEventsJson,
  type FailureSite,
  finalStatus,
  STACK,
  STACK_ID,
} from "../../support/failure-events.js";
import { SAMPLES, type Sample } from "./causes.samples.js";

/** The diagnosis of a sample's sequence read from one events-file format. */
function diagnoseSample(sample: Sample & { site: FailureSite }, format: "stack-events" | "operation-events") {
  const dump =
    format === "stack-events"
      ? describeStackEventsJson(sample.site, sample.text)
      : describeEventsJson(sample.site, sample.text);
  const events = parseStackEvents(dump, `${sample.cause}.json`);
  const stack = statusFromEvents(events);
  expect(stack).toEqual({ stackName: STACK, status: finalStatus(sample.site), stackId: STACK_ID });
  return diagnoseStack(stack!, events);
}

const onEvents = SAMPLES.filter((s): s is Sample & { site: FailureSite } => s.site !== "api");
const onApi = SAMPLES.filter((s) => s.site === "api");

describe("the catalogue", () => {
  it("knows at least 30 causes, with unique ids, each applying to types and operations", () => {
    expect(KNOWN_CAUSES.length).toBeGreaterThanOrEqual(30);
    const ids = KNOWN_CAUSES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const cause of KNOWN_CAUSES) {
      expect(cause.id, cause.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(cause.resourceTypes.length, cause.id).toBeGreaterThan(0);
      expect(cause.operations.length, cause.id).toBeGreaterThan(0);
      expect(cause.patterns.length, cause.id).toBeGreaterThan(0);
    }
  });

  it("notes the public source of every pattern", () => {
    for (const cause of KNOWN_CAUSES)
      for (const p of cause.patterns) {
        expect(p.source, `${cause.id}: ${p.pattern}`).toMatch(
          /^https:\/\/(github\.com|docs\.aws\.amazon\.com)\//,
        );
        expect(p.text.length, cause.id).toBeGreaterThan(10);
      }
  });

  it("every cause, and every pattern of every cause, is exercised by a real text from its sources", () => {
    const hit = new Set<string>();
    for (const sample of SAMPLES) {
      const cause = KNOWN_CAUSES.find((c) => c.id === sample.cause);
      expect(cause, sample.cause).toBeDefined();
      cause!.patterns.forEach((p, i) => {
        if (p.pattern.test(sample.text)) hit.add(`${cause!.id}#${i}`);
      });
    }
    const all = KNOWN_CAUSES.flatMap((c) => c.patterns.map((_p, i) => `${c.id}#${i}`));
    expect(all.filter((key) => !hit.has(key))).toEqual([]);
    // And the source noted beside each pattern is among the reports the samples were taken from.
    const sources = new Set(SAMPLES.map((s) => s.source));
    for (const cause of KNOWN_CAUSES)
      for (const p of cause.patterns) expect(sources.has(p.source), `${cause.id}: ${p.source}`).toBe(true);
  });
});

describe("each cause on a realistic failed operation", () => {
  for (const sample of onEvents)
    for (const format of ["stack-events", "operation-events"] as const)
      it(`${sample.cause} (${format}) — ${sample.source}`, () => {
        const d = diagnoseSample(sample, format);
        const expectedId = "logicalId" in sample.site ? sample.site.logicalId : STACK;
        // The failed resource, not the sibling whose update was cancelled, nor the stack's summary.
        expect(d.rootCause?.logicalId).toBe(expectedId);
        expect(d.rootCause?.reason).toBe(sample.text.replace(/\n/g, " "));
        expect(d.cause).toBe(sample.cause);
        const json = JSON.parse(diagnosisJson(d));
        expect(json.rootCause.causeId).toBe(sample.cause);
        expect(json.consoleUrl).toBe(
          `https://eu-west-3.console.aws.amazon.com/cloudformation/home?region=eu-west-3#/stacks/events?stackId=${encodeURIComponent(STACK_ID)}`,
        );
        expect(d.hint.endsWith(`Events: ${json.consoleUrl}`)).toBe(true);
      });
});

describe("each API refusal", () => {
  for (const sample of onApi)
    it(`${sample.cause} — ${sample.source}`, () => {
      expect(matchCause(sample.text, { operation: "change-set", stackName: STACK })?.id).toBe(sample.cause);
      expect(matchCause(sample.text)?.id).toBe(sample.cause);
    });
});

describe("matching is deterministic: specific before generic, type and operation first", () => {
  it("no sample is claimed by two specific causes in its context", () => {
    for (const sample of SAMPLES) {
      const ctx =
        sample.site === "api"
          ? { operation: "change-set" as const }
          : "logicalId" in sample.site
            ? { resourceType: sample.site.resourceType, operation: sample.site.operation }
            : { resourceType: "AWS::CloudFormation::Stack" };
      const specific = KNOWN_CAUSES.filter(
        (c) => !c.generic && causeApplies(c, ctx) && c.patterns.some((p) => p.pattern.test(sample.text)),
      ).map((c) => c.id);
      expect(specific.length, `${sample.text} → ${specific.join(", ")}`).toBeLessThanOrEqual(1);
    }
  });

  it("a specific cause wins over the generic one the same text also matches", () => {
    const principal = SAMPLES.find((s) => s.cause === "iam-invalid-principal")!.text;
    // The text also names MalformedPolicyDocument, which the generic IAM cause matches.
    expect(
      KNOWN_CAUSES.find((c) => c.id === "iam-malformed-policy")!.patterns.some((p) =>
        p.pattern.test(principal),
      ),
    ).toBe(true);
    expect(matchCause(principal, { resourceType: "AWS::IAM::Role" })?.id).toBe("iam-invalid-principal");
    const unresolved = SAMPLES.find((s) => s.cause === "unresolved-dependencies")!.text;
    expect(unresolved).toContain("Template format error:");
    expect(matchCause(unresolved)?.id).toBe("unresolved-dependencies");
    const logGroup = SAMPLES.find((s) => s.cause === "log-group-exists")!.text;
    expect(matchCause(logGroup, { resourceType: "AWS::Logs::LogGroup" })?.id).toBe("log-group-exists");
    expect(matchCause(logGroup, { resourceType: "AWS::SQS::Queue" })?.id).toBe("resource-already-exists");
  });

  it("generic causes come after every specific one, in a fixed order", () => {
    const order = causesInMatchingOrder();
    const firstGeneric = order.findIndex((c) => c.generic);
    expect(firstGeneric).toBeGreaterThan(0);
    expect(order.slice(firstGeneric).every((c) => c.generic)).toBe(true);
    expect(order.map((c) => c.id)).toEqual(causesInMatchingOrder().map((c) => c.id));
    expect(describeCauses().map((c) => c.id)).toEqual(order.map((c) => c.id));
  });

  it("the same words mean the cause of the failed resource's type", () => {
    // "<name> already exists": a bucket, an IAM role — and nothing known for a type neither claims.
    expect(matchCause("vectora-inbox-data-dev already exists", { resourceType: "AWS::S3::Bucket" })?.id).toBe(
      "bucket-exists",
    );
    expect(
      matchCause("vectora-inbox-engine-role already exists", { resourceType: "AWS::IAM::Role" })?.id,
    ).toBe("iam-entity-exists");
    expect(
      matchCause("weekly-run already exists", { resourceType: "AWS::StepFunctions::StateMachine" }),
    ).toBeUndefined();
  });

  it("a cause does not apply to an operation it cannot happen in", () => {
    const notEmpty = SAMPLES.find((s) => s.cause === "bucket-not-empty")!.text;
    expect(matchCause(notEmpty, { resourceType: "AWS::S3::Bucket", operation: "delete" })?.id).toBe(
      "bucket-not-empty",
    );
    expect(matchCause(notEmpty, { resourceType: "AWS::S3::Bucket", operation: "create" })).toBeUndefined();
  });
});

describe("an unknown reason", () => {
  const site: FailureSite = {
    resourceType: "AWS::Lambda::Function",
    logicalId: "EngineFunction",
    operation: "update",
  };
  // A real CloudFormation text no cause claims.
  const unknown = "Internal Failure";

  for (const format of ["stack-events", "operation-events"] as const)
    it(`is shown raw as not a known cause, causeId null (${format})`, () => {
      const d = diagnoseSample({ cause: "none", text: unknown, source: "", site }, format);
      expect(d.rootCause?.logicalId).toBe("EngineFunction");
      expect(d.cause).toBeNull();
      const json = JSON.parse(diagnosisJson(d));
      expect(json.rootCause).toMatchObject({ reason: unknown, causeId: null });
      expect(json.cause).toBeNull();
      expect(formatDiagnosis(d)).toContain(`UPDATE_FAILED: ${unknown} — Not a known cause`);
    });
});

describe("terminal safety", () => {
  it("strips escape sequences and control characters from reasons before printing them", () => {
    const hostile = "\u001b]8;;http://evil\u0007Role \u001b[31mX\u001b[0m failed\u0007\r\nnext\u009b";
    const events = parseStackEvents(
      describeStackEventsJson(
        { resourceType: "AWS::Lambda::Function", logicalId: "EngineFunction", operation: "update" },
        hostile,
      ),
      "hostile.json",
    );
    const d = diagnoseStack(statusFromEvents(events)!, events);
    const printed = formatDiagnosis(d);
    expect(printed.replace(/\n/g, "")).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(printed).toContain("Role X failed next");
    expect(printed.trimEnd().split("\n")).toHaveLength(3);
  });
});

describe("vectora stack causes", () => {
  it("lists every cause with its types, the AWS texts it matches, their sources and the fix", async () => {
    const { runVectora } = await import("../../support/cli.js");
    const run = await runVectora(["stack", "causes"]);
    expect(run.code).toBe(0);
    expect(run.err).toBe("");
    expect(run.out).toMatch(new RegExp(`^${KNOWN_CAUSES.length} known causes, in matching order`));
    for (const cause of KNOWN_CAUSES) {
      expect(run.out).toContain(`\n${cause.id}${cause.generic ? " (generic)" : ""} — ${cause.summary}\n`);
      expect(run.out).toContain(
        `  applies to: ${cause.resourceTypes.join(", ")} (${cause.operations.join(", ")})\n`,
      );
      for (const p of cause.patterns) {
        expect(run.out).toContain(` ${p.text}\n`);
        expect(run.out).toContain(`             source: ${p.source}\n`);
      }
    }
    expect(run.out).toContain("  fix:        `vectora stack fix --env <env>` continues the rollback");
  });

  it("--json prints the catalogue as one document, at least 30 causes", async () => {
    const { runVectora } = await import("../../support/cli.js");
    const run = await runVectora(["stack", "causes", "--json"]);
    expect(run.code).toBe(0);
    expect(run.out.trimEnd().split("\n")).toHaveLength(1);
    const { causes } = JSON.parse(run.out) as { causes: ReturnType<typeof describeCauses> };
    expect(causes.length).toBeGreaterThanOrEqual(30);
    expect(causes).toEqual(JSON.parse(JSON.stringify(describeCauses())));
    const quota = causes.find((c) => c.id === "reserved-concurrency-quota")!;
    expect(quota).toMatchObject({
      resourceTypes: ["AWS::Lambda::Function"],
      operations: ["create", "update"],
      generic: false,
    });
    expect(quota.matches[0]).toMatchObject({
      text: "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [<n>].",
      source:
        "https://github.com/aws-samples/amazon-rekognition-serverless-large-scale-image-and-video-processing/issues/6",
    });
    expect(new RegExp(quota.matches[0]!.pattern, "i").test(SAMPLES[0]!.text)).toBe(true);
  });
});
