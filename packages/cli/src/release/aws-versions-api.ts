/** {@link FunctionVersionsApi} on the real Lambda client: a thin mapping, "not found" turned into `undefined`. */
import {
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  type LambdaClient,
  ListAliasesCommand,
  ListVersionsByFunctionCommand,
  UpdateAliasCommand,
} from "@aws-sdk/client-lambda";
import type { AliasState, FunctionVersion, FunctionVersionsApi } from "./port.js";

function isNotFound(error: unknown): boolean {
  return (error as { name?: string }).name === "ResourceNotFoundException";
}

function toAlias(out: {
  Name?: string | undefined;
  FunctionVersion?: string | undefined;
  RevisionId?: string | undefined;
  Description?: string | undefined;
}): AliasState {
  return {
    name: out.Name ?? "",
    functionVersion: out.FunctionVersion ?? "",
    ...(out.RevisionId ? { revisionId: out.RevisionId } : {}),
    ...(out.Description ? { description: out.Description } : {}),
  };
}

/** The adapter. */
export function awsVersionsApi(lambda: LambdaClient): FunctionVersionsApi {
  return {
    async getAlias(functionName, alias) {
      try {
        return toAlias(await lambda.send(new GetAliasCommand({ FunctionName: functionName, Name: alias })));
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async updateAlias(functionName, alias, version, revisionId) {
      const out = await lambda.send(
        new UpdateAliasCommand({
          FunctionName: functionName,
          Name: alias,
          FunctionVersion: version,
          ...(revisionId ? { RevisionId: revisionId } : {}),
        }),
      );
      return toAlias(out);
    },
    async listVersions(functionName) {
      const versions: FunctionVersion[] = [];
      let marker: string | undefined;
      do {
        const page = await lambda.send(
          new ListVersionsByFunctionCommand({
            FunctionName: functionName,
            ...(marker ? { Marker: marker } : {}),
          }),
        );
        for (const v of page.Versions ?? []) {
          if (!v.Version || v.Version === "$LATEST") continue;
          versions.push({
            version: v.Version,
            codeSha256: v.CodeSha256 ?? "",
            description: v.Description ?? "",
            ...(v.LastModified ? { lastModified: v.LastModified } : {}),
          });
        }
        marker = page.NextMarker;
      } while (marker);
      return versions.sort((a, b) => Number(a.version) - Number(b.version));
    },
    async listAliases(functionName) {
      const aliases: AliasState[] = [];
      let marker: string | undefined;
      do {
        const page = await lambda.send(
          new ListAliasesCommand({ FunctionName: functionName, ...(marker ? { Marker: marker } : {}) }),
        );
        aliases.push(...(page.Aliases ?? []).map(toAlias));
        marker = page.NextMarker;
      } while (marker);
      return aliases;
    },
    async deleteVersion(functionName, version) {
      await lambda.send(new DeleteFunctionCommand({ FunctionName: functionName, Qualifier: version }));
    },
    async latestCodeSha256(functionName) {
      try {
        const out = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
        return out.CodeSha256;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
  };
}
