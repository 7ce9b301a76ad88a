import { existsSync } from "node:fs";
import { readOutputsFile } from "../stack/outputs-file.js";

/** What the end-to-end test talks to in a deployed environment. */
export interface E2eTargets {
  ingestFunction: string;
  engineFunction: string;
  newslettersBucket: string;
  /** Where ingest writes (the test cleans up its client's prefixes there). */
  dataBucket: string;
  /** The weekly state machine (stack output `WeeklyStateMachineArn`); its ARN names the account, so no convention. */
  stateMachineArn?: string;
  /** Where the names came from, said in the output. */
  source: string;
}

/**
 * The deployed names, read from the outputs file `vectora stack deploy` saved (so the test checks what was
 * actually deployed); without that file, the operators' naming convention for the environment.
 */
export async function resolveE2eTargets(env: string, outputsPath: string): Promise<E2eTargets> {
  const convention = {
    ingestFunction: `vectora-inbox-ingest-normalize-${env}`,
    engineFunction: `vectora-inbox-engine-${env}`,
    newslettersBucket: `vectora-inbox-newsletters-${env}`,
    dataBucket: `vectora-inbox-data-${env}`,
  };
  if (!existsSync(outputsPath)) return { ...convention, source: `naming convention (no ${outputsPath})` };
  const { outputs } = await readOutputsFile(outputsPath);
  return {
    ingestFunction: outputs["IngestFunctionName"] ?? convention.ingestFunction,
    engineFunction: outputs["EngineFunctionName"] ?? convention.engineFunction,
    newslettersBucket: outputs["NewslettersBucketName"] ?? convention.newslettersBucket,
    dataBucket: outputs["DataBucketName"] ?? convention.dataBucket,
    ...(outputs["WeeklyStateMachineArn"] ? { stateMachineArn: outputs["WeeklyStateMachineArn"] } : {}),
    source: outputsPath,
  };
}
