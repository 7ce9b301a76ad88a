/** The preflight's alert-subscription warning: prod with an empty AlertEmail says so and how to fix it. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadTemplate } from "../../../src/infra/index.js";
import { checkAlertSubscription, formatChecks, preflightFailed } from "../../../src/stack/preflight.js";
import { INFRA_DIR } from "../infra/helpers.js";

const runtime = loadTemplate(`${INFRA_DIR}s1-runtime.yaml`);
const prod = JSON.parse(readFileSync(`${INFRA_DIR}params/prod.json`, "utf8")).Parameters as Record<
  string,
  string
>;

describe("checkAlertSubscription", () => {
  it("warns (without failing the deploy) when prod's AlertEmail is empty, naming the fix", () => {
    const checks = checkAlertSubscription(runtime, { ...prod, AlertEmail: "" });
    expect(checks.map((c) => c.level)).toEqual(["warn"]);
    expect(preflightFailed(checks)).toBe(false);
    expect(formatChecks(checks)).toContain('set "AlertEmail" in infra/params/prod.json');
  });

  it("passes once set; says nothing for dev", () => {
    expect(checkAlertSubscription(runtime, { ...prod, AlertEmail: "oncall@pharma.eu" })[0]?.level).toBe(
      "pass",
    );
    expect(checkAlertSubscription(runtime, { ...prod, Env: "dev", AlertEmail: "" })).toEqual([]);
  });
});
