// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are CloudFormation Fn::Sub templates
import { describe, expect, it } from "vitest";
import {
  loadTemplate,
  parseCfnYaml,
  parseParamsFile,
  parseTemplate,
  stackParameters,
  TemplateError,
  templateParameters,
} from "../../../src/infra/index.js";
import { INFRA_DIR } from "./helpers.js";

describe("parseCfnYaml keeps CloudFormation intrinsics", () => {
  it("turns !Sub with ${AWS::Region} into Fn::Sub", () => {
    const { data } = parseCfnYaml(
      'Value: !Sub "arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:x"\n',
    );
    expect(data).toEqual({
      Value: { "Fn::Sub": "arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:x" },
    });
  });

  it("maps every short tag, in scalar, sequence and nested forms, to its long form", () => {
    const { data } = parseCfnYaml(
      [
        "A: !Ref Env",
        "B: !GetAtt Bucket.Arn",
        "C: !GetAtt [Db, Endpoint.Address]",
        "D: !GetAtt Db.Endpoint.Address",
        'E: !Sub ["${X}-y", { X: !Ref Env }]',
        "F: !If [IsProd, !Ref AWS::NoValue, 3]",
        'G: !Not [!Equals [!Ref Count, "0"]]',
        "H: !And [!Condition IsProd, !Or [!Condition A, !Condition B]]",
        'I: !Join [",", [a, !Select [0, !Split ["/", !Ref Path]]]]',
        "J: !FindInMap [Map, !Ref AWS::Region, Key]",
        "K: !ImportValue shared-vpc",
        "L: !Base64 hello",
        "M: !Cidr [10.0.0.0/16, 4, 8]",
        "N: !GetAZs ''",
      ].join("\n"),
    );
    expect(data).toEqual({
      A: { Ref: "Env" },
      B: { "Fn::GetAtt": ["Bucket", "Arn"] },
      C: { "Fn::GetAtt": ["Db", "Endpoint.Address"] },
      D: { "Fn::GetAtt": ["Db", "Endpoint.Address"] },
      E: { "Fn::Sub": ["${X}-y", { X: { Ref: "Env" } }] },
      F: { "Fn::If": ["IsProd", { Ref: "AWS::NoValue" }, 3] },
      G: { "Fn::Not": [{ "Fn::Equals": [{ Ref: "Count" }, "0"] }] },
      H: { "Fn::And": [{ Condition: "IsProd" }, { "Fn::Or": [{ Condition: "A" }, { Condition: "B" }] }] },
      I: { "Fn::Join": [",", ["a", { "Fn::Select": [0, { "Fn::Split": ["/", { Ref: "Path" }] }] }]] },
      J: { "Fn::FindInMap": ["Map", { Ref: "AWS::Region" }, "Key"] },
      K: { "Fn::ImportValue": "shared-vpc" },
      L: { "Fn::Base64": "hello" },
      M: { "Fn::Cidr": ["10.0.0.0/16", 4, 8] },
      N: { "Fn::GetAZs": "" },
    });
  });

  it("refuses an unknown tag instead of silently keeping its value as a string", () => {
    let thrown: unknown;
    try {
      parseCfnYaml("a: 1\nb: !Reff Env\n", "t.yaml");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TemplateError);
    expect((thrown as TemplateError).file).toBe("t.yaml");
    expect((thrown as TemplateError).line).toBe(2);
    expect((thrown as Error).message).toContain("!Reff");
  });

  it("reports a YAML syntax error with file and line", () => {
    expect(() => parseCfnYaml("a: 1\nb: [1, 2\n", "broken.yaml")).toThrow(/broken\.yaml:\d+/);
  });
});

describe("parseTemplate / loadTemplate", () => {
  it("records the line of each resource and parameter", () => {
    const t = parseTemplate(
      "Parameters:\n  Env:\n    Type: String\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n",
      "x.yaml",
    );
    expect(t.stem).toBe("x");
    expect(t.lines["Parameters"]?.["Env"]).toBe(2);
    expect(t.lines["Resources"]?.["Topic"]).toBe(5);
  });

  it("rejects a template without Resources, naming the file and field", () => {
    expect(() => parseTemplate("Parameters: {}\n", "empty.yaml")).toThrow(/empty\.yaml: Resources/);
  });

  it("loads the real s1-runtime template with its intrinsics intact", () => {
    const t = loadTemplate(`${INFRA_DIR}s1-runtime.yaml`);
    const fn = t.body.Resources["EngineFunction"]?.Properties;
    expect(fn?.["Role"]).toEqual({ Ref: "EngineRoleArn" });
    expect(fn?.["ReservedConcurrentExecutions"]).toEqual({
      "Fn::If": ["HasReservedConcurrency", { Ref: "ReservedConcurrency" }, { Ref: "AWS::NoValue" }],
    });
    const reserved = templateParameters(t).find((p) => p.name === "ReservedConcurrency");
    expect(reserved?.default).toBe("0");
    expect(reserved?.required).toBe(false);
    expect(templateParameters(t).find((p) => p.name === "EngineRoleArn")?.required).toBe(true);
    expect(templateParameters(t).find((p) => p.name === "Env")?.allowedValues).toEqual(["dev", "prod"]);
  });

  it("throws a TemplateError naming a missing file", () => {
    expect(() => loadTemplate("/nonexistent/s9.yaml")).toThrow(/\/nonexistent\/s9\.yaml: cannot read/);
  });
});

describe("parseParamsFile", () => {
  it("keeps strings, stringifies numbers and joins lists with commas", () => {
    const p = parseParamsFile(
      JSON.stringify({ Parameters: { Env: "dev", Count: 3, Arns: ["a", "b"] } }),
      "p/dev.json",
    );
    expect(p.env).toBe("dev");
    expect(p.values).toEqual({ Env: "dev", Count: "3", Arns: "a,b" });
  });

  it("names the file and field of a malformed params file", () => {
    expect(() => parseParamsFile('{"Parameters": {"Env": {"x": 1}}}', "p/dev.json")).toThrow(
      /p\/dev\.json: Parameters\.Env/,
    );
    expect(() => parseParamsFile('{"Params": {}}', "p/prod.json")).toThrow(/p\/prod\.json/);
    expect(() => parseParamsFile("{", "p/x.json")).toThrow(/p\/x\.json: not JSON/);
  });
});

describe("stackParameters", () => {
  const runtime = () => loadTemplate(`${INFRA_DIR}s1-runtime.yaml`);
  const params = parseParamsFile(
    JSON.stringify({
      Parameters: { Env: "dev", PubmedApiKeyParamName: "/p", EngineRoleArn: "stale", Unknown: "x" },
    }),
    "dev.json",
  );
  const outputs = {
    IngestNormalizeRoleArn: "arn:aws:iam::1:role/i",
    EngineRoleArn: "arn:aws:iam::1:role/e",
    StateMachineRoleArn: "arn:aws:iam::1:role/s",
    WeeklySchedulerRoleArn: "arn:aws:iam::1:role/w",
    WatchSchedulerRoleArn: "arn:aws:iam::1:role/f",
    ConfigBucketName: "c",
    DataBucketName: "d",
    NewslettersBucketName: "n",
    LambdaCodeBucketName: "l",
    SomethingElse: "dropped",
  };

  it("keeps declared parameters only, upstream outputs winning over the params file", () => {
    const values = stackParameters(runtime(), params, outputs);
    expect(values["EngineRoleArn"]).toBe("arn:aws:iam::1:role/e");
    expect(values["Env"]).toBe("dev");
    expect(values).not.toHaveProperty("Unknown");
    expect(values).not.toHaveProperty("SomethingElse");
    // Parameters with a Default and no value are left to CloudFormation.
    expect(values).not.toHaveProperty("ReservedConcurrency");
  });

  it("names every required parameter that has no value", () => {
    expect(() => stackParameters(runtime(), params, {})).toThrow(
      /no value for IngestNormalizeRoleArn, StateMachineRoleArn, WeeklySchedulerRoleArn, WatchSchedulerRoleArn, ConfigBucketName, DataBucketName, NewslettersBucketName, LambdaCodeBucketName/,
    );
  });
});
