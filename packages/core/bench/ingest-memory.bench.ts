/**
 * Peak memory of ingest on a 50 MB response, each case in a fresh child process (peak RSS, `maxRSS`): with the
 * default 5 MB cap (the download is aborted as soon as it passes it) and, for comparison, with the cap raised to
 * 64 MB (the whole body is read, as every response was before the cap). Prints; asserts nothing.
 *
 * Run alone: `pnpm exec tsx bench/ingest-memory.bench.ts` (from packages/core), or through `bench/run.ts`.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const CHILD = fileURLToPath(new URL("./support/ingest-memory-child.ts", import.meta.url));
const BODY = 50 * 1024 * 1024;

interface ChildFigures {
  baselineMb: number;
  peakMb: number;
  seconds: number;
  status: string;
  reason: string;
  sentMb: number;
}

function measure(cap: number): Promise<ChildFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, String(cap), String(BODY)], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, NODE_OPTIONS: "" },
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
    });
    child.once("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split("\n").at(-1)!) as ChildFigures)
        : reject(new Error(`child exited ${code}`)),
    );
  });
}

export default async function benchIngestMemory(): Promise<void> {
  console.log(
    "ingest memory on a 50 MB response (peak RSS of a fresh process; the feed server runs in it too)",
  );
  for (const [label, cap] of [
    ["default cap 5 MB", 5 * 1024 * 1024],
    ["cap raised to 64 MB", 64 * 1024 * 1024],
  ] as const) {
    const f = await measure(cap);
    console.log(
      `  ${label.padEnd(20)} peak RSS ${String(f.peakMb).padStart(4)} MB (process at start ${f.baselineMb} MB) | ` +
        `${f.seconds} s | ${f.sentMb} MB sent by the server | source ${f.status}${f.reason ? `: ${f.reason.slice(0, 70)}` : ""}`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchIngestMemory();
