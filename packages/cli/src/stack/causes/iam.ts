/**
 * Known causes of IAM failures, and the permission and capability refusals of any resource or request.
 * Beside each pattern, the public report where its exact text appears.
 */
import { deployCommand, envFlag } from "../verbs.js";
import { group, type KnownCause, subject } from "./types.js";

const IAM = "AWS::IAM::*";
const WRITES = ["create", "update"] as const;

/** `vectora stack deploy --env dev --stack s0-iam`: the roles live in s0-iam. */
function deployIam(stackName?: string): string {
  return `vectora stack deploy ${envFlag(stackName)} --stack s0-iam`;
}

export const IAM_CAUSES: readonly KnownCause[] = [
  {
    id: "iam-invalid-principal",
    summary: "A policy names a principal that does not exist",
    resourceTypes: ["*"],
    operations: WRITES,
    patterns: [
      {
        pattern: /Invalid principal in policy/i,
        text: 'Invalid principal in policy: "<type>":"<principal>" (… Error Code: MalformedPolicyDocument …)',
        source: "https://github.com/aws/aws-cdk/issues/16188",
      },
    ],
    explain: (ctx) =>
      `A policy of ${subject(ctx)} names a principal IAM does not know: a role or user that was deleted or ` +
      `not created yet, a mistyped account, or a service principal that does not exist in this region.`,
    fix: (ctx) =>
      `Reference principals that exist (!GetAtt <Role>.Arn, the service's global principal such as ` +
      `lambda.amazonaws.com), then \`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "iam-prohibited-field",
    summary: "A trust policy carries a field trust policies forbid",
    resourceTypes: [IAM],
    operations: WRITES,
    patterns: [
      {
        pattern: /Has prohibited field (\w+)/i,
        text: "MalformedPolicyDocument: Has prohibited field <field>",
        source: "https://github.com/devopsacademyau/academy/pull/1368",
      },
    ],
    explain: (ctx, m) =>
      `A policy of ${subject(ctx)} has a ${group(m, 1, "<field>")} field where that kind of policy forbids ` +
      `it: a trust policy (AssumeRolePolicyDocument) has no Resource, a permissions policy has no Principal.`,
    fix: (ctx) =>
      `Move the statement to the right document (Principal in AssumeRolePolicyDocument, Resource in ` +
      `Policies), then \`${deployIam(ctx.stackName)}\`.`,
  },
  {
    id: "iam-malformed-policy",
    summary: "IAM rejects a policy document as malformed",
    resourceTypes: [IAM],
    operations: WRITES,
    generic: true,
    patterns: [
      {
        pattern: /Syntax errors in policy/i,
        text: "MalformedPolicyDocument: Syntax errors in policy.",
        source: "https://github.com/99designs/iamy/issues/74",
      },
      {
        pattern: /The policy failed legacy parsing/i,
        text: "MalformedPolicyDocument: The policy failed legacy parsing",
        source: "https://github.com/amancevice/terraform-aws-custom-ecr-domain/issues/2",
      },
      {
        pattern: /Policy statement must contain resources/i,
        text: "Policy statement must contain resources. (… Error Code: MalformedPolicyDocument …)",
        source: "https://github.com/aws-samples/aws-health-aware/issues/1",
      },
      {
        pattern: /Resource (\S+) must be in ARN format or "\*"/i,
        text: 'Resource <value> must be in ARN format or "*". (… Error Code: MalformedPolicyDocument …)',
        source: "https://github.com/CloudSnorkel/CloudWatch2S3/issues/1",
      },
      {
        pattern: /Error Code: MalformedPolicyDocument/i,
        text: "(Service: AmazonIdentityManagement; Status Code: 400; Error Code: MalformedPolicyDocument; …)",
        source: "https://github.com/aws-samples/aws-health-aware/issues/1",
      },
    ],
    explain: (ctx) =>
      `IAM rejects a policy of ${subject(ctx)}: a statement without Resource, a Resource that is not an ARN ` +
      `(a Ref that resolved to a name), a misspelled key, or a Version written as a date.`,
    fix: (ctx) =>
      `Correct the policy in the template (\`cfn-lint infra/*.yaml\`, which CI runs, checks policy documents), then ` +
      `\`${deployIam(ctx.stackName)}\`.`,
  },
  {
    id: "iam-entity-exists",
    summary: "A role or policy of that name exists outside the stack",
    resourceTypes: [IAM],
    operations: WRITES,
    patterns: [
      {
        pattern: /(?:Role|Policy|User|Group|Instance profile) with name (\S+?) already exists/i,
        text: "EntityAlreadyExists: Role with name <name> already exists.",
        source: "https://github.com/terraform-aws-modules/terraform-aws-ecs/issues/363",
      },
      {
        // Through CloudFormation a named role reports only its name (CREATE_FAILED AWS::IAM::Role).
        pattern: /(?:^|")([\w+=,.@-]+) already exists(?:\.|"|$)/i,
        text: "<role name> already exists",
        source: "https://github.com/aws-samples/dataops-platform-airflow-dbt/issues/1",
      },
    ],
    explain: (ctx, m) =>
      `IAM entity ${group(m, 1, "<name>")} (${ctx.logicalId ?? "a role"}) exists already: left by a deleted ` +
      `stack, made by hand, or declared by another stack (IAM names are account-wide, across regions).`,
    fix: (ctx) =>
      `Delete the stray entity once nothing uses it (aws iam delete-role --role-name <name>, after detaching ` +
      `its policies) or rename it in the template, then \`${deployIam(ctx.stackName)}\`.`,
  },
  {
    id: "iam-limit",
    summary: "An IAM quota is reached (policies per role, policy size…)",
    resourceTypes: [IAM],
    operations: WRITES,
    patterns: [
      {
        pattern: /Cannot exceed quota for (\w+): (\d+)/i,
        text: "LimitExceeded: Cannot exceed quota for <quota>: <n>",
        source: "https://github.com/aws/eks-hybrid/pull/741",
      },
    ],
    explain: (ctx, m) =>
      `${subject(ctx)} would exceed IAM's ${group(m, 1, "<quota>")} quota of ${group(m, 2, "<n>")}.`,
    fix: (ctx) =>
      `Merge statements into fewer managed policies (or inline ones), or request a higher quota in Service ` +
      `Quotas for the adjustable ones; then \`${deployIam(ctx.stackName)}\`.`,
  },
  {
    id: "oidc-provider-exists",
    summary: "The account already has an OIDC provider for that URL (one per URL)",
    resourceTypes: ["AWS::IAM::OIDCProvider", "Custom::*"],
    operations: WRITES,
    patterns: [
      {
        pattern: /Provider with url (\S+?) already exists/i,
        text: "EntityAlreadyExists: Provider with url https://token.actions.githubusercontent.com already exists.",
        source: "https://github.com/unfunco/terraform-aws-oidc-github/pull/4",
      },
    ],
    explain: (_ctx, m) =>
      `An account holds one OIDC provider per URL, and ${group(m, 1, "<url>")} has one already (made by ` +
      `hand or by another stack).`,
    fix: (ctx) =>
      `Reference the existing provider's ARN (arn:aws:iam::<account>:oidc-provider/token.actions.` +
      `githubusercontent.com) in the deploy roles instead of declaring a new one, then \`${deployIam(ctx.stackName)}\`.`,
  },
  {
    id: "not-authorized",
    summary: "The caller (or CloudFormation's role) lacks an IAM permission",
    resourceTypes: ["*"],
    operations: ["create", "update", "delete", "change-set"],
    generic: true,
    patterns: [
      {
        pattern: /is not authorized to perform: ([\w-]+:[\w*]+)/i,
        text: "User: <principal arn> is not authorized to perform: <action> on resource: <arn> [because no identity-based policy allows the <action> action | with an explicit deny]",
        source: "https://github.com/aws/aws-cdk/issues/27067",
      },
    ],
    explain: (ctx, m) =>
      `The principal deploying (the deploy role, or CloudFormation's service role) may not call ` +
      `${group(m, 1, "<action>")} for ${subject(ctx)}.`,
    fix: (ctx, m) =>
      `Allow ${group(m, 1, "<action>")} to the deploy role (the GitHub deploy roles and the CloudFormation service role ` +
      `in s0-iam), or remove the explicit deny (SCP, permissions boundary); then \`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "missing-capabilities",
    summary: "The template creates IAM resources and the request did not acknowledge it",
    resourceTypes: ["*"],
    operations: ["change-set", "create", "update"],
    patterns: [
      {
        pattern: /Requires capabilities\s*:\s*\[(CAPABILITY_[A-Z_]+)\]/i,
        text: "InsufficientCapabilitiesException: Requires capabilities : [<capability>]",
        source: "https://github.com/envato/stack_master/issues/138",
      },
    ],
    explain: (_ctx, m) =>
      `The template creates IAM resources and the request did not acknowledge ${group(m, 1, "<capability>")}.`,
    fix: () =>
      `Pass --capabilities CAPABILITY_NAMED_IAM (named roles need it; \`vectora stack deploy\` always does).`,
  },
  {
    id: "cfn-service-role-invalid",
    summary: "CloudFormation cannot assume the stack's service role",
    resourceTypes: ["*"],
    operations: ["change-set", "create", "update", "delete"],
    patterns: [
      {
        pattern: /Role (arn:\S+) is invalid or cannot be assumed/i,
        text: "Role <role arn> is invalid or cannot be assumed",
        source: "https://github.com/awslabs/aws-sam-codepipeline-cd/issues/22",
      },
    ],
    explain: (_ctx, m) =>
      `The stack's service role ${group(m, 1, "<role arn>")} does not exist, or its trust policy does not ` +
      `let cloudformation.amazonaws.com assume it, or the caller may not pass it (iam:PassRole).`,
    fix: (ctx) =>
      `Check the role exists and trusts cloudformation.amazonaws.com, and that the deploy role may ` +
      `iam:PassRole it (both in s0-iam: \`${deployIam(ctx.stackName)}\` with an identity that can).`,
  },
];
