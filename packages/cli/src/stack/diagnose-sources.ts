/**
 * Where a diagnosis reads from: the live account, or the AWS CLI dumps an operator saved.
 */
import type { CliIO } from "../cli-kit.js";
import { type Diagnosis, diagnoseStack } from "./diagnose.js";
import { readAccountSettings, readStackEvents, readStackFile, statusFromEvents } from "./dumps.js";
import { diagnoseLive } from "./failure.js";
import { type StackKey, stackName } from "./names.js";
import type { StackApi } from "./port.js";

export interface DumpFiles {
  eventsFile: string;
  stackFile?: string;
  accountSettingsFile?: string;
}

/**
 * Diagnoses from dumps. The status comes from the stack file, else from the newest stack-level event.
 * Unless `quiet`, names on stderr what was read from the account settings file.
 */
export async function diagnoseFromDumps(files: DumpFiles, io: CliIO, quiet = false): Promise<Diagnosis> {
  const events = await readStackEvents(files.eventsFile);
  const stack = files.stackFile ? await readStackFile(files.stackFile) : statusFromEvents(events);
  if (!stack)
    throw new Error(
      `${files.eventsFile}: no stack-level event (AWS::CloudFormation::Stack) to take the status from; pass --stack-file`,
    );
  // Events of one stack only (a dump may hold nested stacks' events under other names).
  const own = events.filter((e) => e.stackName === stack.stackName);
  let account: Awaited<ReturnType<typeof readAccountSettings>> | undefined;
  if (files.accountSettingsFile) {
    account = await readAccountSettings(files.accountSettingsFile);
    if (!quiet) io.err(`${account.source}\n`);
  }
  return diagnoseStack(stack, own, account?.account);
}

/** Diagnoses the given stacks of an env on the live account. */
export async function diagnoseEnvironment(
  api: StackApi,
  env: string,
  keys: StackKey[],
): Promise<Diagnosis[]> {
  const diagnoses: Diagnosis[] = [];
  for (const key of keys) diagnoses.push(await diagnoseLive(api, stackName(key, env)));
  return diagnoses;
}
