/**
 * github-oidc-trust: a role that GitHub Actions can assume (trusting token.actions.githubusercontent.com) is
 * trusted for one repository's GitHub environment exactly: `StringEquals` on `…:aud` = `sts.amazonaws.com` and on
 * `…:sub` = `repo:<owner>/<name>:environment:<env>`. A wildcard or StringLike `sub`, a branch or pull-request
 * subject, or a missing audience would let other workflows (another branch, a PR, another repository) deploy.
 */
import { asList, isRecord, renderString } from "../intrinsics.js";
import { type ParameterInfo, type Template, templateParameters } from "../template.js";
import { type Finding, type Rule, resourceFinding, resourcesOfType } from "./types.js";

const RULE = "github-oidc-trust";
const ISSUER = "token.actions.githubusercontent.com";

/** Whether a trust statement's Federated principal is GitHub's OIDC provider (by Ref, GetAtt or ARN text). */
function trustsGitHub(statement: Record<string, unknown>, providerIds: ReadonlySet<string>): boolean {
  const principal = statement["Principal"];
  if (!isRecord(principal)) return false;
  return (
    JSON.stringify(principal["Federated"] ?? "").includes(ISSUER) ||
    [...providerIds].some((id) => JSON.stringify(principal["Federated"] ?? "").includes(`"${id}"`))
  );
}

/**
 * A `${Param}` in the subject stands for a value that cannot hold a wildcard: the parameter is constrained by
 * AllowedValues without "*", or by an AllowedPattern that refuses "*".
 */
function safePlaceholder(name: string, parameters: readonly ParameterInfo[]): boolean {
  const param = parameters.find((p) => p.name === name);
  if (!param) return false;
  if (param.allowedValues) return param.allowedValues.every((v) => !/[*?]/.test(v));
  if (!param.allowedPattern) return false;
  const pattern = new RegExp(`^(?:${param.allowedPattern})$`);
  return !["*", "*/*", "a/*", "*/a"].some((probe) => pattern.test(probe));
}

/** The problems of one GitHub trust statement. */
function statementProblems(statement: Record<string, unknown>, template: Template): string[] {
  const problems: string[] = [];
  if (statement["Action"] !== "sts:AssumeRoleWithWebIdentity")
    problems.push(`Action must be sts:AssumeRoleWithWebIdentity, got ${JSON.stringify(statement["Action"])}`);
  const condition = isRecord(statement["Condition"]) ? statement["Condition"] : {};
  for (const operator of Object.keys(condition))
    if (operator !== "StringEquals")
      problems.push(`condition operator ${operator}: only StringEquals pins the subject (no patterns)`);
  const equals = isRecord(condition["StringEquals"]) ? condition["StringEquals"] : {};
  const aud = asList(equals[`${ISSUER}:aud`]).map((v) => renderString(v));
  if (aud.length !== 1 || aud[0] !== "sts.amazonaws.com")
    problems.push(`${ISSUER}:aud must be exactly "sts.amazonaws.com"`);
  const sub = asList(equals[`${ISSUER}:sub`]).map((v) => renderString(v) ?? "");
  if (sub.length === 0)
    problems.push(`no ${ISSUER}:sub condition: any repository's workflow could assume the role`);
  const parameters = templateParameters(template);
  for (const value of sub) {
    const placeholders = [...value.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1] ?? "");
    const unsafe = placeholders.filter((name) => !safePlaceholder(name, parameters));
    if (unsafe.length)
      problems.push(
        `${ISSUER}:sub uses ${unsafe.map((n) => `\${${n}}`).join(", ")}, a parameter not constrained against wildcards`,
      );
    // A placeholder right after "repo:" stands for owner/name; any other for one segment.
    const shape = value.replace(/^repo:\$\{[^}]+\}/, "repo:owner/name").replace(/\$\{[^}]+\}/g, "segment");
    if (!/^repo:[^:*?/]+\/[^:*?/]+:environment:[^:*?]+$/.test(shape))
      problems.push(
        `${ISSUER}:sub "${value}" is not repo:<owner>/<name>:environment:<env> (no wildcard, branch or PR)`,
      );
  }
  return problems;
}

export const githubOidcTrust: Rule = {
  id: RULE,
  resourceTypes: ["AWS::IAM::OIDCProvider"],
  summary: "roles GitHub can assume trust one repository's environment: aud sts.amazonaws.com, exact sub",
  check(template) {
    const findings: Finding[] = [];
    const providerIds = new Set(resourcesOfType(template, "AWS::IAM::OIDCProvider").map(([id]) => id));
    for (const [id, role] of resourcesOfType(template, "AWS::IAM::Role")) {
      const document = role.Properties?.["AssumeRolePolicyDocument"];
      if (!isRecord(document)) continue;
      for (const statement of asList(document["Statement"])) {
        if (!isRecord(statement) || statement["Effect"] !== "Allow" || !trustsGitHub(statement, providerIds))
          continue;
        for (const problem of statementProblems(statement, template))
          findings.push(resourceFinding(RULE, template, id, `GitHub OIDC trust: ${problem}`));
      }
    }
    return findings;
  },
};
