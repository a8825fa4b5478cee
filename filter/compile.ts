/** The entry points: parse, validate and compile filter expressions. */
import { allComparisons, type FilterExpressionNode } from './ast';
import { checkFilterExpression } from './checker';
import { FilterSyntaxError, problemAt } from './errors';
import { bindFilter } from './evaluator';
import { parseWithProblems } from './parser';
import type { CompiledFilter, FilterProblem, FilterSchemas } from './types';

/** Returns the problem of an expression that is not a string, for callers that pass JSON or JavaScript values. */
function typeProblem(expression: unknown): FilterProblem | undefined {
  if (typeof expression === 'string') return undefined;
  const received = expression === null ? 'null' : Array.isArray(expression) ? 'an array' : typeof expression;
  return problemAt(1, '', 'type', `expression must be a string but received ${received}`);
}

/** Throws `FilterSyntaxError` when an expression is not a string. */
function requireStringExpression(expression: unknown): void {
  const problem = typeProblem(expression);
  if (problem !== undefined) throw new FilterSyntaxError(String(expression), [problem]);
}

/**
 * Parses an expression into its AST, without the semantic checks of `validateFilterExpression`.
 * Throws `FilterSyntaxError` listing every syntax problem found.
 */
export function parseFilterExpression(expression: string): FilterExpressionNode {
  requireStringExpression(expression);
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
  const problem = typeProblem(expression);
  if (problem !== undefined) return [problem];
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
  requireStringExpression(expression);
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
