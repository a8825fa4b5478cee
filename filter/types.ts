/** The contract between the filter language module and its callers (constructs, scorer and emulator, SDK). */
import type { DatasetSchema } from '../schema/model';
import type { InteractionRecord, ItemRecord, UserRecord } from '../schema/records';

/** One problem found in a filter expression. */
export interface FilterProblem {
  /** 1-based column in the expression where the problem starts. */
  readonly column: number;
  /** The offending token as written, or '' at the end of the expression. */
  readonly token: string;
  /** A short rule name, stable for tests, for example `placeholder-with-not-in`. */
  readonly rule: string;
  /** A lower-case sentence that names the rule and the value received. */
  readonly message: string;
}

/** The schemas that field names in an expression are checked against, where the caller knows them. */
export interface FilterSchemas {
  readonly interactions?: DatasetSchema;
  readonly items?: DatasetSchema;
  readonly users?: DatasetSchema;
}

/** Read access to a dataset group's records, as filter evaluation needs it. */
export interface FilterDataSource {
  item(itemId: string): ItemRecord | undefined;
  user(userId: string): UserRecord | undefined;
  /** The user's interactions, oldest first; the evaluator applies the service's look-back windows. */
  interactions(userId: string): readonly InteractionRecord[];
}

/** Request-time values as callers write them, before wire encoding. */
export type TypedFilterValue = string | number | boolean | readonly (string | number | boolean)[];
export type TypedFilterValues = Readonly<Record<string, TypedFilterValue>>;

/** Binding arguments for one request. */
export interface FilterBinding {
  /** Wire `filterValues`: placeholder name to a quoted, comma-separated string. */
  readonly filterValues?: Readonly<Record<string, string>>;
  readonly userId?: string;
  readonly data: FilterDataSource;
}

/** A parsed and checked filter expression, ready to evaluate. */
export interface CompiledFilter {
  readonly expression: string;
  /** Placeholder names without `$`, in order of first use. */
  readonly placeholders: readonly string[];
  /**
   * Checks `filterValues` and returns a predicate over item ids for one request.
   * Throws `FilterValuesError` when a value is missing or malformed.
   */
  bind(binding: FilterBinding): (itemId: string) => boolean;
}
