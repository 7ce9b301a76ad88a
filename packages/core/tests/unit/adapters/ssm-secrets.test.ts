/** The SSM secrets adapter with a mocked SSM client answering like the real service. */
import { GetParameterCommand, ParameterNotFound, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { SsmSecrets } from "../../../src/adapters/ssm-secrets.js";

const ssm = mockClient(SSMClient);
const PARAM = "/vectora-inbox/dev/pubmed-api-key";

/** A stateful fake of Parameter Store: SecureString values readable only WithDecryption. */
function fakeParameterStore(values: Record<string, string>) {
  ssm.on(GetParameterCommand).callsFake((input: { Name: string; WithDecryption?: boolean }) => {
    const value = values[input.Name];
    if (value === undefined)
      throw new ParameterNotFound({
        message: `Parameter ${input.Name} not found.`,
        $metadata: { httpStatusCode: 400 },
      });
    return {
      Parameter: {
        Name: input.Name,
        Type: "SecureString",
        Value: input.WithDecryption ? value : "AQICAHh...encrypted",
        Version: 1,
        ARN: `arn:aws:ssm:eu-west-3:123456789012:parameter${input.Name}`,
        DataType: "text",
      },
    };
  });
}

beforeEach(() => ssm.reset());

describe("SsmSecrets", () => {
  it("reads the mapped parameter with decryption, once", async () => {
    fakeParameterStore({ [PARAM]: "0123456789abcdef" });
    const secrets = new SsmSecrets({
      client: new SSMClient({ region: "eu-west-3" }),
      parameters: { pubmed_api_key: PARAM },
    });
    expect(await secrets.get("pubmed_api_key")).toBe("0123456789abcdef");
    expect(await secrets.get("pubmed_api_key")).toBe("0123456789abcdef");
    const calls = ssm.commandCalls(GetParameterCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({ Name: PARAM, WithDecryption: true });
  });

  it("answers undefined for a missing parameter or an unmapped secret", async () => {
    fakeParameterStore({});
    const client = new SSMClient({ region: "eu-west-3" });
    expect(
      await new SsmSecrets({ client, parameters: { pubmed_api_key: PARAM } }).get("pubmed_api_key"),
    ).toBeUndefined();
    expect(await new SsmSecrets({ client, parameters: {} }).get("pubmed_api_key")).toBeUndefined();
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);
  });

  it("names the parameter when access is denied, and asks again next time", async () => {
    const denied = Object.assign(
      new Error(
        `User: arn:aws:sts::123456789012:assumed-role/vectora-inbox-ingest-dev/fn is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:eu-west-3:123456789012:parameter${PARAM} because no identity-based policy allows the ssm:GetParameter action`,
      ),
      { name: "AccessDeniedException" },
    );
    ssm
      .on(GetParameterCommand)
      .rejectsOnce(denied)
      .resolves({ Parameter: { Name: PARAM, Value: "later" } });
    const secrets = new SsmSecrets({
      client: new SSMClient({ region: "eu-west-3" }),
      parameters: { pubmed_api_key: PARAM },
    });
    await expect(secrets.get("pubmed_api_key")).rejects.toThrow(
      `cannot read SSM parameter ${PARAM} (secret pubmed_api_key): AccessDeniedException: User: arn:aws:sts::`,
    );
    expect(await secrets.get("pubmed_api_key")).toBe("later");
  });
});
