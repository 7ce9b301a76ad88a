/**
 * Known causes of Lambda resource failures: functions, versions, aliases, permissions, async invoke config.
 * Beside each pattern, the public report where its exact text appears.
 */
import { unreservedFloor } from "../concurrency.js";
import { deployCommand, envFlag } from "../verbs.js";
import { group, type KnownCause, subject } from "./types.js";

const FUNCTION = "AWS::Lambda::Function";
const WRITES = ["create", "update"] as const;

/** Where the reserved-concurrency explanation says what the account allows. */
function accountLimits(ctx: Parameters<KnownCause["explain"]>[0]): string {
  const account = ctx.account;
  if (!account) return "";
  return (
    ` The account limit is ${account.concurrentExecutions} concurrent executions with ` +
    `${account.unreservedConcurrentExecutions} unreserved, and AWS keeps min(100, limit) = ` +
    `${unreservedFloor(account)} unreserved` +
    (account.concurrentExecutions <= 100 ? ": on this account ANY reservation fails." : ".")
  );
}

export const LAMBDA_CAUSES: readonly KnownCause[] = [
  {
    id: "reserved-concurrency-quota",
    summary: "Reserved concurrency would leave the account under its unreserved minimum",
    resourceTypes: [FUNCTION],
    operations: WRITES,
    patterns: [
      {
        pattern:
          /Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of \[(\d+)\]/i,
        text: "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [<n>].",
        source:
          "https://github.com/aws-samples/amazon-rekognition-serverless-large-scale-image-and-video-processing/issues/6",
      },
      {
        // The same refusal, as PutFunctionConcurrency words it.
        pattern:
          /Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of \[(\d+)\]/i,
        text: "Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [<n>]",
        source: "https://github.com/aws-samples/infrastructure-assessment-iac-automation/issues/2",
      },
    ],
    explain: (ctx, m) =>
      `Function ${subject(ctx)} sets ReservedConcurrentExecutions, which would leave the account below its ` +
      `minimum of ${group(m, 1, "<n>")} unreserved concurrent executions.${accountLimits(ctx)}`,
    fix: () =>
      `Deploy without ReservedConcurrentExecutions (ReservedConcurrency=0 in infra/params/<env>.json, the ` +
      `condition then drops it) and bound concurrency in code; or first raise the account's Lambda ` +
      `"Concurrent executions" quota (Service Quotas): reserving R needs a limit of at least 100 + R.`,
  },
  {
    id: "lambda-code-too-large",
    summary: "The function's code is over Lambda's size limit",
    resourceTypes: [FUNCTION, "AWS::Lambda::LayerVersion"],
    operations: WRITES,
    patterns: [
      {
        pattern: /Unzipped size must be smaller than (\d+) bytes/i,
        text: "Unzipped size must be smaller than <bytes> bytes",
        source: "https://github.com/aws-samples/serverless-pdf-chat/issues/51",
      },
      {
        pattern:
          /Request must be smaller than (\d+) bytes for the (?:CreateFunction|UpdateFunctionCode) operation/i,
        text: "RequestEntityTooLargeException: Request must be smaller than <bytes> bytes for the CreateFunction operation",
        source: "https://github.com/motdotla/node-lambda/issues/123",
      },
    ],
    explain: (ctx, m) =>
      `The code of ${subject(ctx)} is larger than Lambda accepts (${group(m, 1, "<bytes>")} bytes; 250 MB ` +
      `unzipped with its layers, 50 MB for a zip sent directly).`,
    fix: (ctx) =>
      `Shrink the bundle: \`vectora package\` checks each zip against packages/cli/package-budgets.json; ` +
      `then \`vectora package --upload ${envFlag(ctx.stackName)}\` and \`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "lambda-env-too-large",
    summary: "The function's environment variables exceed 4 KB",
    resourceTypes: [FUNCTION],
    operations: WRITES,
    patterns: [
      {
        pattern:
          /Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit/i,
        text: "Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit.",
        source: "https://github.com/aws-samples/aws-genai-llm-chatbot/issues/583",
      },
    ],
    explain: (ctx) =>
      `The environment variables of ${subject(ctx)} add up to more than 4 KB (names and values together).`,
    fix: (ctx) =>
      `Keep configuration in the config bucket (\`vectora config sync ${envFlag(ctx.stackName)}\`) and pass ` +
      `only names and keys in Environment (infra/s1-runtime.yaml); then \`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "runtime-deprecated",
    summary: "The function's runtime is no longer supported",
    resourceTypes: [FUNCTION, "AWS::Lambda::LayerVersion"],
    operations: WRITES,
    patterns: [
      {
        pattern:
          /The runtime parameter of (\S+) is no longer supported for creating or updating AWS Lambda functions/i,
        text: "The runtime parameter of <runtime> is no longer supported for creating or updating AWS Lambda functions.",
        source: "https://github.com/pgarbe/cdk-ecr-sync/issues/715",
      },
    ],
    explain: (ctx, m) =>
      `${subject(ctx)} uses runtime ${group(m, 1, "<runtime>")}, which Lambda no longer accepts.`,
    fix: (ctx) =>
      // nodejs20.x is itself deprecated (2026-04-30); the templates' LambdaRuntime allows these two.
      `Set LambdaRuntime to a supported version (nodejs22.x or nodejs24.x) in infra/params/<env>.json (\`vectora ` +
      `infra check\` rule runtime-supported) and deploy again (\`${deployCommand(ctx.stackName)}\`).`,
  },
  {
    id: "role-not-assumable",
    summary: "Lambda cannot assume the function's execution role (trust policy, or not yet propagated)",
    resourceTypes: [FUNCTION],
    operations: WRITES,
    patterns: [
      {
        pattern: /The role defined for the function cannot be assumed by Lambda/i,
        text: "The role defined for the function cannot be assumed by Lambda.",
        source: "https://github.com/anomalyco/sst/issues/2848",
      },
    ],
    explain: (ctx) =>
      `Lambda cannot assume the execution role of ${subject(ctx)}: the role's trust policy does not name ` +
      `lambda.amazonaws.com, or the role was created seconds ago and IAM has not propagated it yet.`,
    fix: (ctx) =>
      `Check the role's AssumeRolePolicyDocument in s0-iam allows Principal Service lambda.amazonaws.com ` +
      `(sts:AssumeRole); if it does, deploy again (IAM propagation): \`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "code-object-missing",
    summary: "The code zip is not in the code bucket under the key given",
    resourceTypes: [FUNCTION, "AWS::Lambda::LayerVersion"],
    operations: WRITES,
    patterns: [
      {
        pattern: /Error occurred while GetObject\. S3 Error Code: NoSuchKey/i,
        text: "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.",
        source: "https://github.com/asishrs/smartthings-ringalarmv2/issues/48",
      },
    ],
    explain: (ctx) => `The code zip of ${subject(ctx)} is not in the code bucket under the key given.`,
    fix: (ctx) =>
      `Build and upload the zip first (\`vectora package --upload ${envFlag(ctx.stackName)}\`: \`vectora stack ` +
      `deploy\` then reads the keys from dist/lambda/manifest.json) or check IngestCodeKey/EngineCodeKey in ` +
      `infra/params/<env>.json; \`vectora stack preflight ${envFlag(ctx.stackName)}\` checks it.`,
  },
  {
    id: "code-bucket-wrong-region",
    summary: "The code bucket is in another region than the function",
    resourceTypes: [FUNCTION, "AWS::Lambda::LayerVersion"],
    operations: WRITES,
    patterns: [
      {
        pattern:
          /Error occurred while GetObject\. S3 Error Code: PermanentRedirect\. S3 Error Message: The bucket is in this region: ([\w-]+)/i,
        text: "Error occurred while GetObject. S3 Error Code: PermanentRedirect. S3 Error Message: The bucket is in this region: <region>. Please use this region to retry the request",
        source: "https://github.com/aws-samples/aws-codepipeline-bitbucket-integration/issues/7",
      },
    ],
    explain: (ctx, m) =>
      `Lambda reads a function's code only from a bucket in its own region; the code bucket of ${subject(ctx)} ` +
      `is in ${group(m, 1, "<region>")}.`,
    fix: (ctx) =>
      `Deploy to the code bucket's region (\`--region\`), or upload the zips to the env's own code bucket ` +
      `(\`vectora package --upload ${envFlag(ctx.stackName)}\`) and \`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "lambda-update-in-progress",
    summary: "The function was still being updated when another change reached it",
    resourceTypes: ["AWS::Lambda::*", "Custom::*"],
    operations: ["create", "update", "delete"],
    patterns: [
      {
        pattern:
          /The operation cannot be performed at this time\. An update is in progress for resource: (\S+)/i,
        text: "The operation cannot be performed at this time. An update is in progress for resource: <function arn>",
        source: "https://github.com/anomalyco/sst/issues/3898",
      },
    ],
    explain: (ctx, m) =>
      `${subject(ctx)} changed function ${group(m, 1, "<function arn>")} while an earlier change to it was ` +
      `still being applied (LastUpdateStatus InProgress): Lambda refuses concurrent changes to one function.`,
    fix: (ctx) =>
      `Nothing to change in the template: wait until the function's LastUpdateStatus is Successful, then ` +
      `\`${deployCommand(ctx.stackName)}\` (DependsOn the function orders versions and aliases after it).`,
  },
  {
    id: "lambda-version-exists",
    summary: "A version is published for code and configuration that did not change",
    resourceTypes: ["AWS::Lambda::Version"],
    operations: WRITES,
    patterns: [
      {
        pattern:
          /A version for this Lambda function exists \(\s*(\d+)\s*\)\. Modify the function to create a new version/i,
        text: "A version for this Lambda function exists ( <n> ). Modify the function to create a new version.",
        source: "https://github.com/service-cloud-voice/ServiceCloudVoiceLambdas/issues/30",
      },
    ],
    explain: (ctx, m) =>
      `${subject(ctx)} asks Lambda to publish a version of a function whose code and configuration equal ` +
      `version ${group(m, 1, "<n>")}: Lambda publishes only changed functions.`,
    fix: (ctx) =>
      `Replace the AWS::Lambda::Version only when the code changes (its logical id or Description carrying ` +
      `the code key from \`vectora package\`), point the live alias at the existing version, then ` +
      `\`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "lambda-alias-exists",
    summary: "An alias of that name already exists on the function",
    resourceTypes: ["AWS::Lambda::Alias"],
    operations: WRITES,
    patterns: [
      {
        pattern: /Alias already exists: (arn:\S+)/i,
        text: "ResourceConflictException: Alias already exists: <alias arn>",
        source: "https://github.com/HumanCellAtlas/data-store/issues/929",
      },
    ],
    explain: (ctx, m) =>
      `${subject(ctx)} creates alias ${group(m, 1, "<alias arn>")}, which exists already outside this ` +
      `stack (made by hand or by another stack).`,
    fix: (ctx) =>
      `Delete the stray alias (aws lambda delete-alias --function-name <function> --name <alias>) or import ` +
      `it into the stack, then \`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "lambda-target-not-found",
    summary: "The function or version referenced does not exist",
    resourceTypes: [
      "AWS::Lambda::Alias",
      "AWS::Lambda::Version",
      "AWS::Lambda::EventInvokeConfig",
      "AWS::Lambda::Permission",
      "AWS::Lambda::EventSourceMapping",
    ],
    operations: WRITES,
    patterns: [
      {
        pattern: /Function not found: (arn:aws[\w-]*:lambda:\S+?)(?:\s|$)/i,
        text: "Function not found: <function arn>[:<version>] (… Error Code: ResourceNotFoundException …)",
        source: "https://github.com/aws-cloudformation/rain/issues/175",
      },
    ],
    explain: (ctx, m) =>
      `${subject(ctx)} refers to ${group(m, 1, "<function arn>")}, which does not exist: the version was ` +
      `never published, or the function was deleted or renamed.`,
    fix: (ctx) =>
      `Reference the version the stack publishes (!GetAtt <Version>.Version) and the function by !Ref, then ` +
      `\`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "lambda-destination-permission",
    summary: "The execution role may not call the failure destination or dead-letter target",
    resourceTypes: [FUNCTION, "AWS::Lambda::EventInvokeConfig"],
    operations: WRITES,
    patterns: [
      {
        pattern: /The provided execution role does not have permissions to call (\w+) on (\w+)/i,
        text: "The provided execution role does not have permissions to call <action> on <service>.",
        source: "https://github.com/serverless/serverless/issues/4770",
      },
    ],
    explain: (ctx, m) =>
      `The execution role of ${subject(ctx)} lacks ${group(m, 2, "<service>")}:${group(m, 1, "<action>")}, ` +
      `which Lambda checks when a destination, a dead-letter target or a VPC is configured.`,
    fix: (ctx) =>
      `Grant the action on the target to the execution role in s0-iam (\`vectora stack deploy ` +
      `${envFlag(ctx.stackName)} --stack s0-iam\`), then \`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "lambda-permission-exists",
    summary: "The function's policy already has a statement with that id",
    resourceTypes: ["AWS::Lambda::Permission"],
    operations: WRITES,
    patterns: [
      {
        pattern: /The statement id \(([^)]+)\) provided already exists/i,
        text: "The statement id (<sid>) provided already exists. Please provide a new statement id, or remove the existing statement.",
        source: "https://github.com/hashicorp/terraform-provider-aws/issues/3312",
      },
    ],
    explain: (ctx, m) =>
      `${subject(ctx)} adds statement ${group(m, 1, "<sid>")} to the function's resource policy, where a ` +
      `statement of that id exists already (added by hand or by another stack).`,
    fix: (ctx) =>
      `Remove the stray statement (aws lambda remove-permission --function-name <function> --statement-id ` +
      `<sid>), then \`${deployCommand(ctx.stackName)}\`.`,
  },
];
