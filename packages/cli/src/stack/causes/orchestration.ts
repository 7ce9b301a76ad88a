/**
 * Known causes of the orchestration and notification resources: Step Functions, EventBridge rules and Scheduler
 * schedules, SNS, CloudWatch alarms, SES. Beside each pattern, the public report where its exact text appears.
 */
import { deployCommand, envFlag } from "../verbs.js";
import { group, type KnownCause, subject } from "./types.js";

const WRITES = ["create", "update"] as const;
const STATE_MACHINE = "AWS::StepFunctions::StateMachine";
const RULE = "AWS::Events::Rule";
const SCHEDULE = "AWS::Scheduler::Schedule";

export const ORCHESTRATION_CAUSES: readonly KnownCause[] = [
  {
    id: "states-definition-invalid",
    summary: "Step Functions rejects the state machine definition",
    resourceTypes: [STATE_MACHINE],
    operations: WRITES,
    patterns: [
      {
        pattern: /Invalid State Machine Definition: '(\w+)/i,
        text: "Invalid State Machine Definition: '<CODE>: <detail> at <path>' (… Error Code: InvalidDefinition …)",
        source: "https://github.com/cloudtools/troposphere/issues/1450",
      },
    ],
    explain: (ctx, m) =>
      `The definition of ${subject(ctx)} is not valid Amazon States Language (${group(m, 1, "<CODE>")}): a ` +
      `missing StartAt/States, an unreachable or missing Next state, or an intrinsic left unresolved in a string.`,
    fix: (ctx) =>
      `Correct the definition at the path the reason names (aws stepfunctions validate-state-machine-definition ` +
      `checks it offline of the stack), then \`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "states-role-not-authorized",
    summary: "Step Functions cannot assume the state machine's role",
    resourceTypes: ["AWS::StepFunctions::*"],
    operations: WRITES,
    patterns: [
      {
        pattern:
          /Neither the global service principal states\.amazonaws\.com, nor the regional one is authorized to assume the provided role/i,
        text: "Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.",
        source: "https://github.com/lumigo-io/lumigo-CLI/issues/83",
      },
      {
        pattern: /The principal states\.amazonaws\.com is not authorized to assume the provided role/i,
        text: "The principal states.amazonaws.com is not authorized to assume the provided role.",
        source: "https://github.com/Motiva-AI/stepwise/pull/22",
      },
    ],
    explain: (ctx) =>
      `The role of ${subject(ctx)} does not trust states.amazonaws.com (or trusts another region's ` +
      `regional principal), so Step Functions cannot act as it.`,
    fix: (ctx) =>
      `Trust Principal Service states.amazonaws.com in the state machine role (s0-iam: \`vectora stack deploy ` +
      `${envFlag(ctx.stackName)} --stack s0-iam\`), then \`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "scheduler-role-not-assumable",
    summary: "EventBridge Scheduler cannot assume the schedule's role",
    resourceTypes: [SCHEDULE],
    operations: WRITES,
    patterns: [
      {
        pattern: /The execution role you provide must allow AWS EventBridge Scheduler to assume the role/i,
        text: "ValidationException: The execution role you provide must allow AWS EventBridge Scheduler to assume the role.",
        source: "https://github.com/aws/aws-sdk-js-v3/issues/6494",
      },
    ],
    explain: (ctx) =>
      `The execution role of ${subject(ctx)} does not trust scheduler.amazonaws.com (events.amazonaws.com ` +
      `is the principal of rules, not of schedules).`,
    fix: (ctx) =>
      `Trust Principal Service scheduler.amazonaws.com in the schedule's role and allow it to start the target ` +
      `(states:StartExecution, lambda:InvokeFunction); \`vectora stack deploy ${envFlag(ctx.stackName)} ` +
      `--stack s0-iam\`, then \`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "schedule-expression-invalid",
    summary: "The rule's or schedule's expression is not valid",
    resourceTypes: [RULE, SCHEDULE],
    operations: WRITES,
    patterns: [
      {
        pattern: /Parameter ScheduleExpression is not valid/i,
        text: "Parameter ScheduleExpression is not valid. (Service: AmazonCloudWatchEvents; … Error Code: ValidationException …)",
        source: "https://github.com/aws-amplify/amplify-hosting/issues/1357",
      },
      {
        // EventBridge Scheduler's reply, as quoted (for the real service) in a LocalStack parity report.
        pattern: /Invalid Schedule Expression/i,
        text: "ValidationException: Invalid Schedule Expression <expression>",
        source: "https://github.com/localstack/localstack/issues/9284",
      },
      {
        pattern: /Parameter\(s\) EventPattern or ScheduleExpression must be specified/i,
        text: "Parameter(s) EventPattern or ScheduleExpression must be specified. (… Error Code: ValidationException …)",
        source: "https://github.com/awsdocs/aws-cloudformation-user-guide/pull/456",
      },
    ],
    explain: (ctx) =>
      `${subject(ctx)} has no valid trigger: EventBridge cron takes six fields with ? in day-of-month or ` +
      `day-of-week (cron(0 6 ? * MON *)), rate takes "rate(7 days)", and a rule needs a pattern or a schedule.`,
    fix: (ctx) =>
      `Write the expression in EventBridge's syntax (six cron fields, one of the two days as ?), then ` +
      `\`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "events-target-invalid",
    summary: "A rule's target is not accepted (missing role, unsupported service, bad input)",
    resourceTypes: [RULE],
    operations: WRITES,
    patterns: [
      {
        pattern: /RoleArn is required for target (\S+?)\.?(?:\s|$)/i,
        text: "RoleArn is required for target <target arn>. (Service: AmazonCloudWatchEvents; … Error Code: ValidationException …)",
        source: "https://github.com/awsdocs/aws-cloudformation-user-guide/pull/1178",
      },
      {
        pattern: /(\w+) is not a supported service for a target/i,
        text: "<service> is not a supported service for a target. (Service: EventBridge, Status Code: 400, …)",
        source: "https://github.com/aws-cloudformation/cfn-lint/issues/4505",
      },
      {
        pattern: /Input for target (\S+) is not a valid JSON text/i,
        text: "Input for target <id> is not a valid JSON text.",
        source: "https://github.com/awsdocs/aws-cloudformation-user-guide/issues/1010",
      },
    ],
    explain: (ctx) =>
      `A target of ${subject(ctx)} is refused: a Step Functions or other non-Lambda target needs RoleArn, ` +
      `the ARN points at a service that cannot be a target, or Input is not JSON.`,
    fix: (ctx) =>
      `Give the target a RoleArn that events.amazonaws.com can assume (states:StartExecution on the state ` +
      `machine), point Arn at the function or state machine, keep Input valid JSON; then ` +
      `\`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "sns-topic-policy-invalid",
    summary: "SNS rejects the topic policy",
    resourceTypes: ["AWS::SNS::TopicPolicy", "AWS::SNS::Topic"],
    operations: WRITES,
    patterns: [
      {
        pattern: /Invalid parameter: Policy Error/i,
        text: "Invalid parameter: Policy Error: <detail> (Service: AmazonSNS; … Error Code: InvalidParameter …)",
        source: "https://github.com/serverless/serverless/issues/5519",
      },
      {
        pattern: /Policy statement action out of service scope/i,
        text: "InvalidParameter: Invalid parameter: Policy statement action out of service scope!",
        source: "https://github.com/hashicorp/terraform/issues/12740",
      },
    ],
    explain: (ctx) =>
      `The policy of ${subject(ctx)} is refused: an action that is not an SNS topic action (sns:CreateTopic, ` +
      `sns:*), a misspelled key (Principle), or a principal SNS cannot find.`,
    fix: (ctx) =>
      `Allow only topic actions (sns:Publish for cloudwatch.amazonaws.com and the functions' roles) on the ` +
      `topic's ARN, then \`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "sns-topic-tags-conflict",
    summary: "A topic of that name exists with other tags",
    resourceTypes: ["AWS::SNS::Topic"],
    operations: WRITES,
    patterns: [
      {
        // SNS's reply, as quoted (for the real service) in a LocalStack parity report.
        pattern: /Topic already exists with different tags/i,
        text: "Invalid parameter: Tags Reason: Topic already exists with different tags",
        source: "https://github.com/localstack/localstack/issues/2405",
      },
    ],
    explain: (ctx) =>
      `Topic ${subject(ctx)} exists already (CreateTopic is idempotent only with the same attributes and ` +
      `tags): left by a deleted stack or made by hand with other tags.`,
    fix: (ctx) =>
      `Delete the stray topic (aws sns delete-topic --topic-arn <arn>) or import it, then ` +
      `\`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "alarm-period-invalid",
    summary: "The alarm's period is not one CloudWatch accepts",
    resourceTypes: ["AWS::CloudWatch::Alarm"],
    operations: WRITES,
    patterns: [
      {
        pattern: /Period must be 10, 30 or a multiple of 60/i,
        text: "Period must be 10, 30 or a multiple of 60 (Service: AmazonCloudWatch; … Error Code: ValidationError …)",
        source: "https://github.com/awsdocs/aws-cloudformation-user-guide/pull/777",
      },
      {
        pattern: /Period must not be null/i,
        text: "Period must not be null (Service: CloudWatch, Status Code: 400)",
        source: "https://github.com/RoboFinSystems/robosystems/pull/1129",
      },
    ],
    explain: (ctx) =>
      `${subject(ctx)} has no usable Period: it must be 10, 30 or a multiple of 60 seconds, and a metric-math ` +
      `alarm needs it on the query that returns data.`,
    fix: (ctx) =>
      `Set Period (300 for Lambda's Errors and Duration metrics) on the alarm or its returning MetricDataQuery, ` +
      `then \`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "ses-identity-not-verified",
    summary: "SES refuses a sender or recipient that is not verified in that region",
    resourceTypes: ["*"],
    operations: ["create", "update", "delete"],
    patterns: [
      {
        pattern:
          /Email address is not verified\. The following identities failed the check in region ([\w-]+)/i,
        text: "MessageRejected: Email address is not verified. The following identities failed the check in region <REGION>: <addresses>",
        source: "https://github.com/danilop/LambdAuth/issues/64",
      },
    ],
    explain: (_ctx, m) =>
      `SES in ${group(m, 1, "<region>").toLowerCase()} does not know the sender as a verified identity ` +
      `(identities are per region), or the account is in the SES sandbox and a recipient is not verified either.`,
    fix: () =>
      `Verify the sending domain or address in that region (aws sesv2 create-email-identity), and request ` +
      `production access to leave the sandbox; nothing to redeploy.`,
  },
];
