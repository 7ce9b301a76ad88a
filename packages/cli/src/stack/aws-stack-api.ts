/**
 * {@link StackApi} on the real SDK v3 clients. A thin mapping: no retries or logic beyond turning AWS's
 * "not found" answers into `undefined`.
 */
import {
  CloudFormationClient,
  ContinueUpdateRollbackCommand,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeEventsCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  type DescribeStacksOutput,
  ExecuteChangeSetCommand,
} from "@aws-sdk/client-cloudformation";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  GetAccountSettingsCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
} from "@aws-sdk/client-lambda";
import { HeadBucketCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { sanitizeText } from "@vectora/core/text";
import { fromOperationEvent } from "./operations.js";
import type { StackApi, StackChange, StackEvent } from "./port.js";

type Stack = NonNullable<Awaited<ReturnType<StackApi["describeStack"]>>>;
type ChangeSet = Awaited<ReturnType<StackApi["describeChangeSet"]>>;

export interface AwsClients {
  cloudFormation: CloudFormationClient;
  lambda: LambdaClient;
  s3: S3Client;
  logs: CloudWatchLogsClient;
}

/** Clients for a region (from `AWS_REGION`/profile when not given). */
export function createAwsClients(region?: string): AwsClients {
  const config = region ? { region } : {};
  return {
    cloudFormation: new CloudFormationClient(config),
    lambda: new LambdaClient(config),
    s3: new S3Client(config),
    logs: new CloudWatchLogsClient(config),
  };
}

function errorName(error: unknown): string {
  return (error as { name?: string }).name ?? "";
}
function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/** DescribeStacks on a missing stack is a ValidationError "Stack with id X does not exist". */
function isStackMissing(error: unknown): boolean {
  return errorName(error) === "ValidationError" && /does not exist/.test((error as Error).message);
}

/** A reason AWS gave, safe to print; absent stays absent. */
function reasonOf(text: string | undefined): { resourceStatusReason?: string } {
  return text ? { resourceStatusReason: sanitizeText(text) } : {};
}

function toRecord(items: { key?: string | undefined; value?: string | undefined }[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { key, value } of items) if (key !== undefined && value !== undefined) record[key] = value;
  return record;
}

/** The adapter: the CloudFormation reads and writes, the Lambda reads, the log group and S3 checks. */
export function awsStackApi(clients: AwsClients): StackApi {
  return {
    ...stackReads(clients.cloudFormation),
    ...stackWrites(clients.cloudFormation),
    ...lambdaReads(clients.lambda),
    ...logsAndS3Reads(clients.logs, clients.s3),
  };
}

/** A stack as DescribeStacks answers it, mapped (reasons made safe to print). */
function stackOf(stack: NonNullable<DescribeStacksOutput["Stacks"]>[number], stackName: string): Stack {
  return {
    stackName: stack.StackName ?? stackName,
    stackId: stack.StackId ?? "",
    status: stack.StackStatus ?? "UNKNOWN",
    ...(stack.StackStatusReason ? { statusReason: sanitizeText(stack.StackStatusReason) } : {}),
    ...(stack.CreationTime ? { creationTime: stack.CreationTime } : {}),
    ...(stack.LastUpdatedTime ? { lastUpdatedTime: stack.LastUpdatedTime } : {}),
    outputs: toRecord((stack.Outputs ?? []).map((o) => ({ key: o.OutputKey, value: o.OutputValue }))),
    parameters: toRecord(
      (stack.Parameters ?? []).map((p) => ({ key: p.ParameterKey, value: p.ParameterValue })),
    ),
    ...(stack.LastOperations
      ? {
          lastOperations: stack.LastOperations.flatMap((o) =>
            o.OperationId ? [{ id: o.OperationId, type: o.OperationType ?? "" }] : [],
          ),
        }
      : {}),
  };
}

/** The stack, its events and an operation's events. */
function stackReads(
  cfn: CloudFormationClient,
): Pick<StackApi, "describeStack" | "describeStackEvents" | "describeOperationEvents"> {
  return {
    async describeStack(stackName) {
      try {
        const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
        const stack = Stacks?.[0];
        // Described by id, a deleted stack still answers with DELETE_COMPLETE: treat it as absent.
        if (!stack || stack.StackStatus === "DELETE_COMPLETE") return undefined;
        return stackOf(stack, stackName);
      } catch (error) {
        if (isStackMissing(error)) return undefined;
        throw error;
      }
    },
    async describeStackEvents(stackName, nextToken) {
      const page = await cfn.send(
        new DescribeStackEventsCommand({
          StackName: stackName,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      const events: StackEvent[] = (page.StackEvents ?? []).map((e) => ({
        eventId: e.EventId ?? "",
        stackName: e.StackName ?? stackName,
        ...(e.StackId ? { stackId: e.StackId } : {}),
        logicalResourceId: e.LogicalResourceId ?? "",
        ...(e.PhysicalResourceId ? { physicalResourceId: e.PhysicalResourceId } : {}),
        resourceType: e.ResourceType ?? "",
        resourceStatus: e.ResourceStatus ?? "",
        ...reasonOf(e.ResourceStatusReason),
        timestamp: e.Timestamp ?? new Date(0),
        ...(e.OperationId ? { operationId: e.OperationId } : {}),
      }));
      return { events, ...(page.NextToken ? { nextToken: page.NextToken } : {}) };
    },
    async describeOperationEvents(stackName, operationId, options = {}) {
      const page = await cfn.send(
        new DescribeEventsCommand({
          StackName: stackName,
          OperationId: operationId,
          ...(options.failedOnly ? { Filters: { FailedEvents: true } } : {}),
          ...(options.nextToken ? { NextToken: options.nextToken } : {}),
        }),
      );
      const events = (page.OperationEvents ?? []).map((e) => ({
        ...fromOperationEvent(e, stackName),
        operationId: e.OperationId ?? operationId,
      }));
      return { events, ...(page.NextToken ? { nextToken: page.NextToken } : {}) };
    },
  };
}

/** Change sets, deletes and the rollback's continuation. */
function stackWrites(
  cfn: CloudFormationClient,
): Pick<
  StackApi,
  | "createChangeSet"
  | "describeChangeSet"
  | "executeChangeSet"
  | "deleteChangeSet"
  | "deleteStack"
  | "continueUpdateRollback"
> {
  return {
    async createChangeSet(input) {
      const out = await cfn.send(
        new CreateChangeSetCommand({
          StackName: input.stackName,
          ChangeSetName: input.changeSetName,
          ChangeSetType: input.changeSetType,
          TemplateBody: input.templateBody,
          Parameters: Object.entries(input.parameters).map(([ParameterKey, ParameterValue]) => ({
            ParameterKey,
            ParameterValue,
          })),
          Capabilities: input.capabilities as never,
          ...(input.roleArn ? { RoleARN: input.roleArn } : {}),
        }),
      );
      return { changeSetId: out.Id ?? "", stackId: out.StackId ?? "" };
    },
    describeChangeSet: (stackName, changeSetName) => describeChangeSet(cfn, stackName, changeSetName),
    async executeChangeSet(stackName, changeSetName) {
      await cfn.send(new ExecuteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }));
    },
    async deleteChangeSet(stackName, changeSetName) {
      await cfn.send(new DeleteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }));
    },
    async deleteStack(stackName, roleArn) {
      await cfn.send(
        new DeleteStackCommand({ StackName: stackName, ...(roleArn ? { RoleARN: roleArn } : {}) }),
      );
    },
    async continueUpdateRollback(stackName, resourcesToSkip, roleArn) {
      await cfn.send(
        new ContinueUpdateRollbackCommand({
          StackName: stackName,
          ...(resourcesToSkip.length ? { ResourcesToSkip: resourcesToSkip } : {}),
          ...(roleArn ? { RoleARN: roleArn } : {}),
        }),
      );
    },
  };
}

/** A change set and all its changes (DescribeChangeSet pages until there is no NextToken). */
async function describeChangeSet(
  cfn: CloudFormationClient,
  stackName: string,
  changeSetName: string,
): Promise<ChangeSet> {
  const changes: StackChange[] = [];
  let token: string | undefined;
  let head: { id: string; status: string; statusReason?: string; executionStatus?: string } | undefined;
  do {
    const page = await cfn.send(
      new DescribeChangeSetCommand({
        StackName: stackName,
        ChangeSetName: changeSetName,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    head ??= {
      id: page.ChangeSetId ?? changeSetName,
      status: page.Status ?? "UNKNOWN",
      ...(page.StatusReason ? { statusReason: sanitizeText(page.StatusReason) } : {}),
      ...(page.ExecutionStatus ? { executionStatus: page.ExecutionStatus } : {}),
    };
    for (const change of page.Changes ?? []) {
      const rc = change.ResourceChange;
      if (!rc) continue;
      changes.push({
        action: rc.Action ?? "",
        logicalId: rc.LogicalResourceId ?? "",
        resourceType: rc.ResourceType ?? "",
        ...(rc.Replacement ? { replacement: rc.Replacement } : {}),
      });
    }
    token = page.NextToken;
  } while (token);
  return { ...head!, changes };
}

/** The account's concurrency and the functions' reservations and configurations. */
function lambdaReads(
  lambda: LambdaClient,
): Pick<StackApi, "getAccountSettings" | "getFunctionConcurrency" | "getFunctionConfiguration"> {
  return {
    async getAccountSettings() {
      const out = await lambda.send(new GetAccountSettingsCommand({}));
      return {
        concurrentExecutions: out.AccountLimit?.ConcurrentExecutions ?? 0,
        unreservedConcurrentExecutions: out.AccountLimit?.UnreservedConcurrentExecutions ?? 0,
      };
    },
    async getFunctionConcurrency(functionName) {
      try {
        const out = await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: functionName }));
        return out.ReservedConcurrentExecutions;
      } catch (error) {
        if (errorName(error) === "ResourceNotFoundException") return undefined;
        throw error;
      }
    },
    async getFunctionConfiguration(functionName) {
      try {
        const out = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
        return {
          functionName: out.FunctionName ?? functionName,
          ...(out.State ? { state: out.State } : {}),
          ...(out.StateReason ? { stateReason: sanitizeText(out.StateReason) } : {}),
          ...(out.LastUpdateStatus ? { lastUpdateStatus: out.LastUpdateStatus } : {}),
          ...(out.LastUpdateStatusReason
            ? { lastUpdateStatusReason: sanitizeText(out.LastUpdateStatusReason) }
            : {}),
          ...(out.Runtime ? { runtime: out.Runtime } : {}),
          ...(out.CodeSha256 ? { codeSha256: out.CodeSha256 } : {}),
          environment: { ...(out.Environment?.Variables ?? {}) },
        };
      } catch (error) {
        if (errorName(error) === "ResourceNotFoundException") return undefined;
        throw error;
      }
    },
  };
}

/** A log group's retention, a code object's head, a bucket's ownership. */
function logsAndS3Reads(
  logs: CloudWatchLogsClient,
  s3: S3Client,
): Pick<StackApi, "getLogGroupRetention" | "headCodeObject" | "bucketOwnership"> {
  return {
    async getLogGroupRetention(logGroupName) {
      const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName }));
      const group = (out.logGroups ?? []).find((g) => g.logGroupName === logGroupName);
      if (!group) return undefined;
      return group.retentionInDays ?? null;
    },
    async headCodeObject(bucket, key) {
      try {
        const out = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { contentLength: out.ContentLength ?? 0, metadata: { ...(out.Metadata ?? {}) } };
      } catch (error) {
        if (errorName(error) === "NotFound" || errorName(error) === "NoSuchKey" || httpStatus(error) === 404)
          return undefined;
        throw error;
      }
    },
    async bucketOwnership(bucket) {
      try {
        await s3.send(new HeadBucketCommand({ Bucket: bucket }));
        return "owned";
      } catch (error) {
        const status = httpStatus(error);
        if (status === 404 || errorName(error) === "NotFound" || errorName(error) === "NoSuchBucket")
          return "absent";
        if (status === 403 || errorName(error) === "Forbidden") return "foreign";
        throw error;
      }
    },
  };
}
