/**
 * What a stack's ARN tells: its name, and the CloudFormation console page of its events (the region and
 * partition are in the ARN, so the link opens where the stack lives).
 */

/** `arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<uuid>` */
const STACK_ARN =
  /^arn:(aws(?:-cn|-us-gov)?):cloudformation:([a-z]{2}(?:-[a-z]+)+-\d+):\d{12}:stack\/[^/]+\/.+$/;

function consoleHost(partition: string, region: string): string {
  if (partition === "aws-cn") return `https://${region}.console.amazonaws.cn`;
  if (partition === "aws-us-gov") return "https://console.amazonaws-us-gov.com";
  return `https://${region}.console.aws.amazon.com`;
}

/**
 * `https://<region>.console.aws.amazon.com/cloudformation/home?region=<region>#/stacks/events?stackId=<id>`
 * for a stack ARN; `undefined` when `stackId` is not one (absent, or a bare name).
 */
export function stackEventsUrl(stackId: string | undefined): string | undefined {
  const match = stackId?.match(STACK_ARN);
  if (!match) return undefined;
  const [, partition = "aws", region = ""] = match;
  return (
    `${consoleHost(partition, region)}/cloudformation/home?region=${region}` +
    `#/stacks/events?stackId=${encodeURIComponent(stackId!)}`
  );
}

/** `name` from `arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>`; `undefined` for anything else. */
export function stackNameFromArn(stackId: string | undefined): string | undefined {
  return stackId?.match(/^arn:[^:]+:cloudformation:[^:]*:\d*:stack\/([^/]+)\//)?.[1];
}
