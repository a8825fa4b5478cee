export * from './model';
export * from './records';
export * from './errors';
export { parseSchema, MAX_METADATA_FIELDS } from './avro';
export { importCsv, parseValue, CSV_PROBLEM_LIMIT, INTERACTION_MEMBER_FIELDS, MAX_ID_LENGTH } from './csv-import';
export type { ImportedRecords, ImportOptions } from './csv-import';
export { loadSampleData, loadSampleSchemas, SAMPLE_DATA_DIR } from './sample-data';
export type { SampleSchemas } from './sample-data';
