import { resolve } from "node:path";
import { defineCommand, JSON_FLAG, parseDateFlag, UsageError } from "../cli-kit.js";
import { assertE2eClient, DEFAULT_E2E_CLIENT, type E2eResult } from "../e2e/run-e2e.js";
import { defaultOutputsPath } from "../stack/outputs-file.js";
import { readRecordingManifest } from "../support/recording-manifest.js";
import { RECORDED_AS_OF, RECORDED_FIXTURES, resolveConfigDir } from "../support/repo-paths.js";
import { INFRA_DIR_FLAG, infraDir } from "../support/stack-verbs.js";

export default defineCommand({
  usage: [
    "Usage: vectora e2e --env dev|prod [--client e2e_smoke] [--date YYYY-MM-DD] [--outputs-file FILE]",
    "                   [--state-machine ARN] [--timeout SECONDS] [--poll-seconds N] [--json]",
    "       vectora e2e --local [--zips dist/lambda] [--client e2e_smoke] [--replay DIR] [--as-of DATE]",
    "                           [--config DIR] [--infra-dir DIR] [--json]",
    "",
    "--env: starts an execution of the weekly state machine (what the schedules start: plan, shards, engine,",
    "deliver, notify, through the `live` aliases) for the e2e client with {client_id, as_of, dry_run: true}, waits",
    "for it (--timeout, default 1800 s; an execution still running then is stopped), prints each state's outcome",
    "from its history and, on failure, the state that failed and its cause; then checks that",
    "<client>/<yyyy>/<mm>/<dd>/newsletter.{md,html,json} landed and the JSON is a newsletter document, that the",
    "dry run's newsletter.eml beside them has the headers and both multipart/alternative parts (the HTML part equal",
    "to newsletter.html), and deletes what the test wrote. It runs its own client (e2e_*, default e2e_smoke: its",
    "own prefixes, .invalid addresses; its delivery is always a dry run, the engine refuses any other), never a",
    "real newsletter's. Names come from the outputs file `vectora stack deploy`",
    "saved (default .vectora/outputs-<env>.json), else the naming convention (the state machine's ARN only from the",
    "outputs or --state-machine). Uses the standard AWS credential chain.",
    "",
    "--local: the same path without AWS: a local S3 server, the buckets, `vectora config sync`, the PACKAGED zips",
    "(`vectora package` output, re-hashed against their manifest) unzipped and their handlers invoked as Lambda",
    "would — the configuration s1-runtime gives them, an event, a context with a deadline — on recorded sources",
    "(default fixtures/recorded/lai-2025-12 as of its recording date), then the same checks and clean-up.",
    "Exit 0 when every step passed.",
  ].join("\n"),
  flags: {
    env: { type: "string" },
    local: { type: "boolean", default: false },
    zips: { type: "string", default: "dist/lambda" },
    replay: { type: "string" },
    "as-of": { type: "string" },
    config: { type: "string" },
    ...INFRA_DIR_FLAG,
    client: { type: "string", default: DEFAULT_E2E_CLIENT },
    date: { type: "string" },
    ...JSON_FLAG,
    "outputs-file": { type: "string" },
    "state-machine": { type: "string" },
    timeout: { type: "string", default: "1800" },
    "poll-seconds": { type: "string", default: "10" },
  },
  async run(values, io) {
    if (values.local === (values.env !== undefined)) throw new UsageError("give either --env ENV or --local");
    try {
      assertE2eClient(values.client);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const log = values.json ? undefined : (line: string) => io.out(`${line}\n`);
    const result = values.local ? await runLocal(values, io.cwd, log) : await runDeployed(values, io, log);
    if (values.json) io.out(`${JSON.stringify(result)}\n`);
    else io.out(result.ok ? "end-to-end test passed\n" : "end-to-end test FAILED\n");
    return result.ok ? 0 : 1;
  },
});

async function runLocal(
  values: {
    zips: string;
    replay?: string;
    "as-of"?: string;
    config?: string;
    "infra-dir"?: string;
    client: string;
  },
  cwd: string,
  log: ((line: string) => void) | undefined,
): Promise<E2eResult> {
  const replayDir = values.replay ? resolve(cwd, values.replay) : RECORDED_FIXTURES;
  const asOf =
    parseDateFlag("as-of", values["as-of"]) ??
    (await readRecordingManifest(replayDir))?.as_of ??
    RECORDED_AS_OF;
  const { runLocalE2e } = await import("../e2e/local/local-e2e.js");
  log?.(`local end-to-end test of ${resolve(cwd, values.zips)} (client ${values.client}, as of ${asOf})`);
  return runLocalE2e({
    zipsDir: resolve(cwd, values.zips),
    configDir: resolveConfigDir(cwd, values.config),
    infraDir: infraDir(cwd, values["infra-dir"]),
    replayDir,
    clientId: values.client,
    asOf,
    ...(log ? { log } : {}),
  });
}

async function runDeployed(
  values: {
    env?: string;
    client: string;
    date?: string;
    "outputs-file"?: string;
    "state-machine"?: string;
    timeout: string;
    "poll-seconds": string;
  },
  io: { cwd: string; out: (text: string) => void },
  log: ((line: string) => void) | undefined,
): Promise<E2eResult> {
  const env = values.env!;
  const timeout = seconds("timeout", values.timeout, 1);
  const poll = seconds("poll-seconds", values["poll-seconds"], 0);
  const [
    { SFNClient },
    { createS3Client, S3BlobStore },
    { executionSteps },
    { runE2e },
    { resolveE2eTargets },
  ] = await Promise.all([
    import("@aws-sdk/client-sfn"),
    import("@vectora/core/adapters/s3"),
    import("../e2e/execution.js"),
    import("../e2e/run-e2e.js"),
    import("../e2e/targets.js"),
  ]);
  const outputsPath = values["outputs-file"]
    ? resolve(io.cwd, values["outputs-file"])
    : defaultOutputsPath(io.cwd, env);
  const targets = await resolveE2eTargets(env, outputsPath);
  log?.(`targets from ${targets.source}`);
  const stateMachineArn = values["state-machine"] ?? targets.stateMachineArn;
  if (!stateMachineArn)
    throw new UsageError(
      `no WeeklyStateMachineArn in ${outputsPath}: deploy s1-runtime with \`vectora stack deploy --env ${env}\` (it saves the outputs) or pass --state-machine ARN`,
    );
  const asOf = parseDateFlag("date", values.date) ?? new Date().toISOString().slice(0, 10);
  const s3 = createS3Client();
  const sfn = new SFNClient({});
  try {
    return await runE2e({
      env,
      clientId: values.client,
      targetDate: asOf,
      steps: executionSteps({
        client: sfn,
        stateMachineArn,
        clientId: values.client,
        asOf,
        deadlineMs: timeout * 1000,
        pollMs: poll * 1000,
        name: `e2e-${values.client}-${asOf}-${Date.now().toString(36)}`.replace(/_/g, "-"),
        ...(log ? { log } : {}),
      }),
      // The execution delivers as a dry run: its .eml is checked, then deleted with the rest.
      delivers: true,
      newsletters: new S3BlobStore({ client: s3, bucket: targets.newslettersBucket }),
      data: new S3BlobStore({ client: s3, bucket: targets.dataBucket }),
      ...(log ? { log } : {}),
    });
  } finally {
    s3.destroy();
    sfn.destroy();
  }
}

/** A whole number of seconds from a flag, at least `min`. */
function seconds(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < min)
    throw new UsageError(`--${flag} expects a whole number of seconds ≥ ${min}, got "${value}"`);
  return n;
}
