/**
 * The functions as s1-runtime declares them — name, handler, runtime, timeout, memory and environment variables,
 * evaluated from the template with the given parameter values — so the local run gives each zip exactly the
 * configuration the stack would (a renamed variable in the template shows up here, not after deploy).
 */
import { evaluateValue, evaluationScope, loadTemplate } from "../../infra/index.js";
import type { LambdaFunction } from "../../package/manifest.js";
import type { EmulatedFunction } from "./lambda-emulator.js";

/** s1-runtime's logical id of each packaged function. */
const LOGICAL_IDS: Record<LambdaFunction, string> = {
  ingest: "IngestNormalizeFunction",
  engine: "EngineFunction",
};

/** Each function's configuration, evaluated from the template (zip paths filled in by the caller). */
export function functionsFromTemplate(
  templatePath: string,
  parameters: Record<string, string>,
): Record<LambdaFunction, Omit<EmulatedFunction, "zipPath">> {
  const template = loadTemplate(templatePath);
  const scope = evaluationScope(template, parameters);
  const out = {} as Record<LambdaFunction, Omit<EmulatedFunction, "zipPath">>;
  for (const [role, id] of Object.entries(LOGICAL_IDS) as [LambdaFunction, string][]) {
    const resource = template.body.Resources[id];
    if (!resource?.Properties) throw new Error(`${templatePath}: no ${id} resource`);
    // Only what configures the code (others, such as the log group's Ref, are known only after deployment).
    const props: Record<string, unknown> = {};
    for (const key of ["FunctionName", "Handler", "Runtime", "Timeout", "MemorySize", "Environment"])
      if (resource.Properties[key] !== undefined) props[key] = evaluateValue(resource.Properties[key], scope);
    const variables = ((props["Environment"] as { Variables?: Record<string, unknown> } | undefined)
      ?.Variables ?? {}) as Record<string, unknown>;
    out[role] = {
      name: String(props["FunctionName"]),
      handler: String(props["Handler"]),
      runtime: String(props["Runtime"]),
      timeoutSeconds: Number(props["Timeout"] ?? 3),
      memoryMb: Number(props["MemorySize"] ?? 128),
      environment: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)])),
    };
  }
  return out;
}
