/** Named filters and request-time filter values: from a filter name and typed values to `filterArn` and wire strings. */
import { encodeFilterValues, FilterValuesError } from '../filter';
import type { TypedFilterValues } from '../filter/types';
import { RequestValidationError, UnknownFilterError } from './errors';
import { isPlainObject, reject, requireArn, requireStringMap, requireString } from './validate';

/** A request's choice of filter, by configured name or by ARN, with values for the filter's placeholders. */
export interface FilterSelection {
  /** The name of a filter configured on the client (see `FilterCatalog`). */
  readonly filter?: string;
  /** A filter ARN, for filters not configured by name. */
  readonly filterArn?: string;
  /** Values for the filter's `$PLACEHOLDER`s, for example `{ GENRES: ['Comedy', 'Drama'] }`. */
  readonly filterValues?: TypedFilterValues;
}

/** The wire members a filter selection turns into. */
export interface ResolvedFilter {
  readonly filterArn?: string;
  readonly filterValues?: Record<string, string>;
}

/** Service limits on wire `filterValues`: at most 25 keys of `[A-Za-z0-9_]+` up to 50 characters, values up to 1,000. */
const WIRE_FILTER_VALUES_RULE = {
  maxEntries: 25,
  keyPattern: /^[A-Za-z0-9_]+$/,
  keyPatternDescription: 'letters, digits and underscores',
  keyMaxLength: 50,
  valueMaxLength: 1000,
};

/** A name-to-ARN map of the filters an application uses, so requests can refer to filters by name. */
export class FilterCatalog {
  private readonly arnsByName: ReadonlyMap<string, string>;

  /** Checks every ARN; throws `RequestValidationError` naming `filters.NAME` for an invalid one. */
  constructor(filters: Readonly<Record<string, string>> = {}) {
    const entries = Object.entries(filters).map(([name, arn]): [string, string] => [
      name,
      requireArn(`filters.${name}`, arn),
    ]);
    this.arnsByName = new Map(entries);
  }

  /** The configured filter names, sorted. */
  get names(): readonly string[] {
    return [...this.arnsByName.keys()].sort();
  }

  /** Returns the ARN of a configured filter; throws `UnknownFilterError` for any other name. */
  arnOf(name: string): string {
    const arn = this.arnsByName.get(name);
    if (arn === undefined) throw new UnknownFilterError(name, this.names);
    return arn;
  }

  /**
   * Turns a selection into wire members. `prefix` is prepended to field names in errors (for example `promotions[0].`).
   * Filter values without a filter are rejected because the service would ignore them.
   */
  resolve(selection: FilterSelection, prefix = ''): ResolvedFilter {
    const filterArn = this.resolveArn(selection, prefix);
    if (selection.filterValues === undefined) return filterArn === undefined ? {} : { filterArn };
    if (filterArn === undefined) {
      reject(
        `${prefix}filterValues`,
        'requires-filter',
        selection.filterValues,
        `${prefix}filterValues needs a filter or filterArn`,
      );
    }
    return { filterArn, filterValues: encodeTypedFilterValues(`${prefix}filterValues`, selection.filterValues) };
  }

  private resolveArn(selection: FilterSelection, prefix: string): string | undefined {
    if (selection.filter !== undefined && selection.filterArn !== undefined) {
      const message = `${prefix}filter and ${prefix}filterArn cannot both be set (set one)`;
      throw new RequestValidationError(`${prefix}filter`, 'exclusive', selection.filter, message);
    }
    if (selection.filter !== undefined) {
      return this.arnOf(requireString(`${prefix}filter`, selection.filter, { maxLength: 256 }));
    }
    return selection.filterArn === undefined ? undefined : requireArn(`${prefix}filterArn`, selection.filterArn);
  }
}

/** Encodes typed values to the service's quoted, comma-separated strings and checks the wire limits. */
export function encodeTypedFilterValues(field: string, values: unknown): Record<string, string> {
  if (!isPlainObject(values)) reject(field, 'type', values, `${field} must be a JSON object`);
  let encoded: Record<string, string>;
  try {
    encoded = encodeFilterValues(values as TypedFilterValues);
  } catch (error) {
    if (!(error instanceof FilterValuesError)) throw error;
    const path = error.key === undefined ? field : `${field}.${error.key}`;
    const value = error.key === undefined ? values : values[error.key];
    // The filter module's messages already start with "filterValues"; a promotion's values add their path in front.
    const message = field === 'filterValues' ? error.message : `${field}: ${error.message}`;
    throw new RequestValidationError(path, 'filter-values', value, message, { cause: error });
  }
  return requireStringMap(field, encoded, WIRE_FILTER_VALUES_RULE);
}
