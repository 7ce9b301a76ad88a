/**
 * Child process of startS3Server(): runs s3rver on 127.0.0.1 and reports its port over IPC.
 * Plain CommonJS so the parent can start it with bare `node` (no TypeScript loader).
 * It exits (and removes its data directory) when told to stop, on SIGTERM, or as soon as the parent goes away,
 * so a crashed test run never leaves a server behind.
 */
"use strict";
const { rmSync } = require("node:fs");
const S3rver = require("s3rver");

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
