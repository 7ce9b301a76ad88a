/**
 * Checks made before any stack change: would the template's reserved concurrency fit the account, are the
 * code zips there and within Lambda's limits, is every required parameter resolved, are bucket names free.
 * A failing check stops the deploy before the stack is touched.
 */

import {
  type DeclaredAccount,
  parameterValueProblem,
  type Template,
  templateParameters,
} from "../infra/index.js";
import { demandFormula, stateMachineDemand } from "../infra/state-machine.js";
import { checkReservation, unreservedFloor } from "./concurrency.js";
import type { AccountConcurrency, CodeObjectHead, StackApi } from "./port.js";
import { bucketNamesOf, type CodeObjectRef, codeObjectsOf, reservationsOf } from "./template-refs.js";

type ParameterValues = Record<string, string>;

export interface Check {
  id:
    | "concurrency"
    | "state-machine-concurrency"
    | "parameters"
    | "code-object"
    | "bucket-name"
    | "template-size"
    | "account-limit"
    | "alert-subscription";
  level: "pass" | "warn" | "fail" | "skip";
  message: string;
  fix?: string;
}

/**
 * Lambda's deployment package limits (Lambda quotas page; also in toolchain.md), neither adjustable:
 * 50 MB zipped for a direct upload, 250 MB unzipped (function + layers). Deploying from S3 lifts the first,
 * so a zip over 50 MB is a warning (over budget), one over 250 MB cannot unzip to under 250 MB and fails.
 */
export const ZIPPED_DIRECT_UPLOAD_LIMIT = 50 * 1024 * 1024;
/** See {@link ZIPPED_DIRECT_UPLOAD_LIMIT}. */
export const UNZIPPED_LIMIT = 250 * 1024 * 1024;
/** CreateChangeSet's TemplateBody limit; larger templates must go through S3 (TemplateURL). */
export const TEMPLATE_BODY_LIMIT = 51_200;
/** Optional S3 metadata the packager may set on a zip: its unzipped size in bytes. */
export const UNZIPPED_SIZE_METADATA = "unzipped-size";

/** Reserved concurrency in the template vs what the account keeps unreserved. */
export function checkConcurrency(
  template: Template,
  params: ParameterValues,
  account: AccountConcurrency,
  alreadyReserved = 0,
): Check {
  const reservations = reservationsOf(template, params).filter((r) => r.reserved > 0);
  const requested = reservations.reduce((sum, r) => sum + r.reserved, 0);
  const verdict = checkReservation(account, requested, alreadyReserved);
  const account_ =
    `account limit ${account.concurrentExecutions}, unreserved ${account.unreservedConcurrentExecutions}, ` +
    `floor min(100, ${account.concurrentExecutions}) = ${verdict.floor}`;
  if (requested === 0)
    return { id: "concurrency", level: "pass", message: `reserves no concurrency (${account_})` };
  const list = reservations.map((r) => `${r.functionName ?? r.logicalId} ${r.reserved}`).join(", ");
  if (verdict.ok)
    return {
      id: "concurrency",
      level: "pass",
      message: `reserves ${requested} (${list}); leaves ${verdict.unreservedAfter} unreserved ≥ ${verdict.floor} (${account_})`,
    };
  const any = account.concurrentExecutions <= 100 ? " On this account ANY reservation fails." : "";
  return {
    id: "concurrency",
    level: "fail",
    message:
      `reserves ${requested} concurrent executions (${list}) via ReservedConcurrentExecutions, which would ` +
      `leave ${verdict.unreservedAfter} unreserved, below the minimum of ${verdict.floor} (${account_}).${any} ` +
      `CloudFormation would fail with "Specified ReservedConcurrentExecutions for function decreases account's ` +
      `UnreservedConcurrentExecution below its minimum value of [${verdict.floor}]."`,
    fix:
      `Set ReservedConcurrency to 0 in the params file (or drop ReservedConcurrentExecutions) and bound ` +
      `concurrency in code; or raise the Lambda "Concurrent executions" quota first.`,
  };
}

/**
 * What the template's state machines can run at once (the ingest Map's shards + the engine + plan/deliver, per
 * scheduled execution, + the freshness watch) against the unreserved floor min(100, limit): the only concurrency
 * functions without a reservation are guaranteed. Above it, a Monday's shards would be throttled.
 */
export function checkStateMachineConcurrency(
  template: Template,
  params: ParameterValues,
  account: AccountConcurrency,
): Check[] {
  let demands: ReturnType<typeof stateMachineDemand>;
  try {
    demands = stateMachineDemand(template, params);
  } catch (error) {
    return [
      {
        id: "state-machine-concurrency",
        level: "warn",
        message: `cannot read the state machine: ${(error as Error).message}`,
      },
    ];
  }
  const floor = unreservedFloor(account);
  return demands.map((d): Check => {
    if (d.total === undefined)
      return {
        id: "state-machine-concurrency",
        level: "fail",
        message: `${d.stateMachine}: cannot tell how many shards its Map runs at once (unbounded, or MaxConcurrencyPath not traceable)`,
        fix: "Bound the Map: MaxConcurrency, or MaxConcurrencyPath set by a Pass state from MapMaxConcurrency.",
      };
    const formula = demandFormula(d);
    return d.total <= floor
      ? {
          id: "state-machine-concurrency",
          level: "pass",
          message: `${d.stateMachine}: ${formula} ≤ unreserved floor ${floor} (account limit ${account.concurrentExecutions})`,
        }
      : {
          id: "state-machine-concurrency",
          level: "fail",
          message: `${d.stateMachine}: ${formula} > unreserved floor ${floor} (account limit ${account.concurrentExecutions}): shards would be throttled (Lambda.TooManyRequestsException)`,
          fix: "Lower MapMaxConcurrency in the params file, or raise the account's concurrency quota first.",
        };
  });
}

/**
 * Every parameter without a Default has a value (`deferred` ones will come from earlier stacks' outputs), and
 * every value fits its parameter's AllowedValues, AllowedPattern, MinValue/MaxValue and MinLength/MaxLength —
 * what CloudFormation would refuse at CreateChangeSet, said before the stack is touched.
 */
export function checkParameters(template: Template, values: ParameterValues, deferred: string[] = []): Check {
  const declared = templateParameters(template);
  const invalid = declared.flatMap((p) => {
    const value = values[p.name];
    const problem = value === undefined ? undefined : parameterValueProblem(p, value);
    return problem ? [`${p.name}: ${problem}`] : [];
  });
  const missing = declared.filter(
    (p) => p.required && values[p.name] === undefined && !deferred.includes(p.name),
  );
  const later = declared
    .filter((p) => values[p.name] === undefined && deferred.includes(p.name))
    .map((p) => p.name);
  if (missing.length)
    return {
      id: "parameters",
      level: "fail",
      message: `required parameter(s) without a value: ${missing.map((p) => p.name).join(", ")}`,
      fix: `Add them to infra/params/<env>.json, or deploy the stack whose outputs provide them first.`,
    };
  if (invalid.length)
    return {
      id: "parameters",
      level: "fail",
      message: `value(s) CloudFormation would refuse: ${invalid.join("; ")}`,
      fix: "Fix the value in infra/params/<env>.json (the template's constraints are the contract).",
    };
  const given = declared.length - later.length;
  return {
    id: "parameters",
    level: "pass",
    message:
      `${given} of ${declared.length} parameters have a value or a default` +
      (later.length ? `; ${later.join(", ")} come from earlier stacks' outputs at deploy` : ""),
  };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A function's code zip exists and fits Lambda's limits. */
export function checkCodeObject(ref: CodeObjectRef, head: CodeObjectHead | undefined): Check {
  const who = ref.functionName ?? ref.logicalId;
  if (!ref.bucket || !ref.key)
    return {
      id: "code-object",
      level: "skip",
      message: `${who}: code location not resolvable before deploy`,
    };
  const where = `s3://${ref.bucket}/${ref.key}`;
  if (!head)
    return {
      id: "code-object",
      level: "fail",
      message: `${who}: ${where} does not exist (Lambda would fail with "S3 Error Code: NoSuchKey")`,
      fix: `Build and upload the zip (\`vectora package\`), or fix the code key in the params file.`,
    };
  const unzipped = Number(head.metadata[UNZIPPED_SIZE_METADATA]);
  if (head.contentLength > UNZIPPED_LIMIT || (Number.isFinite(unzipped) && unzipped > UNZIPPED_LIMIT))
    return {
      id: "code-object",
      level: "fail",
      message: `${who}: ${where} is ${megabytes(head.contentLength)} zipped${Number.isFinite(unzipped) ? `, ${megabytes(unzipped)} unzipped` : ""}: over Lambda's 250 MB unzipped limit`,
      fix: `Bundle instead of shipping whole folders (\`vectora package\` reports sizes against budgets).`,
    };
  if (head.contentLength > ZIPPED_DIRECT_UPLOAD_LIMIT)
    return {
      id: "code-object",
      level: "warn",
      message: `${who}: ${where} is ${megabytes(head.contentLength)} zipped, over the 50 MB direct-upload limit (deploys from S3 still work)`,
    };
  return {
    id: "code-object",
    level: "pass",
    message: `${who}: ${where} present, ${megabytes(head.contentLength)}`,
  };
}

/**
 * The account limit the params file declares (what `vectora infra check` judged reservations against at PR time)
 * against what the account reports: a stale declaration is a warning, so the PR-time check stays honest.
 */
export function checkDeclaredAccount(declared: DeclaredAccount, account: AccountConcurrency): Check {
  if (declared.concurrentExecutions === account.concurrentExecutions)
    return {
      id: "account-limit",
      level: "pass",
      message: `the params file's Account.ConcurrentExecutions ${declared.concurrentExecutions} matches the account`,
    };
  return {
    id: "account-limit",
    level: "warn",
    message:
      `the params file declares Account.ConcurrentExecutions ${declared.concurrentExecutions}, the account reports ` +
      `${account.concurrentExecutions}: \`vectora infra check\` judges reservations against a stale figure`,
    fix: `Update "Account": {"ConcurrentExecutions": ${account.concurrentExecutions}} in infra/params/<env>.json.`,
  };
}

/** Buckets the template names must be free when the stack is about to be created. */
export function checkBucketName(
  logicalId: string,
  name: string,
  ownership: "absent" | "owned" | "foreign",
): Check {
  if (ownership === "absent")
    return { id: "bucket-name", level: "pass", message: `${logicalId}: ${name} is free` };
  return {
    id: "bucket-name",
    level: "fail",
    message:
      `${logicalId}: bucket ${name} already exists ${ownership === "owned" ? "in this account (an orphan retained by a deleted stack?)" : "in another account"}; ` +
      `creating the stack would fail with "${name} already exists"`,
    fix:
      ownership === "owned"
        ? `Save its data and delete it (aws s3 rb s3://${name} --force), or import it into the stack.`
        : `Choose another bucket name (bucket names are global).`,
  };
}

/** The template fits CreateChangeSet's TemplateBody. */
export function checkTemplateSize(templateBody: string): Check {
  const bytes = Buffer.byteLength(templateBody);
  return bytes > TEMPLATE_BODY_LIMIT
    ? {
        id: "template-size",
        level: "fail",
        message: `template is ${bytes} bytes, over CreateChangeSet's ${TEMPLATE_BODY_LIMIT}-byte TemplateBody limit`,
        fix: "Shrink the template or upload it to S3 (TemplateURL).",
      }
    : { id: "template-size", level: "pass", message: `template is ${bytes} bytes` };
}

export interface PreflightInput {
  template: Template;
  templateBody: string;
  params: ParameterValues;
  /** Parameters that will come from other stacks' outputs (offline: not known yet). */
  deferred?: string[];
  /** Whether the stack will be created (then bucket names must be free). */
  creating: boolean;
  /** The account limits the params file declares (compared with the live account). */
  declaredAccount?: DeclaredAccount;
}

/**
 * Warns when a prod stack would have no alert subscription (`AlertEmail` empty): summaries and alarms would reach
 * no one. A warning, not a failure: the operator may subscribe to the topic by hand (`aws sns subscribe`).
 */
export function checkAlertSubscription(template: Template, values: ParameterValues): Check[] {
  if (!template.body.Parameters?.["AlertEmail"] || values["Env"] !== "prod") return [];
  if ((values["AlertEmail"] ?? "").trim() !== "")
    return [{ id: "alert-subscription", level: "pass", message: `alerts go to ${values["AlertEmail"]}` }];
  return [
    {
      id: "alert-subscription",
      level: "warn",
      message: "AlertEmail is empty: run summaries and alarms reach no one",
      fix: 'set "AlertEmail" in infra/params/prod.json (then confirm the email SNS sends), or aws sns subscribe to the AlertTopicArn output',
    },
  ];
}

/** Live preflight: reads the account, the functions' current reservations, the code objects and buckets. */
export async function runPreflight(api: StackApi, input: PreflightInput): Promise<Check[]> {
  const { template, params } = input;
  const checks: Check[] = [
    checkTemplateSize(input.templateBody),
    checkParameters(template, params, input.deferred),
    ...checkAlertSubscription(template, params),
  ];
  const reservations = reservationsOf(template, params).filter((r) => r.reserved > 0);
  let alreadyReserved = 0;
  for (const r of reservations)
    if (r.functionName) alreadyReserved += (await api.getFunctionConcurrency(r.functionName)) ?? 0;
  const account = await api.getAccountSettings();
  checks.push(checkConcurrency(template, params, account, alreadyReserved));
  checks.push(...checkStateMachineConcurrency(template, params, account));
  if (input.declaredAccount) checks.push(checkDeclaredAccount(input.declaredAccount, account));
  for (const ref of codeObjectsOf(template, params))
    checks.push(
      checkCodeObject(ref, ref.bucket && ref.key ? await api.headCodeObject(ref.bucket, ref.key) : undefined),
    );
  if (input.creating)
    for (const bucket of bucketNamesOf(template, params))
      checks.push(checkBucketName(bucket.logicalId, bucket.name, await api.bucketOwnership(bucket.name)));
  return checks;
}

/** Offline preflight: what can be checked from files alone. */
export function offlinePreflight(input: PreflightInput & { account: AccountConcurrency }): Check[] {
  const { template, params } = input;
  return [
    checkTemplateSize(input.templateBody),
    checkParameters(template, params, input.deferred),
    ...checkAlertSubscription(template, params),
    checkConcurrency(template, params, input.account),
    ...checkStateMachineConcurrency(template, params, input.account),
    ...codeObjectsOf(template, params).map(
      (ref): Check => ({
        id: "code-object",
        level: "skip",
        message: `${ref.functionName ?? ref.logicalId}: code object not checked offline`,
      }),
    ),
  ];
}

/** Whether any check failed (warnings and skips do not stop a deploy). */
export function preflightFailed(checks: Check[]): boolean {
  return checks.some((c) => c.level === "fail");
}

/** One line per check; a failing one adds its fix. */
export function formatChecks(checks: Check[]): string {
  const mark = { pass: "ok  ", warn: "warn", fail: "FAIL", skip: "skip" } as const;
  return checks
    .map((c) => `  ${mark[c.level]} ${c.id}: ${c.message}${c.fix ? `\n       fix: ${c.fix}` : ""}`)
    .join("\n")
    .concat("\n");
}
