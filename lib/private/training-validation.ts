/** Synth-time checks for the training constructs' props. Each message names the prop, the rule and the value. */
import { Duration, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Problems } from './problems';

/** The maximum time a CloudFormation wait condition waits for its signal. */
export const MAX_TRAINING_TIMEOUT = Duration.hours(12);

/** GetSolutionMetrics keys. For each of them a higher value is better. */
export const SOLUTION_METRIC_NAMES = [
  'coverage',
  'mean_reciprocal_rank_at_25',
  'normalized_discounted_cumulative_gain_at_5',
  'normalized_discounted_cumulative_gain_at_10',
  'normalized_discounted_cumulative_gain_at_25',
  'precision_at_5',
  'precision_at_10',
  'precision_at_25',
] as const;

export type SolutionMetricName = (typeof SOLUTION_METRIC_NAMES)[number];

/** Returns a message when `value` is outside `[min, max]`, comparing in milliseconds. */
export function checkDuration(name: string, value: Duration, min: Duration, max: Duration): string | undefined {
  if (Token.isUnresolved(value.toString())) return undefined;
  const millis = value.toMilliseconds();
  if (millis < min.toMilliseconds() || millis > max.toMilliseconds()) {
    return `${name} must be between ${min.toHumanString()} and ${max.toHumanString()}, received ${value.toHumanString()}`;
  }
  if (millis % 1000 !== 0) {
    return `${name} must be a whole number of seconds, received ${value.toHumanString()}`;
  }
  return undefined;
}

export function checkFraction(name: string, value: number): string | undefined {
  if (Token.isUnresolved(value)) return undefined;
  if (!(value >= 0 && value <= 1)) return `${name} must be between 0 and 1, received ${value}`;
  return undefined;
}

export function checkOneOf(name: string, value: string, allowed: readonly string[]): string | undefined {
  if (Token.isUnresolved(value) || allowed.includes(value)) return undefined;
  return `${name} must be one of ${allowed.join(', ')}, received ${JSON.stringify(value)}`;
}

/** Throws one `PersonalizeValidationError` that lists every problem found, so all of them get fixed in one pass. */
export function throwIfInvalid(scope: Construct, checks: readonly (string | undefined)[]): void {
  const problems = new Problems();
  problems.addAll(checks.filter((message): message is string => message !== undefined));
  problems.throwIfAny(scope);
}
