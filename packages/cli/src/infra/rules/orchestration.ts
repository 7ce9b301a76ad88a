/**
 * The rules of the weekly run's resources: the state machine's definition is valid Amazon States Language
 * (`asl-validator`, after the substitutions), every Lambda task retries what Lambda throttles or fails, every alarm
 * has an action, the prod schedules are enabled, and what the state machine can run at once fits the account.
 */
import { createRequire } from "node:module";
import { basename } from "node:path";
import { unreservedFloor } from "../../stack/concurrency.js";
import { evaluateValue, evaluationScope, isRecord, UnresolvedValueError } from "../intrinsics.js";
import {
  allStates,
  demandFormula,
  isLambdaTask,
  resolveDefinition,
  SCHEDULE,
  STATE_MACHINE,
  stateMachineDemand,
} from "../state-machine.js";
import type { Template } from "../template.js";
import { type Finding, type Rule, resourceFinding, resourcesOfType } from "./types.js";

type AslValidator = (
  definition: unknown,
  options?: { checkPaths: boolean; checkArn: boolean },
) => { isValid: boolean; errors: Array<{ Message?: string; "Error code"?: string }> };
const validateAsl = createRequire(import.meta.url)("asl-validator") as AslValidator;

/** The params to check a template with: each params file's values, or the template's defaults alone. */
function paramSets(ctx: { paramsFiles: Array<{ file: string; values: Record<string, string> }> }) {
  return ctx.paramsFiles.length > 0 ? ctx.paramsFiles : [{ file: "(defaults)", values: {} }];
}

/** The errors Step Functions' own validator style gives, one line each. */
function aslErrors(definition: unknown): string[] {
  const result = validateAsl(structuredClone(definition), { checkPaths: true, checkArn: true });
  return result.isValid
    ? []
    : result.errors.map((e) => `${e["Error code"] ?? "ERROR"}: ${e.Message ?? JSON.stringify(e)}`);
}

export const stateMachineValid: Rule = {
  id: "state-machine-valid",
  resourceTypes: [STATE_MACHINE],
  summary:
    "each state machine's definition, substitutions applied, is valid Amazon States Language (asl-validator)",
  check(template, ctx) {
    const findings = new Map<string, Finding>();
    for (const [id, resource] of resourcesOfType(template, STATE_MACHINE))
      for (const params of paramSets(ctx)) {
        const report = (message: string) =>
          findings.set(`${id}:${message}`, resourceFinding(this.id, template, id, message));
        try {
          const { definition, missing } = resolveDefinition(template, resource, params.values);
          for (const name of missing)
            report(
              `\${${name}} has no DefinitionSubstitutions entry: Step Functions would reject the definition`,
            );
          for (const error of aslErrors(definition)) report(`not valid ASL: ${error}`);
        } catch (error) {
          report(`cannot read the definition with ${basename(params.file)}: ${(error as Error).message}`);
        }
      }
    return [...findings.values()];
  },
};

/** The errors a Lambda task must retry: Lambda's own throttling and service failures. */
const LAMBDA_TRANSIENT = ["Lambda.TooManyRequestsException", "Lambda.ServiceException"];

export const lambdaTaskRetry: Rule = {
  id: "lambda-task-retry",
  resourceTypes: [STATE_MACHINE],
  summary:
    "every Lambda task retries Lambda.TooManyRequestsException and Lambda.ServiceException with backoff",
  check(template, ctx) {
    const findings: Finding[] = [];
    for (const [id, resource] of resourcesOfType(template, STATE_MACHINE)) {
      let definition: Record<string, unknown>;
      try {
        definition = resolveDefinition(template, resource, paramSets(ctx)[0]!.values).definition;
      } catch {
        continue; // state-machine-valid reports it
      }
      for (const { path, state } of allStates(definition)) {
        if (!isLambdaTask(state)) continue;
        const retriers = (Array.isArray(state["Retry"]) ? state["Retry"] : []).filter(isRecord);
        const covered = (error: string) =>
          retriers.some((r) => {
            const errors = Array.isArray(r["ErrorEquals"]) ? r["ErrorEquals"] : [];
            return errors.includes(error) || errors.includes("States.ALL");
          });
        const uncovered = LAMBDA_TRANSIENT.filter((e) => !covered(e));
        const where = path.join(" > ");
        if (retriers.length === 0)
          findings.push(
            resourceFinding(
              this.id,
              template,
              id,
              `Lambda task ${where} has no Retry: one throttled invocation fails the step`,
            ),
          );
        else if (uncovered.length > 0)
          findings.push(
            resourceFinding(
              this.id,
              template,
              id,
              `Lambda task ${where} does not retry ${uncovered.join(", ")}`,
            ),
          );
        else if (!retriers.some((r) => typeof r["BackoffRate"] !== "number" || r["BackoffRate"] > 1))
          findings.push(
            resourceFinding(
              this.id,
              template,
              id,
              `Lambda task ${where} retries without backoff (BackoffRate 1)`,
            ),
          );
      }
    }
    return findings;
  },
};

export const alarmHasAction: Rule = {
  id: "alarm-has-action",
  resourceTypes: ["AWS::CloudWatch::Alarm"],
  summary: "every alarm notifies someone (AlarmActions set, actions enabled)",
  check(template) {
    return resourcesOfType(template, "AWS::CloudWatch::Alarm").flatMap(([id, alarm]) => {
      const actions = alarm.Properties?.["AlarmActions"];
      if (alarm.Properties?.["ActionsEnabled"] === false)
        return [
          resourceFinding(this.id, template, id, "ActionsEnabled is false: the alarm would fire silently"),
        ];
      if (!Array.isArray(actions) || actions.length === 0)
        return [
          resourceFinding(
            this.id,
            template,
            id,
            "no AlarmActions: nobody would be told (add the alert topic)",
          ),
        ];
      return [];
    });
  },
};

/** The state each environment's params must give the schedules: prod runs by itself, dev never does. */
const SCHEDULE_STATE_BY_ENV: Record<string, { state: string; why: string }> = {
  prod: { state: "ENABLED", why: "the weekly run would never happen" },
  // dev shares the account's concurrency with prod (and its alert topic's readers): a dev run is started by hand.
  dev: { state: "DISABLED", why: "dev would run every week too, on the account prod shares" },
};

export const prodScheduleEnabled: Rule = {
  id: "prod-schedule-enabled",
  resourceTypes: [SCHEDULE],
  summary:
    "the prod params enable every schedule (the weekly run happens by itself); the dev params disable them",
  check(template, ctx) {
    const findings: Finding[] = [];
    for (const params of ctx.paramsFiles) {
      const expected = params.env ? SCHEDULE_STATE_BY_ENV[params.env] : undefined;
      if (!expected) continue;
      const scope = evaluationScope(template, params.values);
      for (const [id, schedule] of resourcesOfType(template, SCHEDULE)) {
        let state: unknown;
        try {
          if (schedule.Condition && !evaluateValue({ Condition: schedule.Condition }, scope)) continue;
          state = evaluateValue(schedule.Properties?.["State"] ?? "ENABLED", scope);
        } catch (error) {
          if (!(error instanceof UnresolvedValueError)) throw error;
          state = `unknown (${error.message})`;
        }
        if (state !== expected.state)
          findings.push(
            resourceFinding(
              this.id,
              template,
              id,
              `${basename(params.file)} leaves it ${String(state)}: ${expected.why}`,
            ),
          );
      }
    }
    return findings;
  },
};

/** One line per params file: what the state machine can run at once against the account's floor. */
export function stateMachineConcurrencyLines(
  template: Template,
  params: { file: string; values: Record<string, string>; account?: { concurrentExecutions: number } },
): Array<{ ok: boolean; line: string }> {
  return stateMachineDemand(template, params.values).map((d) => {
    const who = `${d.stateMachine} with ${basename(params.file)}`;
    if (d.total === undefined)
      return {
        ok: false,
        line: `${who}: cannot tell how many shards run at once (${d.map === 0 ? "the Map is unbounded: set MaxConcurrency" : "MaxConcurrencyPath must point at a number set by a Pass state"})`,
      };
    const formula = demandFormula(d);
    if (!params.account)
      return {
        ok: true,
        line: `${who}: ${formula} concurrent executions at most (no account limit declared)`,
      };
    const floor = unreservedFloor({
      concurrentExecutions: params.account.concurrentExecutions,
      unreservedConcurrentExecutions: params.account.concurrentExecutions,
    });
    const ok = d.total <= floor;
    return {
      ok,
      line: `${who}: ${formula} concurrent executions at most ${ok ? "≤" : ">"} the unreserved floor ${floor} (min(100, account limit ${params.account.concurrentExecutions}))${ok ? "" : ": executions would be throttled (Lambda.TooManyRequestsException); lower MapMaxConcurrency or raise the quota"}`,
    };
  });
}

export const stateMachineConcurrencyFitsAccount: Rule = {
  id: "state-machine-concurrency-fits-account",
  resourceTypes: [STATE_MACHINE],
  summary:
    "what the state machines can run at once fits the unreserved floor of the account each params file declares",
  check(template, ctx) {
    const findings: Finding[] = [];
    for (const params of ctx.paramsFiles)
      for (const { ok, line } of stateMachineConcurrencyLines(template, params))
        if (!ok) findings.push({ file: params.file, rule: this.id, message: line });
    return findings;
  },
};
