import { Duration, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * Collects validation problems of one construct so that they are reported together.
 *
 * Each problem is a lower-case sentence that names the prop, the rule and the value received. `throwIfAny` prefixes
 * every problem with the construct path.
 */
export class Problems {
  private readonly messages: string[] = [];

  public add(message: string): void {
    this.messages.push(message);
  }

  public addAll(messages: readonly string[]): void {
    this.messages.push(...messages);
  }

  public get list(): readonly string[] {
    return this.messages;
  }

  /** Throws one `PersonalizeValidationError` that lists every collected problem, if there is any. */
  public throwIfAny(scope: Construct): void {
    if (this.messages.length === 0) {
      return;
    }
    throw new PersonalizeValidationError(scope.node.path, this.messages);
  }
}

/** Invalid construct props, with every problem found in one construct. */
export class PersonalizeValidationError extends Error {
  public constructor(
    /** Path of the construct whose props are invalid. */
    public readonly constructPath: string,
    /** One lower-case sentence per problem, without the path. */
    public readonly problems: readonly string[],
  ) {
    super(formatProblems(constructPath, problems));
    this.name = 'PersonalizeValidationError';
  }
}

/** Formats problems as one message per line, each naming the construct path. */
export function formatProblems(path: string, messages: readonly string[]): string {
  if (messages.length === 1) {
    return `${path}: ${messages[0]}`;
  }
  return [`${path}: ${messages.length} problems`, ...messages.map((message) => `  ${path}: ${message}`)].join('\n');
}

/** Checks that a number lies in a closed range, unless it is an unresolved token. */
export function checkRange(
  problems: Problems,
  prop: string,
  value: number | undefined,
  min: number,
  max: number,
): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (!Number.isFinite(value) || value < min || value > max) {
    problems.add(`${prop} must be between ${min} and ${max}, got ${value}`);
  }
}

/** Checks that a number is a whole number in a closed range, unless it is an unresolved token. */
export function checkInteger(
  problems: Problems,
  prop: string,
  value: number | undefined,
  min: number,
  max: number,
): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.add(`${prop} must be a whole number between ${min} and ${max}, got ${value}`);
  }
}

/** Adds a problem when `value` lies outside `min` to `max`; a duration from an unresolved token is left to deploy time. */
export function checkDuration(problems: Problems, prop: string, value: Duration, min: Duration, max: Duration): void {
  if (Token.isUnresolved(value.toSeconds())) {
    return;
  }
  const seconds = value.toSeconds();
  if (seconds < min.toSeconds() || seconds > max.toSeconds()) {
    problems.add(`${prop} must be between ${min.toSeconds()} and ${max.toSeconds()} seconds, got ${seconds} seconds`);
  }
}
