import { createHash } from 'node:crypto';
import { Names, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Problems } from './problems';

/** Resource names: a letter or digit, then letters, digits, `-` or `_`. */
const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9\-_]*$/;
export const MAX_NAME_LENGTH = 63;

/** Checks a user-supplied resource name against the service's pattern and length limit. */
export function checkName(problems: Problems, prop: string, name: string | undefined): void {
  if (name === undefined || Token.isUnresolved(name)) {
    return;
  }
  if (name.length < 1 || name.length > MAX_NAME_LENGTH) {
    problems.add(`${prop} must be 1 to ${MAX_NAME_LENGTH} characters long, got ${name.length} characters in '${name}'`);
  }
  if (name.length > 0 && !NAME_PATTERN.test(name)) {
    problems.add(
      `${prop} must start with a letter or digit and contain only letters, digits, '-' and '_', got '${name}'`,
    );
  }
}

/**
 * Generates a resource name from the construct path.
 *
 * When `immutableProps` is given, the name ends with a hash of their resolved values. Personalize cannot update
 * schemas, filters or solutions, so a change to one of those props makes CloudFormation replace the resource. The
 * replacement is created before the old resource is deleted, and the new hash keeps its name from colliding with
 * the old one.
 */
export function generateName(scope: Construct, immutableProps?: unknown): string {
  if (immutableProps === undefined) {
    return Names.uniqueResourceName(scope, { maxLength: MAX_NAME_LENGTH, separator: '-' });
  }
  const resolved = Stack.of(scope).resolve(immutableProps);
  const hash = createHash('sha256').update(JSON.stringify(resolved)).digest('hex').slice(0, 8);
  const prefix = Names.uniqueResourceName(scope, { maxLength: MAX_NAME_LENGTH - hash.length - 1, separator: '-' });
  return `${prefix}-${hash}`;
}
