/**
 * Known causes of stack failures: the exact AWS texts they show as (each with the public report it was taken
 * from), the resource types and operations they apply to, what they mean and the fix. The causes themselves
 * live in `causes/` by service; this module orders them and matches a reason against them.
 */
import { IAM_CAUSES } from "./causes/iam.js";
import { LAMBDA_CAUSES } from "./causes/lambda.js";
import { ORCHESTRATION_CAUSES } from "./causes/orchestration.js";
import { STACK_CAUSES } from "./causes/stack-level.js";
import { STORAGE_CAUSES } from "./causes/storage.js";
import type { CauseContext, KnownCause, StackOperation } from "./causes/types.js";

export type { CauseContext, CausePattern, KnownCause, StackOperation } from "./causes/types.js";

/** A cause's id (`reserved-concurrency-quota`…): one of {@link KNOWN_CAUSES}'. */
export type CauseId = string;

/**
 * The catalogue. Matching is deterministic: specific causes first, in this order, then the generic ones (they
 * name a kind of failure — throttling, a permission, a schema error — and would otherwise hide the specific
 * cause a reason also names), in this order; within a cause, its patterns in order.
 */
export const KNOWN_CAUSES: readonly KnownCause[] = [
  ...STACK_CAUSES,
  ...LAMBDA_CAUSES,
  ...STORAGE_CAUSES,
  ...IAM_CAUSES,
  ...ORCHESTRATION_CAUSES,
];

/** Whether `type` is one of `patterns`: exact, `AWS::Lambda::*` (a service), `*` (any). */
function typeMatches(patterns: readonly string[], type: string): boolean {
  return patterns.some(
    (p) => p === "*" || p === type || (p.endsWith("::*") && type.startsWith(p.slice(0, -1))),
  );
}

/** Whether a cause can be the one of a failure in `ctx`: its type and operation, when known, are the cause's. */
export function causeApplies(cause: KnownCause, ctx: CauseContext): boolean {
  if (ctx.resourceType && !typeMatches(cause.resourceTypes, ctx.resourceType)) return false;
  if (ctx.operation && !cause.operations.includes(ctx.operation)) return false;
  return true;
}

/** The causes in matching order: specific ones, then generic ones. */
export function causesInMatchingOrder(): KnownCause[] {
  return [...KNOWN_CAUSES.filter((c) => !c.generic), ...KNOWN_CAUSES.filter((c) => c.generic)];
}

/**
 * The cause a reason (a ResourceStatusReason or an API error message) shows, with its explanation and fix;
 * `undefined` when no known cause applies — never the nearest one.
 */
export function matchCause(
  reason: string,
  ctx: CauseContext = {},
): { id: CauseId; explanation: string; fix: string } | undefined {
  for (const cause of causesInMatchingOrder()) {
    if (!causeApplies(cause, ctx)) continue;
    for (const { pattern } of cause.patterns) {
      const match = reason.match(pattern);
      if (match) return { id: cause.id, explanation: cause.explain(ctx, match), fix: cause.fix(ctx, match) };
    }
  }
  return undefined;
}

/** One row of `vectora stack causes`: a cause described without a failure (placeholders in `<…>`). */
export interface CauseDescription {
  id: CauseId;
  summary: string;
  resourceTypes: readonly string[];
  operations: readonly StackOperation[];
  generic: boolean;
  matches: { text: string; pattern: string; source: string }[];
  fix: string;
}

/** The catalogue as `vectora stack causes` prints it, in matching order. */
export function describeCauses(): CauseDescription[] {
  return causesInMatchingOrder().map((cause) => ({
    id: cause.id,
    summary: cause.summary,
    resourceTypes: cause.resourceTypes,
    operations: cause.operations,
    generic: cause.generic ?? false,
    matches: cause.patterns.map((p) => ({ text: p.text, pattern: p.pattern.source, source: p.source })),
    fix: cause.fix({}),
  }));
}
