/**
 * A real S3-protocol server for tests: s3rver 3.7.1 in a child process on 127.0.0.1, with a fresh data directory.
 * Tests start it in `beforeAll` and stop it in `afterAll`; the child also dies with the test process.
 */
import { type ChildProcess, fork } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { S3Client } from "@aws-sdk/client-s3";

export interface S3ServerOptions {
  /** Buckets created before the server answers. */
  buckets: string[];
  /** Milliseconds to wait for the server to answer (default 20 s: the machines are shared and slow). */
  startTimeoutMs?: number;
}

export interface S3Server {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** The server's data directory (a fresh temp dir, removed by stop()). */
  directory: string;
  /** An S3 client for this server: path-style, us-east-1, obviously fake credentials. */
  client: S3Client;
  /** Stops the server and removes its data directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** Credentials that are obviously not real, accepted by s3rver. */
export const S3_SERVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

const CHILD_SCRIPT = fileURLToPath(new URL("./s3-server-child.cjs", import.meta.url));

/** Children still running (→ their data directory), killed when this process exits however it exits. */
const liveChildren = new Map<ChildProcess, string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    // Only synchronous work is possible here. (If this process is SIGKILLed instead, the child notices its IPC
    // channel closing and removes its directory itself.)
    for (const [child, directory] of liveChildren) {
      child.kill("SIGKILL");
      rmSync(directory, { recursive: true, force: true });
    }
  });
}

/**
 * Starts s3rver in a child process and resolves once it answers HTTP requests.
 * The child runs with `--openssl-legacy-provider` because s3rver's ListObjectsV2 continuation tokens use a
 * cipher that Node 17+ only offers through the legacy provider (pagination fails without it).
 */
export async function startS3Server(options: S3ServerOptions): Promise<S3Server> {
  installExitHook();
  const directory = await mkdtemp(join(tmpdir(), "vectora-s3rver-"));
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  const child = fork(CHILD_SCRIPT, [directory, JSON.stringify(options.buckets)], {
    execPath: process.execPath,
    execArgv: ["--openssl-legacy-provider", "--no-deprecation"],
    env,
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  liveChildren.set(child, directory);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4000);
  });
  child.once("exit", () => liveChildren.delete(child));

  const stopChild = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      if (child.connected) child.send("stop");
      else child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    }
    liveChildren.delete(child);
    await rm(directory, { recursive: true, force: true });
  };

  try {
    const port = await waitForPort(child, options.startTimeoutMs ?? 20_000, () => stderr);
    const endpoint = `http://127.0.0.1:${port}`;
    await waitUntilAnswering(endpoint, options.startTimeoutMs ?? 20_000);
    const client = new S3Client({
      endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: S3_SERVER_CREDENTIALS,
      // Without these the SDK sends aws-chunked bodies with trailing checksums, which s3rver stores verbatim.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
    let stopped: Promise<void> | undefined;
    return {
      endpoint,
      directory,
      client,
      stop: () => {
        stopped ??= (async () => {
          client.destroy();
          await stopChild();
        })();
        return stopped;
      },
    };
  } catch (error) {
    await stopChild();
    throw error;
  }
}

function waitForPort(child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`s3rver did not start within ${timeoutMs} ms\n${stderr()}`)),
      timeoutMs,
    );
    function fail(error: Error): void {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      reject(error);
    }
    function onMessage(message: unknown): void {
      const m = message as { type?: string; port?: number; message?: string };
      if (m.type === "ready" && typeof m.port === "number") {
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(m.port);
      } else if (m.type === "error") fail(new Error(`s3rver failed to start: ${m.message}`));
    }
    function onExit(code: number | null, signal: string | null): void {
      fail(new Error(`s3rver exited before it was ready (code ${code}, signal ${signal})\n${stderr()}`));
    }
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

/** Polls the endpoint until any HTTP answer comes back (ListBuckets answers 200). */
async function waitUntilAnswering(endpoint: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(endpoint, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`s3rver at ${endpoint} did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}
