/** Limits that span all filters of a dataset group. */
import { allComparisons } from './ast';
import { fieldKey } from './checker';
import { problemAt } from './errors';
import { MAX_FIELDS_PER_DATASET_GROUP, MAX_FILTERS_PER_DATASET_GROUP } from './limits';
import { parseWithProblems } from './parser';
import type { FilterProblem } from './types';

/**
 * Checks the filters of one dataset group together: at most 10 filters and at most 10 distinct dataset fields across
 * their expressions. Expressions that fail to parse count only with the parts that parsed; check each expression with
 * `validateFilterExpression` as well. A field problem's column is in the expression that adds the eleventh field.
 */
export function checkDatasetGroupFieldLimit(expressions: readonly string[]): FilterProblem[] {
  const problems: FilterProblem[] = [];
  if (expressions.length > MAX_FILTERS_PER_DATASET_GROUP) {
    const text = `dataset group has ${expressions.length} filters but the maximum is ${MAX_FILTERS_PER_DATASET_GROUP}`;
    problems.push(problemAt(1, '', 'too-many-filters', text));
  }
  const fields: string[] = [];
  let first: { index: number; column: number; token: string } | undefined;
  expressions.forEach((expression, index) => {
    const outcome = parseWithProblems(expression);
    for (const comparison of allComparisons(outcome.ast)) {
      const key = fieldKey(comparison.field);
      if (fields.includes(key)) {
        continue;
      }
      fields.push(key);
      if (fields.length === MAX_FIELDS_PER_DATASET_GROUP + 1) {
        const location = outcome.locations.get(comparison.field) ?? { column: 1, token: '' };
        first = { index, ...location };
      }
    }
  });
  if (first !== undefined) {
    const text = `filter ${first.index + 1} brings the dataset group to ${fields.length} distinct fields but the maximum is ${MAX_FIELDS_PER_DATASET_GROUP}: ${fields.join(', ')}`;
    problems.push(problemAt(first.column, first.token, 'too-many-dataset-group-fields', text));
  }
  return problems;
}
