import fc from 'fast-check';
import {
  and,
  comparison,
  field,
  filterExpression,
  FilterSyntaxError,
  numberValue,
  or,
  parseFilterExpression,
  part,
  placeholder,
  printFilterExpression,
  stringValue,
  validateFilterExpression,
  type ComparisonNode,
  type ConditionNode,
  type DatasetName,
  type ValueNode,
} from '../../filter';

const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
const datasets: DatasetName[] = ['Items', 'Interactions', 'CurrentUser', 'Users'];

// -0 prints as "0", so it is normalized to 0; every other finite double prints in a form the lexer reads back.
const finiteNumber = fc
  .double({ noNaN: true, noDefaultInfinity: true })
  .map((value) => (Object.is(value, -0) ? 0 : value));

const value: fc.Arbitrary<ValueNode> = fc.oneof(
  fc.string({ unit: 'binary' }).map(stringValue),
  fc.constantFrom('"', '\\', '\\"', 'a|b', '*', '').map(stringValue),
  finiteNumber.map(numberValue),
  fc.stringMatching(/^[A-Za-z0-9_]{1,10}$/).map(placeholder),
);

const comparisonNode: fc.Arbitrary<ComparisonNode> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...datasets),
      name,
      fc.constantFrom('IN' as const, 'NOT IN' as const),
      fc.array(value, { minLength: 1, maxLength: 4 }),
    )
    .map(([dataset, fieldName, operator, values]) => comparison(field(dataset, fieldName), operator, values)),
  fc
    .tuple(
      fc.constantFrom(...datasets),
      name,
      fc.constantFrom('=' as const, '<' as const, '>' as const, '<=' as const, '>=' as const),
      value,
    )
    .map(([dataset, fieldName, operator, single]) => comparison(field(dataset, fieldName), operator, [single])),
);

const andNode = fc.array(comparisonNode, { minLength: 2, maxLength: 3 }).map(and);
const orNode = fc.array(fc.oneof(comparisonNode, andNode), { minLength: 2, maxLength: 3 }).map(or);
const condition: fc.Arbitrary<ConditionNode> = fc.oneof(comparisonNode, andNode, orNode);

const partNode = fc
  .tuple(fc.constantFrom('INCLUDE' as const, 'EXCLUDE' as const), condition, fc.option(condition, { nil: undefined }))
  .map(([action, where, ifCondition]) => part(action, where, ifCondition));

const expressionNode = fc.array(partNode, { minLength: 1, maxLength: 3 }).map(filterExpression);

const FRAGMENTS = [
  'INCLUDE',
  'exclude',
  'ItemID',
  'WHERE',
  'Items.',
  'Interactions.EVENT_TYPE',
  'CurrentUser.AGE',
  'GENRES',
  'IN',
  'NOT',
  '(',
  ')',
  '"a"',
  '"',
  '\\',
  '$X',
  '$',
  '|',
  'AND',
  'OR',
  'IF',
  '=',
  '<',
  '>=',
  '5',
  '-',
  '1e',
  ',',
  '.',
  '#',
];
const tokenSoup = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 20 }).map((parts) => parts.join(' '));

describe('filter expression properties', () => {
  it('parses printed ASTs back to the same AST', () => {
    fc.assert(
      fc.property(expressionNode, (tree) => {
        expect(parseFilterExpression(printFilterExpression(tree))).toEqual(tree);
      }),
      { numRuns: 500 },
    );
  });

  it('throws only FilterSyntaxError on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), tokenSoup), (input) => {
        try {
          parseFilterExpression(input);
        } catch (error) {
          expect(error).toBeInstanceOf(FilterSyntaxError);
          expect((error as FilterSyntaxError).problems.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('locates every problem inside the expression', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), tokenSoup), (input) => {
        for (const problem of validateFilterExpression(input)) {
          expect(problem.column).toBeGreaterThanOrEqual(1);
          expect(problem.column).toBeLessThanOrEqual(input.length + 1);
          expect(problem.message.endsWith(`(column ${problem.column})`)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
