/**
 * The Lambda calls behind versions and the `live` alias, as a small port: `vectora rollback` and the deploy's
 * post-deploy checks are tested against a fake account, and the adapter stays a thin mapping onto the SDK.
 */

/** The alias every invoker targets (schedules, state machines, e2e): what is "live". */
export const LIVE_ALIAS = "live";

/** A published version (never `$LATEST`), as ListVersionsByFunction returns it. */
export interface FunctionVersion {
  /** "1", "2"… (Lambda's numbering, per function). */
  version: string;
  /** Lambda's `CodeSha256`: base64 of the SHA-256 of the zip. */
  codeSha256: string;
  /** The release id the deploy published it with (`commit=<sha> params=<digest>`), or free text. */
  description: string;
  lastModified?: string;
}

export interface AliasState {
  name: string;
  functionVersion: string;
  /** For a conditional UpdateAlias: it fails if someone moved the alias in between. */
  revisionId?: string;
  description?: string;
}

export interface FunctionVersionsApi {
  /** `undefined` when the function has no such alias (or the function does not exist). */
  getAlias(functionName: string, alias: string): Promise<AliasState | undefined>;
  /** Moves the alias; with `revisionId`, only if nobody moved it since it was read. */
  updateAlias(functionName: string, alias: string, version: string, revisionId?: string): Promise<AliasState>;
  /** Every published version, oldest first (all pages; `$LATEST` left out). */
  listVersions(functionName: string): Promise<FunctionVersion[]>;
  /** Aliases of the function (a version an alias points at cannot be deleted). */
  listAliases(functionName: string): Promise<AliasState[]>;
  /** Deletes one published version (DeleteFunction with a Qualifier). */
  deleteVersion(functionName: string, version: string): Promise<void>;
  /** `$LATEST`'s CodeSha256; `undefined` when the function does not exist. */
  latestCodeSha256(functionName: string): Promise<string | undefined>;
}
