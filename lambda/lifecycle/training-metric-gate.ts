/**
 * Decides whether a newly trained solution version may replace the one a campaign serves.
 *
 * Amazon States Language has no multiplication, so the retraining state machine calls this function to
 * compare the two versions' offline metrics. Every metric GetSolutionMetrics returns is better when higher.
 */

export interface MetricGateEvent {
  /** A GetSolutionMetrics key, for example `normalized_discounted_cumulative_gain_at_10`. */
  readonly metricName: string;
  /** The largest accepted relative drop from the current value, 0 to 1. */
  readonly maxRegression: number;
  /** The lowest accepted value for the new version, whatever the current version scores. */
  readonly minimumValue: number;
  readonly newSolutionVersionArn: string;
  readonly currentSolutionVersionArn: string;
  /** `Metrics` of GetSolutionMetrics for the new version. */
  readonly newMetrics?: Record<string, number>;
  /** `Metrics` of GetSolutionMetrics for the version the campaign serves. */
  readonly currentMetrics?: Record<string, number>;
}

export interface MetricGateResult {
  readonly passed: boolean;
  readonly metricName: string;
  readonly newValue: number | null;
  readonly currentValue: number | null;
  /** The value the new version had to reach: the larger of the floor and the tolerated drop from the current value. */
  readonly threshold: number | null;
  /** One sentence naming the metric and both values, which becomes the Fail state's cause when the gate rejects. */
  readonly cause: string;
}

/**
 * Slack for floating-point rounding in the threshold: 0.4 * (1 - 0.1) is 0.36000000000000004, which would
 * otherwise reject a version at exactly 0.36. Metrics lie between 0 and 1, so the slack is far below any
 * difference between two versions that matters.
 */
const ROUNDING_TOLERANCE = 1e-9;

function metricValue(metrics: Record<string, number> | undefined, name: string): number | null {
  const value = metrics?.[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function checkEvent(event: MetricGateEvent): void {
  if (typeof event.metricName !== 'string' || event.metricName === '') {
    throw new Error(`metricName must be a non-empty string, received ${JSON.stringify(event.metricName)}`);
  }
  if (typeof event.maxRegression !== 'number' || !(event.maxRegression >= 0 && event.maxRegression <= 1)) {
    throw new Error(`maxRegression must be a number from 0 to 1, received ${JSON.stringify(event.maxRegression)}`);
  }
  if (typeof event.minimumValue !== 'number' || !Number.isFinite(event.minimumValue)) {
    throw new Error(`minimumValue must be a finite number, received ${JSON.stringify(event.minimumValue)}`);
  }
}

/** Compares the new version's metric with the floor and with the current version's metric. */
export function evaluateMetricGate(event: MetricGateEvent): MetricGateResult {
  checkEvent(event);
  const { metricName, maxRegression, minimumValue } = event;
  const newValue = metricValue(event.newMetrics, metricName);
  const currentValue = metricValue(event.currentMetrics, metricName);
  const base = { metricName, newValue, currentValue };
  if (newValue === null) {
    const cause = `${metricName} is missing from the metrics of the new solution version ${event.newSolutionVersionArn}`;
    return { ...base, passed: false, threshold: null, cause };
  }
  if (currentValue === null) {
    const cause =
      `${metricName} is missing from the metrics of the deployed solution version ${event.currentSolutionVersionArn}, ` +
      'so the new version cannot be compared with it';
    return { ...base, passed: false, threshold: null, cause };
  }
  const threshold = Math.max(minimumValue, currentValue * (1 - maxRegression));
  const passed = newValue >= threshold - ROUNDING_TOLERANCE;
  const verdict = passed ? 'reaches' : 'is below';
  const cause =
    `${metricName} of the new solution version is ${newValue}, which ${verdict} the threshold ${threshold} ` +
    `(deployed version ${currentValue}, max regression ${maxRegression}, minimum ${minimumValue})`;
  return { ...base, passed, threshold, cause };
}

export async function handler(event: MetricGateEvent): Promise<MetricGateResult> {
  return evaluateMetricGate(event);
}
