import { type S3Server, startS3Server } from "@vectora/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createS3Client, S3BlobStore } from "../../src/adapters/s3-blob-store.js";
import { describeBlobStoreContract } from "../contract/blob-store.contract.js";

const BUCKET = "vectora-contract";
let server: S3Server;
let storeCount = 0;

beforeAll(async () => {
  server = await startS3Server({ buckets: [BUCKET] });
});
afterAll(async () => {
  await server?.stop();
});

/**
 * Each test gets its own prefix of the shared bucket, so tests never see each other's objects. Nothing is deleted
 * afterwards: the whole server directory goes at stop(), and deleting 1,100 objects one by one would double the
 * pagination test's time.
 */
describeBlobStoreContract("S3BlobStore (s3rver)", async () => ({
  store: new S3BlobStore({ client: server.client, bucket: BUCKET, prefix: `t${++storeCount}` }),
  cleanup: async () => {},
}));

describe("S3BlobStore specifics", () => {
  it("keeps stores with different prefixes of one bucket apart", async () => {
    const a = new S3BlobStore({ client: server.client, bucket: BUCKET, prefix: "iso-a" });
    const b = new S3BlobStore({ client: server.client, bucket: BUCKET, prefix: "/iso-b/" });
    const root = new S3BlobStore({ client: server.client, bucket: BUCKET });
    expect(a.location).toBe(`s3://${BUCKET}/iso-a`);
    expect(b.location).toBe(`s3://${BUCKET}/iso-b`);
    expect(root.location).toBe(`s3://${BUCKET}`);
    await a.put("same.txt", "from a");
    await b.put("same.txt", "from b");
    expect(await a.getText("same.txt")).toBe("from a");
    expect(await b.getText("same.txt")).toBe("from b");
    expect((await a.list("")).map((i) => i.key)).toEqual(["same.txt"]);
    expect((await root.list("iso-")).map((i) => i.key)).toEqual(["iso-a/same.txt", "iso-b/same.txt"]);
    await a.delete("same.txt");
    await b.delete("same.txt");
  });

  it("rejects a prefix that is not a legal key", () => {
    expect(() => new S3BlobStore({ client: server.client, bucket: BUCKET, prefix: "../up" })).toThrow(
      /invalid store key/,
    );
  });

  it("wraps S3 errors with the bucket and key", async () => {
    const missing = new S3BlobStore({ client: server.client, bucket: "no-such-bucket", prefix: "p" });
    await expect(missing.get("a/b.txt")).rejects.toThrow(/s3:\/\/no-such-bucket\/p\/a\/b\.txt.*NoSuchBucket/);
    await expect(missing.put("a/b.txt", "x")).rejects.toThrow(
      /PutObject s3:\/\/no-such-bucket\/p\/a\/b\.txt/,
    );
    await expect(missing.list("a/")).rejects.toThrow(/ListObjectsV2 s3:\/\/no-such-bucket\/p\/a\//);
  });

  it("createS3Client asks for checksums only when required", async () => {
    const client = createS3Client({ region: "us-east-1", endpoint: server.endpoint });
    try {
      expect(await client.config.requestChecksumCalculation()).toBe("WHEN_REQUIRED");
      expect(await client.config.responseChecksumValidation()).toBe("WHEN_REQUIRED");
    } finally {
      client.destroy();
    }
  });

  it("stores bodies uncorrupted through a client made by createS3Client", async () => {
    const client = createS3Client({
      region: "us-east-1",
      endpoint: server.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
    try {
      const store = new S3BlobStore({ client, bucket: BUCKET, prefix: "factory" });
      await store.put("doc.txt", "exact bytes\n");
      expect(await store.getText("doc.txt")).toBe("exact bytes\n");
      await store.delete("doc.txt");
    } finally {
      client.destroy();
    }
  });
});
