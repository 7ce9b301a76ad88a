import { describe, expect, it } from "vitest";
import { KNOWN_CAUSES, matchCause } from "../../../src/stack/catalogue.js";
import {
  classifyStatus,
  diagnoseStack,
  findRootCause,
  latestOperation,
  reachesOperationStart,
  rollbackBlockers,
  unwrapHandlerMessage,
} from "../../../src/stack/diagnose.js";
import { listStackEvents, type StackApi, type StackEvent } from "../../../src/stack/port.js";

const STACK = "vectora-inbox-s1-runtime-dev";
const START = Date.parse("2025-12-08T14:21:00.000Z");
/** Builds events oldest first, returns them newest first like the API. */
function history(...rows: [logicalId: string, status: string, reason?: string][]): StackEvent[] {
  return rows
    .map(([logicalId, status, reason], i) => ({
      eventId: `${logicalId}-${status}-${i}`,
      stackName: STACK,
      logicalResourceId: logicalId,
      resourceType: logicalId === STACK ? "AWS::CloudFormation::Stack" : "AWS::Lambda::Function",
      resourceStatus: status,
      ...(reason ? { resourceStatusReason: reason } : {}),
      timestamp: new Date(START + (i + 1) * 1000),
    }))
    .reverse();
}

describe("classifyStatus", () => {
  it.each([
    ["CREATE_COMPLETE", "healthy"],
    ["UPDATE_COMPLETE", "healthy"],
    ["UPDATE_ROLLBACK_COMPLETE", "updatable-after-failure"],
    ["ROLLBACK_COMPLETE", "needs-recreate"],
    ["ROLLBACK_FAILED", "needs-recreate"],
    ["CREATE_FAILED", "needs-recreate"],
    ["DELETE_FAILED", "needs-recreate"],
    ["UPDATE_ROLLBACK_FAILED", "needs-continue-rollback"],
    ["UPDATE_IN_PROGRESS", "in-progress"],
    ["UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "in-progress"],
    ["UPDATE_ROLLBACK_IN_PROGRESS", "in-progress"],
    ["DELETE_IN_PROGRESS", "in-progress"],
    ["REVIEW_IN_PROGRESS", "absent"],
    [undefined, "absent"],
  ])("%s → %s", (status, state) => {
    expect(classifyStatus(status)).toBe(state);
  });
});

describe("findRootCause", () => {
  const quota =
    'Resource handler returned message: "Specified ReservedConcurrentExecutions for function decreases account\'s UnreservedConcurrentExecution below its minimum value of [10]. (Service: Lambda, Status Code: 400, Request ID: 1)" (RequestToken: 2, HandlerErrorCode: InvalidRequest)';

  it("takes the earliest real failure, skipping cascades and the stack's summary", () => {
    const events = history(
      [STACK, "UPDATE_IN_PROGRESS", "User Initiated"],
      ["IngestNormalizeFunction", "UPDATE_IN_PROGRESS"],
      ["EngineFunction", "UPDATE_IN_PROGRESS"],
      ["IngestNormalizeFunction", "UPDATE_FAILED", "Resource update cancelled"],
      ["EngineFunction", "UPDATE_FAILED", quota],
      ["IngestNormalizeFunction", "UPDATE_FAILED", "Resource update cancelled"],
      [
        STACK,
        "UPDATE_ROLLBACK_IN_PROGRESS",
        "The following resource(s) failed to update: [EngineFunction, IngestNormalizeFunction]. ",
      ],
      [STACK, "UPDATE_ROLLBACK_COMPLETE"],
    );
    expect(findRootCause(events)).toMatchObject({
      logicalId: "EngineFunction",
      status: "UPDATE_FAILED",
      reason: quota,
    });
  });

  it("looks at the latest operation only", () => {
    const events = history(
      [STACK, "UPDATE_IN_PROGRESS", "User Initiated"],
      ["EngineFunction", "UPDATE_FAILED", "Error occurred while GetObject. S3 Error Code: NoSuchKey."],
      [STACK, "UPDATE_ROLLBACK_COMPLETE"],
      [STACK, "UPDATE_IN_PROGRESS", "User Initiated"],
      ["EngineFunction", "UPDATE_COMPLETE"],
      [STACK, "UPDATE_COMPLETE"],
    );
    expect(latestOperation(events)).toHaveLength(3);
    expect(findRootCause(events)).toBeUndefined();
  });

  it("falls back to a stack-level reason that is not a summary (an export in use)", () => {
    const reason =
      "Export vectora-inbox-s0-core-dev-DataBucketName cannot be deleted as it is in use by vectora-inbox-s1-runtime-dev";
    const events = history([STACK, "DELETE_IN_PROGRESS", "User Initiated"], [STACK, "DELETE_FAILED", reason]);
    expect(findRootCause(events)).toMatchObject({ logicalId: STACK, status: "DELETE_FAILED", reason });
    expect(diagnoseStack({ stackName: STACK, status: "DELETE_FAILED" }, events).cause).toBe("export-in-use");
  });

  it("lists the resources whose rollback failed", () => {
    const events = history(
      [STACK, "UPDATE_IN_PROGRESS", "User Initiated"],
      [
        "EngineFunction",
        "UPDATE_FAILED",
        "The runtime parameter of nodejs16.x is no longer supported for creating or updating AWS Lambda functions.",
      ],
      [
        STACK,
        "UPDATE_ROLLBACK_IN_PROGRESS",
        "The following resource(s) failed to update: [EngineFunction]. ",
      ],
      ["EngineFunction", "UPDATE_FAILED", "The role defined for the function cannot be assumed by Lambda."],
      [STACK, "UPDATE_ROLLBACK_FAILED", "The following resource(s) failed to update: [EngineFunction]. "],
    );
    expect(rollbackBlockers(events)).toEqual([
      {
        logicalId: "EngineFunction",
        reason: "The role defined for the function cannot be assumed by Lambda.",
      },
    ]);
    const d = diagnoseStack({ stackName: STACK, status: "UPDATE_ROLLBACK_FAILED" }, events);
    expect(d.state).toBe("needs-continue-rollback");
    expect(d.cause).toBe("runtime-deprecated");
    // The blocker's own reason (not the update's root cause), and a command that runs as printed.
    expect(d.hint).toContain(
      "The rollback is blocked by EngineFunction: The role defined for the function cannot be assumed by Lambda.",
    );
    expect(d.hint).toContain(
      "`vectora stack deploy --env dev --stack s1-runtime --skip EngineFunction` (ContinueUpdateRollback on vectora-inbox-s1-runtime-dev)",
    );
  });

  it("names every blocker with its reason, and keeps the newest reason of a resource that failed twice", () => {
    const events = history(
      [STACK, "UPDATE_IN_PROGRESS", "User Initiated"],
      ["EngineFunction", "UPDATE_FAILED", "Error occurred while GetObject. S3 Error Code: NoSuchKey."],
      [
        STACK,
        "UPDATE_ROLLBACK_IN_PROGRESS",
        "The following resource(s) failed to update: [EngineFunction]. ",
      ],
      ["IngestNormalizeFunction", "UPDATE_FAILED", "Rate exceeded"],
      ["EngineFunction", "UPDATE_FAILED", "first try"],
      ["EngineFunction", "UPDATE_FAILED", "The role defined for the function cannot be assumed by Lambda."],
      [STACK, "UPDATE_ROLLBACK_FAILED", "The following resource(s) failed to update: [EngineFunction]. "],
    );
    expect(rollbackBlockers(events).map((b) => [b.logicalId, b.reason])).toEqual([
      ["IngestNormalizeFunction", "Rate exceeded"],
      ["EngineFunction", "The role defined for the function cannot be assumed by Lambda."],
    ]);
    const { hint } = diagnoseStack({ stackName: STACK, status: "UPDATE_ROLLBACK_FAILED" }, events);
    expect(hint).toContain(
      "blocked by IngestNormalizeFunction: Rate exceeded; EngineFunction: The role defined for the function cannot be assumed by Lambda.",
    );
    expect(hint).toContain("--skip IngestNormalizeFunction --skip EngineFunction`");
  });

  it("every state's example command carries the required --env", () => {
    const cases: [string, string | undefined][] = [
      ["vectora-inbox-s1-runtime-prod", undefined],
      ["vectora-inbox-s1-runtime-prod", "UPDATE_IN_PROGRESS"],
      ["vectora-inbox-s1-runtime-prod", "UPDATE_ROLLBACK_COMPLETE"],
      ["vectora-inbox-s1-runtime-prod", "ROLLBACK_COMPLETE"],
    ];
    for (const [stackName, status] of cases) {
      const { hint } = diagnoseStack(status ? { stackName, status } : { stackName }, []);
      expect(hint, String(status)).toContain("`vectora stack deploy --env prod --stack s1-runtime");
    }
    const core = diagnoseStack({ stackName: "vectora-inbox-s0-core-dev", status: "ROLLBACK_COMPLETE" }, []);
    expect(core.hint).toContain(
      "`vectora stack deploy --env dev --stack s0-core --yes --force-recreate s0-core`",
    );
    // A stack that is not ours: the placeholder, never a command missing --env.
    expect(diagnoseStack({ stackName: "other", status: "UPDATE_ROLLBACK_COMPLETE" }, []).hint).toContain(
      "`vectora stack deploy --env <env>`",
    );
  });

  it("without the stack's ARN the hint says why there is no console link (issue 15)", () => {
    const events = history(
      [STACK, "UPDATE_IN_PROGRESS", "User Initiated"],
      ["EngineFunction", "UPDATE_FAILED", "Internal Failure"],
      [STACK, "UPDATE_ROLLBACK_COMPLETE"],
    );
    const d = diagnoseStack({ stackName: STACK, status: "UPDATE_ROLLBACK_COMPLETE" }, events);
    expect(d.consoleUrl).toBeNull();
    expect(d.hint).toMatch(
      / \(No stack ARN in what was read, so no console link: open the stack's Events tab in its region\.\)$/,
    );
    const arn = "arn:aws:cloudformation:eu-west-1:123456789012:stack/vectora-inbox-s1-runtime-dev/ab12";
    const withArn = diagnoseStack(
      { stackName: STACK, status: "UPDATE_ROLLBACK_COMPLETE", stackId: arn },
      events,
    );
    expect(withArn.hint).toMatch(
      / Events: https:\/\/eu-west-1\.console\.aws\.amazon\.com\/cloudformation\/home\?region=eu-west-1#\/stacks\/events\?stackId=arn%3Aaws%3Acloudformation%3Aeu-west-1%3A123456789012%3Astack%2Fvectora-inbox-s1-runtime-dev%2Fab12$/,
    );
    // A healthy stack needs no link in its hint.
    expect(diagnoseStack({ stackName: STACK, status: "UPDATE_COMPLETE", stackId: arn }, events).hint).toBe(
      "Nothing to do.",
    );
  });

  it("a healthy or absent stack has no root cause even with old failures", () => {
    const events = history([STACK, "UPDATE_IN_PROGRESS"], ["EngineFunction", "UPDATE_FAILED", "boom"]);
    expect(diagnoseStack({ stackName: STACK, status: "UPDATE_COMPLETE" }, events).rootCause).toBeNull();
    expect(diagnoseStack({ stackName: STACK }, []).state).toBe("absent");
  });
});

describe("the catalogue", () => {
  const texts: Record<string, string> = {
    "reserved-concurrency-quota":
      "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [10].",
    "bucket-exists":
      'Resource handler returned message: "vectora-inbox-data-dev already exists (Service: S3, Status Code: 0, Request ID: null)" (RequestToken: 7f3b, HandlerErrorCode: AlreadyExists)',
    "missing-capabilities": "Requires capabilities : [CAPABILITY_NAMED_IAM]",
    "code-object-missing":
      "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.",
    "role-not-assumable": "The role defined for the function cannot be assumed by Lambda.",
    "runtime-deprecated":
      "The runtime parameter of nodejs16.x is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.",
    "export-in-use":
      "Export vectora-inbox-s0-core-dev-DataBucketName cannot be deleted as it is in use by vectora-inbox-s1-runtime-dev",
  };

  it("recognises the three phrasings of an export in use, with one importer or several", () => {
    const update = matchCause(
      "Cannot update export vectora-inbox-s0-core-dev-DataBucketName as it is in use by vectora-inbox-s1-runtime-dev",
    );
    expect(update?.id).toBe("export-in-use");
    expect(update?.explanation).toBe(
      "Output export vectora-inbox-s0-core-dev-DataBucketName cannot be updated: stack vectora-inbox-s1-runtime-dev imports it (Fn::ImportValue).",
    );
    const del = matchCause(
      "Delete canceled. Cannot delete export vectora-inbox-s0-core-dev-DataBucketName as it is in use by vectora-inbox-s1-runtime-dev, vectora-inbox-reports-dev and vectora-inbox-audit-dev.",
    );
    expect(del?.id).toBe("export-in-use");
    expect(del?.explanation).toBe(
      "Output export vectora-inbox-s0-core-dev-DataBucketName cannot be deleted: stacks vectora-inbox-s1-runtime-dev, vectora-inbox-reports-dev, vectora-inbox-audit-dev import it (Fn::ImportValue).",
    );
    expect(del?.fix).toMatch(
      /^Change vectora-inbox-s1-runtime-dev, vectora-inbox-reports-dev, vectora-inbox-audit-dev first so they no longer import/,
    );
    expect(matchCause(texts["export-in-use"]!)?.explanation).toContain(
      "cannot be deleted: stack vectora-inbox-s1-runtime-dev imports it",
    );
  });

  it("suggests only runtimes the templates allow for a deprecated one", () => {
    const fix = matchCause(texts["runtime-deprecated"]!)?.fix ?? "";
    expect(fix).toContain("nodejs22.x or nodejs24.x");
    expect(fix).not.toContain("nodejs20.x");
  });

  it("fixes that show a vectora command give it the env of the stack", () => {
    const ctx = { stackName: "vectora-inbox-s0-core-prod" };
    expect(matchCause(texts["bucket-exists"]!, ctx)?.fix).toContain("`vectora stack deploy --env prod`");
    expect(matchCause(texts["code-object-missing"]!, ctx)?.fix).toContain(
      "`vectora stack preflight --env prod`",
    );
    expect(matchCause(texts["code-object-missing"]!)?.fix).toContain("`vectora stack preflight --env <env>`");
  });

  it("still recognises the first seven causes by their exact AWS text", () => {
    // The whole catalogue, each cause on real texts, is covered by causes.test.ts (issue 15).
    const ids = KNOWN_CAUSES.map((c) => c.id);
    for (const [id, text] of Object.entries(texts)) {
      expect(ids, id).toContain(id);
      expect(matchCause(text)?.id, id).toBe(id);
    }
  });

  it("states the account limit and floor when the settings are known", () => {
    const match = matchCause(texts["reserved-concurrency-quota"]!, {
      logicalId: "EngineFunction",
      physicalId: "vectora-inbox-engine-dev",
      account: { concurrentExecutions: 10, unreservedConcurrentExecutions: 10 },
    });
    expect(match?.explanation).toContain("EngineFunction (vectora-inbox-engine-dev)");
    expect(match?.explanation).toContain("The account limit is 10 concurrent executions with 10 unreserved");
    expect(match?.explanation).toContain("min(100, limit) = 10");
  });

  it("leaves unknown reasons unmatched", () => {
    // "Rate exceeded" and "Role with name … already exists" are known causes since issue 15 (causes.test.ts).
    expect(matchCause("Internal Failure")).toBeUndefined();
    expect(matchCause("Resource timed out waiting for completion")).toBeUndefined();
  });

  it("unwraps the resource handler's message for humans", () => {
    expect(unwrapHandlerMessage(texts["bucket-exists"]!)).toBe("vectora-inbox-data-dev already exists");
    expect(unwrapHandlerMessage("Resource update cancelled")).toBe("Resource update cancelled");
    // The newer wrapping adds the SDK's attempt count (https://github.com/aws/eks-hybrid/pull/741).
    expect(
      unwrapHandlerMessage(
        'Resource handler returned message: "Cannot exceed quota for PoliciesPerRole: 10 (Service: Iam, Status Code: 409, Request ID: a42eda91-33d6-4a53-976c-2948b84c77b5) (SDK Attempt Count: 1)" (RequestToken: a6dcd513-5b40-32ea-cd39-c272e6373ac5, HandlerErrorCode: ServiceLimitExceeded)',
      ),
    ).toBe("Cannot exceed quota for PoliciesPerRole: 10");
  });
});

describe("listStackEvents", () => {
  it("pages until the latest operation's start, not further", async () => {
    const events = history(
      [STACK, "CREATE_IN_PROGRESS", "User Initiated"],
      ["EngineFunction", "CREATE_COMPLETE"],
      [STACK, "CREATE_COMPLETE"],
      [STACK, "UPDATE_IN_PROGRESS", "User Initiated"],
      ["EngineFunction", "UPDATE_FAILED", "x"],
      [STACK, "UPDATE_ROLLBACK_COMPLETE"],
    );
    const pages: string[] = [];
    const api = {
      async describeStackEvents(_name: string, token?: string) {
        const start = Number(token ?? 0);
        pages.push(String(start));
        return {
          events: events.slice(start, start + 2),
          ...(start + 2 < events.length ? { nextToken: String(start + 2) } : {}),
        };
      },
    } as unknown as StackApi;
    const read = await listStackEvents(api, STACK, reachesOperationStart);
    expect(pages).toEqual(["0", "2"]);
    expect(read).toHaveLength(4);
    expect(await listStackEvents(api, STACK)).toHaveLength(6);
  });
});
