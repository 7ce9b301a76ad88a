/**
 * iam-no-wildcard: Allow statements name their actions and resources. No `*` in an action (`s3:*`, `s3:Get*`),
 * no NotAction/NotResource, no `Resource: "*"` or ARN whose resource part is `*` (`arn:aws:s3:::*`) unless every
 * action of the statement only accepts "*" (see {@link STAR_ONLY_ACTIONS}), and no broad AWS managed policies.
 * An Allow to Principal "*" (a public resource policy) is flagged too.
 * Deny statements may be broad: a wide Deny only makes things safer (e.g. the TLS-only bucket policy).
 */
import { asList, field, intrinsicOf, isRecord, refName, renderString } from "../intrinsics.js";
import { type Template, templateParameters } from "../template.js";
import { type CheckContext, type Finding, type Rule, resourceFinding } from "./types.js";

const RULE = "iam-no-wildcard";

/**
 * Actions that support no resource-level permission, so `Resource: "*"` is the only possible value (per the
 * Service Authorization Reference). Kept small on purpose: add an action only after checking it there.
 */
export const STAR_ONLY_ACTIONS: ReadonlySet<string> = new Set([
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  "cloudwatch:PutMetricData",
  "ec2:DescribeNetworkInterfaces",
  "s3:ListAllMyBuckets",
  "bedrock:ListFoundationModels",
  "lambda:GetAccountSettings",
  // Step Functions' log delivery to CloudWatch Logs (vended logs): the Step Functions developer guide's
  // "IAM policies for logging to CloudWatch Logs" grants these on "*" only.
  "logs:CreateLogDelivery",
  "logs:GetLogDelivery",
  "logs:UpdateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:DescribeResourcePolicies",
]);

/** AWS managed policies that grant whole services or the whole account. */
const BROAD_MANAGED_POLICY = /:policy\/(AdministratorAccess|PowerUserAccess|[A-Za-z0-9]*FullAccess)$/;

/** The policy documents of a resource: inline role policies, IAM policies and resource policies. */
function policyDocuments(type: string, properties: Record<string, unknown> | undefined): unknown[] {
  if (!properties) return [];
  if (type === "AWS::IAM::Role" || type === "AWS::IAM::User" || type === "AWS::IAM::Group")
    return asList(properties["Policies"]).map((p) => field(p, "PolicyDocument"));
  if (
    type === "AWS::IAM::Policy" ||
    type === "AWS::IAM::ManagedPolicy" ||
    type === "AWS::S3::BucketPolicy" ||
    type === "AWS::SQS::QueuePolicy" ||
    type === "AWS::SNS::TopicPolicy"
  )
    return [properties["PolicyDocument"]];
  return [];
}

/** True for `*` and for ARNs whose resource part is only `*` (`arn:aws:s3:::*`, `arn:aws:logs:*:*:*`). */
export function isWildcardResource(arn: string): boolean {
  if (arn.trim() === "*") return true;
  if (!arn.startsWith("arn:")) return false;
  // `${AWS::Partition}` holds colons: replace Fn::Sub variables before splitting the ARN into its fields.
  const resource = arn
    .replace(/\$\{[^}]*\}/g, "x")
    .split(":")
    .slice(5)
    .join(":");
  return resource === "*" || resource === "*:*";
}

/**
 * The concrete strings a Resource entry can take: a literal, a rendered `Fn::Sub`/`Fn::Join`, or for a `Ref` to a
 * parameter its Default and every params file's value (list parameters split on commas).
 */
function resourceCandidates(value: unknown, template: Template, ctx: CheckContext): string[] {
  const param = refName(value);
  if (param !== undefined) {
    const info = templateParameters(template).find((p) => p.name === param);
    if (!info) return [];
    const values = [info.default, ...ctx.paramsFiles.map((f) => f.values[param])].filter(
      (v): v is string => v !== undefined,
    );
    return values.flatMap((v) => v.split(","));
  }
  const rendered = renderString(value);
  if (rendered !== undefined) return [rendered];
  // `Fn::If` and friends: look at every branch.
  const i = intrinsicOf(value);
  return i ? asList(i.arg).flatMap((v) => resourceCandidates(v, template, ctx)) : [];
}

function checkStatement(statement: unknown, template: Template, ctx: CheckContext): string[] {
  if (!isRecord(statement) || statement["Effect"] !== "Allow") return [];
  const problems: string[] = [];
  const label = typeof statement["Sid"] === "string" ? `statement ${statement["Sid"]}` : "an Allow statement";
  const principal = statement["Principal"];
  if (principal === "*" || (isRecord(principal) && asList(principal["AWS"]).includes("*")))
    problems.push(`${label} allows any principal ("*"): the resource would be public`);
  if (statement["NotAction"] !== undefined)
    problems.push(`${label} uses NotAction (allows every other action)`);
  if (statement["NotResource"] !== undefined)
    problems.push(`${label} uses NotResource (allows every other resource)`);
  const actions = asList(statement["Action"]).map((a) => String(a));
  for (const action of actions)
    if (action.includes("*")) problems.push(`${label} allows wildcard action "${action}"; name the actions`);
  const starOnly = actions.length > 0 && actions.every((a) => STAR_ONLY_ACTIONS.has(a));
  if (!starOnly)
    for (const resource of asList(statement["Resource"]).flatMap((r) => resourceCandidates(r, template, ctx)))
      if (isWildcardResource(resource))
        problems.push(
          `${label} allows ${actions.join(", ")} on "${resource}"; scope it to the resources' ARNs`,
        );
  return problems;
}

function checkIam(template: Template, ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const [id, resource] of Object.entries(template.body.Resources)) {
    const report = (message: string) => findings.push(resourceFinding(RULE, template, id, message));
    for (const doc of policyDocuments(resource.Type, resource.Properties))
      if (isRecord(doc))
        for (const statement of asList(doc["Statement"]))
          for (const problem of checkStatement(statement, template, ctx)) report(problem);
    for (const arn of asList(resource.Properties?.["ManagedPolicyArns"])) {
      const rendered = renderString(arn) ?? "";
      if (BROAD_MANAGED_POLICY.test(rendered))
        report(`managed policy ${rendered} grants far more than the function needs`);
    }
  }
  return findings;
}

export const iamNoWildcard: Rule = {
  id: RULE,
  resourceTypes: [
    "AWS::IAM::Role",
    "AWS::IAM::User",
    "AWS::IAM::Group",
    "AWS::IAM::Policy",
    "AWS::IAM::ManagedPolicy",
    "AWS::S3::BucketPolicy",
    "AWS::SQS::QueuePolicy",
    "AWS::SNS::TopicPolicy",
  ],
  summary: 'Allow statements name actions and resources (no "*", "s3:*", NotAction/NotResource)',
  check: checkIam,
};
