/**
 * The S3 adapter of the storage port. The only place (with the other files of this folder) that talks to
 * `@aws-sdk/client-s3`; the domain sees a {@link BlobStore}.
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
  type PutOptions,
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
    const objectKey = this.objectKey(key);
    try {
      const output = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      if (!output.Body) return new Uint8Array();
      return await output.Body.transformToByteArray();
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw this.wrap("GetObject", objectKey, error);
    }
  }

  async getText(key: string): Promise<string | undefined> {
    const bytes = await this.get(key);
    return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<void> {
    const objectKey = this.objectKey(key);
    const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
    const metadata = options.metadata ? assertValidMetadata(key, options.metadata) : undefined;
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: objectKey,
          Body: bytes,
          // An explicit length keeps the SDK from streaming with chunked encoding.
          ContentLength: bytes.byteLength,
          ...(options.contentType ? { ContentType: options.contentType } : {}),
          ...(metadata ? { Metadata: metadata } : {}),
        }),
      );
    } catch (error) {
      throw this.wrap("PutObject", objectKey, error);
    }
  }

  async head(key: string): Promise<BlobInfo | undefined> {
    const objectKey = this.objectKey(key);
    try {
      const output = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      return {
        key,
        size: output.ContentLength ?? 0,
        lastModified: output.LastModified ?? new Date(0),
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
