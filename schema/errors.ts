/** Errors of the schema model: invalid Avro schemas and invalid CSV rows. */

/** One problem in a schema, located by field name where there is one. */
export interface SchemaProblem {
  /** The field the problem is about, or undefined for the record itself. */
  readonly field?: string;
  /** A short stable rule name, for example `categorical-on-non-string`. */
  readonly rule: string;
  readonly message: string;
}

/** Thrown when a schema breaks one or more rules; `problems` lists every one of them. */
export class SchemaValidationError extends Error {
  constructor(readonly problems: readonly SchemaProblem[]) {
    super(`invalid schema: ${problems.map((problem) => problem.message).join('; ')}`);
    this.name = 'SchemaValidationError';
  }
}

/** One problem in a CSV file, with its 1-based line number as an editor shows it. */
export interface CsvProblem {
  readonly line: number;
  /** The column's header name, where the problem is about one column. */
  readonly column?: string;
  readonly message: string;
}

/** Thrown when a CSV file does not match its schema; lists up to `CSV_PROBLEM_LIMIT` problems. */
export class CsvImportError extends Error {
  constructor(
    readonly problems: readonly CsvProblem[],
    readonly truncated: boolean,
  ) {
    const lines = problems.map((problem) => formatCsvProblem(problem));
    const more = truncated ? '; further problems not listed' : '';
    super(`invalid CSV: ${lines.join('; ')}${more}`);
    this.name = 'CsvImportError';
  }
}

export function formatCsvProblem(problem: CsvProblem): string {
  const column = problem.column === undefined ? '' : `, column ${problem.column}`;
  return `line ${problem.line}${column}: ${problem.message}`;
}
