/**
 * CloudWatch Embedded Metric Format, written by hand: one JSON log line that CloudWatch Logs turns into metric
 * data points (no PutMetricData call, no SDK). The `_aws` block names the namespace, the dimension set and the
 * metrics; the dimension values and metric values are top-level fields of the same line.
 * Format: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */

export interface EmfMetric {
  value: number;
  unit: "None" | "Count" | "Seconds" | "Milliseconds";
}

/**
 * One EMF line: `{"_aws":{"Timestamp":…,"CloudWatchMetrics":[{"Namespace","Dimensions":[[…]],"Metrics":[…]}]},
 * "Env":"prod","ClientId":"lai_weekly","DaysSinceLastIssue":3.2}`.
 *
 * @example
 * ```ts
 * console.log(emfLine("VectoraInbox", { Env: "prod", ClientId: "lai_weekly" },
 *   { DaysSinceLastIssue: { value: 3.2, unit: "None" } }, new Date()));
 * ```
 */
export function emfLine(
  namespace: string,
  dimensions: Record<string, string>,
  metrics: Record<string, EmfMetric>,
  timestamp: Date,
  fields: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    ...fields,
    _aws: {
      Timestamp: timestamp.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [Object.keys(dimensions)],
          Metrics: Object.entries(metrics).map(([Name, m]) => ({ Name, Unit: m.unit })),
        },
      ],
    },
    ...dimensions,
    ...Object.fromEntries(Object.entries(metrics).map(([name, m]) => [name, m.value])),
  });
}
