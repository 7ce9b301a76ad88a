/**
 * How much concurrency a template reserves for given parameter values: the number Lambda subtracts from the
 * account's unreserved pool. An account capped at 10 concurrent executions must keep 10 unreserved, so any
 * reservation there fails the update (the Dec 2025 UPDATE_ROLLBACK_COMPLETE).
 */
import { evaluateCondition, evaluateValue, evaluationScope, NO_VALUE } from "./intrinsics.js";
import type { Template } from "./template.js";

/**
 * ReservedConcurrentExecutions per AWS::Lambda::Function logical id for the given parameter values (missing ones
 * take their Default), `Fn::If` resolved; 0 when the property is absent or `AWS::NoValue`, and functions whose
 * resource Condition is false are left out. Throws UnresolvedValueError if the value needs a parameter with no
 * value or a resource attribute.
 */
export function reservedConcurrencyByFunction(
  template: Template,
  params: Record<string, string> = {},
): Record<string, number> {
  const scope = evaluationScope(template, params);
  const result: Record<string, number> = {};
  for (const [id, resource] of Object.entries(template.body.Resources)) {
    if (resource.Type !== "AWS::Lambda::Function") continue;
    if (resource.Condition && !evaluateCondition(resource.Condition, scope)) continue;
    const raw = resource.Properties?.["ReservedConcurrentExecutions"];
    const value = raw === undefined ? NO_VALUE : evaluateValue(raw, scope);
    result[id] = value === NO_VALUE ? 0 : Number(value);
  }
  return result;
}

/** The sum of ReservedConcurrentExecutions the template would set with these parameter values (see above). */
export function reservedConcurrencyOf(template: Template, params: Record<string, string> = {}): number {
  return Object.values(reservedConcurrencyByFunction(template, params)).reduce((a, b) => a + b, 0);
}
