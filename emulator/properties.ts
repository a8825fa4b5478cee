/**
 * The `properties` JSON strings of PutEvents, PutItems and PutUsers. Their keys are schema field names in camelCase
 * (`creationTimestamp` for `CREATION_TIMESTAMP`), matched case-insensitively with underscores ignored.
 */
import type { DatasetSchema, SchemaField } from '../schema/model';
import type { FieldValue } from '../schema/records';
import { invalidInput } from './errors';

/** Parses a properties string into schema field values; `path` names the member in messages. */
export function readProperties(
  json: string,
  path: string,
  schema: DatasetSchema | undefined,
  excludedFields: readonly string[],
): Record<string, FieldValue> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw invalidInput(`${path}: not valid JSON (${(error as Error).message}); received '${json}'`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidInput(`${path}: must be a JSON object; received '${json}'`);
  }
  const fields = (schema?.fields ?? []).filter((field) => !excludedFields.includes(field.name));
  const values: Record<string, FieldValue> = {};
  const keysByField = new Map<string, string>();
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    const field = fields.find((candidate) => normalize(candidate.name) === normalize(key));
    if (field === undefined) {
      const known = fields.map((candidate) => camelCase(candidate.name));
      throw invalidInput(
        `${path}: unknown key '${key}'; the schema allows ${known.length === 0 ? 'no keys' : known.join(', ')}`,
      );
    }
    // Keys match case-insensitively, so two keys can name one field; keeping the last would drop the first's value.
    const earlier = keysByField.get(field.name);
    if (earlier !== undefined) {
      throw invalidInput(`${path}: keys '${earlier}' and '${key}' both name field ${field.name}; send one of them`);
    }
    keysByField.set(field.name, key);
    values[field.name] = checkValue(value, field, `${path}.${key}`);
  }
  return values;
}

/** Fills absent optional fields with null and rejects absent required ones. */
export function completeFields(
  values: Record<string, FieldValue>,
  schema: DatasetSchema,
  excludedFields: readonly string[],
  path: string,
): Record<string, FieldValue> {
  const complete: Record<string, FieldValue> = { ...values };
  for (const field of schema.fields) {
    if (excludedFields.includes(field.name) || field.name in complete) continue;
    if (!field.optional) {
      throw invalidInput(`${path}: missing required field ${field.name} (key '${camelCase(field.name)}')`);
    }
    complete[field.name] = null;
  }
  return complete;
}

/** Converts a schema field name to its events API key, for example `CREATION_TIMESTAMP` to `creationTimestamp`. */
export function camelCase(fieldName: string): string {
  return fieldName.toLowerCase().replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

function normalize(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

function checkValue(value: unknown, field: SchemaField, path: string): FieldValue {
  if (value === null) {
    if (field.optional) return null;
    throw invalidInput(`${path}: field ${field.name} is required and cannot be null`);
  }
  const ok =
    field.type === 'string'
      ? typeof value === 'string'
      : field.type === 'boolean'
        ? typeof value === 'boolean'
        : field.type === 'int' || field.type === 'long'
          ? typeof value === 'number' && Number.isInteger(value)
          : typeof value === 'number' && Number.isFinite(value);
  if (!ok) {
    throw invalidInput(`${path}: field ${field.name} has type ${field.type}; received ${JSON.stringify(value)}`);
  }
  return value as FieldValue;
}
