/**
 * The S3 adapter of the storage port. The only place (with the other files of this folder) that talks to
 * `@aws-sdk/client-s3`; the domain sees a {@link BlobStore}. Conditional writes are S3's own (`If-None-Match: *`,
 * `If-Match: <etag>` on PutObject, general purpose buckets since 2024): S3 enforces them, this adapter only
 * passes them on and turns S3's refusals (412 PreconditionFailed, 409 ConditionalRequestConflict, 404 NoSuchKey
 * for If-Match on a missing key) into {@link PreconditionFailedError}.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import {
  assertValidKey,
  assertValidMetadata,
  type BlobInfo,
  type BlobStore,
  PreconditionFailedError,
  type PutOptions,
  type PutResult,
  type VersionedBlob,
} from "../ports/blob-store.js";

export interface S3BlobStoreOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix inside the bucket (`tenant-a` → objects under `tenant-a/…`), so one bucket can hold several stores. */
  prefix?: string;
}

/**
 * Creates an S3 client whose checksum behaviour works against both real S3 and the local s3rver used in tests:
 * with the SDK's default (`WHEN_SUPPORTED`) streamed bodies are sent with aws-chunked trailing checksums, which
 * s3rver stores verbatim (corrupting the object). `WHEN_REQUIRED` is valid for real S3 too.
 */
export function createS3Client(options: S3ClientConfig = {}): S3Client {
  return new S3Client({
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    ...options,
  });
}

/** A {@link BlobStore} over one S3 bucket (optionally under a key prefix). */
export class S3BlobStore implements BlobStore {
  readonly location: string;
  readonly bucket: string;
  /** Normalised prefix: empty, or ends with `/`. */
  private readonly keyPrefix: string;
  private readonly client: S3Client;

  constructor(options: S3BlobStoreOptions) {
    if (!options.bucket) throw new Error("S3BlobStore needs a bucket name");
    this.client = options.client;
    this.bucket = options.bucket;
    const prefix = (options.prefix ?? "").replace(/^\/+|\/+$/g, "");
    if (prefix) assertValidKey(prefix);
    this.keyPrefix = prefix ? `${prefix}/` : "";
    this.location = `s3://${this.bucket}${prefix ? `/${prefix}` : ""}`;
  }

  private objectKey(key: string): string {
    return this.keyPrefix + assertValidKey(key);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    return (await this.getWithEtag(key))?.body;
  }

  async getWithEtag(key: string): Promise<VersionedBlob | undefined> {
    const objectKey = this.objectKey(key);
    try {
      const output = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      const body = output.Body ? await output.Body.transformToByteArray() : new Uint8Array();
      return { body, etag: output.ETag ?? "" };
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw this.wrap("GetObject", objectKey, error);
    }
  }

  async getText(key: string): Promise<string | undefined> {
    const bytes = await this.get(key);
    return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<PutResult> {
    const objectKey = this.objectKey(key);
    const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
    const metadata = options.metadata ? assertValidMetadata(key, options.metadata) : undefined;
    try {
      const output = await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: objectKey,
          Body: bytes,
          // An explicit length keeps the SDK from streaming with chunked encoding.
          ContentLength: bytes.byteLength,
          ...(options.contentType ? { ContentType: options.contentType } : {}),
          ...(metadata ? { Metadata: metadata } : {}),
          ...(options.ifNoneMatch ? { IfNoneMatch: options.ifNoneMatch } : {}),
          ...(options.ifMatch !== undefined ? { IfMatch: options.ifMatch } : {}),
        }),
      );
      return { etag: output.ETag ?? "" };
    } catch (error) {
      const refused = this.refusal(key, options, error);
      if (refused) throw refused;
      throw this.wrap("PutObject", objectKey, error);
    }
  }

  /** S3's answer to a conditional put whose condition did not hold, as the port's error; else `undefined`. */
  private refusal(key: string, options: PutOptions, error: unknown): PreconditionFailedError | undefined {
    if (!options.ifNoneMatch && options.ifMatch === undefined) return undefined;
    const name = (error as { name?: string } | undefined)?.name;
    const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
      ?.httpStatusCode;
    const condition = options.ifMatch !== undefined ? "If-Match" : "If-None-Match";
    if (name === "PreconditionFailed" || status === 412)
      return new PreconditionFailedError(
        key,
        condition,
        condition === "If-Match" ? "changed" : "exists",
        this.location,
      );
    // A concurrent write or delete of the key won the race: the same as a failed condition (re-read, retry).
    if (name === "ConditionalRequestConflict" || status === 409)
      return new PreconditionFailedError(key, condition, "changed", this.location);
    if (condition === "If-Match" && (name === "NoSuchKey" || status === 404))
      return new PreconditionFailedError(key, condition, "missing", this.location);
    return undefined;
  }

  async head(key: string): Promise<BlobInfo | undefined> {
    const objectKey = this.objectKey(key);
    try {
      const output = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      return {
        key,
        size: output.ContentLength ?? 0,
        lastModified: output.LastModified ?? new Date(0),
        ...(output.ETag ? { etag: output.ETag } : {}),
        ...(output.ContentType ? { contentType: output.ContentType } : {}),
        metadata: output.Metadata ?? {},
      };
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw this.wrap("HeadObject", objectKey, error);
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== undefined;
  }

  /** Lists by plain string prefix (no delimiter), following continuation tokens; content type and metadata need {@link head}. */
  async list(prefix: string): Promise<BlobInfo[]> {
    const listPrefix = this.keyPrefix + prefix;
    const out: BlobInfo[] = [];
    let token: string | undefined;
    do {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: listPrefix,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
      } catch (error) {
        throw this.wrap("ListObjectsV2", `${listPrefix}*`, error);
      }
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        out.push({
          key: object.Key.slice(this.keyPrefix.length),
          size: object.Size ?? 0,
          lastModified: object.LastModified ?? new Date(0),
        });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    // S3 sorts by UTF-8 bytes; sort by the same rule as the directory adapter so both stores agree.
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    const objectKey = this.objectKey(key);
    try {
      // S3 answers 204 for a missing key as well: deleting a missing object is not an error.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey }));
    } catch (error) {
      throw this.wrap("DeleteObject", objectKey, error);
    }
  }

  private wrap(operation: string, objectKey: string, error: unknown): Error {
    const name = (error as { name?: string } | undefined)?.name ?? "Error";
    const message = (error as Error | undefined)?.message ?? String(error);
    return new Error(`S3 ${operation} s3://${this.bucket}/${objectKey} failed: ${name}: ${message}`, {
      cause: error,
    });
  }
}

/** GetObject says `NoSuchKey`; HeadObject has no body, so the SDK names its 404 `NotFound`. */
function isMissingObject(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return name === "NoSuchKey" || name === "NotFound";
}
