/**
 * Imports bulk CSV files against a dataset schema, as a dataset import job does: the header must name schema fields,
 * every value must match its field's type, and each problem is reported with its line number.
 */
import { parse } from 'csv-parse/sync';
import { CsvImportError, CsvProblem } from './errors';
import type { DatasetSchema, SchemaField } from './model';
import type { FieldValue, InteractionRecord, InteractionSource, ItemRecord, UserRecord } from './records';

/** How many problems an import collects before it stops reading. */
export const CSV_PROBLEM_LIMIT = 50;
/** The service's maximum length of a user or item id. */
export const MAX_ID_LENGTH = 256;
/** The largest TIMESTAMP read as epoch seconds; larger values are almost always milliseconds. */
const MAX_EPOCH_SECONDS = 9_999_999_999;

export type ImportedRecords =
  | { readonly datasetType: 'Interactions'; readonly records: InteractionRecord[] }
  | { readonly datasetType: 'Items'; readonly records: ItemRecord[] }
  | { readonly datasetType: 'Users'; readonly records: UserRecord[] };

export interface ImportOptions {
  /** The source recorded on interactions; bulk imports are `bulk`. */
  readonly source?: InteractionSource;
}

/** Interaction fields that are named members of `InteractionRecord`; every other field is contextual metadata. */
export const INTERACTION_MEMBER_FIELDS: readonly string[] = [
  'USER_ID',
  'ITEM_ID',
  'TIMESTAMP',
  'EVENT_TYPE',
  'EVENT_VALUE',
  'IMPRESSION',
  'RECOMMENDATION_ID',
];
const INTERACTION_MEMBERS = new Set(INTERACTION_MEMBER_FIELDS);

/** Parses CSV text with a header row into records of the schema's dataset type. Throws `CsvImportError`. */
export function importCsv(text: string, schema: DatasetSchema, options: ImportOptions = {}): ImportedRecords {
  const rows = parseRows(text);
  const problems: CsvProblem[] = [];
  const header = rows.shift();
  if (header === undefined)
    throw new CsvImportError([{ line: 1, message: 'the file is empty; a header row is required' }], false);

  const columns = resolveHeader(header.values, schema, problems);
  if (problems.length > 0) throw new CsvImportError(problems, false);

  const parsedRows: Array<Record<string, FieldValue>> = [];
  for (const row of rows) {
    if (problems.length >= CSV_PROBLEM_LIMIT) throw new CsvImportError(problems, true);
    const parsed = parseRow(row, columns, problems);
    if (parsed !== undefined) parsedRows.push(parsed);
  }
  if (problems.length > 0) throw new CsvImportError(problems, false);
  return toRecords(parsedRows, schema, options.source ?? 'bulk');
}

interface RawRow {
  readonly line: number;
  readonly values: string[];
}

function parseRows(text: string): RawRow[] {
  try {
    const records = parse(text, {
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      bom: true,
    }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
    return records.map(({ record, info }) => ({ line: info.lines, values: record }));
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    throw new CsvImportError([{ line, message: `the file is not valid CSV: ${(error as Error).message}` }], false);
  }
}

function resolveHeader(names: readonly string[], schema: DatasetSchema, problems: CsvProblem[]): SchemaField[] {
  const columns: SchemaField[] = [];
  for (const name of names) {
    const field = schema.fields.find((candidate) => candidate.name === name);
    if (field === undefined) {
      const known = schema.fields.map((candidate) => candidate.name).join(', ');
      problems.push({
        line: 1,
        column: name,
        message: `header ${JSON.stringify(name)} is not a field of schema ${schema.name} (fields: ${known})`,
      });
    } else if (columns.includes(field)) {
      problems.push({ line: 1, column: name, message: `header ${name} appears more than once` });
    } else {
      columns.push(field);
    }
  }
  for (const field of schema.fields) {
    if (!field.optional && !columns.includes(field)) {
      problems.push({
        line: 1,
        column: field.name,
        message: `required field ${field.name} has no column in the header`,
      });
    }
  }
  return columns;
}

function parseRow(
  row: RawRow,
  columns: readonly SchemaField[],
  problems: CsvProblem[],
): Record<string, FieldValue> | undefined {
  if (row.values.length !== columns.length) {
    problems.push({
      line: row.line,
      message: `expected ${columns.length} values as in the header, received ${row.values.length}`,
    });
    return undefined;
  }
  const values: Record<string, FieldValue> = {};
  let valid = true;
  columns.forEach((field, index) => {
    const result = parseValue(row.values[index], field);
    if (typeof result === 'object' && result !== null && 'error' in result) {
      problems.push({ line: row.line, column: field.name, message: result.error });
      valid = false;
    } else {
      values[field.name] = result;
    }
  });
  return valid ? values : undefined;
}

/** Converts one CSV cell to its field's type, or describes why it cannot. */
export function parseValue(raw: string, field: SchemaField): FieldValue | { error: string } {
  if (raw === '') {
    return field.optional ? null : { error: `${field.name} is required and cannot be empty` };
  }
  switch (field.type) {
    case 'string':
      return parseString(raw, field);
    case 'int':
    case 'long':
      return parseInteger(raw, field);
    case 'float':
    case 'double': {
      const value = Number(raw);
      return Number.isFinite(value)
        ? value
        : { error: `${field.name} must be a number (received ${JSON.stringify(raw)})` };
    }
    case 'boolean':
      if (raw === 'true' || raw === 'false') return raw === 'true';
      return { error: `${field.name} must be true or false (received ${JSON.stringify(raw)})` };
  }
}

function parseString(raw: string, field: SchemaField): FieldValue | { error: string } {
  const isId = field.name === 'USER_ID' || field.name === 'ITEM_ID';
  if (isId && raw.length > MAX_ID_LENGTH) {
    return { error: `${field.name} must be at most ${MAX_ID_LENGTH} characters (received ${raw.length})` };
  }
  return raw;
}

function parseInteger(raw: string, field: SchemaField): FieldValue | { error: string } {
  if (!/^-?\d+$/.test(raw)) return { error: `${field.name} must be an integer (received ${JSON.stringify(raw)})` };
  const value = Number(raw);
  if (!Number.isSafeInteger(value))
    return { error: `${field.name} is outside the range of safe integers (received ${raw})` };
  if ((field.name === 'TIMESTAMP' || field.name === 'CREATION_TIMESTAMP') && Math.abs(value) > MAX_EPOCH_SECONDS) {
    return { error: `${field.name} must be Unix epoch seconds; ${raw} looks like milliseconds` };
  }
  return value;
}

function toRecords(
  rows: Array<Record<string, FieldValue>>,
  schema: DatasetSchema,
  source: InteractionSource,
): ImportedRecords {
  switch (schema.datasetType) {
    case 'Interactions':
      return { datasetType: 'Interactions', records: rows.map((row) => toInteraction(row, source)) };
    case 'Items':
      return {
        datasetType: 'Items',
        records: rows.map((row) => ({ itemId: row.ITEM_ID as string, fields: without(row, 'ITEM_ID') })),
      };
    case 'Users':
      return {
        datasetType: 'Users',
        records: rows.map((row) => ({ userId: row.USER_ID as string, fields: without(row, 'USER_ID') })),
      };
  }
}

function toInteraction(row: Record<string, FieldValue>, source: InteractionSource): InteractionRecord {
  const context: Record<string, string> = {};
  for (const [name, value] of Object.entries(row)) {
    if (!INTERACTION_MEMBERS.has(name) && value !== null) context[name] = String(value);
  }
  return {
    userId: row.USER_ID as string,
    itemId: row.ITEM_ID as string,
    timestamp: row.TIMESTAMP as number,
    ...(typeof row.EVENT_TYPE === 'string' ? { eventType: row.EVENT_TYPE } : {}),
    ...(typeof row.EVENT_VALUE === 'number' ? { eventValue: row.EVENT_VALUE } : {}),
    ...(typeof row.IMPRESSION === 'string' ? { impression: row.IMPRESSION.split('|') } : {}),
    ...(typeof row.RECOMMENDATION_ID === 'string' ? { recommendationId: row.RECOMMENDATION_ID } : {}),
    ...(Object.keys(context).length > 0 ? { context } : {}),
    source,
  };
}

function without(row: Record<string, FieldValue>, name: string): Record<string, FieldValue> {
  const rest = { ...row };
  delete rest[name];
  return rest;
}
