/**
 * Known causes of stack failures: the exact AWS texts they show as, what they mean, and the fix.
 */
import { unreservedFloor } from "./concurrency.js";
import { parseStackName } from "./names.js";
import type { AccountConcurrency } from "./port.js";

export type CauseId =
  | "reserved-concurrency-quota"
  | "bucket-exists"
  | "missing-capabilities"
  | "code-object-missing"
  | "role-not-assumable"
  | "runtime-deprecated"
  | "export-in-use";

/** What a cause is explained with: the failed resource and, when known, the account's concurrency. */
export interface CauseContext {
  logicalId?: string;
  physicalId?: string;
  resourceType?: string;
  stackName?: string;
  account?: AccountConcurrency;
}

export interface KnownCause {
  id: CauseId;
  /** Matches a ResourceStatusReason or an API error message. */
  pattern: RegExp;
  explain(match: RegExpMatchArray, ctx: CauseContext): string;
  fix(match: RegExpMatchArray, ctx: CauseContext): string;
}

function subject(ctx: CauseContext): string {
  if (ctx.physicalId && ctx.logicalId) return `${ctx.logicalId} (${ctx.physicalId})`;
  return ctx.logicalId ?? ctx.physicalId ?? "the resource";
}

/** `--env dev` from the stack's name, `--env <env>` when unknown: every live `vectora stack` verb needs it. */
function envFlag(ctx: CauseContext): string {
  const env = ctx.stackName ? parseStackName(ctx.stackName)?.env : undefined;
  return `--env ${env ?? "<env>"}`;
}

/** A CloudFormation stack name: a letter, then letters, digits and hyphens (no dots or commas). */
const STACK_NAME = "[A-Za-z][-A-Za-z0-9]*";

/** The export, the refused action and the importing stacks of an export-in-use match (either phrasing). */
function exportInUse(match: RegExpMatchArray): { exportName: string; action: string; importers: string[] } {
  const exportName = match[1] ?? match[4] ?? "the export";
  const verb = match[2] ?? match[3] ?? "updated";
  const action = verb === "delete" || verb === "deleted" ? "deleted" : "updated";
  const importers = (match[5] ?? "").split(/,\s*|\s+and\s+/).filter(Boolean);
  return { exportName, action, importers };
}

/** The catalogue, matched in order (the first matching cause wins). */
export const KNOWN_CAUSES: readonly KnownCause[] = [
  {
    id: "reserved-concurrency-quota",
    // Lambda's PutFunctionConcurrency error, wrapped by CloudFormation's resource handler.
    pattern:
      /Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of \[(\d+)\]/,
    explain(match, ctx) {
      const floor = Number(match[1]);
      const account = ctx.account
        ? ` The account limit is ${ctx.account.concurrentExecutions} concurrent executions with ` +
          `${ctx.account.unreservedConcurrentExecutions} unreserved, and AWS keeps min(100, limit) = ` +
          `${unreservedFloor(ctx.account)} unreserved` +
          (ctx.account.concurrentExecutions <= 100 ? ": on this account ANY reservation fails." : ".")
        : "";
      return (
        `Function ${subject(ctx)} sets ReservedConcurrentExecutions, which would leave the account below its ` +
        `minimum of ${floor} unreserved concurrent executions.${account}`
      );
    },
    fix: () =>
      `Deploy without ReservedConcurrentExecutions (ReservedConcurrency=0 in infra/params/<env>.json, the ` +
      `condition then drops it) and bound concurrency in code; or first raise the account's Lambda ` +
      `"Concurrent executions" quota (Service Quotas): reserving R needs a limit of at least 100 + R.`,
  },
  {
    id: "bucket-exists",
    // S3 via the resource handler: "<name> already exists (Service: S3, Status Code: 0, Request ID: null)".
    pattern: /(?:^|")([a-z0-9][a-z0-9.-]{1,61}[a-z0-9]) already exists/,
    explain: (match, ctx) =>
      `Bucket ${match[1]} (${ctx.logicalId ?? "a bucket"}) already exists outside this stack — retained ` +
      `by an earlier, deleted stack or made by hand — so CloudFormation cannot create it.`,
    fix: (match, ctx) =>
      `Keep its data elsewhere and delete the orphan bucket (aws s3 rb s3://${match[1]} --force), or import ` +
      `it into the stack (change set type IMPORT); then deploy again (a stack in ROLLBACK_COMPLETE is ` +
      `deleted and recreated by \`vectora stack deploy ${envFlag(ctx)}\`).`,
  },
  {
    id: "missing-capabilities",
    pattern: /Requires capabilities\s*:\s*\[(CAPABILITY_[A-Z_]+)\]/,
    explain: (match) => `The template creates IAM resources and the request did not acknowledge ${match[1]}.`,
    fix: () =>
      `Pass --capabilities CAPABILITY_NAMED_IAM (named roles need it; \`vectora stack deploy\` always does).`,
  },
  {
    id: "code-object-missing",
    pattern: /(?:S3 Error Code: NoSuchKey|NoSuchKey|The specified key does not exist)/,
    explain: (_m, ctx) => `The code zip of ${subject(ctx)} is not in the code bucket under the key given.`,
    fix: (_m, ctx) =>
      `Build and upload the zip first (\`vectora package\`, then upload to LambdaCodeBucketName) and check ` +
      `IngestCodeKey/EngineCodeKey in infra/params/<env>.json; \`vectora stack preflight ${envFlag(ctx)}\` ` +
      `checks it.`,
  },
  {
    id: "role-not-assumable",
    pattern: /The role defined for the function cannot be assumed by Lambda/,
    explain: (_m, ctx) =>
      `Lambda cannot assume the execution role of ${subject(ctx)}: the role's trust policy does not name ` +
      `lambda.amazonaws.com, or the role was created seconds ago and IAM has not propagated it yet.`,
    fix: () =>
      `Check the role's AssumeRolePolicyDocument in s0-iam allows Principal Service lambda.amazonaws.com ` +
      `(sts:AssumeRole); if it does, deploy again (IAM propagation).`,
  },
  {
    id: "runtime-deprecated",
    pattern:
      /The runtime parameter of (\S+) is no longer supported for creating or updating AWS Lambda functions/,
    explain: (match, ctx) => `${subject(ctx)} uses runtime ${match[1]}, which Lambda no longer accepts.`,
    fix: () =>
      // nodejs20.x is itself deprecated (2026-04-30); the templates' LambdaRuntime allows these two.
      `Set Runtime to a supported version (nodejs22.x or nodejs24.x) in the template and deploy again.`,
  },
  {
    id: "export-in-use",
    // Three phrasings: "Export X cannot be updated as it is in use by Y" (stack event), and "Cannot update
    // export X as it is in use by Y" / "Delete canceled. Cannot delete export X as it is in use by A, B and C."
    // (change set, stack delete). Several importers are listed with commas and "and".
    pattern: new RegExp(
      `(?:Export (\\S+) cannot be (deleted|updated)|Cannot (delete|update) export (\\S+)) as it is in use by ` +
        `(${STACK_NAME}(?:(?:,\\s*|\\s+and\\s+)${STACK_NAME})*)`,
    ),
    explain: (match) => {
      const { exportName, action, importers } = exportInUse(match);
      return `Output export ${exportName} cannot be ${action}: ${importers.length > 1 ? "stacks" : "stack"} ${importers.join(", ")} ${importers.length > 1 ? "import" : "imports"} it (Fn::ImportValue).`;
    },
    fix: (match) => {
      const { exportName, importers } = exportInUse(match);
      return (
        `Change ${importers.join(", ")} first so ${importers.length > 1 ? "they no longer import" : "it no longer imports"} ${exportName} (or keep the export as it is), then ` +
        `deploy this stack.`
      );
    },
  },
];

/** The catalogue entry a reason matches, with its explanation and fix; `undefined` when none does. */
export function matchCause(
  reason: string,
  ctx: CauseContext = {},
): { id: CauseId; explanation: string; fix: string } | undefined {
  for (const cause of KNOWN_CAUSES) {
    const match = reason.match(cause.pattern);
    if (match) return { id: cause.id, explanation: cause.explain(match, ctx), fix: cause.fix(match, ctx) };
  }
  return undefined;
}
