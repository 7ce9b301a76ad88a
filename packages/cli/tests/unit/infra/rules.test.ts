// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are CloudFormation Fn::Sub templates
/**
 * The infra rules, each as a table: a broken copy of the real infra/ (one of its templates or params files edited
 * in memory, or a template written here) and exactly what the rule finds in it.
 */
import { describe, expect, it } from "vitest";
import { ALL_RULES, checkInfraDir, checkTemplates, runtimeProblem } from "../../../src/infra/index.js";
import { isWildcardResource } from "../../../src/infra/rules/iam-no-wildcard.js";
import {
  edit,
  findingsOf,
  INFRA_DIR,
  infraWith,
  inlineTemplate,
  NOW,
  paramsEdited,
  ruleNamed,
  ruleTable,
  s0Bootstrap,
  s0Core,
  s0Iam,
  s1Runtime,
} from "./helpers.js";

const real = () => infraWith({});

/** The edits the tables share. */
const DATA_BUCKET_NAME = '      BucketName: !Sub "${ProjectName}-data-${Env}"\n';
const versioning = (bucket: string, status: string) =>
  `      BucketName: !Sub "\${ProjectName}-${bucket}-\${Env}"\n      VersioningConfiguration:\n        Status: ${status}\n`;
const ENGINE_LOGGING = "      LoggingConfig:\n        LogGroup: !Ref EngineLogGroup\n";
const subject = (value: string) =>
  `                token.actions.githubusercontent.com:sub: !Sub "repo:\${GitHubRepository}:${value}"\n`;
const SUB = subject("environment:${Env}");
const ALERTS = "  # Alerts: every alarm below";
const machine = (arn: string) =>
  s1Runtime([
    ALERTS,
    `  Pipeline:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      RoleArn: arn:aws:iam::786469175371:role/sfn\n      DefinitionString: !Sub '{"StartAt":"Ingest","States":{"Ingest":{"Type":"Task","Resource":"${arn}","End":true}}}'\n\n${ALERTS}`,
  ]);
const reserve = (file: "dev.json" | "prod.json", value: string, account?: string) =>
  paramsEdited(
    file,
    ['"ReservedConcurrency": "0"', `"ReservedConcurrency": "${value}"`],
    ...(account === undefined
      ? []
      : [['"ConcurrentExecutions": 10', `"ConcurrentExecutions": ${account}`] as const]),
  );
const DEFAULT_0 = "  ReservedConcurrency:\n    Type: Number\n    Default: 0\n";

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

ruleTable("refs-resolve", [
  {
    name: "fails on a dangling !Ref",
    files: () => s1Runtime(["S3Key: !Ref EngineCodeKey", "S3Key: !Ref EngineCodeKeyy"]),
    expected: [
      {
        resource: "EngineFunction",
        file: "infra/s1-runtime.yaml",
        mentions: '"EngineCodeKeyy"',
        atLine: true,
      },
    ],
  },
  {
    name: "fails on a dangling ${Var} and ${Res.Attr} in !Sub and a dangling !GetAtt",
    files: () =>
      s0Core(
        ['- !Sub "${DataBucket.Arn}/*"', '- !Sub "${DataBuckett.Arn}/${Stage}/*"'],
        ["- !GetAtt ConfigBucket.Arn", "- !GetAtt ConfigBuckett.Arn"],
      ),
    expected: [
      { resource: "ConfigBucketPolicy", mentions: 'Fn::GetAtt "ConfigBuckett"' },
      { resource: "DataBucketPolicy", mentions: "DataBuckett" },
      { resource: "DataBucketPolicy", mentions: '"Stage"' },
    ],
  },
  {
    name: "fails on an !If whose condition is not declared",
    files: () => s1Runtime(["!If [HasReservedConcurrency,", "!If [HasReservedConcurency,"]),
    expected: [{ resource: "IngestNormalizeFunction", mentions: /HasReservedConcurency.*not declared/ }],
  },
  {
    name: "fails on a resource Condition or a !Condition that is not declared, and on a resource Ref inside Conditions",
    files: () =>
      s1Runtime(
        [
          "  EngineLogGroup:\n    Type: AWS::Logs::LogGroup\n",
          "  EngineLogGroup:\n    Type: AWS::Logs::LogGroup\n    Condition: IsProd\n",
        ],
        [
          'HasReservedConcurrency: !Not [!Equals [!Ref ReservedConcurrency, "0"]]',
          'HasReservedConcurrency: !And [!Condition Nope, !Equals [!Ref EngineFunction, "0"]]',
        ],
      ),
    expected: [
      { resource: "HasReservedConcurrency", mentions: 'Condition "Nope" is not declared' },
      {
        resource: "HasReservedConcurrency",
        mentions: '"EngineFunction" in a condition must name a parameter',
      },
      { resource: "EngineLogGroup", mentions: 'Condition "IsProd" is not declared' },
    ],
  },
  {
    name: "accepts pseudo parameters and Fn::Sub local variables",
    files: () =>
      inlineTemplate(
        "Resources:",
        "  Topic:",
        "    Type: AWS::SNS::Topic",
        "    Properties:",
        '      TopicName: !Sub ["${Prefix}-${AWS::Region}-${AWS::StackName}-${!Literal}", { Prefix: x }]',
      ),
    expected: [],
  },
]);

ruleTable(
  "params-supplied",
  [
    {
      // Both s0-iam and s1-runtime need it; only dev.json misses it.
      name: "fails when a params file lacks a parameter that has no Default and no upstream output",
      files: () =>
        paramsEdited("dev.json", ['"PubmedApiKeyParamName": "/vectora-inbox/dev/pubmed-api-key",', ""]),
      expected: [
        { file: "infra/params/dev.json", resource: "PubmedApiKeyParamName", mentions: "s0-iam.yaml" },
        { file: "infra/params/dev.json", resource: "PubmedApiKeyParamName", mentions: "s1-runtime.yaml" },
      ],
    },
    {
      name: "takes s1-runtime's role and bucket parameters from the s0 outputs",
      files: real,
      expected: [],
    },
    {
      name: "fails when an s0 output s1-runtime takes a parameter from is renamed",
      files: () => s0Core(["  DataBucketName:\n", "  DataBucket:\n"]),
      expected: [
        { file: "infra/params/dev.json", resource: "DataBucketName" },
        { file: "infra/params/prod.json", resource: "DataBucketName" },
      ],
    },
    {
      name: "fails when a params file gives a value outside AllowedValues or AllowedPattern",
      files: () =>
        paramsEdited(
          "prod.json",
          ['"Env": "prod"', '"Env": "production"'],
          ['"LambdaRuntime": "nodejs22.x"', '"LambdaRuntime": "nodejs20.x"'],
        ),
      // Every template declares Env; only s1-runtime declares LambdaRuntime.
      expected: [
        ...["s0-bootstrap", "s0-iam", "s0-core", "s1-runtime"].map((stem) => ({
          file: "infra/params/prod.json",
          resource: "Env",
          mentions: [`parameter Env of ${stem}.yaml`, '"production" is not one of dev, prod'],
        })),
        { file: "infra/params/prod.json", resource: "LambdaRuntime", mentions: '"nodejs20.x" is not one of' },
      ],
    },
    {
      name: "fails a value above MaxValue",
      files: () => paramsEdited("dev.json", ['"Env": "dev",', '"Env": "dev", "IngestMemorySize": 99999,']),
      expected: [
        {
          file: "infra/params/dev.json",
          resource: "IngestMemorySize",
          message: "parameter IngestMemorySize of s1-runtime.yaml: 99999 is above MaxValue 10240",
        },
      ],
    },
    {
      name: "accepts a value within MinLength/MaxLength",
      files: () =>
        s1Runtime([
          "    Default: lai_weekly\n",
          "    Default: lai_weekly\n    MinLength: 3\n    MaxLength: 12\n",
        ]),
      expected: [],
    },
    {
      name: "fails a value above MaxLength",
      files: () =>
        infraWith({
          template: {
            file: "s1-runtime.yaml",
            change: (t) =>
              edit(t, "    Default: lai_weekly\n", "    Default: lai_weekly\n    MaxLength: 12\n"),
          },
          params: {
            file: "prod.json",
            change: (t) =>
              edit(t, '"ScheduledClient1": "lai_weekly",', '"ScheduledClient1": "lai_weekly_extended",'),
          },
        }),
      expected: [
        {
          message:
            'parameter ScheduledClient1 of s1-runtime.yaml: "lai_weekly_extended" is 19 characters, above MaxLength 12',
        },
      ],
    },
  ],
  () => {
    it("fails on the template itself when there is no params file at all", () => {
      const { templates } = real();
      const f = findingsOf(ruleNamed("params-supplied"), { templates, paramsFiles: [] });
      expect(f.map((x) => x.resource)).toContain("Env");
      expect(f.every((x) => x.file.endsWith(".yaml"))).toBe(true);
    });
  },
);

ruleTable("bucket-private", [
  {
    name: "fails on a public bucket",
    files: () => s0Core(["BlockPublicPolicy: true", "BlockPublicPolicy: false"]),
    expected: [{ resource: "ConfigBucket", mentions: "BlockPublicPolicy" }],
  },
  {
    name: "fails on a canned ACL other than Private",
    files: () => s0Core([DATA_BUCKET_NAME, `${DATA_BUCKET_NAME}      AccessControl: PublicRead\n`]),
    expected: [{ resource: "DataBucket", mentions: "AccessControl is PublicRead" }],
  },
  {
    name: "accepts the canned ACL Private",
    files: () => s0Core([DATA_BUCKET_NAME, `${DATA_BUCKET_NAME}      AccessControl: Private\n`]),
    expected: [],
  },
]);

ruleTable("bucket-versioned", [
  {
    name: "fails on a bucket without versioning, or with versioning Suspended",
    files: () =>
      s0Core(
        [versioning("config", "Enabled"), '      BucketName: !Sub "${ProjectName}-config-${Env}"\n'],
        [versioning("newsletters", "Enabled"), versioning("newsletters", "Suspended")],
      ),
    expected: [
      { resource: "ConfigBucket", mentions: "no VersioningConfiguration Status Enabled", atLine: true },
      { resource: "NewslettersBucket", mentions: "Status is Suspended, not Enabled" },
    ],
  },
]);

ruleTable("bucket-encrypted", [
  {
    name: "fails on a bucket without default encryption",
    files: () =>
      s0Core([
        "      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: AES256\n",
        "",
      ]),
    expected: [{ resource: "ConfigBucket" }],
  },
]);

ruleTable("bucket-tls-only", [
  {
    name: "fails without a bucket policy",
    files: () =>
      s0Core([
        "  NewslettersBucketPolicy:\n    Type: AWS::S3::BucketPolicy",
        "  NewslettersBucketPolicy:\n    Type: AWS::SNS::Topic",
      ]),
    expected: [{ resource: "NewslettersBucket", mentions: "no AWS::S3::BucketPolicy" }],
  },
  {
    name: "fails with a bucket policy that does not deny plain HTTP",
    files: () => s0Core(['aws:SecureTransport: "false"', 'aws:SecureTransport: "true"']),
    expected: [{ resource: "ConfigBucket" }],
  },
]);

ruleTable("bucket-retained", [
  {
    name: "fails when DeletionPolicy or UpdateReplacePolicy is not Retain",
    files: () =>
      s0Core(
        ["DeletionPolicy: Retain\n", "DeletionPolicy: Delete\n"],
        ["    UpdateReplacePolicy: Retain\n", ""],
      ),
    expected: [{ resource: "ConfigBucket", mentions: "DeletionPolicy and UpdateReplacePolicy" }],
  },
]);

describe("isWildcardResource", () => {
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
});

ruleTable("iam-no-wildcard", [
  {
    name: 'fails on Resource "*" for an action that supports resource-level permissions',
    files: () =>
      s0Iam(['Resource: !Sub "arn:${AWS::Partition}:s3:::${ProjectName}-config-${Env}/*"', 'Resource: "*"']),
    expected: [{ resource: "IngestNormalizeRole", mentions: 's3:GetObject on "*"' }],
  },
  {
    name: "fails on arn:aws:s3:::* and on a wildcard action such as s3:*",
    files: () =>
      s0Iam(
        ["Action: s3:PutObject\n", "Action: s3:*\n"],
        [
          'Resource: !Sub "arn:${AWS::Partition}:s3:::${ProjectName}-newsletters-${Env}/*"',
          'Resource: !Sub "arn:${AWS::Partition}:s3:::*"',
        ],
      ),
    expected: [
      { resource: "EngineRole", mentions: 'wildcard action "s3:*"' },
      { resource: "EngineRole", mentions: ':s3:::*"' },
    ],
  },
  {
    name: "fails on a bucket policy that allows any principal",
    files: () => s0Core(["Effect: Deny", "Effect: Allow"], ['Action: "s3:*"', "Action: s3:GetObject"]),
    expected: [{ resource: "ConfigBucketPolicy", mentions: 'allows any principal ("*")' }],
  },
  {
    // Only the engine may call Bedrock, so only its role takes the model ARNs.
    name: "fails when a params file widens a Resource parameter to *",
    files: () => paramsEdited("prod.json", ['"BedrockModelArns": [', '"BedrockModelArns": [\n      "*",']),
    expected: [{ resource: "EngineRole" }],
  },
  {
    name: 'allows "*" for actions that only accept it, and broad Deny statements',
    files: () =>
      inlineTemplate(
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
      ),
    expected: [],
  },
]);

ruleTable("function-log-retention", [
  {
    name: "fails when the function's log group has no RetentionInDays",
    files: () => s1Runtime(["      RetentionInDays: 14\n", ""]),
    expected: [{ resource: "IngestLogGroup", mentions: "no RetentionInDays" }],
  },
  {
    name: "fails when no log group matches the function (LoggingConfig removed, group renamed)",
    files: () =>
      s1Runtime(
        [ENGINE_LOGGING, ""],
        [
          'LogGroupName: !Sub "/aws/lambda/${ProjectName}-engine-${Env}"',
          'LogGroupName: !Sub "/aws/lambda/${ProjectName}-engin-${Env}"',
        ],
      ),
    expected: [
      {
        resource: "EngineFunction",
        mentions: "no AWS::Logs::LogGroup named /aws/lambda/${ProjectName}-engine-${Env}",
      },
    ],
  },
  {
    name: "accepts a log group named after the function without LoggingConfig",
    files: () => s1Runtime([ENGINE_LOGGING, ""]),
    expected: [],
  },
]);

ruleTable("github-oidc-trust", [
  {
    name: "passes the real bootstrap: one repository's environment, audience STS",
    files: real,
    expected: [],
  },
  {
    name: "fails a subject any branch, PR or environment of the repository would match",
    files: () =>
      s0Bootstrap(
        [
          "              StringEquals:\n                token.actions",
          "              StringLike:\n                token.actions",
        ],
        [SUB, subject("*")],
      ),
    expected: [
      {
        resource: "GitHubDeployRole",
        mentions: "condition operator StringLike: only StringEquals pins the subject",
      },
      { resource: "GitHubDeployRole", mentions: "aud must be exactly" },
      { resource: "GitHubDeployRole", mentions: "no token.actions.githubusercontent.com:sub condition" },
    ],
  },
  {
    name: "fails a subject pinned to a branch instead of an environment",
    files: () => s0Bootstrap([SUB, subject("ref:refs/heads/main")]),
    expected: [{ resource: "GitHubDeployRole", mentions: "is not repo:<owner>/<name>:environment:<env>" }],
  },
  {
    name: "fails a subject built from a parameter that could hold a wildcard",
    files: () =>
      s0Bootstrap([
        '    AllowedPattern: "^([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)?$"\n',
        '    AllowedPattern: ".*"\n',
      ]),
    expected: [{ mentions: "uses ${GitHubRepository}, a parameter not constrained against wildcards" }],
  },
]);

ruleTable("invoke-through-alias", [
  {
    name: "fails a schedule that targets the function ($LATEST) instead of its live alias",
    files: () =>
      s1Runtime(["        Arn: !Ref EngineLiveAlias\n", "        Arn: !GetAtt EngineFunction.Arn\n"]),
    expected: [{ resource: "FreshnessWatchSchedule", mentions: "Target.Arn: !GetAtt EngineFunction.Arn" }],
  },
  {
    name: "fails a permission on the unqualified function",
    files: () =>
      s1Runtime([
        ALERTS,
        `  EnginePermission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      FunctionName: !Ref EngineFunction\n      Principal: scheduler.amazonaws.com\n\n${ALERTS}`,
      ]),
    expected: [{ resource: "EnginePermission" }],
  },
  {
    name: "fails a bare ${Fn.Arn} in a state machine's Fn::Sub",
    files: () => machine("${IngestNormalizeFunction.Arn}"),
    expected: [{ mentions: "DefinitionString: ${IngestNormalizeFunction.Arn} in Fn::Sub" }],
  },
  {
    name: "accepts a state machine's Fn::Sub on the live alias",
    files: () => machine("${IngestNormalizeFunction.Arn}:live"),
    expected: [],
  },
]);

ruleTable("function-versioned", [
  {
    name: "passes the real s1-runtime: one retained version and a live alias on it per function",
    files: real,
    expected: [],
  },
  {
    name: "fails a version CloudFormation would delete when it replaces it (the rollback target)",
    files: () =>
      s1Runtime([
        "    Type: AWS::Lambda::Version\n    DeletionPolicy: Retain\n    UpdateReplacePolicy: Retain\n",
        "    Type: AWS::Lambda::Version\n    DeletionPolicy: Retain\n",
      ]),
    expected: [{ resource: "IngestVersion", mentions: 'UpdateReplacePolicy is "Delete"' }],
  },
  {
    name: "fails a function without a live alias",
    files: () => s1Runtime(["      Name: live\n", "      Name: current\n"]),
    expected: [{ resource: "IngestNormalizeFunction" }],
  },
  {
    name: "fails an alias not on the published version",
    files: () =>
      s1Runtime(["      FunctionVersion: !GetAtt EngineVersion.Version\n", '      FunctionVersion: "1"\n']),
    expected: [{ resource: "EngineLiveAlias", mentions: "!GetAtt EngineVersion.Version" }],
  },
]);

ruleTable(
  "reservation-fits-account",
  [
    {
      name: "refuses the seed's reservation (any value) on the declared 10-limit account, before any deploy",
      files: () => reserve("dev.json", "1"),
      expected: [
        {
          file: "infra/params/dev.json",
          mentions: [
            "reserve 2 (IngestNormalizeFunction 1, EngineFunction 1)",
            "below its minimum value of [10].",
            "get-account-settings of 786469175371",
          ],
        },
      ],
    },
    {
      name: "lets a reservation through on a declared large account, up to limit − 100",
      files: () => reserve("prod.json", "400", "1000"),
      expected: [],
    },
    {
      name: "refuses a reservation on a declared large account beyond limit − 100",
      files: () => reserve("prod.json", "451", "1000"),
      expected: [
        {
          file: "infra/params/prod.json",
          mentions: "Lambda keeps min(100, 1000) = 100 unreserved, and 98 would be left",
        },
      ],
    },
    {
      name: "asks for the account's limit when a params file reserves without declaring one",
      files: () =>
        infraWith({
          params: {
            file: "dev.json",
            change: (t) => {
              const json = JSON.parse(t);
              delete json.Account;
              json.Parameters.ReservedConcurrency = "3";
              return JSON.stringify(json);
            },
          },
        }),
      expected: [{ mentions: 'declares no "Account": {"ConcurrentExecutions": N}' }],
    },
  ],
  () => {
    it("passes the real params files: they reserve nothing on the 10-limit account they declare", () => {
      expect(findingsOf(ruleNamed("reservation-fits-account"), real())).toEqual([]);
      const declared = real().paramsFiles.map((p) => p.account?.concurrentExecutions);
      expect(declared).toEqual([10, 10]);
    });
  },
);

ruleTable("reserved-concurrency-conditional", [
  {
    name: "fails on unconditioned ReservedConcurrentExecutions",
    files: () =>
      s1Runtime([
        "ReservedConcurrentExecutions: !If [HasReservedConcurrency, !Ref ReservedConcurrency, !Ref AWS::NoValue]",
        "ReservedConcurrentExecutions: 5",
      ]),
    expected: [{ resource: "IngestNormalizeFunction", mentions: "set unconditionally" }],
  },
  {
    name: "fails when the condition is on with the parameters' defaults",
    files: () => s1Runtime([DEFAULT_0, "  ReservedConcurrency:\n    Type: Number\n    Default: 2\n"]),
    expected: [
      {
        resource: "IngestNormalizeFunction",
        mentions: "holds with the parameters' defaults, so 2 executions are reserved",
      },
      { resource: "EngineFunction" },
    ],
  },
  {
    name: "fails when the condition's parameter has no Default",
    files: () => s1Runtime([DEFAULT_0, "  ReservedConcurrency:\n    Type: Number\n"]),
    expected: [
      { resource: "IngestNormalizeFunction", mentions: "cannot be evaluated with the defaults" },
      { resource: "EngineFunction", mentions: "cannot be evaluated with the defaults" },
    ],
  },
  {
    name: "fails when no branch of the condition is AWS::NoValue",
    files: () => s1Runtime(["!Ref ReservedConcurrency, !Ref AWS::NoValue]", "!Ref ReservedConcurrency, 1]"]),
    expected: [{ resource: "IngestNormalizeFunction", mentions: "neither branch" }],
  },
]);

ruleTable("runtime-supported", [
  {
    name: "fails on a deprecated runtime in a params file",
    files: () => paramsEdited("dev.json", ['"LambdaRuntime": "nodejs22.x"', '"LambdaRuntime": "nodejs18.x"']),
    expected: [
      { resource: "IngestNormalizeFunction", mentions: "dev.json LambdaRuntime" },
      { resource: "EngineFunction", mentions: "dev.json LambdaRuntime" },
    ],
  },
  {
    name: "fails on a runtime other than Node.js as the parameter's Default",
    files: () => s1Runtime(["Default: nodejs22.x", "Default: python3.12"]),
    expected: [
      { resource: "IngestNormalizeFunction", mentions: "not a Node.js runtime" },
      { resource: "EngineFunction", mentions: "not a Node.js runtime" },
    ],
  },
  {
    name: "fails on a literal nodejs20.x runtime today",
    files: () => s1Runtime(["      Runtime: !Ref LambdaRuntime\n", "      Runtime: nodejs20.x\n"]),
    expected: [{ resource: "IngestNormalizeFunction" }],
  },
]);

describe("runtimeProblem", () => {
  it("flags nodejs20.x once Lambda deprecated it (2026-04-30), not before", () => {
    expect(runtimeProblem("nodejs20.x", new Date("2026-01-15T00:00:00Z"))).toBeUndefined();
    expect(runtimeProblem("nodejs20.x", NOW)).toContain("refuses to create or update");
    expect(runtimeProblem("nodejs20.x", new Date("2026-06-01T00:00:00Z"))).toContain("from 2026-08-31");
    expect(runtimeProblem("nodejs22.x", NOW)).toBeUndefined();
    expect(runtimeProblem("nodejs16.x", NOW)).toContain("Node.js 20 or newer");
  });
});

describe("checkTemplates", () => {
  it("turns a rule that throws into a finding instead of stopping the check", () => {
    const { templates, paramsFiles } = real();
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
