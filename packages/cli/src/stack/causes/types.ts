/**
 * What a known cause of a stack failure is made of, and the helpers its explanations and fixes share.
 */
import type { AccountConcurrency } from "../port.js";

/**
 * The operation a failure happened in: a resource's `CREATE_FAILED` is `create`, `UPDATE_FAILED` `update`,
 * `DELETE_FAILED` `delete` (also during a rollback, which deletes what the operation created); an API error
 * refusing a change set or an update is `change-set`.
 */
export type StackOperation = "create" | "update" | "delete" | "change-set";

/** What a cause is matched and explained with: the failed resource, its operation, the account. */
export interface CauseContext {
  logicalId?: string;
  physicalId?: string;
  /** `AWS::Lambda::Function`…; `AWS::CloudFormation::Stack` for the stack's own event; absent for API errors. */
  resourceType?: string;
  operation?: StackOperation;
  stackName?: string;
  account?: AccountConcurrency;
}

/** One AWS text a cause shows as. */
export interface CausePattern {
  /** Matches the stable part of the text: ids, names, request ids and the handler's wrapping vary. */
  pattern: RegExp;
  /** The text as AWS writes it, variable parts as `<…>`: what `vectora stack causes` shows. */
  text: string;
  /** Where this exact text appears in a public report of a real failure, or in AWS's documentation. */
  source: string;
}

/** The groups a pattern captured; absent when a cause is described without a match (`vectora stack causes`). */
export type Match = RegExpMatchArray | undefined;

export interface KnownCause {
  /** Stable, kebab-case: `rootCause.causeId` in `vectora stack diagnose --json`. */
  id: string;
  /** What happened, in a few words. */
  summary: string;
  /** Types it applies to: exact, `AWS::Lambda::*` for a service, `*` for any (stack-level and API errors). */
  resourceTypes: readonly string[];
  operations: readonly StackOperation[];
  /** Tried only when no specific cause matches: it names the kind of failure, not its exact reason. */
  generic?: boolean;
  patterns: readonly CausePattern[];
  /** The failure in this stack's terms; placeholders where the match or context lacks a value. */
  explain(ctx: CauseContext, match?: Match): string;
  /** What to do: a `vectora` verb where one applies, else the console or AWS CLI step. */
  fix(ctx: CauseContext, match?: Match): string;
}

/** `EngineFunction (vectora-inbox-engine-dev)`, or whichever of the two is known. */
export function subject(ctx: CauseContext, fallback = "the resource"): string {
  if (
    ctx.physicalId &&
    ctx.logicalId &&
    ctx.physicalId !== ctx.logicalId &&
    !ctx.physicalId.startsWith("arn:")
  )
    return `${ctx.logicalId} (${ctx.physicalId})`;
  return ctx.logicalId ?? ctx.physicalId ?? fallback;
}

/** Group `index` of the match, or the placeholder shown when describing the cause without one. */
export function group(match: Match, index: number, placeholder: string): string {
  return match?.[index] ?? placeholder;
}
