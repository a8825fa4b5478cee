/**
 * Parses and validates Amazon Personalize dataset schemas, which are Avro `record` schemas with Personalize's own rules
 * on field types, required fields and the `categorical` and `textual` attributes.
 */
import { SchemaProblem, SchemaValidationError } from './errors';
import type { DatasetSchema, DatasetType, FieldType, SchemaField } from './model';

const FIELD_TYPES: readonly FieldType[] = ['string', 'int', 'long', 'float', 'double', 'boolean'];
const AVRO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Fields each dataset type must have, with the one type the service accepts for each. */
const REQUIRED_FIELDS: Readonly<Record<DatasetType, Readonly<Record<string, FieldType>>>> = {
  Interactions: { USER_ID: 'string', ITEM_ID: 'string', TIMESTAMP: 'long' },
  Items: { ITEM_ID: 'string' },
  Users: { USER_ID: 'string' },
};

/** Reserved fields with a fixed meaning, and the types the service accepts for them. */
const RESERVED_FIELDS: Readonly<Record<DatasetType, Readonly<Record<string, readonly FieldType[]>>>> = {
  Interactions: {
    EVENT_TYPE: ['string'],
    EVENT_VALUE: ['float', 'double'],
    IMPRESSION: ['string'],
    RECOMMENDATION_ID: ['string'],
    EVENT_ATTRIBUTION_SOURCE: ['string'],
  },
  Items: { CREATION_TIMESTAMP: ['long'] },
  Users: {},
};

/**
 * Limits on fields beyond the required ones. Items allow 100 metadata fields (the custom Items dataset requirements
 * page of the Amazon Personalize developer guide); users allow 5.
 */
export const MAX_METADATA_FIELDS: Readonly<Partial<Record<DatasetType, number>>> = { Items: 100, Users: 5 };

/**
 * Parses a schema from Avro JSON text or an already parsed object and checks it against the rules of `datasetType`.
 * Throws `SchemaValidationError` listing every problem found.
 */
export function parseSchema(json: string | object, datasetType: DatasetType): DatasetSchema {
  const problems: SchemaProblem[] = [];
  const document = typeof json === 'string' ? parseJson(json, problems) : json;
  if (document === undefined) throw new SchemaValidationError(problems);

  const record = document as { type?: unknown; name?: unknown; fields?: unknown };
  if (record.type !== 'record') {
    problems.push({ rule: 'record-type', message: `type must be "record" (received ${JSON.stringify(record.type)})` });
  }
  if (typeof record.name !== 'string' || !AVRO_NAME.test(record.name)) {
    problems.push({
      rule: 'record-name',
      message: `name must be an Avro name (received ${JSON.stringify(record.name)})`,
    });
  }
  if (!Array.isArray(record.fields) || record.fields.length === 0) {
    problems.push({ rule: 'fields-array', message: 'fields must be a non-empty array' });
    throw new SchemaValidationError(problems);
  }

  const fields = record.fields.flatMap((raw, index) => {
    const field = parseField(raw, index, problems);
    return field === undefined ? [] : [field];
  });
  checkFieldSet(fields, datasetType, problems);
  if (problems.length > 0) throw new SchemaValidationError(problems);
  return { datasetType, name: record.name as string, fields };
}

function parseJson(text: string, problems: SchemaProblem[]): object | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
    problems.push({ rule: 'json-object', message: 'schema must be a JSON object' });
  } catch (error) {
    problems.push({ rule: 'json-syntax', message: `schema is not valid JSON: ${(error as Error).message}` });
  }
  return undefined;
}

function parseField(raw: unknown, index: number, problems: SchemaProblem[]): SchemaField | undefined {
  if (typeof raw !== 'object' || raw === null) {
    problems.push({ rule: 'field-object', message: `fields[${index}] must be an object` });
    return undefined;
  }
  const { name, type, categorical, textual } = raw as Record<string, unknown>;
  if (typeof name !== 'string' || !AVRO_NAME.test(name)) {
    problems.push({
      rule: 'field-name',
      message: `fields[${index}].name must be an Avro name (received ${JSON.stringify(name)})`,
    });
    return undefined;
  }
  const resolved = resolveType(type);
  if (resolved === undefined) {
    const allowed = `one of ${FIELD_TYPES.join(', ')}, or a union of one of them with "null"`;
    problems.push({
      field: name,
      rule: 'field-type',
      message: `field ${name}: type must be ${allowed} (received ${JSON.stringify(type)})`,
    });
    return undefined;
  }
  for (const [attribute, value] of [
    ['categorical', categorical],
    ['textual', textual],
  ] as const) {
    if (value !== undefined && typeof value !== 'boolean') {
      problems.push({
        field: name,
        rule: `${attribute}-boolean`,
        message: `field ${name}: ${attribute} must be true or false (received ${JSON.stringify(value)})`,
      });
    }
    if (value === true && resolved.type !== 'string') {
      problems.push({
        field: name,
        rule: `${attribute}-on-non-string`,
        message: `field ${name}: ${attribute} is allowed only on string fields (received type ${resolved.type})`,
      });
    }
  }
  if (categorical === true && textual === true) {
    problems.push({
      field: name,
      rule: 'categorical-and-textual',
      message: `field ${name}: a field cannot be both categorical and textual`,
    });
  }
  return {
    name,
    type: resolved.type,
    optional: resolved.optional,
    categorical: categorical === true,
    textual: textual === true,
  };
}

/** Accepts a primitive type name or a two-member union of `null` and a primitive type. */
function resolveType(type: unknown): { type: FieldType; optional: boolean } | undefined {
  if (typeof type === 'string') {
    return (FIELD_TYPES as readonly string[]).includes(type) ? { type: type as FieldType, optional: false } : undefined;
  }
  if (!Array.isArray(type) || type.length !== 2 || !type.includes('null')) return undefined;
  const other = type.find((member) => member !== 'null');
  if (typeof other !== 'string' || !(FIELD_TYPES as readonly string[]).includes(other)) return undefined;
  return { type: other as FieldType, optional: true };
}

function checkFieldSet(fields: readonly SchemaField[], datasetType: DatasetType, problems: SchemaProblem[]): void {
  const seen = new Map<string, string>();
  for (const field of fields) {
    const key = field.name.toUpperCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({
        field: field.name,
        rule: 'duplicate-field',
        message: `field ${field.name} duplicates field ${earlier} (names are compared without case)`,
      });
    }
    seen.set(key, field.name);
  }

  for (const [name, type] of Object.entries(REQUIRED_FIELDS[datasetType])) {
    const field = fields.find((candidate) => candidate.name === name);
    if (field === undefined) {
      problems.push({
        field: name,
        rule: 'required-field',
        message: `${datasetType} schemas require field ${name} of type ${type}`,
      });
    } else if (field.type !== type || field.optional) {
      const received = field.optional ? `["null", "${field.type}"]` : field.type;
      problems.push({
        field: name,
        rule: 'required-field-type',
        message: `field ${name} must be of type ${type}, not nullable (received ${received})`,
      });
    }
  }

  for (const [name, types] of Object.entries(RESERVED_FIELDS[datasetType])) {
    const field = fields.find((candidate) => candidate.name === name);
    if (field !== undefined && !types.includes(field.type)) {
      problems.push({
        field: name,
        rule: 'reserved-field-type',
        message: `field ${name} must be of type ${types.join(' or ')} (received ${field.type})`,
      });
    }
  }

  const required = Object.keys(REQUIRED_FIELDS[datasetType]);
  const metadataCount = fields.filter((field) => !required.includes(field.name)).length;
  if (datasetType !== 'Interactions' && metadataCount === 0) {
    problems.push({
      rule: 'metadata-field-required',
      message: `${datasetType} schemas need at least one field besides ${required.join(', ')}`,
    });
  }
  const limit = MAX_METADATA_FIELDS[datasetType];
  if (limit !== undefined && metadataCount > limit) {
    problems.push({
      rule: 'metadata-field-limit',
      message: `${datasetType} schemas allow at most ${limit} fields besides ${required.join(', ')} (received ${metadataCount})`,
    });
  }
}
