/**
 * What preflight reads from a template beyond the infra module's parameters and reservations: each
 * function's name, code object and reservation, and the bucket names — evaluated with the infra module's
 * intrinsic evaluator for given parameter values. Values known only after deploy come back undefined.
 */
import {
  evaluateCondition,
  evaluateValue,
  evaluationScope,
  reservedConcurrencyByFunction,
  type Template,
} from "../infra/index.js";

type Scope = ReturnType<typeof evaluationScope>;

/** A value as a string, or undefined when it depends on something unknown before deploy. */
function stringOf(value: unknown, scope: Scope): string | undefined {
  if (value === undefined) return undefined;
  try {
    const v = evaluateValue(value, scope);
    return typeof v === "string" || typeof v === "number" ? String(v) : undefined;
  } catch {
    return undefined;
  }
}

/** Resources of a type that exist with these parameters (their `Condition`, if any, holds). */
function resourcesOf(template: Template, type: string, scope: Scope) {
  return Object.entries(template.body.Resources).filter(([, resource]) => {
    if (resource.Type !== type) return false;
    if (!resource.Condition) return true;
    try {
      return evaluateCondition(resource.Condition, scope);
    } catch {
      return true; // unknown: assume it exists, the stricter reading for a preflight
    }
  });
}

/** A function's reserved concurrency as the template would set it (0 = none). */
export interface FunctionReservation {
  logicalId: string;
  functionName?: string;
  reserved: number;
}

/** Every function's reservation with these parameters (`!If … AWS::NoValue` evaluated). */
export function reservationsOf(template: Template, params: Record<string, string>): FunctionReservation[] {
  const scope = evaluationScope(template, params);
  const byFunction = reservedConcurrencyByFunction(template, params);
  return Object.entries(byFunction).map(([logicalId, reserved]) => {
    const functionName = stringOf(template.body.Resources[logicalId]?.Properties?.["FunctionName"], scope);
    return { logicalId, reserved, ...(functionName ? { functionName } : {}) };
  });
}

/** The S3 code object a Lambda function is deployed from. */
export interface CodeObjectRef {
  logicalId: string;
  functionName?: string;
  bucket?: string;
  key?: string;
}

/** The `Code: { S3Bucket, S3Key }` of every function (inline and image functions are left out). */
export function codeObjectsOf(template: Template, params: Record<string, string>): CodeObjectRef[] {
  const scope = evaluationScope(template, params);
  const found: CodeObjectRef[] = [];
  for (const [logicalId, resource] of resourcesOf(template, "AWS::Lambda::Function", scope)) {
    const code = resource.Properties?.["Code"] as Record<string, unknown> | undefined;
    if (!code || code["ZipFile"] !== undefined || code["ImageUri"] !== undefined) continue;
    const functionName = stringOf(resource.Properties?.["FunctionName"], scope);
    const bucket = stringOf(code["S3Bucket"], scope);
    const key = stringOf(code["S3Key"], scope);
    found.push({
      logicalId,
      ...(functionName ? { functionName } : {}),
      ...(bucket ? { bucket } : {}),
      ...(key ? { key } : {}),
    });
  }
  return found;
}

/** Explicit `BucketName`s of the template's buckets (buckets CloudFormation names are left out). */
export function bucketNamesOf(
  template: Template,
  params: Record<string, string>,
): { logicalId: string; name: string }[] {
  const scope = evaluationScope(template, params);
  const found: { logicalId: string; name: string }[] = [];
  for (const [logicalId, resource] of resourcesOf(template, "AWS::S3::Bucket", scope)) {
    const name = stringOf(resource.Properties?.["BucketName"], scope);
    if (name) found.push({ logicalId, name });
  }
  return found;
}
