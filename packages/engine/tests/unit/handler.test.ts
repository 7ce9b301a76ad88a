/**
 * handler.ts, the Lambda entry point: the environment is validated at module load (the cold start) and the
 * clients are built on the first invocation, not at import.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { engineEnv } from "../support/engine-env.js";

const ENV = engineEnv("test", "error");

const created = vi.hoisted(() => ({ s3: 0 }));
vi.mock("@vectora/core/adapters/s3", async (importOriginal) => {
  const original = await importOriginal<typeof import("@vectora/core/adapters/s3")>();
  return {
    ...original,
    createS3Client: (...args: Parameters<typeof original.createS3Client>) => {
      created.s3++;
      return original.createS3Client(...args);
    },
  };
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
  created.s3 = 0;
});

describe("engine handler.ts", () => {
  it("builds no client at import, one on the first invocation, and reuses it", async () => {
    for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
    const { handler } = await import("../../src/handler.js");
    expect(created.s3).toBe(0);
    expect(await handler({ client_id: "lai_weekly", period_days: 0 })).toMatchObject({ statusCode: 400 });
    expect(await handler({})).toMatchObject({ statusCode: 400 });
    expect(created.s3).toBe(1);
  });

  it("answers a deliver event for an e2e client that is not a dry run with a 400, before reading anything", async () => {
    for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
    const { handler } = await import("../../src/handler.js");
    const reply = await handler({
      action: "deliver",
      client_id: "e2e_smoke",
      as_of: "2025-12-17",
      dry_run: false,
    });
    expect(reply).toEqual({
      statusCode: 400,
      error: "dry_run: must be true for an end-to-end test client (e2e_*, here e2e_smoke): it never emails",
    });
  });

  it("fails at import (the cold start) naming a missing variable", async () => {
    for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
    vi.stubEnv("DATA_BUCKET", "");
    await expect(import("../../src/handler.js")).rejects.toThrow("DATA_BUCKET is not set");
  });
});
