/** Types of a parsed Personalize dataset schema, shared by the schema parser, the filter checker and the constructs. */

/** Dataset types of a custom dataset group, in the spelling of CreateDataset's `datasetType`. */
export type DatasetType = 'Interactions' | 'Items' | 'Users';

/** Avro primitive types that Personalize schemas may use for a field. */
export type FieldType = 'string' | 'int' | 'long' | 'float' | 'double' | 'boolean';

/** One field of a dataset schema. */
export interface SchemaField {
  readonly name: string;
  readonly type: FieldType;
  /** True when the Avro type is a union with `null`. */
  readonly optional: boolean;
  /** True for string fields whose values are `|`-joined categories. */
  readonly categorical: boolean;
  /** True for unstructured text fields. */
  readonly textual: boolean;
}

/** A validated dataset schema. */
export interface DatasetSchema {
  readonly datasetType: DatasetType;
  /** The Avro record name. */
  readonly name: string;
  readonly fields: readonly SchemaField[];
}
