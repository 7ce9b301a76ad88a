/**
 * Runs a packaged zip's handler the way Lambda's Node.js runtime does, without AWS: the zip unzipped into its own
 * task directory (no node_modules above it), `handler.handler` imported in a fresh Node process with the
 * function's environment and the variables the runtime sets, called with the event and a context whose
 * `getRemainingTimeInMillis()` counts down to the function's timeout — and the process killed at that deadline
 * ("Task timed out after N seconds"), as Lambda would. A thrown error comes back as Lambda reports it
 * (`FunctionError: Unhandled`, `{errorType, errorMessage}`).
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { unzipSync } from "fflate";
import type { FunctionInvoker } from "../run-e2e.js";

/** One function as the stack would configure it. */
export interface EmulatedFunction {
  /** The deployed name (`vectora-inbox-ingest-normalize-local`). */
  name: string;
  zipPath: string;
  /** `handler.handler`: file `handler.mjs`, export `handler`. */
  handler: string;
  /** The function's configured environment (as s1-runtime sets it). */
  environment: Record<string, string>;
  timeoutSeconds: number;
  memoryMb: number;
  runtime: string;
}

/** What the child prints on its last line: the handler's reply, or its error. */
interface ChildOutcome {
  ok: boolean;
  result?: unknown;
  errorType?: string;
  errorMessage?: string;
}

/** The runtime's side, in the child: import, build the context, call, report. Kept small and dependency-free. */
const RUNNER = `
const [taskRoot, file, exportName, eventPath, resultPath, deadline, requestId] = process.argv.slice(1);
const fn = process.env.AWS_LAMBDA_FUNCTION_NAME;
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: fn,
  functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
  invokedFunctionArn: "arn:aws:lambda:" + process.env.AWS_REGION + ":000000000000:function:" + fn + ":live",
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  awsRequestId: requestId,
  logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
  logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
  getRemainingTimeInMillis: () => Math.max(0, Number(deadline) - Date.now()),
};
const fs = await import("node:fs");
const report = (outcome) => fs.writeFileSync(resultPath, JSON.stringify(outcome));
try {
  const mod = await import(taskRoot + "/" + file);
  const handler = mod[exportName];
  if (typeof handler !== "function") throw Object.assign(new Error(file + " does not export " + exportName), { name: "Runtime.HandlerNotFound" });
  const event = JSON.parse(fs.readFileSync(eventPath, "utf8"));
  report({ ok: true, result: await handler(event, context) });
} catch (error) {
  report({ ok: false, errorType: error?.name ?? "Error", errorMessage: error?.message ?? String(error) });
}
`;

/** A function error as Lambda reports it, surfaced like the deployed invoker does. */
export class EmulatedFunctionError extends Error {
  constructor(
    functionName: string,
    readonly errorType: string,
    errorMessage: string,
    logs: string,
  ) {
    super(
      `${functionName} failed (Unhandled): ${errorType}: ${errorMessage}${logs ? `\n--- last log lines ---\n${logs}` : ""}`,
    );
    this.name = "EmulatedFunctionError";
  }
}

/**
 * A {@link FunctionInvoker} over packaged zips. Each zip is unzipped once, into a task directory removed by
 * `dispose()`. `environment` adds what every function gets here (credentials and endpoint of the local S3).
 */
export function lambdaEmulator(
  functions: readonly EmulatedFunction[],
  common: { region: string; environment: Record<string, string> },
): FunctionInvoker & { dispose(): void; taskRoots: Record<string, string> } {
  const root = mkdtempSync(join(tmpdir(), "vectora-lambda-"));
  const taskRoots: Record<string, string> = {};
  for (const fn of functions) {
    const taskRoot = join(root, fn.name);
    for (const [path, bytes] of Object.entries(unzipSync(readFileSync(fn.zipPath)))) {
      const target = join(taskRoot, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, bytes);
    }
    taskRoots[fn.name] = taskRoot;
  }
  return {
    taskRoots,
    dispose: () => rmSync(root, { recursive: true, force: true }),
    async invoke(functionName, payload) {
      const fn = functions.find((f) => f.name === functionName);
      if (!fn)
        throw new Error(
          `Function not found: ${functionName} (emulated: ${functions.map((f) => f.name).join(", ")})`,
        );
      const taskRoot = taskRoots[fn.name]!;
      const [file, exportName] = splitHandler(fn.handler);
      const requestId = randomUUID();
      const io = mkdtempSync(join(root, "invoke-"));
      const eventPath = join(io, "event.json");
      const resultPath = join(io, "result.json");
      writeFileSync(eventPath, JSON.stringify(payload));
      const deadline = Date.now() + fn.timeoutSeconds * 1000;
      // What the runtime sets (Lambda's "defined runtime environment variables"), minus AWS_LAMBDA_RUNTIME_API:
      // there is no Runtime API here, which is also what keeps the local-e2e switches off in deployed functions.
      const env: Record<string, string> = {
        PATH: process.env["PATH"] ?? "/usr/bin:/bin",
        TZ: ":UTC",
        LANG: "en_US.UTF-8",
        AWS_REGION: common.region,
        AWS_DEFAULT_REGION: common.region,
        AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
        AWS_LAMBDA_FUNCTION_NAME: fn.name,
        AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
        AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
        AWS_LAMBDA_LOG_STREAM_NAME: `local/[$LATEST]${requestId.replaceAll("-", "")}`,
        LAMBDA_TASK_ROOT: taskRoot,
        ...common.environment,
        ...fn.environment,
      };
      try {
        const logs = await runChild(
          [taskRoot, file, exportName, eventPath, resultPath, String(deadline), requestId],
          { cwd: taskRoot, env, deadline, timeoutSeconds: fn.timeoutSeconds, functionName: fn.name },
        );
        let outcome: ChildOutcome;
        try {
          outcome = JSON.parse(readFileSync(resultPath, "utf8")) as ChildOutcome;
        } catch {
          throw new EmulatedFunctionError(
            fn.name,
            "Runtime.ExitError",
            "the runtime exited without a reply",
            logs,
          );
        }
        if (!outcome.ok)
          throw new EmulatedFunctionError(
            fn.name,
            outcome.errorType ?? "Error",
            outcome.errorMessage ?? "",
            logs,
          );
        return outcome.result ?? null;
      } finally {
        rmSync(io, { recursive: true, force: true });
      }
    },
  };
}

function splitHandler(handler: string): [string, string] {
  const dot = handler.lastIndexOf(".");
  if (dot <= 0) throw new Error(`handler "${handler}" is not <file>.<export>`);
  return [`${handler.slice(0, dot)}.mjs`, handler.slice(dot + 1)];
}

/** Runs the runner; resolves its last log lines; rejects with Lambda's timeout message at the deadline. */
function runChild(
  args: string[],
  options: {
    cwd: string;
    env: Record<string, string>;
    deadline: number;
    timeoutSeconds: number;
    functionName: string;
  },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", RUNNER, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let logs = "";
    const keep = (chunk: Buffer) => {
      logs = (logs + chunk.toString("utf8")).slice(-20_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const tail = () => logs.trim().split("\n").slice(-8).join("\n");
    const timer = setTimeout(
      () => {
        child.kill("SIGKILL");
        reject(
          new EmulatedFunctionError(
            options.functionName,
            "Sandbox.Timedout",
            `Task timed out after ${options.timeoutSeconds.toFixed(2)} seconds`,
            tail(),
          ),
        );
      },
      Math.max(0, options.deadline - Date.now()),
    );
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("exit", () => {
      clearTimeout(timer);
      resolve(tail());
    });
  });
}
