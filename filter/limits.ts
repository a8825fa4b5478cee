/** Service limits on filter expressions and request-time values. */

/** Maximum length of a filter expression, in characters (CreateFilter `filterExpression`). */
export const MAX_EXPRESSION_LENGTH = 2500;
/** Maximum number of distinct dataset fields one filter expression may use. */
export const MAX_FIELDS_PER_FILTER = 5;
/** Maximum number of distinct dataset fields across all filters of a dataset group. */
export const MAX_FIELDS_PER_DATASET_GROUP = 10;
/** Maximum number of filters in a dataset group. */
export const MAX_FILTERS_PER_DATASET_GROUP = 10;
/** Maximum number of `filterValues` keys in one request. */
export const MAX_FILTER_VALUE_KEYS = 25;
/** Maximum length of one `filterValues` key, in characters. */
export const MAX_FILTER_VALUE_KEY_LENGTH = 50;
/** Maximum length of one `filterValues` value, in characters. */
export const MAX_FILTER_VALUE_LENGTH = 1000;
/**
 * Interactions per user that interaction filters look at: the most recent 100 recorded with PutEvents and the most
 * recent 200 imported in bulk.
 */
export const REALTIME_INTERACTION_WINDOW = 100;
export const BULK_INTERACTION_WINDOW = 200;
