/**
 * The versions and aliases half of the fake account's Lambda: PublishVersion, ListVersionsByFunction, GetAlias,
 * CreateAlias, UpdateAlias, ListAliases, DeleteFunction with a Qualifier — with the service's rules (an
 * unchanged `$LATEST` publishes nothing new, the CodeSha256 precondition, a version an alias points at cannot
 * be deleted, numbers are never reused, conditional updates by RevisionId) and its error texts.
 */
import {
  InvalidParameterValueException,
  PreconditionFailedException,
  ResourceConflictException,
  ResourceNotFoundException,
} from "@aws-sdk/client-lambda";
import type { FakeFunction, FakeVersion } from "./fake-aws-account.js";

export const LAMBDA_TEXTS = {
  functionNotFound: (arn: string) => `Function not found: ${arn}`,
  codeShaMismatch: (given: string, latest: string) =>
    `CodeSHA256 (${given}) is different from current CodeSHA256 in $LATEST (${latest}). Please try again with the CodeSHA256 in $LATEST.`,
  aliasReferencesVersion: (aliases: string[]) =>
    `Unable to delete version because the following aliases reference it: [${aliases.join(", ")}]`,
  aliasNotFound: (arn: string) => `Cannot find alias arn: ${arn}`,
  aliasExists: (arn: string) => `Alias already exists: ${arn}`,
  revisionMismatch:
    "The Revision Id provided does not match the latest Revision Id. Call the GetAlias API to retrieve the latest Revision Id",
};

const NOT_FOUND = { $metadata: { httpStatusCode: 404 }, Type: "User" } as const;
const CONFLICT = { $metadata: { httpStatusCode: 409 }, Type: "User" } as const;
const BAD_REQUEST = { $metadata: { httpStatusCode: 400 }, Type: "User" } as const;

/** Lambda's versions and aliases over the fake account's functions. */
export class FakeLambdaVersions {
  /** ListVersionsByFunction's page size (the API's MaxItems default is 50). */
  pageSize = 50;

  constructor(
    private readonly functions: Map<string, FakeFunction>,
    private readonly arnOf: (name: string, qualifier?: string) => string,
    private readonly now: () => Date,
    private readonly newRevision: () => string,
  ) {}

  /** The function a FunctionName (name or ARN, possibly qualified) names, or Lambda's 404. */
  fn(functionName: string | undefined): FakeFunction {
    const name = String(functionName ?? "")
      .replace(/^arn:aws:lambda:[^:]+:\d+:function:/, "")
      .split(":")[0]!;
    const fn = this.functions.get(name);
    if (!fn)
      throw new ResourceNotFoundException({
        message: LAMBDA_TEXTS.functionNotFound(this.arnOf(name)),
        ...NOT_FOUND,
      });
    return fn;
  }

  /** What a version snapshots: an unchanged `$LATEST` has the same snapshot as its last version. */
  static snapshotOf(fn: FakeFunction): string {
    return JSON.stringify([fn.codeSha256, fn.runtime, fn.role, fn.environment, fn.reserved ?? null]);
  }

  /** PublishVersion, also what CloudFormation's AWS::Lambda::Version does on create. */
  publish(input: { FunctionName?: string; Description?: string; CodeSha256?: string }): FakeVersion {
    const fn = this.fn(input.FunctionName);
    if (input.CodeSha256 !== undefined && input.CodeSha256 !== fn.codeSha256)
      throw new InvalidParameterValueException({
        message: LAMBDA_TEXTS.codeShaMismatch(input.CodeSha256, fn.codeSha256),
        ...BAD_REQUEST,
      });
    const snapshot = FakeLambdaVersions.snapshotOf(fn);
    const last = fn.versions.at(-1);
    // "Lambda doesn't publish a version if the function's configuration and code haven't changed since the last version."
    if (last && last.snapshot === snapshot) return last;
    fn.lastVersion += 1;
    const version: FakeVersion = {
      version: String(fn.lastVersion),
      codeSha256: fn.codeSha256,
      description: input.Description ?? "",
      snapshot,
      lastModified: this.now().toISOString().replace("Z", "+0000"),
    };
    fn.versions.push(version);
    return version;
  }

  /** A version as the API returns it in FunctionConfiguration shape. */
  configuration(fn: FakeFunction, version: FakeVersion | undefined) {
    return {
      FunctionName: fn.name,
      FunctionArn: this.arnOf(fn.name, version?.version ?? "$LATEST"),
      Runtime: fn.runtime as never,
      Role: fn.role,
      Handler: "handler.handler",
      Version: version?.version ?? "$LATEST",
      CodeSha256: version?.codeSha256 ?? fn.codeSha256,
      Description: version?.description ?? "",
      LastModified: version?.lastModified ?? this.now().toISOString().replace("Z", "+0000"),
      RevisionId: fn.revisionId,
    };
  }

  listVersions(input: { FunctionName?: string; Marker?: string; MaxItems?: number }) {
    const fn = this.fn(input.FunctionName);
    const all = [this.configuration(fn, undefined), ...fn.versions.map((v) => this.configuration(fn, v))];
    const size = Math.min(input.MaxItems ?? this.pageSize, this.pageSize);
    const start = input.Marker ? Number(input.Marker) : 0;
    const next = start + size < all.length ? String(start + size) : undefined;
    return { Versions: all.slice(start, start + size), ...(next ? { NextMarker: next } : {}) };
  }

  private aliasOut(fn: FakeFunction, name: string) {
    const alias = fn.aliases.get(name)!;
    return {
      AliasArn: this.arnOf(fn.name, name),
      Name: name,
      FunctionVersion: alias.version,
      ...(alias.description ? { Description: alias.description } : {}),
      RevisionId: alias.revisionId,
    };
  }

  private requireVersion(fn: FakeFunction, version: string | undefined): string {
    if (!fn.versions.some((v) => v.version === version))
      throw new ResourceNotFoundException({
        message: LAMBDA_TEXTS.functionNotFound(this.arnOf(fn.name, version)),
        ...NOT_FOUND,
      });
    return version!;
  }

  getAlias(input: { FunctionName?: string; Name?: string }) {
    const fn = this.fn(input.FunctionName);
    if (!fn.aliases.has(input.Name ?? ""))
      throw new ResourceNotFoundException({
        message: LAMBDA_TEXTS.aliasNotFound(this.arnOf(fn.name, input.Name)),
        ...NOT_FOUND,
      });
    return this.aliasOut(fn, input.Name!);
  }

  createAlias(input: {
    FunctionName?: string;
    Name?: string;
    FunctionVersion?: string;
    Description?: string;
  }) {
    const fn = this.fn(input.FunctionName);
    if (fn.aliases.has(input.Name ?? ""))
      throw new ResourceConflictException({
        message: LAMBDA_TEXTS.aliasExists(this.arnOf(fn.name, input.Name)),
        ...CONFLICT,
      });
    fn.aliases.set(input.Name!, {
      version: this.requireVersion(fn, input.FunctionVersion),
      revisionId: this.newRevision(),
      ...(input.Description ? { description: input.Description } : {}),
    });
    return this.aliasOut(fn, input.Name!);
  }

  updateAlias(input: {
    FunctionName?: string;
    Name?: string;
    FunctionVersion?: string;
    Description?: string;
    RevisionId?: string;
  }) {
    const fn = this.fn(input.FunctionName);
    const alias = fn.aliases.get(input.Name ?? "");
    if (!alias)
      throw new ResourceNotFoundException({
        message: LAMBDA_TEXTS.aliasNotFound(this.arnOf(fn.name, input.Name)),
        ...NOT_FOUND,
      });
    if (input.RevisionId !== undefined && input.RevisionId !== alias.revisionId)
      throw new PreconditionFailedException({ message: LAMBDA_TEXTS.revisionMismatch, ...BAD_REQUEST });
    if (input.FunctionVersion !== undefined) alias.version = this.requireVersion(fn, input.FunctionVersion);
    if (input.Description !== undefined) alias.description = input.Description;
    alias.revisionId = this.newRevision();
    return this.aliasOut(fn, input.Name!);
  }

  listAliases(input: { FunctionName?: string }) {
    const fn = this.fn(input.FunctionName);
    return { Aliases: [...fn.aliases.keys()].map((name) => this.aliasOut(fn, name)) };
  }

  /** DeleteFunction with a Qualifier deletes one version; an absent one is a silent success, as measured. */
  deleteVersion(input: { FunctionName?: string; Qualifier?: string }) {
    const fn = this.fn(input.FunctionName);
    const referencing = [...fn.aliases].filter(([, a]) => a.version === input.Qualifier).map(([n]) => n);
    if (referencing.length)
      throw new ResourceConflictException({
        message: LAMBDA_TEXTS.aliasReferencesVersion(referencing),
        ...CONFLICT,
      });
    fn.versions = fn.versions.filter((v) => v.version !== input.Qualifier);
    return {};
  }
}
