/**
 * In-memory records of a dataset group's data, as the scorer, the filter evaluator and the emulator share them.
 *
 * Field names in `fields` are the schema's own names (for example `GENRES`, `CREATION_TIMESTAMP`), never the camelCase
 * names that PutItems and PutUsers use on the wire. Code that reads wire input maps those to schema names first.
 */

/** A scalar value of one schema field; `null` where an optional field is empty. */
export type FieldValue = string | number | boolean | null;

/** The origin of an interaction. Filters look back over a different window for each origin. */
export type InteractionSource = 'bulk' | 'realtime';

/** One row of the Interactions dataset, or one event recorded with PutEvents. */
export interface InteractionRecord {
  readonly userId: string;
  readonly itemId: string;
  /** Unix epoch seconds. */
  readonly timestamp: number;
  readonly eventType?: string;
  readonly eventValue?: number;
  /** Item ids shown to the user with this interaction, the chosen one included. */
  readonly impression?: readonly string[];
  readonly recommendationId?: string;
  /** Contextual metadata fields of the interactions schema (for example `DEVICE`), by schema field name. */
  readonly context?: Readonly<Record<string, string>>;
  readonly source: InteractionSource;
}

/** One row of the Items dataset. */
export interface ItemRecord {
  readonly itemId: string;
  /** Metadata by schema field name; categorical values stay `|`-joined as in the CSV. */
  readonly fields: Readonly<Record<string, FieldValue>>;
}

/** One row of the Users dataset. */
export interface UserRecord {
  readonly userId: string;
  readonly fields: Readonly<Record<string, FieldValue>>;
}

/** All records of one dataset group. */
export interface DatasetRecords {
  readonly interactions: readonly InteractionRecord[];
  readonly items: readonly ItemRecord[];
  readonly users: readonly UserRecord[];
}
