import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultProvider } from "../../../src/adapters/lambda-credentials.js";

const KEYS = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] as const;
let saved: Record<string, string | undefined>;
beforeEach(() => {
  saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
});
afterEach(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe("the Lambda bundles' credentials", () => {
  it("are the execution role's, from the environment the Lambda runtime fills", async () => {
    process.env["AWS_ACCESS_KEY_ID"] = "ASIAEXAMPLEEXAMPLE";
    process.env["AWS_SECRET_ACCESS_KEY"] = "not-a-real-secret";
    process.env["AWS_SESSION_TOKEN"] = "session";
    await expect(defaultProvider({})()).resolves.toMatchObject({
      accessKeyId: "ASIAEXAMPLEEXAMPLE",
      secretAccessKey: "not-a-real-secret",
      sessionToken: "session",
    });
  });

  it("say so when the environment has none (no profile, SSO or metadata lookup is tried)", async () => {
    for (const k of KEYS) delete process.env[k];
    await expect(defaultProvider({})()).rejects.toThrow(/Unable to find environment variable credentials/);
  });
});
