/**
 * Known causes reported on the stack itself or by the API refusing a request: exports, stack states, template
 * and parameter errors, throttling, schema validation. Beside each pattern, the public report where its exact
 * text appears.
 */
import { deployCommand, envFlag, fixCommand } from "../verbs.js";
import { group, type KnownCause, type Match, subject } from "./types.js";

/** A CloudFormation stack name: a letter, then letters, digits and hyphens (no dots or commas). */
const STACK_NAME = "[A-Za-z][-A-Za-z0-9]*";
const ANY: readonly string[] = ["*"];
const REQUESTS = ["change-set", "create", "update", "delete"] as const;

/** The export, the refused action and the importing stacks of an export-in-use match (either phrasing). */
function exportInUse(match: Match): { exportName: string; action: string; importers: string[] } {
  const exportName = match?.[1] ?? match?.[4] ?? "<export>";
  const verb = (match?.[2] ?? match?.[3] ?? "updated").toLowerCase();
  const action = verb === "delete" || verb === "deleted" ? "deleted" : "updated";
  const importers = (match?.[5] ?? "<importing stack>").split(/,\s*|\s+and\s+/).filter(Boolean);
  return { exportName, action, importers };
}

export const STACK_CAUSES: readonly KnownCause[] = [
  {
    id: "export-in-use",
    summary: "An output export another stack imports cannot change",
    resourceTypes: ANY,
    operations: ["update", "delete"],
    patterns: [
      {
        // Stack event: "Export X cannot be updated|deleted as it is in use by Y"; change set and stack delete:
        // "Cannot update export X as it is in use by Y" / "Delete canceled. Cannot delete export X as it is in
        // use by A, B and C." Several importers are listed with commas and "and".
        pattern: new RegExp(
          `(?:Export (\\S+) cannot be (deleted|updated)|Cannot (delete|update) export (\\S+)) as it is in use by ` +
            `(${STACK_NAME}(?:(?:,\\s*|\\s+and\\s+)${STACK_NAME})*)`,
          "i",
        ),
        text: "Export <export> cannot be updated as it is in use by <stack>[, <stack> and <stack>]",
        source: "https://github.com/convox/rack/issues/2410",
      },
    ],
    explain: (_ctx, m) => {
      const { exportName, action, importers } = exportInUse(m);
      const several = importers.length > 1;
      return `Output export ${exportName} cannot be ${action}: ${several ? "stacks" : "stack"} ${importers.join(", ")} ${several ? "import" : "imports"} it (Fn::ImportValue).`;
    },
    fix: (_ctx, m) => {
      const { exportName, importers } = exportInUse(m);
      return (
        `Change ${importers.join(", ")} first so ${importers.length > 1 ? "they no longer import" : "it no longer imports"} ${exportName} (or keep the export as it is), then ` +
        `deploy this stack.`
      );
    },
  },
  {
    id: "import-value-missing",
    summary: "Fn::ImportValue names an export no stack provides",
    resourceTypes: ANY,
    operations: ["create", "update", "change-set"],
    patterns: [
      {
        pattern: /No export named (\S+) found/i,
        text: "No export named <export> found. Rollback requested by user.",
        source: "https://github.com/aws-cloudformation/aws-cloudformation-templates/issues/263",
      },
    ],
    explain: (_ctx, m) =>
      `The template imports ${group(m, 1, "<export>")}, which no stack in this region exports: the stack ` +
      `that exports it is not deployed (or failed), or the export name differs (env, stack name).`,
    fix: (ctx) =>
      `Deploy the stacks in order so the exporting one exists first: \`vectora stack deploy ${envFlag(ctx.stackName)}\` ` +
      `(s0-iam → s0-core → s1-runtime).`,
  },
  {
    id: "stack-update-rollback-failed",
    summary: "The stack is in UPDATE_ROLLBACK_FAILED and cannot be updated",
    resourceTypes: ANY,
    operations: REQUESTS,
    patterns: [
      {
        pattern: /is in UPDATE_ROLLBACK_FAILED state and can not be updated/i,
        text: "Stack:<stack arn> is in UPDATE_ROLLBACK_FAILED state and can not be updated.",
        source: "https://github.com/aws-amplify/amplify-cli/issues/1364",
      },
    ],
    explain: () =>
      `The last update failed and so did its rollback: CloudFormation accepts no change until the rollback is ` +
      `continued (ContinueUpdateRollback), skipping the resources that cannot roll back.`,
    fix: (ctx) =>
      `\`${fixCommand(ctx.stackName)}\` continues the rollback (add --skip <LogicalId> for each resource ` +
      `\`vectora stack diagnose\` names as blocking), then deploy again.`,
  },
  {
    id: "stack-rollback-complete",
    summary: "The stack's creation failed (ROLLBACK_COMPLETE): it can only be deleted",
    resourceTypes: ANY,
    operations: REQUESTS,
    patterns: [
      {
        pattern: /is in ROLLBACK_COMPLETE state and can not be updated/i,
        text: "Stack:<stack arn> is in ROLLBACK_COMPLETE state and can not be updated.",
        source: "https://github.com/serverless/serverless/issues/5630",
      },
    ],
    explain: () =>
      `The stack's first creation failed and rolled back: a stack in ROLLBACK_COMPLETE holds no resources and ` +
      `accepts no update, only deletion.`,
    fix: (ctx) =>
      `\`${fixCommand(ctx.stackName)} --yes\` deletes it (never s0-core without --force-recreate s0-core), then ` +
      `\`${deployCommand(ctx.stackName)}\` creates it again.`,
  },
  {
    id: "stack-busy",
    summary: "Another operation on the stack is still running",
    resourceTypes: ANY,
    operations: REQUESTS,
    patterns: [
      {
        pattern: /is in ([A-Z_]+_IN_PROGRESS) state and can not be updated/i,
        text: "Stack:<stack arn> is in UPDATE_IN_PROGRESS state and can not be updated.",
        source: "https://github.com/stratospheric-dev/stratospheric/issues/21",
      },
    ],
    explain: (_ctx, m) =>
      `The stack is ${group(m, 1, "<status>")}: another deploy (a second workflow run, or someone in the ` +
      `console) is changing it, and CloudFormation runs one operation per stack at a time.`,
    fix: (ctx) =>
      `Wait for it: \`${deployCommand(ctx.stackName)}\` waits out an operation in progress before acting; ` +
      `the deploy workflow's concurrency group keeps two runs from overlapping.`,
  },
  {
    id: "parameters-without-values",
    summary: "Template parameters without a default got no value",
    resourceTypes: ANY,
    operations: ["change-set", "create", "update"],
    patterns: [
      {
        pattern: /Parameters: \[([^\]]*)\] must have values/i,
        text: "Parameters: [<name>, …] must have values",
        source: "https://github.com/aws/serverless-application-model/issues/1107",
      },
    ],
    explain: (_ctx, m) =>
      `Parameter(s) ${group(m, 1, "<name>")} have no Default and no value was given (not in ` +
      `infra/params/<env>.json, nor an output of an earlier stack).`,
    fix: (ctx) =>
      `Add the value(s) to infra/params/<env>.json (\`vectora infra check\` lists what each template needs), ` +
      `then \`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "unresolved-dependencies",
    summary: "The template refers to resources or parameters it does not declare",
    resourceTypes: ANY,
    operations: ["change-set", "create", "update"],
    patterns: [
      {
        pattern: /Unresolved resource dependencies \[([^\]]*)\] in the Resources block of the template/i,
        text: "Template format error: Unresolved resource dependencies [<LogicalId>, …] in the Resources block of the template",
        source: "https://github.com/galaxy4public/aws-cloudformation-badges/issues/4",
      },
    ],
    explain: (_ctx, m) =>
      `A Ref, GetAtt, Sub or DependsOn names ${group(m, 1, "<LogicalId>")}, which the template does not ` +
      `declare (a typo, a resource behind a false Condition, or one that moved to another stack).`,
    fix: (ctx) =>
      `Declare it, or import it from the stack that owns it (Fn::ImportValue); \`vectora infra check\` finds ` +
      `unresolved references without AWS. Then \`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "template-format-error",
    summary: "CloudFormation cannot parse or validate the template",
    resourceTypes: ANY,
    operations: ["change-set", "create", "update"],
    generic: true,
    patterns: [
      {
        pattern: /Template format error: (.+)/i,
        text: "Template format error: <detail> (e.g. YAML not well-formed. (line <n>, column <n>))",
        source: "https://github.com/aws/aws-cli/issues/4956",
      },
    ],
    explain: (_ctx, m) => `CloudFormation rejects the template: ${group(m, 1, "<detail>")}`,
    fix: (ctx) =>
      `\`vectora infra check\` parses the templates without AWS (and \`cfn-lint infra/*.yaml\` lints them); correct them and ` +
      `\`${deployCommand(ctx.stackName)}\`.`,
  },
  {
    id: "no-updates",
    summary: "The template and parameters equal what is deployed",
    resourceTypes: ANY,
    operations: ["change-set", "update"],
    patterns: [
      {
        pattern: /No updates are to be performed/i,
        text: "ValidationError: No updates are to be performed.",
        source: "https://github.com/Sceptre/sceptre/issues/579",
      },
      {
        pattern: /The submitted information didn't contain changes/i,
        text: "The submitted information didn't contain changes. Submit different information to create a change set.",
        source: "https://github.com/aws-cloudformation/rain/issues/94",
      },
    ],
    explain: () => `Nothing differs from what is deployed: not a failure.`,
    fix: () =>
      `Nothing to do (\`vectora stack deploy\` reports "no changes"); a new code zip changes the code keys ` +
      `through \`vectora package --upload\`.`,
  },
  {
    id: "rate-exceeded",
    summary: "An AWS API throttled the request",
    resourceTypes: ANY,
    operations: REQUESTS,
    generic: true,
    patterns: [
      {
        pattern: /Rate exceeded/i,
        text: "Rate exceeded (Service: <service>, Status Code: 429 | Error Code: Throttling, …)",
        source: "https://github.com/aws/aws-cdk/issues/9882",
      },
    ],
    explain: (ctx) =>
      `An AWS API throttled the calls made for ${subject(ctx, "the stack")}: transient, usually because ` +
      `several deploys or many resources of one service ran at once.`,
    fix: (ctx) =>
      `Deploy again a little later (\`${deployCommand(ctx.stackName)}\`); if it recurs, add DependsOn between ` +
      `resources of the same service so fewer are created at once.`,
  },
  {
    id: "properties-invalid",
    summary: "A resource's properties do not match its schema",
    resourceTypes: ANY,
    operations: ["create", "update", "change-set"],
    generic: true,
    patterns: [
      {
        pattern: /Properties validation failed for resource (\S+) with message/i,
        text: "Properties validation failed for resource <LogicalId> with message: #/<property>: <problem>",
        source: "https://github.com/aws-cloudformation/cloudformation-resource-schema/issues/114",
      },
      {
        pattern: /Model validation failed/i,
        text: "Model validation failed (#/<property>: failed validation constraint for keyword [<keyword>])",
        source: "https://github.com/aws/serverless-application-model/issues/1699",
      },
      {
        pattern: /Encountered unsupported propert(?:y|ies)/i,
        text: "Property validation failure: [Encountered unsupported properties in {/}: [<property>]]",
        source: "https://github.com/awsdocs/aws-cloudformation-user-guide/pull/269",
      },
    ],
    explain: (ctx) =>
      `A property of ${subject(ctx)} does not fit the resource type's schema (misspelled, unsupported, of ` +
      `the wrong type, or not matching the pattern) — the path after #/ names it.`,
    fix: (ctx) =>
      `Correct the property against the resource type's reference (\`cfn-lint infra/*.yaml\`, which CI runs, ` +
      `checks properties against the schemas), then \`${deployCommand(ctx.stackName)}\`.`,
  },
];
