/**
 * The names operators already use (domain.md): three stacks deployed in order, two functions, four buckets.
 */

/** The stacks, in deployment order: roles, then buckets, then the functions that use both. */
export const STACK_KEYS = ["s0-iam", "s0-core", "s1-runtime"] as const;
export type StackKey = (typeof STACK_KEYS)[number];

/** `vectora-inbox-s1-runtime-dev` for (`s1-runtime`, `dev`). */
export function stackName(key: StackKey, env: string): string {
  return `vectora-inbox-${key}-${env}`;
}

/** The key and env of one of our stack names (`vectora-inbox-s1-runtime-dev`); `undefined` for others. */
export function parseStackName(name: string): { key: StackKey; env: string } | undefined {
  for (const key of STACK_KEYS) {
    const prefix = `vectora-inbox-${key}-`;
    if (name.startsWith(prefix) && name.length > prefix.length)
      return { key, env: name.slice(prefix.length) };
  }
  return undefined;
}

/** Parses a `--stack` value: a key (`s1-runtime`) or a full stack name for this env. */
export function parseStackKey(value: string, env: string): StackKey | undefined {
  return STACK_KEYS.find((key) => key === value || stackName(key, env) === value);
}

/**
 * Stacks whose buckets hold data that must survive (DeletionPolicy Retain): deleting one orphans its
 * buckets and the next create fails with "… already exists". Deleting it needs `--force-recreate <key>`.
 */
export const DATA_STACKS: readonly StackKey[] = ["s0-core"];

/** The two Lambda functions of s1-runtime, with the environment variables each must carry. */
export function functionNames(env: string): { ingest: string; engine: string } {
  return { ingest: `vectora-inbox-ingest-normalize-${env}`, engine: `vectora-inbox-engine-${env}` };
}

/** Lambda's log group of a function. */
export function logGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** How long the functions' logs are kept (domain.md: "Logs kept 14 days"). */
export const LOG_RETENTION_DAYS = 14;

/** Project name carried in `PROJECT_NAME`. */
export const PROJECT_NAME = "vectora-inbox";

/**
 * Outputs of the s0 stacks that s1-runtime takes as parameters of the same name (s0-iam: the roles;
 * s0-core: the buckets). Offline preflight cannot know them and defers them to deploy.
 */
export const UPSTREAM_OUTPUTS = [
  "IngestNormalizeRoleArn",
  "EngineRoleArn",
  "StateMachineRoleArn",
  "WeeklySchedulerRoleArn",
  "WatchSchedulerRoleArn",
  "ConfigBucketName",
  "DataBucketName",
  "NewslettersBucketName",
  "LambdaCodeBucketName",
] as const;
