// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are CloudFormation Fn::Sub templates
import { describe, expect, it } from "vitest";
import {
  evaluateValue,
  evaluationScope,
  loadTemplate,
  reservedConcurrencyByFunction,
  reservedConcurrencyOf,
  UnresolvedValueError,
} from "../../../src/infra/index.js";
import { INFRA_DIR, templateFromLines } from "./helpers.js";

const runtime = () => loadTemplate(`${INFRA_DIR}s1-runtime.yaml`);

/** Functions reserving a literal 4, 7 under a Condition off by default, nothing; and a topic that is no function. */
const MIXED = () =>
  templateFromLines(
    "Parameters:",
    "  Env: { Type: String, Default: dev }",
    "Conditions:",
    "  IsProd: !Equals [!Ref Env, prod]",
    "Resources:",
    "  A: { Type: AWS::Lambda::Function, Properties: { ReservedConcurrentExecutions: 4 } }",
    "  B: { Type: AWS::Lambda::Function, Condition: IsProd, Properties: { ReservedConcurrentExecutions: 7 } }",
    "  C: { Type: AWS::Lambda::Function, Properties: {} }",
    "  D: { Type: AWS::SNS::Topic, Properties: { ReservedConcurrentExecutions: 100 } }",
  );

/** One function reserving the value of a parameter that has no Default. */
const FROM_PARAMETER = () =>
  templateFromLines(
    "Parameters:",
    "  Reserve: { Type: Number }",
    "Resources:",
    "  A: { Type: AWS::Lambda::Function, Properties: { ReservedConcurrentExecutions: !Ref Reserve } }",
  );

describe("reservedConcurrencyOf", () => {
  it("is 0 for the real s1-runtime with its defaults", () => {
    expect(reservedConcurrencyOf(runtime())).toBe(0);
    expect(reservedConcurrencyOf(runtime(), { ReservedConcurrency: "0" })).toBe(0);
  });

  it("resolves the !If when the parameter turns the condition on: per function, summed", () => {
    const t = runtime();
    expect(reservedConcurrencyByFunction(t, { ReservedConcurrency: "3" })).toEqual({
      IngestNormalizeFunction: 3,
      EngineFunction: 3,
    });
    expect(reservedConcurrencyOf(t, { ReservedConcurrency: "5" })).toBe(10);
  });

  it("counts literal values, skips functions whose resource Condition is false, and treats absence as 0", () => {
    const t = MIXED();
    expect(reservedConcurrencyByFunction(t)).toEqual({ A: 4, C: 0 });
    expect(reservedConcurrencyOf(t, { Env: "prod" })).toBe(11);
  });

  it("throws UnresolvedValueError when the value needs a parameter that has no value", () => {
    const t = FROM_PARAMETER();
    expect(() => reservedConcurrencyOf(t)).toThrow(UnresolvedValueError);
    expect(() => reservedConcurrencyOf(t)).toThrow(/Reserve has no Default/);
    expect(reservedConcurrencyOf(t, { Reserve: "2" })).toBe(2);
  });
});

describe("evaluateValue", () => {
  const CONDITIONS = () =>
    templateFromLines(
      "Parameters:",
      "  Env: { Type: String, Default: dev }",
      "  Arns: { Type: CommaDelimitedList, Default: 'a,b' }",
      "Conditions:",
      "  IsDev: !Equals [!Ref Env, dev]",
      "  Either: !Or [!Condition IsDev, !Equals [!Ref Env, prod]]",
      "  Both: !And [!Condition IsDev, !Not [!Condition Either]]",
      "Resources: {}",
    );

  it("evaluates Sub, Join, And/Or/Not and list parameters like CloudFormation", () => {
    const t = CONDITIONS();
    const scope = evaluationScope(t);
    expect(evaluateValue({ "Fn::Sub": ["${P}-${Env}-${!Keep}", { P: "pre" }] }, scope)).toBe(
      "pre-dev-${Keep}",
    );
    expect(evaluateValue({ "Fn::Join": ["|", { Ref: "Arns" }] }, scope)).toBe("a|b");
    expect(evaluateValue({ "Fn::If": ["Either", 1, 2] }, scope)).toBe(1);
    expect(evaluateValue({ "Fn::If": ["Both", 1, 2] }, scope)).toBe(2);
    expect(evaluateValue({ "Fn::If": ["IsDev", 1, 2] }, evaluationScope(t, { Env: "prod" }))).toBe(2);
    expect(() => evaluateValue({ "Fn::GetAtt": ["X", "Arn"] }, scope)).toThrow(UnresolvedValueError);
  });

  it("reports a condition that refers to itself instead of looping", () => {
    const t = templateFromLines("Conditions:", "  Loop: !Not [!Condition Loop]", "Resources: {}");
    expect(() => evaluateValue({ "Fn::If": ["Loop", 1, 2] }, evaluationScope(t))).toThrow(/refers to itself/);
  });
});
