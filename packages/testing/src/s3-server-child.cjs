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
const FilesystemStore = require("s3rver/lib/stores/filesystem");

/*
 * Fidelity fix. s3rver 3.7.1 writes an object body in place (createWriteStream on the final path, not even
 * awaited for Buffer bodies) and then its metadata file, so concurrent PUTs to one key can leave a torn body or
 * one PUT's body with another's metadata. Real S3 makes each PUT atomic (last writer wins, body and metadata
 * together). Here each PUT streams to a temp file renamed into place, and PUTs to the same key are serialised,
 * so the server behaves like S3 for what our adapters rely on. Temp names do not end in `._S3rver_object`, so
 * listings never show them.
 */
const putsInFlight = new Map();
let tempCounter = 0;
FilesystemStore.prototype.putObject = function putObjectAtomically(object) {
  const id = `${object.bucket}\0${object.key}`;
  const previous = putsInFlight.get(id) || Promise.resolve();
  const current = previous.then(async () => {
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
  const tail = current.catch(() => {});
  putsInFlight.set(id, tail);
  tail.then(() => {
    if (putsInFlight.get(id) === tail) putsInFlight.delete(id);
  });
  return current;
};

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
