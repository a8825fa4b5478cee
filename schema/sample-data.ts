/** Loads the bundled MovieLens sample data (`data/movielens/`) through the same schema checks as any import. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSchema } from './avro';
import { importCsv } from './csv-import';
import type { DatasetSchema } from './model';
import type { DatasetRecords, InteractionRecord, ItemRecord } from './records';

/** The folder of the bundled sample data. */
export const SAMPLE_DATA_DIR = join(__dirname, '..', 'data', 'movielens');

export interface SampleSchemas {
  readonly interactions: DatasetSchema;
  readonly items: DatasetSchema;
}

/** Parses the sample data's schemas. */
export function loadSampleSchemas(directory: string = SAMPLE_DATA_DIR): SampleSchemas {
  return {
    interactions: parseSchema(readFileSync(join(directory, 'schemas', 'interactions.json'), 'utf8'), 'Interactions'),
    items: parseSchema(readFileSync(join(directory, 'schemas', 'items.json'), 'utf8'), 'Items'),
  };
}

/** Imports the sample interactions and items; the sample data has no Users dataset. */
export function loadSampleData(directory: string = SAMPLE_DATA_DIR): DatasetRecords {
  const schemas = loadSampleSchemas(directory);
  const interactions = importCsv(readFileSync(join(directory, 'interactions.csv'), 'utf8'), schemas.interactions);
  const items = importCsv(readFileSync(join(directory, 'items.csv'), 'utf8'), schemas.items);
  return {
    interactions: interactions.records as InteractionRecord[],
    items: items.records as ItemRecord[],
    users: [],
  };
}
