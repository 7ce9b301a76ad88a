import { ReplayHttpTransport } from "@vectora/core/adapters";
import { describe, expect, it } from "vitest";
import { LOCAL_E2E_REPLAY_DIR, LocalE2eSwitchError, localE2eTransport } from "../../src/env.js";

describe("the local-e2e switch", () => {
  it("leaves the live transport alone when the replay variable is absent (the deployed case)", () => {
    expect(localE2eTransport({ AWS_LAMBDA_RUNTIME_API: "127.0.0.1:9001" })).toEqual({});
    expect(localE2eTransport({})).toEqual({});
  });

  it("replays the named recordings outside the Lambda runtime (vectora e2e --local)", () => {
    const { transport } = localE2eTransport({ [LOCAL_E2E_REPLAY_DIR]: "/recordings" });
    expect(transport).toBeInstanceOf(ReplayHttpTransport);
    expect((transport as ReplayHttpTransport).dir).toBe("/recordings");
  });

  it("refuses to start inside the Lambda runtime when the replay variable is set", () => {
    expect(() =>
      localE2eTransport({ [LOCAL_E2E_REPLAY_DIR]: "/recordings", AWS_LAMBDA_RUNTIME_API: "127.0.0.1:9001" }),
    ).toThrow(LocalE2eSwitchError);
  });
});
