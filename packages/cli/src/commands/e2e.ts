import { resolve } from "node:path";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { createS3Client, S3BlobStore } from "@vectora/core/adapters/s3";
import { type Command, parseDateFlag, parseFlags, UsageError } from "../cli-kit.js";
import { lambdaInvoker } from "../e2e/lambda-invoker.js";
import { runE2e } from "../e2e/run-e2e.js";
import { resolveE2eTargets } from "../e2e/targets.js";
import { defaultOutputsPath } from "../stack/outputs-file.js";

const command: Command = {
  name: "e2e",
  summary: "End-to-end test of a deployed environment: invoke ingest and engine, check the newsletter",
  usage: [
    "Usage: vectora e2e --env dev|prod [--client lai_weekly] [--date YYYY-MM-DD] [--outputs-file FILE] [--json]",
    "",
    "Invokes the ingest function then the engine function, and checks that",
    "<client>/<yyyy>/<mm>/<dd>/newsletter.{md,html,json} landed in the newsletters bucket. Names come from the",
    "outputs file `vectora stack deploy` saved (default .vectora/outputs-<env>.json), else from the naming",
    "convention (vectora-inbox-ingest-normalize-<env>, vectora-inbox-engine-<env>, vectora-inbox-newsletters-<env>).",
    "Uses the standard AWS credential chain. Exit 0 when every step passed.",
  ].join("\n"),
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      env: { type: "string" },
      client: { type: "string", default: "lai_weekly" },
      date: { type: "string" },
      json: { type: "boolean", default: false },
      "outputs-file": { type: "string" },
    });
    if (!values.env) throw new UsageError("--env is required");
    const targets = await resolveE2eTargets(
      values.env,
      values["outputs-file"]
        ? resolve(io.cwd, values["outputs-file"])
        : defaultOutputsPath(io.cwd, values.env),
    );
    if (!values.json) io.out(`targets from ${targets.source}\n`);
    const targetDate = parseDateFlag("date", values.date) ?? new Date().toISOString().slice(0, 10);
    const result = await runE2e({
      env: values.env,
      clientId: values.client,
      targetDate,
      functionNames: { ingest: targets.ingestFunction, engine: targets.engineFunction },
      invoker: lambdaInvoker(new LambdaClient({})),
      newsletters: new S3BlobStore({ client: createS3Client(), bucket: targets.newslettersBucket }),
      log: values.json ? undefined : (line) => io.out(`${line}\n`),
    });
    if (values.json) io.out(`${JSON.stringify(result)}\n`);
    else io.out(result.ok ? "end-to-end test passed\n" : "end-to-end test FAILED\n");
    return result.ok ? 0 : 1;
  },
};
export default command;
