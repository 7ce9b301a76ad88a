/**
 * After a deploy: does each function hold the zip the manifest records, and does its `live` alias point at a
 * version of that zip? "What CI tested is what runs", checked by hash against what Lambda reports.
 */
import type { LambdaFunction } from "../package/manifest.js";
import type { ValidationCheck } from "../stack/validate.js";
import { type FunctionVersionsApi, LIVE_ALIAS } from "./port.js";

/**
 * One check per function for `$LATEST` and one for `live`. Without an expected hash (no manifest) the checks
 * only report what is deployed.
 */
export async function validateRelease(
  api: FunctionVersionsApi,
  functionNames: Record<LambdaFunction, string>,
  expectedCode: Partial<Record<LambdaFunction, string>>,
  env: string,
): Promise<ValidationCheck[]> {
  const checks: ValidationCheck[] = [];
  for (const role of Object.keys(functionNames) as LambdaFunction[]) {
    const name = functionNames[role];
    const expected = expectedCode[role];
    const latest = await api.latestCodeSha256(name);
    if (latest === undefined) {
      checks.push({ subject: name, ok: false, message: "function not found" });
      continue;
    }
    checks.push({
      subject: name,
      ok: expected === undefined || latest === expected,
      message:
        expected === undefined
          ? `$LATEST CodeSha256 ${latest} (no manifest to compare with)`
          : latest === expected
            ? `$LATEST CodeSha256 ${latest} = the manifest's zip`
            : `$LATEST CodeSha256 ${latest}, but the manifest's zip is ${expected}: the function does not hold the zip CI built`,
    });
    const alias = await api.getAlias(name, LIVE_ALIAS);
    if (!alias) {
      checks.push({
        subject: `${name}:${LIVE_ALIAS}`,
        ok: false,
        message: `no "${LIVE_ALIAS}" alias (s1-runtime declares it; was the stack deployed?)`,
      });
      continue;
    }
    const versions = await api.listVersions(name);
    const live = versions.find((v) => v.version === alias.functionVersion);
    const described = `version ${alias.functionVersion}${live ? ` (CodeSha256 ${live.codeSha256}, ${live.description || "no description"})` : ""}`;
    if (expected === undefined || live?.codeSha256 === expected) {
      checks.push({ subject: `${name}:${LIVE_ALIAS}`, ok: live !== undefined, message: `→ ${described}` });
      continue;
    }
    const forward = versions.findLast((v) => v.codeSha256 === expected);
    checks.push({
      subject: `${name}:${LIVE_ALIAS}`,
      ok: false,
      message:
        `→ ${described}, not the manifest's zip (${expected}). The alias was moved outside CloudFormation (a ` +
        "rollback) and this deploy published no new version, so it stayed there" +
        (forward
          ? `; to serve this release, \`vectora rollback --env ${env} --function ${role} --to ${forward.version}\` moves it forward`
          : ""),
    });
  }
  return checks;
}
