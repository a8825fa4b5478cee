import {
  and,
  comparison,
  field,
  filterExpression,
  numberValue,
  or,
  parseFilterExpression,
  part,
  placeholder,
  stringValue,
  FilterSyntaxError,
  type FilterExpressionNode,
} from '../../filter';

const genres = field('Items', 'GENRES');
const year = field('Items', 'YEAR');
const eventType = field('Interactions', 'EVENT_TYPE');

const PARSES: ReadonlyArray<readonly [string, FilterExpressionNode]> = [
  [
    'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click", "watch")',
    filterExpression([part('EXCLUDE', comparison(eventType, 'IN', [stringValue('click'), stringValue('watch')]))]),
  ],
  [
    'exclude itemId where INTERACTIONS.EVENT_TYPE in ("Purchase")',
    filterExpression([part('EXCLUDE', comparison(eventType, 'IN', [stringValue('Purchase')]))]),
  ],
  [
    'INCLUDE ItemID WHERE Items.GENRES NOT IN ("Horror")',
    filterExpression([part('INCLUDE', comparison(genres, 'NOT IN', [stringValue('Horror')]))]),
  ],
  [
    'INCLUDE ItemID WHERE Items.YEAR >= 1990 AND Items.YEAR < 2000.5',
    filterExpression([
      part('INCLUDE', and([comparison(year, '>=', [numberValue(1990)]), comparison(year, '<', [numberValue(2000.5)])])),
    ]),
  ],
  [
    'INCLUDE ItemID WHERE Items.YEAR > -1e3',
    filterExpression([part('INCLUDE', comparison(year, '>', [numberValue(-1000)]))]),
  ],
  [
    'INCLUDE ItemID WHERE Items.GENRES = "Comedy" OR Items.GENRES = "Drama" AND Items.YEAR <= $YEAR',
    filterExpression([
      part(
        'INCLUDE',
        or([
          comparison(genres, '=', [stringValue('Comedy')]),
          and([comparison(genres, '=', [stringValue('Drama')]), comparison(year, '<=', [placeholder('YEAR')])]),
        ]),
      ),
    ]),
  ],
  [
    'INCLUDE ItemID WHERE Items.GENRES IN ($GENRE) IF CurrentUser.AGE > 18 AND currentuser.TIER = "gold"',
    filterExpression([
      part(
        'INCLUDE',
        comparison(genres, 'IN', [placeholder('GENRE')]),
        and([
          comparison(field('CurrentUser', 'AGE'), '>', [numberValue(18)]),
          comparison(field('CurrentUser', 'TIER'), '=', [stringValue('gold')]),
        ]),
      ),
    ]),
  ],
  [
    'INCLUDE ItemID WHERE Items.TITLE IN ("say \\"hi\\"", "back\\\\slash", "a|b")',
    filterExpression([
      part(
        'INCLUDE',
        comparison(field('Items', 'TITLE'), 'IN', [
          stringValue('say "hi"'),
          stringValue('back\\slash'),
          stringValue('a|b'),
        ]),
      ),
    ]),
  ],
  [
    'INCLUDE ItemID WHERE Items.GENRES IN ("Drama") | EXCLUDE ItemID WHERE Interactions.EVENT_TYPE = "*"',
    filterExpression([
      part('INCLUDE', comparison(genres, 'IN', [stringValue('Drama')])),
      part('EXCLUDE', comparison(eventType, '=', [stringValue('*')])),
    ]),
  ],
];

describe('parseFilterExpression', () => {
  it.each(PARSES)('parses %s', (expression, expected) => {
    expect(parseFilterExpression(expression)).toEqual(expected);
  });
});

/** Expression, then the message of every problem in column order. */
const SYNTAX_ERRORS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['', ['expected INCLUDE or EXCLUDE but found the end of the expression (column 1)']],
  ['KEEP ItemID WHERE Items.A IN ("a")', ["expected INCLUDE or EXCLUDE but found 'KEEP' (column 1)"]],
  ['EXCLUDE UserID WHERE Items.A IN ("a")', ["expected ItemID after EXCLUDE but found 'UserID' (column 9)"]],
  ['INCLUDE ItemID Items.A IN ("a")', ["expected WHERE after ItemID but found 'Items' (column 16)"]],
  [
    'INCLUDE ItemID WHERE Actions.A IN ("a")',
    ["expected the dataset Items, Interactions or CurrentUser but found 'Actions' (column 22)"],
  ],
  ['INCLUDE ItemID WHERE "x" IN ("a")', ['expected a field such as Items.GENRES but found \'"x"\' (column 22)']],
  ['INCLUDE ItemID WHERE Items GENRES IN ("a")', ["expected '.' after Items but found 'GENRES' (column 28)"]],
  ['INCLUDE ItemID WHERE Items.5 IN ("a")', ["expected a field name after Items. but found '5' (column 28)"]],
  [
    'INCLUDE ItemID WHERE Items.A LIKE ("a")',
    ["expected one of IN, NOT IN, =, <, >, <=, >= but found 'LIKE' (column 30)"],
  ],
  ['INCLUDE ItemID WHERE Items.A NOT ("a")', ["expected IN after NOT but found '(' (column 34)"]],
  ['INCLUDE ItemID WHERE Items.A IN "a"', ["expected '(' to open the value list of IN but found '\"a\"' (column 33)"]],
  [
    'INCLUDE ItemID WHERE Items.A IN ("a" "b")',
    ["expected ',' or ')' in the value list of IN but found '\"b\"' (column 38)"],
  ],
  [
    'INCLUDE ItemID WHERE Items.A IN ()',
    ["expected a value (a double-quoted string, a number or a $placeholder) but found ')' (column 34)"],
  ],
  [
    'INCLUDE ItemID WHERE Items.A = ("a")',
    ["expected a value (a double-quoted string, a number or a $placeholder) but found '(' (column 32)"],
  ],
  [
    'INCLUDE ItemID WHERE Items.A > 1e999',
    ["number must be finite as a double (at most about 1.8e308) but found '1e999' (column 32)"],
  ],
  [
    'INCLUDE ItemID WHERE (Items.A IN ("a") OR Items.B IN ("b")) AND Items.C IN ("c")',
    ["parentheses cannot group conditions, so write them without '(' and ')' (AND binds tighter than OR) (column 22)"],
  ],
  [
    'INCLUDE ItemID WHERE Items.A IN ("a") Items.B IN ("b")',
    ["expected AND, OR, IF, '|' or the end of the expression but found 'Items' (column 39)"],
  ],
  [
    'INCLUDE ItemID WHERE Items.A IN ("a") AND',
    ['expected a field such as Items.GENRES but found the end of the expression (column 42)'],
  ],
  [
    'INCLUDE ItemID WHERE Items.A IN ("a) | EXCLUDE ItemID',
    [
      'string is missing its closing double quote (column 34)',
      'expected a value (a double-quoted string, a number or a $placeholder) but found the end of the expression (column 54)',
    ],
  ],
  [
    'INCLUDE ItemID WHERE Items.A IN ("a\\n")',
    ["invalid escape '\\n' in a string: only \\\" and \\\\ are allowed (column 36)"],
  ],
  [
    'INCLUDE ItemID WHERE Items.A IN ($)',
    [
      "placeholder '$' needs a name of letters, digits or '_' (column 34)",
      "expected a value (a double-quoted string, a number or a $placeholder) but found ')' (column 35)",
    ],
  ],
  ['INCLUDE ItemID WHERE Items.A != 3', ["invalid character '!' (column 30)"]],
  [
    'INCLUDE ItemID WHERE Items.A IN ("a") | | EXCLUDE ItemWHERE',
    [
      "expected INCLUDE or EXCLUDE but found '|' (column 41)",
      "expected ItemID after EXCLUDE but found 'ItemWHERE' (column 51)",
    ],
  ],
];

describe('parseFilterExpression errors', () => {
  it.each(SYNTAX_ERRORS)('rejects %j', (expression, messages) => {
    let caught: unknown;
    try {
      parseFilterExpression(expression);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FilterSyntaxError);
    const syntaxError = caught as FilterSyntaxError;
    expect(syntaxError.problems.map((problem) => problem.message)).toEqual(messages);
    expect(syntaxError.expression).toBe(expression);
    expect(syntaxError.message).toBe(`invalid filter expression: ${messages.join('; ')}`);
  });

  it('reports column, token and rule of a problem', () => {
    expect(() => parseFilterExpression('INCLUDE ItemID WHERE Items.A NOT IN "x"')).toThrow(
      expect.objectContaining({
        problems: [
          {
            column: 37,
            token: '"x"',
            rule: 'expected-list',
            message: "expected '(' to open the value list of NOT IN but found '\"x\"' (column 37)",
          },
        ],
      }),
    );
  });
});
