/**
 * Checks for request values against the service's limits. Each check throws a `RequestValidationError` whose message
 * names the field, the rule and the value received.
 */
import { RequestValidationError } from './errors';

/** Service limit: user, item, session, event and tracking ids are 1 to 256 characters. */
export const MAX_ID_LENGTH = 256;

/** Service pattern for the ARN members of the runtime and events APIs, which are at most 256 characters. */
const ARN_PATTERN = /^arn:([a-z\d-]+):personalize:.*:.*:.+$/;

/** Formats a received value for a message: short strings quoted, long ones by length, containers by size. */
export function describeReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string')
    return value.length <= 60 ? JSON.stringify(value) : `a string of ${value.length} characters`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length} ${value.length === 1 ? 'entry' : 'entries'}`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : value.toISOString();
  if (isPlainObject(value)) {
    const count = Object.keys(value).length;
    return `an object with ${count} ${count === 1 ? 'key' : 'keys'}`;
  }
  return `a value of type ${typeof value}`;
}

/** Throws a `RequestValidationError` with `message` followed by the received value. */
export function reject(field: string, rule: string, value: unknown, message: string): never {
  throw new RequestValidationError(field, rule, value, `${message} (received ${describeReceived(value)})`);
}

export interface StringRule {
  readonly minLength?: number;
  readonly maxLength: number;
  readonly pattern?: RegExp;
  /** Description of the pattern in messages, for example `camelCase letters and digits`. */
  readonly patternDescription?: string;
}

/**
 * Checks that `value` is a string within the length limits and, when given, matching `rule.pattern`. Only `undefined`
 * counts as missing: `null` breaks the `type` rule, so an optional member sent as null is not read as absent.
 */
export function requireString(field: string, value: unknown, rule: StringRule): string {
  const minLength = rule.minLength ?? 1;
  if (value === undefined) reject(field, 'required', value, `${field} is required`);
  if (typeof value !== 'string') reject(field, 'type', value, `${field} must be a string`);
  if (value.length < minLength || value.length > rule.maxLength) {
    throw new RequestValidationError(
      field,
      'length',
      value,
      `${field} must be ${minLength} to ${rule.maxLength} characters long (received ${value.length} characters)`,
    );
  }
  if (rule.pattern !== undefined && !rule.pattern.test(value)) {
    reject(field, 'pattern', value, `${field} must match ${rule.patternDescription ?? String(rule.pattern)}`);
  }
  return value;
}

/** Like `requireString`, but `undefined` passes through. */
export function optionalString(field: string, value: unknown, rule: StringRule): string | undefined {
  return value === undefined ? undefined : requireString(field, value, rule);
}

/** Checks a user, item, session or tracking id: a string of 1 to 256 characters. */
export function requireId(field: string, value: unknown): string {
  return requireString(field, value, { maxLength: MAX_ID_LENGTH });
}

/** Checks a Personalize ARN as the runtime and events APIs accept it. */
export function requireArn(field: string, value: unknown): string {
  return requireString(field, value, {
    maxLength: 256,
    pattern: ARN_PATTERN,
    patternDescription: 'arn:PARTITION:personalize:REGION:ACCOUNT:RESOURCE',
  });
}

/** Checks that `value` is an integer from `min` to `max`, inclusive. */
export function requireInteger(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    reject(field, 'range', value, `${field} must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** Checks that `value` is a finite number. */
export function requireFiniteNumber(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    reject(field, 'type', value, `${field} must be a finite number`);
  return value;
}

/**
 * Checks that `value` is an array with `min` to `max` entries. Returns a dense copy, so that a hole in a sparse array
 * reaches the entry checks as `undefined` instead of being skipped by `map`.
 */
export function requireArray(field: string, value: unknown, min: number, max: number): readonly unknown[] {
  if (value === undefined) reject(field, 'required', value, `${field} is required`);
  if (!Array.isArray(value)) reject(field, 'type', value, `${field} must be an array`);
  if (value.length < min || value.length > max) {
    reject(field, 'entries', value, `${field} must contain ${min} to ${max} entries`);
  }
  return Array.from(value as unknown[]);
}

/** True for a plain object (`{}` or an object without a prototype), false for arrays, dates, class instances. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Checks that `value` is a plain object. */
export function requireObject(field: string, value: unknown): Record<string, unknown> {
  if (value === undefined) reject(field, 'required', value, `${field} is required`);
  if (!isPlainObject(value)) reject(field, 'type', value, `${field} must be a JSON object`);
  return value;
}

export interface StringMapRule {
  readonly maxEntries: number;
  readonly keyPattern: RegExp;
  readonly keyPatternDescription: string;
  readonly keyMaxLength: number;
  readonly valueMaxLength: number;
}

/** Checks a string-to-string map such as `context` or wire `filterValues` against the service's map limits. */
export function requireStringMap(field: string, value: unknown, rule: StringMapRule): Record<string, string> {
  const map = requireObject(field, value);
  const keys = Object.keys(map);
  if (keys.length > rule.maxEntries) {
    throw new RequestValidationError(
      field,
      'entries',
      value,
      `${field} must have at most ${rule.maxEntries} keys (received ${keys.length})`,
    );
  }
  const checked: Record<string, string> = {};
  for (const key of keys) {
    requireString(`${field} key`, key, {
      maxLength: rule.keyMaxLength,
      pattern: rule.keyPattern,
      patternDescription: rule.keyPatternDescription,
    });
    const entry = requireString(`${field}.${key}`, map[key], { minLength: 0, maxLength: rule.valueMaxLength });
    // defineProperty keeps a key such as __proto__ as data; an assignment would set the prototype and drop the key.
    Object.defineProperty(checked, key, { value: entry, enumerable: true, writable: true, configurable: true });
  }
  return checked;
}

/**
 * Checks that a request or one of its entries is a plain object with no members outside `allowed`, so that a
 * misspelled optional member (`numresults`) is rejected instead of being ignored. `field` is '' for the request.
 */
export function requireMembers(field: string, value: unknown, allowed: readonly string[]): Record<string, unknown> {
  const object = requireObject(field === '' ? 'request' : field, value);
  rejectUnknownKeys(field, object, allowed, 'request member');
  return object;
}

/**
 * Rejects keys of `value` that are not in `allowed`, so that nothing a caller sends is silently ignored. `kind` names
 * what the keys are in messages, for example `query parameter`.
 */
export function rejectUnknownKeys(
  field: string,
  value: Record<string, unknown>,
  allowed: readonly string[],
  kind = 'field',
): void {
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    const path = field === '' ? key : `${field}.${key}`;
    const expected = allowed.length === 0 ? 'none are accepted here' : `expected one of: ${allowed.join(', ')}`;
    const message =
      key === ''
        ? `${kind} names cannot be empty${field === '' ? '' : ` in ${field}`} (${expected})`
        : `${path} is not a recognized ${kind} (${expected})`;
    throw new RequestValidationError(path, 'unknown-field', key, message);
  }
}
