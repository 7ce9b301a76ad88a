/**
 * After a deploy: both functions Active and Successful, with the environment the outputs say, and their
 * logs kept 14 days.
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

/** The variables each function must carry, from the env and the s0-core outputs. */
export function expectedEnvironment(
  env: string,
  outputs: Record<string, string>,
): Record<"ingest" | "engine", Record<string, string | true>> {
  const common: Record<string, string | true> = {
    ENV: env,
    PROJECT_NAME,
    BEDROCK_MODEL_ID: true,
    LOG_LEVEL: true,
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

/** Checks both functions and their log groups. `true` in the expected env means "present, any value". */
export async function validateRuntime(
  api: StackApi,
  env: string,
  outputs: Record<string, string>,
): Promise<ValidationCheck[]> {
  const names = functionNames(env);
  const expected = expectedEnvironment(env, outputs);
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
      else if (want !== true && got !== want) problems.push(`${variable}=${got}, expected ${want}`);
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
