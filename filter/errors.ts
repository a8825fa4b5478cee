/** Errors of the filter language: invalid expressions and invalid request-time values. */
import type { FilterProblem } from './types';

/** An expression that does not parse or fails a check; `problems` lists every problem found, in column order. */
export class FilterSyntaxError extends Error {
  readonly problems: readonly FilterProblem[];
  readonly expression: string;

  constructor(expression: string, problems: readonly FilterProblem[]) {
    super(`invalid filter expression: ${problems.map((problem) => problem.message).join('; ')}`);
    this.name = 'FilterSyntaxError';
    this.expression = expression;
    this.problems = problems;
  }
}

/**
 * The runtime error type the service returns for bad `filterValues`. `ValidationException` is for values that break
 * the request model's constraints: key pattern and length, value length, number of keys. `InvalidInputException` is
 * for values the filter cannot use because they are missing, malformed or of the wrong type.
 */
export type FilterValuesErrorType = 'InvalidInputException' | 'ValidationException';

/** Invalid `filterValues`, typed by the error the service would return for them. */
export class FilterValuesError extends Error {
  readonly errorType: FilterValuesErrorType;
  /** The `filterValues` key at fault, when one key is. */
  readonly key?: string;

  constructor(errorType: FilterValuesErrorType, message: string, key?: string) {
    super(message);
    this.name = 'FilterValuesError';
    this.errorType = errorType;
    if (key !== undefined) {
      this.key = key;
    }
  }
}

/** Creates a problem whose message ends with its column, as every message of this module does. */
export function problemAt(column: number, token: string, rule: string, text: string): FilterProblem {
  return { column, token, rule, message: `${text} (column ${column})` };
}

/** Quotes a token for a message, naming the end of the expression when there is no token. */
export function describeToken(token: string): string {
  return token === '' ? 'the end of the expression' : `'${token}'`;
}
