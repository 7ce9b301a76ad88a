import { EnvError } from "@vectora/core/lambda";
import { describe, expect, it } from "vitest";
import { readIngestEnv as readEnv } from "../../src/env.js";

const BASE = {
  ENV: "dev",
  PROJECT_NAME: "vectora-inbox",
  CONFIG_BUCKET: "vectora-inbox-config-dev",
  DATA_BUCKET: "vectora-inbox-data-dev",
};

describe("readEnv", () => {
  it("accepts the operators' variables, with LOG_LEVEL defaulting to info", () => {
    expect(
      readEnv({ ...BASE, PUBMED_API_KEY_PARAM: "/vectora-inbox/dev/pubmed-api-key", OTHER: "ignored" }),
    ).toEqual({
      ...BASE,
      LOG_LEVEL: "info",
      PUBMED_API_KEY_PARAM: "/vectora-inbox/dev/pubmed-api-key",
    });
  });

  it("reads LOG_LEVEL in any case (the operators' environment says INFO) and rejects unknown levels", () => {
    expect(readEnv({ ...BASE, LOG_LEVEL: "INFO" }).LOG_LEVEL).toBe("info");
    expect(readEnv({ ...BASE, LOG_LEVEL: "ERROR" }).LOG_LEVEL).toBe("error");
    expect(readEnv({ ...BASE, LOG_LEVEL: "Warn" }).LOG_LEVEL).toBe("warn");
    expect(() => readEnv({ ...BASE, LOG_LEVEL: "LOUD" })).toThrow(/LOG_LEVEL: /);
  });

  it("names every missing variable (empty counts as missing)", () => {
    const error = (() => {
      try {
        readEnv({ ...BASE, CONFIG_BUCKET: "", PROJECT_NAME: undefined });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).variables.sort()).toEqual(["CONFIG_BUCKET", "PROJECT_NAME"]);
    expect((error as Error).message).toMatch(/PROJECT_NAME is required but not set/);
    expect((error as Error).message).toMatch(/CONFIG_BUCKET is required but not set/);
  });
});
