/** Dataset schemas shared by the filter tests: a MovieLens-like catalogue with users and event types. */
import type { DatasetSchema, FieldType, SchemaField } from '../../schema/model';
import type { FilterSchemas } from '../../filter';

function schemaField(name: string, type: FieldType, flags: Partial<SchemaField> = {}): SchemaField {
  return { name, type, optional: false, categorical: false, textual: false, ...flags };
}

const items: DatasetSchema = {
  datasetType: 'Items',
  name: 'Movies',
  fields: [
    schemaField('ITEM_ID', 'string'),
    schemaField('GENRES', 'string', { categorical: true }),
    schemaField('YEAR', 'int'),
    schemaField('RATING', 'double', { optional: true }),
    schemaField('TITLE', 'string'),
    schemaField('PLOT', 'string', { textual: true }),
    schemaField('FREE', 'boolean'),
  ],
};

const users: DatasetSchema = {
  datasetType: 'Users',
  name: 'Viewers',
  fields: [schemaField('USER_ID', 'string'), schemaField('AGE', 'int'), schemaField('TIER', 'string')],
};

const interactions: DatasetSchema = {
  datasetType: 'Interactions',
  name: 'Ratings',
  fields: [
    schemaField('USER_ID', 'string'),
    schemaField('ITEM_ID', 'string'),
    schemaField('TIMESTAMP', 'long'),
    schemaField('EVENT_TYPE', 'string'),
  ],
};

export const MOVIE_SCHEMAS: FilterSchemas = { items, users, interactions };
