/**
 * Known causes of S3 bucket and CloudWatch Logs failures, and the generic "already exists" of resource handlers.
 * Beside each pattern, the public report where its exact text appears.
 */
import { deployCommand, envFlag } from "../verbs.js";
import { group, type KnownCause, subject } from "./types.js";

const BUCKET = "AWS::S3::Bucket";
const WRITES = ["create", "update"] as const;

export const STORAGE_CAUSES: readonly KnownCause[] = [
  {
    id: "bucket-exists",
    summary: "A bucket of that name exists outside the stack",
    resourceTypes: [BUCKET],
    operations: WRITES,
    patterns: [
      {
        // Case-sensitive on purpose: bucket names are lowercase. Through the resource handler:
        // `"<name> already exists (Service: S3, Status Code: 0, Request ID: null)"`.
        pattern: /(?:^|")([a-z0-9][a-z0-9.-]{1,61}[a-z0-9]) already exists/,
        text: "<bucket> already exists",
        source: "https://github.com/awslabs/aws-api-gateway-developer-portal/issues/543",
      },
    ],
    explain: (ctx, m) =>
      `Bucket ${group(m, 1, "<bucket>")} (${ctx.logicalId ?? "a bucket"}) already exists outside this stack — ` +
      `retained by an earlier, deleted stack, made by hand, or taken by another account (names are global) — ` +
      `so CloudFormation cannot create it.`,
    fix: (ctx, m) =>
      `Keep its data elsewhere and delete the orphan bucket (aws s3 rb s3://${group(m, 1, "<bucket>")} --force), ` +
      `or import it into the stack (change set type IMPORT), or pick another name; then deploy again (a stack ` +
      `in ROLLBACK_COMPLETE is deleted and recreated by \`vectora stack deploy ${envFlag(ctx.stackName)}\`).`,
  },
  {
    id: "bucket-not-empty",
    summary: "A bucket being deleted still holds objects",
    resourceTypes: [BUCKET],
    operations: ["delete"],
    patterns: [
      {
        pattern: /The bucket you tried to delete is not empty/i,
        text: "The bucket you tried to delete is not empty (Service: Amazon S3; Status Code: 409; Error Code: BucketNotEmpty; …)",
        source: "https://github.com/aws/aws-cdk/issues/21776",
      },
    ],
    explain: (ctx) =>
      `CloudFormation deletes only empty buckets, and ${subject(ctx)} still holds objects (or object versions).`,
    fix: (ctx) =>
      `If its data is not needed, empty it (aws s3 rm s3://<bucket> --recursive, and the versions when ` +
      `versioned) and delete again; to keep it, give it DeletionPolicy: Retain. Data buckets of s0-core are ` +
      `retained already; \`${deployCommand(ctx.stackName)}\` then carries on.`,
  },
  {
    id: "bucket-invalid-name",
    summary: "The bucket name breaks S3's naming rules",
    resourceTypes: [BUCKET],
    operations: WRITES,
    patterns: [
      {
        pattern: /Bucket name should not contain uppercase characters/i,
        text: "Bucket name should not contain uppercase characters",
        source: "https://github.com/Hubs-Foundation/hubs-cloud/issues/13",
      },
      {
        pattern: /The specified bucket is not valid/i,
        text: "InvalidBucketName: The specified bucket is not valid.",
        source: "https://github.com/chenr2/AWS-SAM-Tutorial/issues/2",
      },
    ],
    explain: (ctx) =>
      `The name of ${subject(ctx)} is not a valid bucket name: 3 to 63 lowercase letters, digits, dots and ` +
      `hyphens, starting and ending with a letter or digit (an uppercase env or stack name shows here).`,
    fix: (ctx) =>
      `Use a lowercase Env and ProjectName in infra/params/<env>.json (the bucket names are built from them), then ` +
      `\`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "bucket-policy-malformed",
    summary: "The bucket policy names a resource that is not this bucket",
    resourceTypes: ["AWS::S3::BucketPolicy", BUCKET],
    operations: WRITES,
    patterns: [
      {
        pattern: /Policy has invalid resource/i,
        text: "MalformedPolicy: Policy has invalid resource",
        source: "https://github.com/aws-samples/aws-serverless-appsync-app/issues/4",
      },
    ],
    explain: (ctx) =>
      `The policy of ${subject(ctx)} has a Resource that is not the bucket or its objects ` +
      `(arn:aws:s3:::<bucket> and arn:aws:s3:::<bucket>/*), e.g. an ARN built from the bucket's ARN.`,
    fix: (ctx) =>
      `Build the Resource from the bucket's Arn (!Sub "\${Bucket.Arn}/*"), run \`vectora infra check\`, then ` +
      `\`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "log-group-exists",
    summary: "The log group exists already (Lambda made it, or another stack owns it)",
    resourceTypes: ["AWS::Logs::LogGroup"],
    operations: WRITES,
    patterns: [
      {
        pattern: /Resource of type 'AWS::Logs::LogGroup' with identifier '(.+?)' already exists/i,
        text: "Resource of type 'AWS::Logs::LogGroup' with identifier '<log group>' already exists.",
        source: "https://github.com/aws-solutions/amazon-marketing-cloud-uploader-from-aws/issues/167",
      },
      {
        pattern: /(\/\S+)\s+already exists in stack\s+(arn:\S+)/i,
        text: "<log group> already exists in stack <stack arn>",
        source: "https://github.com/serverless/serverless/issues/3237",
      },
    ],
    explain: (ctx, m) =>
      `Log group ${group(m, 1, "<log group>")} (${ctx.logicalId ?? "a log group"}) exists already: Lambda ` +
      `creates /aws/lambda/<function> on a function's first invocation when the stack did not, or another ` +
      `stack declares it.`,
    fix: (ctx) =>
      `Delete the existing log group (aws logs delete-log-group --log-group-name <name>; its logs go with it) ` +
      `or import it into the stack, then \`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "resource-already-exists",
    summary: "A resource with that identifier exists outside the stack",
    resourceTypes: ["*"],
    operations: WRITES,
    generic: true,
    patterns: [
      {
        // The Cloud Control handlers' phrasing for every type; the source shows it for a log group.
        pattern: /Resource of type '([\w:]+)' with identifier '(.+?)' already exists/i,
        text: "Resource of type '<type>' with identifier '<identifier>' already exists.",
        source: "https://github.com/serverless/serverless/issues/12312",
      },
    ],
    explain: (ctx, m) =>
      `${group(m, 1, "<type>")} ${group(m, 2, "<identifier>")} (${ctx.logicalId ?? "the resource"}) exists ` +
      `already outside this stack, and its name is fixed in the template.`,
    fix: (ctx) =>
      `Delete or import the existing resource, or let CloudFormation name it; then ` +
      `\`${deployCommand(ctx.stackName)}\`.`,
  },
];
