import {
  checkDatasetGroupFieldLimit,
  compileFilter,
  FilterSyntaxError,
  validateFilterExpression,
  type FilterProblem,
} from '../../filter';
import { MOVIE_SCHEMAS } from './schemas';

function messages(problems: readonly FilterProblem[]): string[] {
  return problems.map((problem) => problem.message);
}

/** Rules that hold with or without schemas: expression, then every message in column order. */
const RULE_ERRORS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['EXCLUDE ItemID WHERE Items.GENRES NOT IN ($GENRE)', ['placeholder $GENRE cannot be used with NOT IN (column 43)']],
  [
    'INCLUDE ItemID WHERE Items.GENRES IN ("Drama", $GENRE)',
    ['placeholder $GENRE must be the only value of IN (column 48)'],
  ],
  ['INCLUDE ItemID WHERE Users.AGE > 18', ['Users.AGE cannot be used after WHERE; use IF CurrentUser.AGE (column 22)']],
  ['INCLUDE ItemID WHERE CurrentUser.AGE > 18', ['CurrentUser.AGE can only be used after IF (column 22)']],
  [
    'INCLUDE ItemID WHERE Items.GENRES IN ("Drama") AND Interactions.EVENT_TYPE IN ("click")',
    [
      "Interactions.EVENT_TYPE cannot be joined to conditions on Items; filter on Interactions in another part after '|' (column 52)",
    ],
  ],
  [
    'INCLUDE ItemID WHERE Items.GENRES IN ("Drama") IF Items.YEAR > 1990',
    ['Items.YEAR cannot be used after IF; only CurrentUser fields can (column 51)'],
  ],
  [
    'INCLUDE ItemID WHERE Items.GENRES IN ("Drama") IF CurrentUser.AGE > 18 OR CurrentUser.TIER = "gold"',
    ['conditions after IF can only be joined by AND (column 72)'],
  ],
  [
    'INCLUDE ItemID WHERE Items.GENRES IN ("Drama") IF CurrentUser.AGE > 18 AND CurrentUser.AGE < 30 OR CurrentUser.TIER = "gold"',
    ['conditions after IF can only be joined by AND (column 97)'],
  ],
  [
    'EXCLUDE ItemID WHERE Interactions.DEVICE IN ("phone")',
    ['Interactions.DEVICE cannot be filtered on; interaction filters can only use EVENT_TYPE (column 22)'],
  ],
  [
    'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE NOT IN ("click")',
    ['Interactions.EVENT_TYPE only supports IN and = but found NOT IN (column 22)'],
  ],
  [
    'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN (5)',
    ['event types are strings but found the number 5 (column 50)'],
  ],
  ['INCLUDE ItemID WHERE Items.YEAR < "1990"', ['operator < needs a number but found the string "1990" (column 35)']],
  [
    `INCLUDE ItemID WHERE Items.GENRES IN ($${'P'.repeat(51)})`,
    [`placeholder $${'P'.repeat(51)} is 51 characters long but filterValues keys are at most 50 (column 39)`],
  ],
  [
    'INCLUDE ItemID WHERE Items.A = 1 AND Items.B = 2 AND Items.C = 3 | EXCLUDE ItemID WHERE Items.D = 4 OR Items.E = 5 OR Items.F = 6 OR Items.A = 7',
    [
      'filter uses 6 distinct fields but the maximum is 5: Items.A, Items.B, Items.C, Items.D, Items.E, Items.F (column 119)',
    ],
  ],
];

describe('validateFilterExpression rules', () => {
  it.each(RULE_ERRORS)('rejects %s', (expression, expected) => {
    expect(messages(validateFilterExpression(expression))).toEqual(expected);
  });

  it('names the rule of each problem', () => {
    expect(validateFilterExpression('EXCLUDE ItemID WHERE Items.GENRES NOT IN ($GENRE)')).toEqual([
      {
        column: 43,
        token: '$GENRE',
        rule: 'placeholder-with-not-in',
        message: 'placeholder $GENRE cannot be used with NOT IN (column 43)',
      },
    ]);
  });

  it('rejects an expression over 2,500 characters', () => {
    const values = Array.from({ length: 400 }, (_, index) => `"g${index}"`).join(', ');
    const expression = `INCLUDE ItemID WHERE Items.GENRES IN (${values})`;
    const problems = validateFilterExpression(expression);
    expect(problems).toEqual([
      {
        column: 2501,
        token: expression[2500],
        rule: 'expression-too-long',
        message: `expression is ${expression.length} characters long but the maximum is 2500 (column 2501)`,
      },
    ]);
  });

  it('accepts an expression of exactly 2,500 characters', () => {
    const prefix = 'INCLUDE ItemID WHERE Items.TITLE IN ("';
    const expression = `${prefix}${'x'.repeat(2500 - prefix.length - 2)}")`;
    expect(expression).toHaveLength(2500);
    expect(validateFilterExpression(expression)).toEqual([]);
  });

  it('reports checker problems of parts that parsed', () => {
    const expression = 'INCLUDE ItemID WHERE Items.A IN ("a" | EXCLUDE ItemID WHERE Items.B NOT IN ($B)';
    expect(messages(validateFilterExpression(expression))).toEqual([
      "expected ',' or ')' in the value list of IN but found '|' (column 38)",
      'placeholder $B cannot be used with NOT IN (column 77)',
    ]);
  });
});

const SCHEMA_ERRORS: ReadonlyArray<readonly [string, readonly string[]]> = [
  [
    'INCLUDE ItemID WHERE Items.GENRE IN ("Drama")',
    [
      'Items.GENRE is not a field of the Items schema Movies (fields: ITEM_ID, GENRES, YEAR, RATING, TITLE, PLOT, FREE) (column 22)',
    ],
  ],
  [
    'INCLUDE ItemID WHERE Items.GENRES IN ("Drama") IF CurrentUser.COUNTRY = "NZ"',
    ['CurrentUser.COUNTRY is not a field of the Users schema Viewers (fields: USER_ID, AGE, TIER) (column 51)'],
  ],
  [
    'INCLUDE ItemID WHERE Items.YEAR IN ("1995")',
    ['Items.YEAR is of type int but found the string "1995" (column 37)'],
  ],
  ['INCLUDE ItemID WHERE Items.GENRES = 5', ['Items.GENRES is of type string but found the number 5 (column 37)']],
  [
    'INCLUDE ItemID WHERE Items.GENRES >= $GENRE',
    ['operator >= needs a numeric field but Items.GENRES is of type string (column 22)'],
  ],
  [
    'INCLUDE ItemID WHERE Items.GENRES IN ("Drama") IF CurrentUser.TIER > 2',
    [
      'operator > needs a numeric field but CurrentUser.TIER is of type string (column 51)',
      'CurrentUser.TIER is of type string but found the number 2 (column 70)',
    ],
  ],
  [
    'EXCLUDE ItemID WHERE Items.PLOT IN ("heist")',
    ['Items.PLOT is a textual field, which filters cannot use (column 22)'],
  ],
  [
    'EXCLUDE ItemID WHERE Items.FREE IN ("True")',
    [
      'Items.FREE is of type boolean, which filters cannot use; store "True" and "False" in a string field or 0 and 1 in an int field (column 22)',
    ],
  ],
];

describe('validateFilterExpression with schemas', () => {
  it.each(SCHEMA_ERRORS)('rejects %s', (expression, expected) => {
    expect(messages(validateFilterExpression(expression, MOVIE_SCHEMAS))).toEqual(expected);
  });

  it.each([
    'INCLUDE ItemID WHERE Items.GENRES IN ($GENRE) AND Items.YEAR >= $FROM AND Items.RATING > 3.5',
    'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click", "watch") IF CurrentUser.AGE < 18 AND CurrentUser.TIER = $TIER',
    'INCLUDE ItemID WHERE Items.YEAR IN (1995, 1996) OR Items.TITLE = "Heat" | EXCLUDE ItemID WHERE Interactions.EVENT_TYPE = "*"',
  ])('accepts %s', (expression) => {
    expect(validateFilterExpression(expression, MOVIE_SCHEMAS)).toEqual([]);
  });

  it('skips field checks for datasets without a schema', () => {
    expect(
      validateFilterExpression('INCLUDE ItemID WHERE Items.ANYTHING IN ("x")', { users: MOVIE_SCHEMAS.users }),
    ).toEqual([]);
  });
});

describe('compileFilter', () => {
  it('throws every problem as a FilterSyntaxError', () => {
    const expression = 'INCLUDE ItemID WHERE Items.GENRE NOT IN ($G)';
    expect(() => compileFilter(expression, MOVIE_SCHEMAS)).toThrow(
      new FilterSyntaxError(expression, [
        {
          column: 22,
          token: 'Items',
          rule: 'unknown-field',
          message:
            'Items.GENRE is not a field of the Items schema Movies (fields: ITEM_ID, GENRES, YEAR, RATING, TITLE, PLOT, FREE) (column 22)',
        },
        {
          column: 42,
          token: '$G',
          rule: 'placeholder-with-not-in',
          message: 'placeholder $G cannot be used with NOT IN (column 42)',
        },
      ]),
    );
  });

  it('lists placeholders in order of first use', () => {
    const compiled = compileFilter(
      'INCLUDE ItemID WHERE Items.YEAR > $FROM AND Items.GENRES IN ($G) IF CurrentUser.TIER = $TIER | EXCLUDE ItemID WHERE Items.YEAR > $FROM',
    );
    expect(compiled.placeholders).toEqual(['FROM', 'G', 'TIER']);
  });
});

describe('checkDatasetGroupFieldLimit', () => {
  const fiveFields = 'INCLUDE ItemID WHERE Items.A = 1 AND Items.B = 2 AND Items.C = 3 AND Items.D = 4 AND Items.E = 5';

  it('accepts ten distinct fields', () => {
    const other = fiveFields.replace(/Items\.([A-E])/g, 'Items.$1$1');
    expect(checkDatasetGroupFieldLimit([fiveFields, other, fiveFields])).toEqual([]);
  });

  it('rejects an eleventh distinct field', () => {
    const other = fiveFields.replace(/Items\.([A-E])/g, 'Items.$1$1');
    const problems = checkDatasetGroupFieldLimit([
      fiveFields,
      other,
      'EXCLUDE ItemID WHERE Items.A = 1 OR Items.K = 2',
    ]);
    expect(problems).toEqual([
      {
        column: 37,
        token: 'Items',
        rule: 'too-many-dataset-group-fields',
        message:
          'filter 3 brings the dataset group to 11 distinct fields but the maximum is 10: Items.A, Items.B, Items.C, Items.D, Items.E, Items.AA, Items.BB, Items.CC, Items.DD, Items.EE, Items.K (column 37)',
      },
    ]);
  });

  it('rejects more than ten filters', () => {
    const problems = checkDatasetGroupFieldLimit(Array.from({ length: 11 }, () => fiveFields));
    expect(messages(problems)).toEqual(['dataset group has 11 filters but the maximum is 10 (column 1)']);
  });
});
