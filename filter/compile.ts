/** The entry points: parse, validate and compile filter expressions. */
import { allComparisons, type FilterExpressionNode } from './ast';
import { checkFilterExpression } from './checker';
import { FilterSyntaxError } from './errors';
import { bindFilter } from './evaluator';
import { parseWithProblems } from './parser';
import type { CompiledFilter, FilterProblem, FilterSchemas } from './types';

/**
 * Parses an expression into its AST, without the semantic checks of `validateFilterExpression`.
 * Throws `FilterSyntaxError` listing every syntax problem found.
 */
export function parseFilterExpression(expression: string): FilterExpressionNode {
  const outcome = parseWithProblems(expression);
  if (outcome.problems.length > 0) {
    throw new FilterSyntaxError(expression, outcome.problems);
  }
  return outcome.ast;
}

/**
 * Returns every problem of an expression, in column order: syntax problems, then the service's rules and, where
 * schemas are given, field names and types. Parts that fail to parse are skipped by the semantic checks.
 */
export function validateFilterExpression(expression: string, schemas?: FilterSchemas): FilterProblem[] {
  const outcome = parseWithProblems(expression);
  const semantic = checkFilterExpression(expression, outcome.ast, outcome.locations, schemas);
  return [...outcome.problems, ...semantic].sort((a, b) => a.column - b.column);
}

/** Lists placeholder names without `$`, in order of first use. */
export function placeholdersOf(expression: FilterExpressionNode): string[] {
  const names = new Set<string>();
  for (const comparison of allComparisons(expression)) {
    for (const value of comparison.values) {
      if (value.type === 'Placeholder') {
        names.add(value.name);
      }
    }
  }
  return [...names];
}

/**
 * Compiles an expression for evaluation. Throws `FilterSyntaxError` with every problem when it is invalid.
 *
 * @example
 * const filter = compileFilter('EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("watch")');
 * const keep = filter.bind({ userId: 'u1', data });
 * const unseen = candidates.filter(keep);
 */
export function compileFilter(expression: string, schemas: FilterSchemas = {}): CompiledFilter {
  const outcome = parseWithProblems(expression);
  const problems = [
    ...outcome.problems,
    ...checkFilterExpression(expression, outcome.ast, outcome.locations, schemas),
  ].sort((a, b) => a.column - b.column);
  if (problems.length > 0) {
    throw new FilterSyntaxError(expression, problems);
  }
  const tree = outcome.ast;
  const placeholders = placeholdersOf(tree);
  return {
    expression,
    placeholders,
    bind: (binding) => bindFilter(tree, placeholders, schemas, binding),
  };
}
