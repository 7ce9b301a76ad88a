/**
 * The CloudFormation service role change sets run as (`RoleARN`), so the identity that deploys — the GitHub
 * environment's role — needs only CloudFormation and iam:PassRole on that role, not the rights to create roles,
 * buckets and functions. s0-bootstrap (deployed once by an administrator) creates it and outputs its ARN.
 */
import type { StackApi } from "./port.js";

/** The bootstrap stack's output naming the service role. */
export const SERVICE_ROLE_OUTPUT = "CloudFormationServiceRoleArn";

/** `vectora-inbox-s0-bootstrap-<env>`: deployed by hand, once; not one of the stacks `stack deploy` deploys. */
export function bootstrapStackName(env: string): string {
  return `vectora-inbox-s0-bootstrap-${env}`;
}

/**
 * `--role-arn` when given, else the bootstrap stack's {@link SERVICE_ROLE_OUTPUT}, else none: the change sets
 * then run with the caller's own credentials (a developer's admin profile). Says which, in one line.
 */
export async function resolveServiceRole(
  api: StackApi,
  env: string,
  flag: string | undefined,
  out: (text: string) => void,
): Promise<string | undefined> {
  if (flag) {
    out(`change sets run as ${flag} (--role-arn)\n`);
    return flag;
  }
  const bootstrap = await api.describeStack(bootstrapStackName(env));
  const arn = bootstrap?.outputs[SERVICE_ROLE_OUTPUT];
  if (arn) {
    out(`change sets run as ${arn} (${bootstrapStackName(env)} output ${SERVICE_ROLE_OUTPUT})\n`);
    return arn;
  }
  out(
    `no ${bootstrapStackName(env)} stack: change sets run with the caller's own credentials ` +
      "(bootstrap the deploy identity for CI: see infra/README.md)\n",
  );
  return undefined;
}
