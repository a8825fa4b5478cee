/** Serialization of `properties` objects to the JSON strings that PutEvents, PutItems and PutUsers take. */
import { RequestValidationError } from './errors';
import { isPlainObject, reject } from './validate';

/** A property value: a scalar, or a list of strings that a categorical field stores joined with `|`. */
export type PropertyValue = string | number | boolean | readonly string[];

/** Properties by camelCase schema field name, for example `{ numberOfRatings: 12, genres: ['Comedy', 'Drama'] }`. */
export type Properties = Readonly<Record<string, PropertyValue>>;

export interface PropertiesRule {
  /** Service limit on the serialized JSON string, in characters. */
  readonly maxLength: number;
  /** Keys the service reserves for other request members. */
  readonly forbiddenKeys: readonly string[];
}

/** The service's limits per API: 1,024 characters for events, 32,000 for items and 24,000 for users. */
export const EVENT_PROPERTIES_RULE: PropertiesRule = {
  maxLength: 1024,
  forbiddenKeys: ['userId', 'sessionId', 'eventType', 'timestamp', 'recommendationId', 'impression'],
};
export const ITEM_PROPERTIES_RULE: PropertiesRule = { maxLength: 32000, forbiddenKeys: ['itemId'] };
export const USER_PROPERTIES_RULE: PropertiesRule = { maxLength: 24000, forbiddenKeys: ['userId'] };

/** The service maps camelCase keys to schema field names (`numberOfRatings` to `NUMBER_OF_RATINGS`). */
const CAMEL_CASE_KEY = /^[a-z][a-zA-Z0-9]*$/;

/**
 * Checks a properties object and serializes it to the JSON string the API takes. String lists are joined with `|`,
 * the separator of categorical fields. Returns `undefined` for `undefined`.
 */
export function serializeProperties(field: string, value: unknown, rule: PropertiesRule): string | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) reject(field, 'type', value, `${field} must be a JSON object`);
  const wire: Record<string, string | number | boolean> = {};
  for (const [key, member] of Object.entries(value)) {
    const path = `${field}.${key}`;
    if (rule.forbiddenKeys.includes(key)) {
      reject(path, 'forbidden-key', key, `${field} cannot contain the reserved key ${key}`);
    }
    if (!CAMEL_CASE_KEY.test(key)) {
      reject(path, 'pattern', key, `${field} keys must be camelCase schema field names such as numberOfRatings`);
    }
    wire[key] = toWireValue(path, member);
  }
  const json = JSON.stringify(wire);
  if (json.length > rule.maxLength) {
    throw new RequestValidationError(
      field,
      'length',
      value,
      `${field} must serialize to at most ${rule.maxLength} characters of JSON (received ${json.length} characters)`,
    );
  }
  return json;
}

function toWireValue(path: string, member: unknown): string | number | boolean {
  if (typeof member === 'string' || typeof member === 'boolean') return member;
  if (typeof member === 'number' && Number.isFinite(member)) return member;
  if (Array.isArray(member) && member.every((entry) => typeof entry === 'string')) {
    const categories = member as string[];
    const withSeparator = categories.find((category) => category.includes('|'));
    if (withSeparator !== undefined) {
      reject(path, 'pattern', withSeparator, `${path} values cannot contain |, the separator of categorical values`);
    }
    return categories.join('|');
  }
  return reject(path, 'type', member, `${path} must be a string, a finite number, a boolean or an array of strings`);
}
