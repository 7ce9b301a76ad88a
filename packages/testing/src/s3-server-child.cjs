/**
 * Child process of startS3Server(): runs s3rver on 127.0.0.1 and reports its port over IPC.
 * Plain CommonJS so the parent can start it with bare `node` (no TypeScript loader).
 * It exits (and removes its data directory) when told to stop, on SIGTERM, or as soon as the parent goes away,
 * so a crashed test run never leaves a server behind.
 */
"use strict";
const { createHash } = require("node:crypto");
const { createWriteStream, rmSync } = require("node:fs");
const { mkdir, rename, rm } = require("node:fs/promises");
const { dirname } = require("node:path");
const { Readable, Transform } = require("node:stream");
const { pipeline } = require("node:stream/promises");
const S3rver = require("s3rver");
const objectController = require("s3rver/lib/controllers/object");
const S3Error = require("s3rver/lib/models/error");
const FilesystemStore = require("s3rver/lib/stores/filesystem");

/*
 * Fidelity fix. s3rver 3.7.1 writes an object body in place (createWriteStream on the final path, not even
 * awaited for Buffer bodies) and then its metadata file, so concurrent PUTs to one key can leave a torn body or
 * one PUT's body with another's metadata. Real S3 makes each PUT atomic (last writer wins, body and metadata
 * together). Here each PUT streams to a temp file renamed into place, and PUTs to the same key are serialised,
 * so the server behaves like S3 for what our adapters rely on. Temp names do not end in `._S3rver_object`, so
 * listings never show them.
 */
const keyQueues = new Map();
let tempCounter = 0;

/** Runs `fn` after every earlier queued operation on the same object; one at a time per object. */
function queued(bucket, key, fn) {
  const id = `${bucket}\0${key}`;
  const previous = keyQueues.get(id) || Promise.resolve();
  const current = previous.then(fn);
  const tail = current.catch(() => {});
  keyQueues.set(id, tail);
  tail.then(() => {
    if (keyQueues.get(id) === tail) keyQueues.delete(id);
  });
  return current;
}

FilesystemStore.prototype.putObject = function putObjectAtomically(object) {
  return queued(object.bucket, object.key, async () => {
    const objectPath = this.getResourcePath(object.bucket, object.key, "object");
    await mkdir(dirname(objectPath), { recursive: true });
    const temp = `${objectPath}.tmp-${process.pid}-${tempCounter++}`;
    const md5 = createHash("md5");
    let size = 0;
    const measure = new Transform({
      transform(chunk, encoding, callback) {
        md5.update(chunk, encoding);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    const source = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
    try {
      await pipeline(source, measure, createWriteStream(temp));
      await rename(temp, objectPath);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    const digest = md5.digest("hex");
    await this.putMetadata(object.bucket, object.key, object.metadata, digest);
    return { size, md5: digest };
  });
};

/*
 * Fidelity fix. s3rver reads an object's size and MD5 (its ETag) first and opens the body by path afterwards: a
 * PUT landing in between gives a GET the new body cut to the old length, under the old ETag. S3 never serves a
 * torn read. Here a GET takes its place in the object's queue until its body is open (the open file keeps the
 * version it opened), so size, ETag and bytes always belong to one version.
 */
const unqueuedGetObject = FilesystemStore.prototype.getObject;
FilesystemStore.prototype.getObject = function getObjectConsistently(bucket, key, options) {
  return queued(bucket, key, () => unqueuedGetObject.call(this, bucket, key, options));
};

/*
 * Fidelity fix. s3rver 3.7.1 ignores conditional headers on PutObject; S3 (general purpose buckets, since
 * August/November 2024) enforces them. The semantics below are ours, written from the S3 documentation
 * (User Guide "How to prevent object overwrites with conditional writes" and the PutObject API reference):
 *
 * - `If-None-Match: *` on a key that exists → 412 `PreconditionFailed` (Condition: If-None-Match); nothing written.
 *   Any other If-None-Match value → 501 `NotImplemented` (S3 accepts only `*` on writes).
 * - `If-Match: <etag>` on a key whose ETag differs → 412 `PreconditionFailed` (Condition: If-Match); on a missing
 *   key → 404 `NoSuchKey`. ETags are compared without their double quotes, as S3 does.
 * - The check and the write are one step per key: every PUT of a key (conditional or not) waits for the previous
 *   one, so of concurrent conditional writers exactly one wins and the others get 412 — what S3 gives for the
 *   writers that finish later. S3 can also answer 409 `ConditionalRequestConflict` when a concurrent write or
 *   delete wins mid-upload; serialised here, that race cannot happen, and the adapter treats 409 like 412 anyway.
 */
const conditionalPuts = new Map();
const unconditionalPutObject = objectController.putObject;
objectController.putObject = function putObjectWithConditions(ctx) {
  const id = `${ctx.params.bucket}\0${ctx.params.key}`;
  const previous = conditionalPuts.get(id) || Promise.resolve();
  const current = previous.then(async () => {
    const failure = await conditionFailure(ctx);
    if (failure) {
      // Read the body the client is still sending before answering, as S3 does: answering mid-upload would
      // reset the connection and the client would see a network error instead of the refusal.
      await drain(ctx.req);
      throw failure;
    }
    return unconditionalPutObject(ctx);
  });
  const tail = current.catch(() => {});
  conditionalPuts.set(id, tail);
  tail.then(() => {
    if (conditionalPuts.get(id) === tail) conditionalPuts.delete(id);
  });
  return current;
};

async function conditionFailure(ctx) {
  const { bucket, key } = ctx.params;
  const ifNoneMatch = ctx.headers["if-none-match"];
  const ifMatch = ctx.headers["if-match"];
  if (ifNoneMatch === undefined && ifMatch === undefined) return undefined;
  const exists = await ctx.store.existsObject(bucket, key);
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() !== "*")
      return new S3Error(
        "NotImplemented",
        "A header you provided implies functionality that is not implemented",
        {
          Header: "If-None-Match",
        },
      );
    if (exists) return preconditionFailed("If-None-Match");
  }
  if (ifMatch !== undefined) {
    if (!exists) return new S3Error("NoSuchKey", "The specified key does not exist.", { Key: key });
    const metadata = await ctx.store.getMetadata(bucket, key);
    const unquote = (etag) =>
      String(etag ?? "")
        .replace(/"/g, "")
        .trim();
    if (unquote(metadata.etag) !== unquote(ifMatch)) return preconditionFailed("If-Match");
  }
  return undefined;
}

function preconditionFailed(condition) {
  return new S3Error("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", {
    Condition: condition,
  });
}

function drain(stream) {
  return new Promise((resolve) => {
    if (stream.readableEnded) return resolve();
    stream.on("end", resolve);
    stream.on("error", resolve);
    stream.resume();
  });
}

const [directory, bucketsJson] = process.argv.slice(2);
const buckets = JSON.parse(bucketsJson || "[]");
const server = new S3rver({
  address: "127.0.0.1",
  port: 0,
  silent: true,
  directory,
  configureBuckets: buckets.map((name) => ({ name })),
});

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  const finish = () => {
    try {
      rmSync(directory, { recursive: true, force: true });
    } finally {
      process.exit(code);
    }
  };
  // Don't wait for keep-alive sockets: the parent is done with the server.
  server.httpServer?.closeAllConnections?.();
  server.close().then(finish, finish);
  setTimeout(finish, 2000).unref();
}

process.on("disconnect", () => stop(0));
process.on("SIGTERM", () => stop(0));
process.on("SIGINT", () => stop(0));
process.on("message", (message) => {
  if (message === "stop") stop(0);
});

server.run().then(
  (address) => process.send?.({ type: "ready", port: address.port }),
  (error) => {
    process.send?.({ type: "error", message: String(error?.stack ?? error) });
    stop(1);
  },
);
