/** The filter language of Amazon Personalize: parse, check, print, evaluate, and encode request-time values. */
export * from './types';
export * from './ast';
export { FilterSyntaxError, FilterValuesError, type FilterValuesErrorType } from './errors';
export { parseFilterExpression, validateFilterExpression, compileFilter, placeholdersOf } from './compile';
export { printFilterExpression } from './printer';
export { encodeFilterValues, decodeFilterValue } from './values';
export { checkDatasetGroupFieldLimit } from './dataset-group';
export { interactionsInWindow } from './window';
export * from './limits';
