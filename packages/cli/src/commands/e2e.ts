import { resolve } from "node:path";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { createS3Client, S3BlobStore } from "@vectora/core/adapters/s3";
import { CLIENT_FLAG, defineCommand, JSON_FLAG, parseDateFlag, UsageError } from "../cli-kit.js";
import { lambdaInvoker } from "../e2e/lambda-invoker.js";
import { runE2e } from "../e2e/run-e2e.js";
import { resolveE2eTargets } from "../e2e/targets.js";
import { defaultOutputsPath } from "../stack/outputs-file.js";

export default defineCommand({
  usage: [
    "Usage: vectora e2e --env dev|prod [--client lai_weekly] [--date YYYY-MM-DD] [--outputs-file FILE] [--json]",
    "",
    "Invokes the ingest function then the engine function, and checks that",
    "<client>/<yyyy>/<mm>/<dd>/newsletter.{md,html,json} landed in the newsletters bucket. Names come from the",
    "outputs file `vectora stack deploy` saved (default .vectora/outputs-<env>.json), else from the naming",
    "convention (vectora-inbox-ingest-normalize-<env>, vectora-inbox-engine-<env>, vectora-inbox-newsletters-<env>).",
    "Uses the standard AWS credential chain. Exit 0 when every step passed.",
  ].join("\n"),
  flags: {
    env: { type: "string" },
    ...CLIENT_FLAG,
    date: { type: "string" },
    ...JSON_FLAG,
    "outputs-file": { type: "string" },
  },
  async run(values, io) {
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
});
