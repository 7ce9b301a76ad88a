/** The test S3 server of @vectora/testing: it starts, serves its buckets, and always goes away. */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { ListBucketsCommand } from "@aws-sdk/client-s3";
import { startS3Server } from "@vectora/testing";
import { describe, expect, it } from "vitest";

/** True when something answers HTTP at `endpoint`. */
async function answers(endpoint: string): Promise<boolean> {
  try {
    await (await fetch(endpoint, { signal: AbortSignal.timeout(2000) })).arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(endpoint: string, directory: string): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (!(await answers(endpoint)) && !existsSync(directory)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe("startS3Server", () => {
  it("serves the requested buckets on 127.0.0.1 and removes everything on stop", async () => {
    const server = await startS3Server({ buckets: ["alpha", "beta"] });
    expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(server.directory)).toBe(true);
    const listed = await server.client.send(new ListBucketsCommand({}));
    expect((listed.Buckets ?? []).map((b) => b.Name).sort()).toEqual(["alpha", "beta"]);
    await server.stop();
    expect(await answers(server.endpoint)).toBe(false);
    expect(existsSync(server.directory)).toBe(false);
    await expect(server.stop()).resolves.toBeUndefined();
  });

  it("runs two servers side by side on different ports", async () => {
    const [a, b] = await Promise.all([startS3Server({ buckets: ["a"] }), startS3Server({ buckets: ["b"] })]);
    try {
      expect(a.endpoint).not.toBe(b.endpoint);
      expect(((await b.client.send(new ListBucketsCommand({}))).Buckets ?? []).map((x) => x.Name)).toEqual([
        "b",
      ]);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  // A test process that dies without afterAll (crash, timeout kill) must not leave the server behind.
  for (const ending of ["SIGKILL", "uncaught error"] as const) {
    it(`leaves no server or directory behind when the test process dies (${ending})`, async () => {
      const die =
        ending === "SIGKILL" ? 'process.kill(process.pid, "SIGKILL");' : 'throw new Error("test crash");';
      const code = [
        'import { startS3Server } from "@vectora/testing";',
        'const s = await startS3Server({ buckets: ["b"] });',
        "console.log(JSON.stringify({ endpoint: s.endpoint, directory: s.directory }));",
        die,
      ].join("\n");
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
        cwd: new URL("../..", import.meta.url),
        stdio: ["ignore", "pipe", "ignore"],
      });
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString("utf8");
      });
      await new Promise((resolve) => child.once("exit", resolve));
      const line = out.split("\n").find((l) => l.startsWith("{"));
      expect(line, `the crashing process printed: ${out}`).toBeDefined();
      const started = JSON.parse(line!) as { endpoint: string; directory: string };
      expect(await waitUntilGone(started.endpoint, started.directory)).toBe(true);
    });
  }
});
