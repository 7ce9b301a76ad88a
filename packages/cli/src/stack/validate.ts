/**
 * After a deploy: both functions Active and Successful, with the environment the outputs and the deployed
 * s1-runtime parameters say, and their logs kept 14 days.
 */
import { functionNames, LOG_RETENTION_DAYS, logGroupName, PROJECT_NAME } from "./names.js";
import type { StackApi } from "./port.js";

export interface ValidationCheck {
  subject: string;
  ok: boolean;
  message: string;
}

/** An inference profile (`eu.anthropic…`) or an ARN: on-demand calls reject a bare model id (domain.md). */
const INFERENCE_PROFILE = /^(?:(?:eu|us|us-gov|apac|ap|ca|jp|au|global)\.|arn:aws)/;

/** s1-runtime parameters that become a variable of both functions, by variable. */
export const PARAMETER_VARIABLES = { BEDROCK_MODEL_ID: "BedrockModelId", LOG_LEVEL: "LogLevel" } as const;

/**
 * The variables each function must carry, from the env, the s0-core outputs and the parameters s1-runtime
 * was deployed with (DescribeStacks; a variable whose parameter is unknown need only be present).
 */
export function expectedEnvironment(
  env: string,
  outputs: Record<string, string>,
  runtimeParameters: Record<string, string> = {},
): Record<"ingest" | "engine", Record<string, string | true>> {
  const deployed = (variable: keyof typeof PARAMETER_VARIABLES): string | true =>
    runtimeParameters[PARAMETER_VARIABLES[variable]] || true;
  const common: Record<string, string | true> = {
    ENV: env,
    PROJECT_NAME,
    BEDROCK_MODEL_ID: deployed("BEDROCK_MODEL_ID"),
    LOG_LEVEL: deployed("LOG_LEVEL"),
    ...(outputs["ConfigBucketName"]
      ? { CONFIG_BUCKET: outputs["ConfigBucketName"] }
      : { CONFIG_BUCKET: true }),
    ...(outputs["DataBucketName"] ? { DATA_BUCKET: outputs["DataBucketName"] } : { DATA_BUCKET: true }),
  };
  return {
    ingest: { ...common, PUBMED_API_KEY_PARAM: true },
    engine: {
      ...common,
      NEWSLETTERS_BUCKET: outputs["NewslettersBucketName"] ?? true,
    },
  };
}

/**
 * Checks both functions and their log groups. `true` in the expected env means "present, any value".
 * `runtimeParameters` are the s1-runtime stack's deployed parameters: a function whose LOG_LEVEL or
 * BEDROCK_MODEL_ID differs from them was changed outside the stack (drift).
 */
export async function validateRuntime(
  api: StackApi,
  env: string,
  outputs: Record<string, string>,
  runtimeParameters: Record<string, string> = {},
): Promise<ValidationCheck[]> {
  const names = functionNames(env);
  const expected = expectedEnvironment(env, outputs, runtimeParameters);
  const checks: ValidationCheck[] = [];
  for (const role of ["ingest", "engine"] as const) {
    const name = names[role];
    const config = await api.getFunctionConfiguration(name);
    if (!config) {
      checks.push({ subject: name, ok: false, message: "function not found" });
      continue;
    }
    checks.push({
      subject: name,
      ok: config.state === "Active" && config.lastUpdateStatus === "Successful",
      message:
        `State=${config.state ?? "?"}${config.stateReason ? ` (${config.stateReason})` : ""}, ` +
        `LastUpdateStatus=${config.lastUpdateStatus ?? "?"}` +
        (config.lastUpdateStatusReason ? ` (${config.lastUpdateStatusReason})` : ""),
    });
    const problems: string[] = [];
    for (const [variable, want] of Object.entries(expected[role])) {
      const got = config.environment[variable];
      if (got === undefined || got === "") problems.push(`${variable} missing`);
      else if (want !== true && got !== want) {
        const parameter = PARAMETER_VARIABLES[variable as keyof typeof PARAMETER_VARIABLES];
        problems.push(
          `${variable}=${got}, expected ${want}${parameter ? ` (s1-runtime parameter ${parameter})` : ""}`,
        );
      }
    }
    const model = config.environment["BEDROCK_MODEL_ID"];
    if (model && !INFERENCE_PROFILE.test(model))
      problems.push(
        `BEDROCK_MODEL_ID=${model} is a bare model id (on-demand calls need an inference profile such as eu.${model})`,
      );
    checks.push({
      subject: name,
      ok: problems.length === 0,
      message: problems.length
        ? `environment: ${problems.join("; ")}`
        : `environment: ${Object.keys(expected[role]).length} variables as expected`,
    });
    const group = logGroupName(name);
    const retention = await api.getLogGroupRetention(group);
    checks.push({
      subject: group,
      ok: retention === LOG_RETENTION_DAYS,
      message:
        retention === undefined
          ? `log group missing (declare it in s1-runtime with RetentionInDays ${LOG_RETENTION_DAYS})`
          : `retention ${retention === null ? "never expires" : `${retention} days`}${retention === LOG_RETENTION_DAYS ? "" : `, expected ${LOG_RETENTION_DAYS}`}`,
    });
  }
  return checks;
}

/** One line per validation check. */
export function formatValidation(checks: ValidationCheck[]): string {
  return checks
    .map((c) => `  ${c.ok ? "ok  " : "FAIL"} ${c.subject}: ${c.message}`)
    .join("\n")
    .concat("\n");
}
