// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are CloudFormation Fn::Sub templates
import { describe, expect, it } from "vitest";
import {
  ALL_RULES,
  checkInfraDir,
  checkTemplates,
  type Finding,
  parseTemplate,
  runtimeProblem,
} from "../../../src/infra/index.js";
import { isWildcardResource } from "../../../src/infra/rules/iam-no-wildcard.js";
import {
  bucketEncrypted,
  bucketPrivate,
  bucketRetained,
  bucketTlsOnly,
  bucketVersioned,
  functionLogRetention,
  functionVersioned,
  githubOidcTrust,
  iamNoWildcard,
  invokeThroughAlias,
  paramsSupplied,
  refsResolve,
  reservationFitsAccount,
  reservedConcurrencyConditional,
  runtimeSupported,
} from "../../../src/infra/rules/index.js";
import { edit, findingsOf, INFRA_DIR, infraWith, NOW } from "./helpers.js";

const s1 = (change: (t: string) => string) => infraWith({ template: { file: "s1-runtime.yaml", change } });
const core = (change: (t: string) => string) => infraWith({ template: { file: "s0-core.yaml", change } });
const iam = (change: (t: string) => string) => infraWith({ template: { file: "s0-iam.yaml", change } });
const boot = (change: (t: string) => string) =>
  infraWith({ template: { file: "s0-bootstrap.yaml", change } });
const about = (findings: Finding[], resource: string) => findings.filter((f) => f.resource === resource);

describe("the real infra/", () => {
  it("passes every rule on every template, with both params files", () => {
    const report = checkInfraDir(INFRA_DIR, { now: NOW });
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.templates.map((t) => t.slice(t.lastIndexOf("/") + 1))).toEqual([
      "s0-bootstrap.yaml",
      "s0-iam.yaml",
      "s0-core.yaml",
      "s1-runtime.yaml",
    ]);
    expect(report.paramsFiles.map((p) => p.slice(p.lastIndexOf("/") + 1))).toEqual(["dev.json", "prod.json"]);
    // Every rule ran on every template.
    expect(report.results).toHaveLength(ALL_RULES.length * 4);
    // Each rule applies to at least one real template, so "passes" is never vacuous.
    for (const rule of ALL_RULES)
      expect(
        report.results.some((r) => r.rule === rule.id && r.applicable),
        rule.id,
      ).toBe(true);
  });

  it("reserves no concurrency with either params file", () => {
    const report = checkInfraDir(INFRA_DIR, { now: NOW });
    expect(report.reservations.map((r) => r.total)).toEqual([0, 0]);
  });

  it("gives Bedrock to the engine's role only: ingest never calls the model (least privilege)", () => {
    const { templates } = infraWith({});
    const iamTemplate = templates.find((t) => t.file.endsWith("s0-iam.yaml"))!;
    const actionsOf = (role: string): string[] => {
      const policies = iamTemplate.body.Resources[role]?.Properties?.["Policies"] as {
        PolicyDocument: { Statement: { Action: string | string[] }[] };
      }[];
      // A conditional statement (`!If [CanSendEmail, {…}, !Ref AWS::NoValue]`) counts with its statement.
      const statements = (p: { PolicyDocument: { Statement: unknown[] } }) =>
        p.PolicyDocument.Statement.map((st) => {
          const branches = (st as { "Fn::If"?: unknown[] })["Fn::If"];
          return (branches ? branches[1] : st) as { Action: string | string[] };
        });
      return policies.flatMap((p) => statements(p).flatMap((st) => [st.Action].flat()));
    };
    expect(actionsOf("IngestNormalizeRole")).toContain("ssm:GetParameter");
    expect(actionsOf("IngestNormalizeRole").filter((a) => a.startsWith("bedrock:"))).toEqual([]);
    expect(actionsOf("IngestNormalizeRole").filter((a) => a.startsWith("ses:"))).toEqual([]);
    expect(actionsOf("EngineRole").filter((a) => a.startsWith("ses:"))).toEqual([
      "ses:SendEmail",
      "ses:SendRawEmail",
    ]);
    // The state machine may only invoke, publish, trace and deliver its logs; the schedulers only start or invoke.
    expect(new Set(actionsOf("StateMachineRole").map((a) => a.split(":")[0]))).toEqual(
      new Set(["lambda", "sns", "xray", "logs"]),
    );
    expect(actionsOf("WeeklySchedulerRole")).toEqual(["states:StartExecution"]);
    expect(actionsOf("WatchSchedulerRole")).toEqual(["lambda:InvokeFunction"]);
    expect(actionsOf("EngineRole").filter((a) => a.startsWith("bedrock:"))).toEqual([
      "bedrock:InvokeModel",
      "bedrock:InvokeModel",
    ]);
  });

  it("names the operators' buckets, functions and log groups", () => {
    const { templates } = infraWith({});
    const text = JSON.stringify(templates.map((t) => t.body));
    for (const name of [
      "${ProjectName}-config-${Env}",
      "${ProjectName}-data-${Env}",
      "${ProjectName}-newsletters-${Env}",
      "${ProjectName}-lambda-code-${Env}",
      "${ProjectName}-ingest-normalize-${Env}",
      "${ProjectName}-engine-${Env}",
      "/aws/lambda/${ProjectName}-ingest-normalize-${Env}",
    ])
      expect(text).toContain(name);
  });
});

describe("refs-resolve", () => {
  it("fails on a dangling !Ref", () => {
    const f = findingsOf(
      refsResolve,
      s1((t) => edit(t, "S3Key: !Ref EngineCodeKey", "S3Key: !Ref EngineCodeKeyy")),
    );
    expect(about(f, "EngineFunction")).toEqual([
      expect.objectContaining({ rule: "refs-resolve", message: expect.stringContaining('"EngineCodeKeyy"') }),
    ]);
    expect(f[0]?.file).toBe("infra/s1-runtime.yaml");
    expect(f[0]?.line).toBeGreaterThan(1);
  });

  it("fails on a dangling ${Var} and ${Res.Attr} in !Sub and a dangling !GetAtt", () => {
    const f = findingsOf(
      refsResolve,
      core((t) =>
        edit(
          edit(t, '- !Sub "${DataBucket.Arn}/*"', '- !Sub "${DataBuckett.Arn}/${Stage}/*"'),
          "- !GetAtt ConfigBucket.Arn",
          "- !GetAtt ConfigBuckett.Arn",
        ),
      ),
    );
    const messages = f.map((x) => x.message).join("\n");
    expect(messages).toContain("DataBuckett");
    expect(messages).toContain('"Stage"');
    expect(messages).toContain('Fn::GetAtt "ConfigBuckett"');
    expect(f.map((x) => x.resource)).toEqual(
      expect.arrayContaining(["DataBucketPolicy", "ConfigBucketPolicy"]),
    );
  });

  it("fails on an !If whose condition is not declared", () => {
    const f = findingsOf(
      refsResolve,
      s1((t) => edit(t, "!If [HasReservedConcurrency,", "!If [HasReservedConcurency,")),
    );
    expect(about(f, "IngestNormalizeFunction")[0]?.message).toMatch(/HasReservedConcurency.*not declared/);
  });

  it("fails on a resource Condition or a !Condition that is not declared, and on a resource Ref inside Conditions", () => {
    const f = findingsOf(
      refsResolve,
      s1((t) =>
        edit(
          edit(
            t,
            "  EngineLogGroup:\n    Type: AWS::Logs::LogGroup\n",
            "  EngineLogGroup:\n    Type: AWS::Logs::LogGroup\n    Condition: IsProd\n",
          ),
          'HasReservedConcurrency: !Not [!Equals [!Ref ReservedConcurrency, "0"]]',
          'HasReservedConcurrency: !And [!Condition Nope, !Equals [!Ref EngineFunction, "0"]]',
        ),
      ),
    );
    expect(about(f, "EngineLogGroup")[0]?.message).toContain('Condition "IsProd" is not declared');
    const conditionMessages = about(f, "HasReservedConcurrency").map((x) => x.message);
    expect(conditionMessages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Condition "Nope" is not declared'),
        expect.stringContaining('"EngineFunction" in a condition must name a parameter'),
      ]),
    );
  });

  it("accepts pseudo parameters and Fn::Sub local variables", () => {
    const t = parseTemplate(
      [
        "Resources:",
        "  Topic:",
        "    Type: AWS::SNS::Topic",
        "    Properties:",
        '      TopicName: !Sub ["${Prefix}-${AWS::Region}-${AWS::StackName}-${!Literal}", { Prefix: x }]',
      ].join("\n"),
      "inline.yaml",
    );
    expect(checkTemplates([t], [], { now: NOW, rules: [refsResolve] }).findings).toEqual([]);
  });
});

describe("params-supplied", () => {
  it("fails when a params file lacks a parameter that has no Default and no upstream output", () => {
    const files = infraWith({
      params: {
        file: "dev.json",
        change: (t) => edit(t, '"PubmedApiKeyParamName": "/vectora-inbox/dev/pubmed-api-key",', ""),
      },
    });
    const f = findingsOf(paramsSupplied, files);
    // Both s0-iam and s1-runtime need it; only dev.json misses it.
    expect(f.map((x) => [x.file, x.resource])).toEqual([
      ["infra/params/dev.json", "PubmedApiKeyParamName"],
      ["infra/params/dev.json", "PubmedApiKeyParamName"],
    ]);
    expect(f[0]?.message).toContain("s0-iam.yaml");
  });

  it("takes s1-runtime's role and bucket parameters from the s0 outputs, and fails when an output is renamed", () => {
    expect(findingsOf(paramsSupplied, infraWith({}))).toEqual([]);
    const f = findingsOf(
      paramsSupplied,
      core((t) => edit(t, "  DataBucketName:\n", "  DataBucket:\n")),
    );
    expect(f.map((x) => x.resource)).toEqual(["DataBucketName", "DataBucketName"]);
    expect(f.map((x) => x.file)).toEqual(["infra/params/dev.json", "infra/params/prod.json"]);
  });

  it("fails when a params file gives a value outside AllowedValues or AllowedPattern", () => {
    const files = infraWith({
      params: {
        file: "prod.json",
        change: (t) =>
          edit(
            edit(t, '"Env": "prod"', '"Env": "production"'),
            '"LambdaRuntime": "nodejs22.x"',
            '"LambdaRuntime": "nodejs20.x"',
          ),
      },
    });
    const f = findingsOf(paramsSupplied, files);
    expect(f.every((x) => x.file === "infra/params/prod.json")).toBe(true);
    expect(f.map((x) => x.resource)).toEqual(expect.arrayContaining(["Env", "LambdaRuntime"]));
    expect(f.find((x) => x.resource === "Env")?.message).toContain('"production" is not one of dev, prod');
  });

  it("fails a value outside MinValue/MaxValue or MinLength/MaxLength", () => {
    const big = findingsOf(
      paramsSupplied,
      infraWith({
        params: {
          file: "dev.json",
          change: (t) => edit(t, '"Env": "dev",', '"Env": "dev", "IngestMemorySize": 99999,'),
        },
      }),
    );
    expect(big).toEqual([
      expect.objectContaining({
        file: "infra/params/dev.json",
        resource: "IngestMemorySize",
        message: "parameter IngestMemorySize of s1-runtime.yaml: 99999 is above MaxValue 10240",
      }),
    ]);
    const long = findingsOf(
      paramsSupplied,
      s1((t) =>
        edit(
          t,
          "    Default: lai_weekly\n",
          "    Default: lai_weekly\n    MinLength: 3\n    MaxLength: 12\n",
        ),
      ),
    );
    expect(long).toEqual([]);
    const tooLong = findingsOf(
      paramsSupplied,
      infraWith({
        template: {
          file: "s1-runtime.yaml",
          change: (t) => edit(t, "    Default: lai_weekly\n", "    Default: lai_weekly\n    MaxLength: 12\n"),
        },
        params: {
          file: "prod.json",
          change: (t) =>
            edit(t, '"ScheduledClient1": "lai_weekly",', '"ScheduledClient1": "lai_weekly_extended",'),
        },
      }),
    );
    expect(tooLong.map((f) => f.message)).toEqual([
      'parameter ScheduledClient1 of s1-runtime.yaml: "lai_weekly_extended" is 19 characters, above MaxLength 12',
    ]);
  });

  it("fails on the template itself when there is no params file at all", () => {
    const { templates } = infraWith({});
    const f = checkTemplates(templates, [], { now: NOW, rules: [paramsSupplied] }).findings;
    expect(f.map((x) => x.resource)).toContain("Env");
    expect(f.every((x) => x.file.endsWith(".yaml"))).toBe(true);
  });
});

describe("bucket rules", () => {
  it("bucket-private fails on a public bucket", () => {
    const f = findingsOf(
      bucketPrivate,
      core((t) => edit(t, "BlockPublicPolicy: true", "BlockPublicPolicy: false")),
    );
    expect(f).toEqual([
      expect.objectContaining({
        resource: "ConfigBucket",
        rule: "bucket-private",
        message: expect.stringContaining("BlockPublicPolicy"),
      }),
    ]);
  });

  it("bucket-private fails on a canned ACL other than Private, and accepts Private", () => {
    const publicRead = findingsOf(
      bucketPrivate,
      core((t) =>
        edit(
          t,
          '      BucketName: !Sub "${ProjectName}-data-${Env}"\n',
          '      BucketName: !Sub "${ProjectName}-data-${Env}"\n      AccessControl: PublicRead\n',
        ),
      ),
    );
    expect(publicRead).toEqual([
      expect.objectContaining({
        resource: "DataBucket",
        rule: "bucket-private",
        message: expect.stringContaining("AccessControl is PublicRead"),
      }),
    ]);
    const privateAcl = findingsOf(
      bucketPrivate,
      core((t) =>
        edit(
          t,
          '      BucketName: !Sub "${ProjectName}-data-${Env}"\n',
          '      BucketName: !Sub "${ProjectName}-data-${Env}"\n      AccessControl: Private\n',
        ),
      ),
    );
    expect(privateAcl).toEqual([]);
  });

  it("bucket-versioned fails on a bucket without versioning, or with versioning Suspended", () => {
    const f = findingsOf(
      bucketVersioned,
      core((t) =>
        edit(
          edit(
            t,
            '      BucketName: !Sub "${ProjectName}-config-${Env}"\n      VersioningConfiguration:\n        Status: Enabled\n',
            '      BucketName: !Sub "${ProjectName}-config-${Env}"\n',
          ),
          '      BucketName: !Sub "${ProjectName}-newsletters-${Env}"\n      VersioningConfiguration:\n        Status: Enabled\n',
          '      BucketName: !Sub "${ProjectName}-newsletters-${Env}"\n      VersioningConfiguration:\n        Status: Suspended\n',
        ),
      ),
    );
    expect(f).toEqual([
      expect.objectContaining({
        resource: "ConfigBucket",
        rule: "bucket-versioned",
        message: expect.stringContaining("no VersioningConfiguration Status Enabled"),
      }),
      expect.objectContaining({
        resource: "NewslettersBucket",
        message: expect.stringContaining("Status is Suspended, not Enabled"),
      }),
    ]);
    expect(f[0]?.line).toBeGreaterThan(1);
  });

  it("bucket-encrypted fails on a bucket without default encryption", () => {
    const f = findingsOf(
      bucketEncrypted,
      core((t) =>
        edit(
          t,
          "      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: AES256\n",
          "",
        ),
      ),
    );
    expect(f.map((x) => x.resource)).toEqual(["ConfigBucket"]);
  });

  it("bucket-tls-only fails without a bucket policy, and with one that does not deny plain HTTP", () => {
    const noPolicy = findingsOf(
      bucketTlsOnly,
      core((t) =>
        edit(
          t,
          "  NewslettersBucketPolicy:\n    Type: AWS::S3::BucketPolicy",
          "  NewslettersBucketPolicy:\n    Type: AWS::SNS::Topic",
        ),
      ),
    );
    expect(noPolicy).toEqual([
      expect.objectContaining({
        resource: "NewslettersBucket",
        message: expect.stringContaining("no AWS::S3::BucketPolicy"),
      }),
    ]);
    const allowsHttp = findingsOf(
      bucketTlsOnly,
      core((t) => edit(t, 'aws:SecureTransport: "false"', 'aws:SecureTransport: "true"')),
    );
    expect(allowsHttp.map((x) => x.resource)).toEqual(["ConfigBucket"]);
  });

  it("bucket-retained fails when DeletionPolicy or UpdateReplacePolicy is not Retain", () => {
    const f = findingsOf(
      bucketRetained,
      core((t) =>
        edit(
          edit(t, "DeletionPolicy: Retain\n", "DeletionPolicy: Delete\n"),
          "    UpdateReplacePolicy: Retain\n",
          "",
        ),
      ),
    );
    expect(f).toEqual([
      expect.objectContaining({
        resource: "ConfigBucket",
        message: expect.stringContaining("DeletionPolicy and UpdateReplacePolicy"),
      }),
    ]);
  });
});

describe("iam-no-wildcard", () => {
  it("recognises wildcard resources, Fn::Sub variables included", () => {
    for (const arn of ["*", "arn:aws:s3:::*", "arn:${AWS::Partition}:s3:::*", "arn:aws:logs:*:*:*"])
      expect(isWildcardResource(arn), arn).toBe(true);
    for (const arn of [
      "arn:aws:s3:::vectora-inbox-data-dev/*",
      "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/x:*",
      "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
    ])
      expect(isWildcardResource(arn), arn).toBe(false);
  });

  it('fails on Resource "*" for an action that supports resource-level permissions', () => {
    const f = findingsOf(
      iamNoWildcard,
      iam((t) =>
        edit(
          t,
          'Resource: !Sub "arn:${AWS::Partition}:s3:::${ProjectName}-config-${Env}/*"',
          'Resource: "*"',
        ),
      ),
    );
    expect(f).toEqual([
      expect.objectContaining({
        resource: "IngestNormalizeRole",
        message: expect.stringContaining('s3:GetObject on "*"'),
      }),
    ]);
  });

  it("fails on arn:aws:s3:::* and on a wildcard action such as s3:*", () => {
    const f = findingsOf(
      iamNoWildcard,
      iam((t) =>
        edit(
          edit(t, "Action: s3:PutObject\n", "Action: s3:*\n"),
          'Resource: !Sub "arn:${AWS::Partition}:s3:::${ProjectName}-newsletters-${Env}/*"',
          'Resource: !Sub "arn:${AWS::Partition}:s3:::*"',
        ),
      ),
    );
    const messages = about(f, "EngineRole").map((x) => x.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('wildcard action "s3:*"'),
        expect.stringContaining(':s3:::*"'),
      ]),
    );
  });

  it("fails on a bucket policy that allows any principal", () => {
    const f = findingsOf(
      iamNoWildcard,
      core((t) => edit(edit(t, "Effect: Deny", "Effect: Allow"), 'Action: "s3:*"', "Action: s3:GetObject")),
    );
    expect(f.map((x) => x.resource)).toEqual(["ConfigBucketPolicy"]);
    expect(f[0]?.message).toContain('allows any principal ("*")');
  });

  it("fails when a params file widens a Resource parameter to *", () => {
    const f = findingsOf(
      iamNoWildcard,
      infraWith({
        params: {
          file: "prod.json",
          change: (t) => edit(t, '"BedrockModelArns": [', '"BedrockModelArns": [\n      "*",'),
        },
      }),
    );
    // Only the engine may call Bedrock, so only its role takes the model ARNs.
    expect(f.map((x) => x.resource)).toEqual(["EngineRole"]);
  });

  it('allows "*" for actions that only accept it, and broad Deny statements', () => {
    const t = parseTemplate(
      [
        "Resources:",
        "  Role:",
        "    Type: AWS::IAM::Role",
        "    Properties:",
        "      AssumeRolePolicyDocument: {}",
        "      Policies:",
        "        - PolicyName: p",
        "          PolicyDocument:",
        "            Statement:",
        "              - { Effect: Allow, Action: [xray:PutTraceSegments, xray:PutTelemetryRecords], Resource: '*' }",
        "              - { Effect: Deny, Action: 's3:*', Resource: '*' }",
      ].join("\n"),
      "inline.yaml",
    );
    expect(checkTemplates([t], [], { now: NOW, rules: [iamNoWildcard] }).findings).toEqual([]);
  });
});

describe("function-log-retention", () => {
  it("fails when the function's log group has no RetentionInDays", () => {
    const f = findingsOf(
      functionLogRetention,
      s1((t) => edit(t, "      RetentionInDays: 14\n", "")),
    );
    expect(f).toEqual([
      expect.objectContaining({
        resource: "IngestLogGroup",
        message: expect.stringContaining("no RetentionInDays"),
      }),
    ]);
  });

  it("fails when no log group matches the function (LoggingConfig removed, group renamed)", () => {
    const f = findingsOf(
      functionLogRetention,
      s1((t) =>
        edit(
          edit(t, "      LoggingConfig:\n        LogGroup: !Ref EngineLogGroup\n", ""),
          'LogGroupName: !Sub "/aws/lambda/${ProjectName}-engine-${Env}"',
          'LogGroupName: !Sub "/aws/lambda/${ProjectName}-engin-${Env}"',
        ),
      ),
    );
    expect(f).toEqual([
      expect.objectContaining({
        resource: "EngineFunction",
        message: expect.stringContaining(
          "no AWS::Logs::LogGroup named /aws/lambda/${ProjectName}-engine-${Env}",
        ),
      }),
    ]);
  });

  it("accepts a log group named after the function without LoggingConfig", () => {
    const f = findingsOf(
      functionLogRetention,
      s1((t) => edit(t, "      LoggingConfig:\n        LogGroup: !Ref EngineLogGroup\n", "")),
    );
    expect(f).toEqual([]);
  });
});

describe("github-oidc-trust", () => {
  const SUB =
    '                token.actions.githubusercontent.com:sub: !Sub "repo:${GitHubRepository}:environment:${Env}"\n';

  it("passes the real bootstrap: one repository's environment, audience STS", () => {
    expect(findingsOf(githubOidcTrust, infraWith({}))).toEqual([]);
  });

  it("fails a subject any branch, PR or environment of the repository would match", () => {
    const like = findingsOf(
      githubOidcTrust,
      boot((t) =>
        edit(
          edit(
            t,
            "              StringEquals:\n                token.actions",
            "              StringLike:\n                token.actions",
          ),
          SUB,
          '                token.actions.githubusercontent.com:sub: !Sub "repo:${GitHubRepository}:*"\n',
        ),
      ),
    );
    expect(like.map((f) => f.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining("condition operator StringLike: only StringEquals pins the subject"),
        expect.stringContaining("aud must be exactly"),
        expect.stringContaining("no token.actions.githubusercontent.com:sub condition"),
      ]),
    );
    const branch = findingsOf(
      githubOidcTrust,
      boot((t) =>
        edit(
          t,
          SUB,
          '                token.actions.githubusercontent.com:sub: !Sub "repo:${GitHubRepository}:ref:refs/heads/main"\n',
        ),
      ),
    );
    expect(branch).toEqual([
      expect.objectContaining({
        resource: "GitHubDeployRole",
        message: expect.stringContaining("is not repo:<owner>/<name>:environment:<env>"),
      }),
    ]);
  });

  it("fails a subject built from a parameter that could hold a wildcard", () => {
    const f = findingsOf(
      githubOidcTrust,
      boot((t) =>
        edit(t, '    AllowedPattern: "^([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)?$"\n', '    AllowedPattern: ".*"\n'),
      ),
    );
    expect(f.map((x) => x.message)).toEqual([
      expect.stringContaining("uses ${GitHubRepository}, a parameter not constrained against wildcards"),
    ]);
  });
});

describe("invoke-through-alias", () => {
  it("fails a schedule that targets the function ($LATEST) instead of its live alias", () => {
    const f = findingsOf(
      invokeThroughAlias,
      s1((t) => edit(t, "        Arn: !Ref EngineLiveAlias\n", "        Arn: !GetAtt EngineFunction.Arn\n")),
    );
    expect(f).toEqual([
      expect.objectContaining({
        resource: "FreshnessWatchSchedule",
        message: expect.stringContaining("Target.Arn: !GetAtt EngineFunction.Arn"),
      }),
    ]);
  });

  it("fails a permission on the unqualified function, and a bare ${Fn.Arn} in a state machine's Fn::Sub", () => {
    const permission = findingsOf(
      invokeThroughAlias,
      s1((t) =>
        edit(
          t,
          "  # Alerts: every alarm below",
          "  EnginePermission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      FunctionName: !Ref EngineFunction\n      Principal: scheduler.amazonaws.com\n\n  # Alerts: every alarm below",
        ),
      ),
    );
    expect(permission.map((x) => x.resource)).toEqual(["EnginePermission"]);
    const machine = (arn: string) =>
      findingsOf(
        invokeThroughAlias,
        s1((t) =>
          edit(
            t,
            "  # Alerts: every alarm below",
            `  Pipeline:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      RoleArn: arn:aws:iam::786469175371:role/sfn\n      DefinitionString: !Sub '{"StartAt":"Ingest","States":{"Ingest":{"Type":"Task","Resource":"${arn}","End":true}}}'\n\n  # Alerts: every alarm below`,
          ),
        ),
      );
    expect(machine("${IngestNormalizeFunction.Arn}").map((x) => x.message)).toEqual([
      expect.stringContaining("DefinitionString: ${IngestNormalizeFunction.Arn} in Fn::Sub"),
    ]);
    expect(machine("${IngestNormalizeFunction.Arn}:live")).toEqual([]);
  });
});

describe("function-versioned", () => {
  it("passes the real s1-runtime: one retained version and a live alias on it per function", () => {
    expect(findingsOf(functionVersioned, infraWith({}))).toEqual([]);
  });

  it("fails a version CloudFormation would delete when it replaces it (the rollback target)", () => {
    const f = findingsOf(
      functionVersioned,
      s1((t) =>
        edit(
          t,
          "    Type: AWS::Lambda::Version\n    DeletionPolicy: Retain\n    UpdateReplacePolicy: Retain\n",
          "    Type: AWS::Lambda::Version\n    DeletionPolicy: Retain\n",
        ),
      ),
    );
    expect(f).toEqual([
      expect.objectContaining({
        resource: "IngestVersion",
        message: expect.stringContaining('UpdateReplacePolicy is "Delete"'),
      }),
    ]);
  });

  it("fails a function without a live alias, and an alias not on the published version", () => {
    const renamed = findingsOf(
      functionVersioned,
      s1((t) => edit(t, "      Name: live\n", "      Name: current\n")),
    );
    expect(renamed.map((x) => x.resource)).toEqual(["IngestNormalizeFunction"]);
    const pinned = findingsOf(
      functionVersioned,
      s1((t) =>
        edit(t, "      FunctionVersion: !GetAtt EngineVersion.Version\n", '      FunctionVersion: "1"\n'),
      ),
    );
    expect(pinned).toEqual([
      expect.objectContaining({
        resource: "EngineLiveAlias",
        message: expect.stringContaining("!GetAtt EngineVersion.Version"),
      }),
    ]);
  });
});

describe("reservation-fits-account", () => {
  const reserve = (file: "dev.json" | "prod.json", value: string, account?: string) =>
    infraWith({
      params: {
        file,
        change: (t) => {
          const reserved = edit(t, '"ReservedConcurrency": "0"', `"ReservedConcurrency": "${value}"`);
          return account === undefined
            ? reserved
            : edit(reserved, '"ConcurrentExecutions": 10', `"ConcurrentExecutions": ${account}`);
        },
      },
    });

  it("passes the real params files: they reserve nothing on the 10-limit account they declare", () => {
    expect(findingsOf(reservationFitsAccount, infraWith({}))).toEqual([]);
    const declared = infraWith({}).paramsFiles.map((p) => p.account?.concurrentExecutions);
    expect(declared).toEqual([10, 10]);
  });

  it("refuses the seed's reservation (any value) on the declared 10-limit account, before any deploy", () => {
    const f = findingsOf(reservationFitsAccount, reserve("dev.json", "1"));
    expect(f).toEqual([
      expect.objectContaining({ file: "infra/params/dev.json", rule: "reservation-fits-account" }),
    ]);
    expect(f[0]?.message).toContain("reserve 2 (IngestNormalizeFunction 1, EngineFunction 1)");
    expect(f[0]?.message).toContain("below its minimum value of [10].");
    expect(f[0]?.message).toContain("get-account-settings of 786469175371");
  });

  it("lets a reservation through on a declared large account, up to limit − 100", () => {
    expect(findingsOf(reservationFitsAccount, reserve("prod.json", "400", "1000"))).toEqual([]);
    const f = findingsOf(reservationFitsAccount, reserve("prod.json", "451", "1000"));
    expect(f.map((x) => x.file)).toEqual(["infra/params/prod.json"]);
    expect(f[0]?.message).toContain("Lambda keeps min(100, 1000) = 100 unreserved, and 98 would be left");
  });

  it("asks for the account's limit when a params file reserves without declaring one", () => {
    const files = infraWith({
      params: {
        file: "dev.json",
        change: (t) => {
          const json = JSON.parse(t);
          delete json.Account;
          json.Parameters.ReservedConcurrency = "3";
          return JSON.stringify(json);
        },
      },
    });
    const f = findingsOf(reservationFitsAccount, files);
    expect(f[0]?.message).toContain('declares no "Account": {"ConcurrentExecutions": N}');
  });
});

describe("reserved-concurrency-conditional", () => {
  it("fails on unconditioned ReservedConcurrentExecutions", () => {
    const f = findingsOf(
      reservedConcurrencyConditional,
      s1((t) =>
        edit(
          t,
          "ReservedConcurrentExecutions: !If [HasReservedConcurrency, !Ref ReservedConcurrency, !Ref AWS::NoValue]",
          "ReservedConcurrentExecutions: 5",
        ),
      ),
    );
    expect(f).toEqual([
      expect.objectContaining({
        resource: "IngestNormalizeFunction",
        message: expect.stringContaining("set unconditionally"),
      }),
    ]);
  });

  it("fails when the condition is on with the parameters' defaults", () => {
    const f = findingsOf(
      reservedConcurrencyConditional,
      s1((t) =>
        edit(
          t,
          "  ReservedConcurrency:\n    Type: Number\n    Default: 0\n",
          "  ReservedConcurrency:\n    Type: Number\n    Default: 2\n",
        ),
      ),
    );
    expect(f.map((x) => x.resource)).toEqual(["IngestNormalizeFunction", "EngineFunction"]);
    expect(f[0]?.message).toContain("holds with the parameters' defaults, so 2 executions are reserved");
  });

  it("fails when the condition's parameter has no Default, or no branch is AWS::NoValue", () => {
    const noDefault = findingsOf(
      reservedConcurrencyConditional,
      s1((t) =>
        edit(
          t,
          "  ReservedConcurrency:\n    Type: Number\n    Default: 0\n",
          "  ReservedConcurrency:\n    Type: Number\n",
        ),
      ),
    );
    expect(noDefault[0]?.message).toContain("cannot be evaluated with the defaults");
    const noNoValue = findingsOf(
      reservedConcurrencyConditional,
      s1((t) => edit(t, "!Ref ReservedConcurrency, !Ref AWS::NoValue]", "!Ref ReservedConcurrency, 1]")),
    );
    expect(noNoValue[0]?.message).toContain("neither branch");
  });
});

describe("runtime-supported", () => {
  it("fails on a deprecated runtime in a params file, an AllowedValue or the Default", () => {
    const fromParams = findingsOf(
      runtimeSupported,
      infraWith({
        params: {
          file: "dev.json",
          change: (t) => edit(t, '"LambdaRuntime": "nodejs22.x"', '"LambdaRuntime": "nodejs18.x"'),
        },
      }),
    );
    expect(fromParams.map((x) => x.resource)).toEqual(["IngestNormalizeFunction", "EngineFunction"]);
    expect(fromParams[0]?.message).toContain("dev.json LambdaRuntime");
    const fromDefault = findingsOf(
      runtimeSupported,
      s1((t) => edit(t, "Default: nodejs22.x", "Default: python3.12")),
    );
    expect(fromDefault[0]?.message).toContain("not a Node.js runtime");
  });

  it("flags nodejs20.x once Lambda deprecated it (2026-04-30), not before", () => {
    expect(runtimeProblem("nodejs20.x", new Date("2026-01-15T00:00:00Z"))).toBeUndefined();
    expect(runtimeProblem("nodejs20.x", NOW)).toContain("refuses to create or update");
    expect(runtimeProblem("nodejs20.x", new Date("2026-06-01T00:00:00Z"))).toContain("from 2026-08-31");
    expect(runtimeProblem("nodejs22.x", NOW)).toBeUndefined();
    expect(runtimeProblem("nodejs16.x", NOW)).toContain("Node.js 20 or newer");
  });

  it("fails on a literal nodejs20.x runtime today", () => {
    const f = findingsOf(
      runtimeSupported,
      s1((t) => edit(t, "      Runtime: !Ref LambdaRuntime\n", "      Runtime: nodejs20.x\n")),
    );
    expect(f).toEqual([
      expect.objectContaining({ resource: "IngestNormalizeFunction", rule: "runtime-supported" }),
    ]);
  });
});

describe("checkTemplates", () => {
  it("turns a rule that throws into a finding instead of stopping the check", () => {
    const { templates, paramsFiles } = infraWith({});
    const crashing = {
      id: "crashy",
      summary: "throws",
      check: () => {
        throw new Error("boom");
      },
    };
    const result = checkTemplates(templates, paramsFiles, { now: NOW, rules: [crashing] });
    // One finding per template (s0-bootstrap, s0-iam, s0-core, s1-runtime).
    expect(result.findings).toHaveLength(4);
    expect(result.findings[0]?.message).toBe("rule failed: boom");
  });
});
