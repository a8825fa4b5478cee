import { compileFilter, FilterValuesError, type FilterSchemas } from '../../filter';
import { CANDIDATES, DATA } from './catalogue';
import { MOVIE_SCHEMAS } from './schemas';

function run(
  expression: string,
  options: { userId?: string; filterValues?: Record<string, string>; candidates?: readonly string[] } = {},
  schemas: FilterSchemas = MOVIE_SCHEMAS,
): string[] {
  const keep = compileFilter(expression, schemas).bind({
    data: DATA,
    userId: options.userId,
    filterValues: options.filterValues,
  });
  return (options.candidates ?? CANDIDATES).filter(keep);
}

const ALL = [...CANDIDATES];

describe('item conditions', () => {
  it.each([
    ['INCLUDE ItemID WHERE Items.GENRES IN ("Drama")', ['m1', 'm3']],
    ['EXCLUDE ItemID WHERE Items.GENRES IN ("Drama")', ['m2', 'm4', 'm5', 'ghost']],
    ['INCLUDE ItemID WHERE Items.GENRES NOT IN ("Comedy", "Horror")', ['m3', 'm5', 'ghost']],
    ['INCLUDE ItemID WHERE Items.GENRES = "Thriller"', ['m5']],
    ['INCLUDE ItemID WHERE Items.YEAR >= 1994 AND Items.YEAR < 2005', ['m1', 'm3', 'm5']],
    ['INCLUDE ItemID WHERE Items.YEAR <= 1994', ['m1', 'm2']],
    ['INCLUDE ItemID WHERE Items.GENRES = "Horror" OR Items.YEAR > 2005 AND Items.GENRES IN ("Comedy")', ['m2', 'm4']],
    ['INCLUDE ItemID WHERE Items.RATING > 4', ['m1', 'm4']],
    ['EXCLUDE ItemID WHERE Items.RATING > 4', ['m2', 'm3', 'm5', 'ghost']],
    ['INCLUDE ItemID WHERE Items.YEAR IN (1980, 2010)', ['m2', 'm4']],
    ['INCLUDE ItemID WHERE Items.GENRES IN ("Comedy") | EXCLUDE ItemID WHERE Items.YEAR > 2000', ['m1']],
  ])('%s', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });

  it('splits values only of categorical fields when the schema is known', () => {
    expect(run('INCLUDE ItemID WHERE Items.GENRES IN ("Comedy")', {}, {})).toEqual(['m1', 'm4']);
    const plainGenres: FilterSchemas = {
      items: {
        datasetType: 'Items',
        name: 'Plain',
        fields: [{ name: 'GENRES', type: 'string', optional: false, categorical: false, textual: false }],
      },
    };
    expect(run('INCLUDE ItemID WHERE Items.GENRES IN ("Comedy")', {}, plainGenres)).toEqual(['m4']);
  });
});

describe('interaction conditions', () => {
  it.each([
    [
      'INCLUDE ItemID WHERE Items.GENRES IN ("Comedy", "Drama") | EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")',
      ['m3', 'm4'],
    ],
    ['INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("*")', ['m1', 'm2']],
    ['INCLUDE ItemID WHERE Interactions.EVENT_TYPE = "watch"', ['m2']],
    ['EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("WATCH", "purchase")', ['m1', 'm3', 'm4', 'm5', 'ghost']],
  ])('%s for u1', (expression, expected) => {
    expect(run(expression, { userId: 'u1' })).toEqual(expected);
  });

  it('excludes nothing without a user', () => {
    expect(run('EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("*")')).toEqual(ALL);
  });

  it('looks back over the latest 200 bulk interactions', () => {
    const candidates = ['m1', 'f0', 'f1', 'f199', 'm3'];
    expect(run('INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("watch")', { userId: 'w', candidates })).toEqual([
      'f1',
      'f199',
    ]);
    expect(run('INCLUDE ItemID WHERE Interactions.EVENT_TYPE = "purchase"', { userId: 'w', candidates })).toEqual([
      'm3',
    ]);
  });

  it('looks back over the latest 100 real-time interactions', () => {
    const candidates = ['m2', 'r0', 'r98', 'm4'];
    expect(run('INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")', { userId: 'w', candidates })).toEqual([
      'r0',
      'r98',
      'm4',
    ]);
  });

  it('keeps the bulk window apart from the real-time one', () => {
    const candidates = ['m5', 'c0', 'c149', 'c150', 'c249'];
    expect(run('INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("*")', { userId: 'v', candidates })).toEqual([
      'm5',
      'c150',
      'c249',
    ]);
  });
});

describe('current user conditions', () => {
  const horrorForMinors = 'EXCLUDE ItemID WHERE Items.GENRES IN ("Horror") IF CurrentUser.AGE < 18';

  it.each([
    ['u1', ['m1', 'm3', 'm4', 'm5', 'ghost']],
    ['u2', ALL],
    ['u3', ALL],
    ['nobody', ALL],
  ])('applies the IF part for %s only when it holds', (userId, expected) => {
    expect(run(horrorForMinors, { userId })).toEqual(expected);
  });

  it('joins IF conditions with AND', () => {
    const expression =
      'INCLUDE ItemID WHERE Items.GENRES IN ("Comedy") IF CurrentUser.TIER = "gold" AND CurrentUser.AGE >= 15';
    expect(run(expression, { userId: 'u1' })).toEqual(['m1', 'm4']);
    expect(run(expression, { userId: 'u2' })).toEqual(ALL);
  });
});

describe('placeholders', () => {
  it('uses a value for an INCLUDE placeholder', () => {
    expect(run('INCLUDE ItemID WHERE Items.GENRES IN ($G)', { filterValues: { G: '"Drama","Horror"' } })).toEqual([
      'm1',
      'm2',
      'm3',
    ]);
  });

  it('reads numbers bare or quoted', () => {
    const expression = 'INCLUDE ItemID WHERE Items.YEAR > $Y';
    expect(run(expression, { filterValues: { Y: '1999' } })).toEqual(['m3', 'm4']);
    expect(run(expression, { filterValues: { Y: '"1999"' } })).toEqual(['m3', 'm4']);
  });

  it('drops an EXCLUDE condition without a value', () => {
    const expression = 'EXCLUDE ItemID WHERE Items.GENRES IN ($G) AND Items.YEAR > $Y';
    expect(run(expression, { filterValues: { G: '"Comedy"' } })).toEqual(['m2', 'm3', 'm5', 'ghost']);
    expect(run(expression)).toEqual(ALL);
  });

  it('drops an EXCLUDE operand of OR without a value', () => {
    const expression = 'EXCLUDE ItemID WHERE Items.GENRES IN ($G) OR Items.YEAR > $Y';
    expect(run(expression, { filterValues: { Y: '2000' } })).toEqual(['m1', 'm2', 'm5', 'ghost']);
  });

  it('fills IF placeholders', () => {
    const expression = 'INCLUDE ItemID WHERE Items.GENRES IN ("Comedy") IF CurrentUser.TIER = $TIER';
    expect(run(expression, { userId: 'u1', filterValues: { TIER: '"gold"' } })).toEqual(['m1', 'm4']);
    expect(run(expression, { userId: 'u1', filterValues: { TIER: '"basic"' } })).toEqual(ALL);
  });

  it('drops an EXCLUDE part whose IF placeholder has no value', () => {
    expect(
      run('EXCLUDE ItemID WHERE Items.GENRES IN ("Horror") IF CurrentUser.TIER = $TIER', { userId: 'u1' }),
    ).toEqual(ALL);
  });
});

describe('filterValues errors', () => {
  const include = 'INCLUDE ItemID WHERE Items.GENRES IN ($G) | EXCLUDE ItemID WHERE Items.YEAR = $Y';

  function bindError(expression: string, filterValues?: Record<string, string>): FilterValuesError {
    const compiled = compileFilter(expression, MOVIE_SCHEMAS);
    try {
      compiled.bind({ data: DATA, filterValues });
    } catch (error) {
      if (error instanceof FilterValuesError) {
        return error;
      }
      throw error;
    }
    throw new Error('bind accepted the filter values');
  }

  it.each([
    [
      include,
      undefined,
      'InvalidInputException',
      'filterValues has no value for placeholder $G, which an INCLUDE part of this filter needs',
    ],
    [
      include,
      { G: 'Drama' },
      'InvalidInputException',
      'filterValues key G must be a comma-separated list of double-quoted strings or numbers but received "Drama" (expected a double-quoted string or a number at character 1)',
    ],
    [
      include,
      { G: '"Drama" "Horror"' },
      'InvalidInputException',
      `filterValues key G must be a comma-separated list of double-quoted strings or numbers but received "\\"Drama\\" \\"Horror\\"" (expected ',' between values at character 9)`,
    ],
    [
      include,
      { G: '"Drama', Y: '1' },
      'InvalidInputException',
      'filterValues key G must be a comma-separated list of double-quoted strings or numbers but received "\\"Drama" (expected a closing double quote at character 7)',
    ],
    [
      include,
      { G: '"Drama"', Y: '1990,2000' },
      'InvalidInputException',
      'filterValues key Y has 2 values but $Y is used with =, which takes exactly one',
    ],
    [
      'INCLUDE ItemID WHERE Items.YEAR > $Y',
      { Y: '"recent"' },
      'InvalidInputException',
      'filterValues key Y has the value "recent" but $Y is used with >, which needs a number',
    ],
    [
      include,
      { G: '"Drama"', GENRE: '"Drama"' },
      'InvalidInputException',
      'filterValues key GENRE is not a placeholder of this filter; its placeholders are G, Y',
    ],
    [
      'INCLUDE ItemID WHERE Items.GENRES IN ("Drama")',
      { G: '"Drama"' },
      'InvalidInputException',
      'filterValues key G is not a placeholder of this filter; it has none',
    ],
    [
      include,
      Object.fromEntries(Array.from({ length: 26 }, (_, index) => [`K${index}`, '"x"'])),
      'ValidationException',
      'filterValues has 26 keys but the maximum is 25',
    ],
    [
      include,
      { 'G-1': '"x"' },
      'ValidationException',
      'filterValues key "G-1" must match [A-Za-z0-9_]+ and be 1 to 50 characters long',
    ],
    [
      include,
      { G: `"${'x'.repeat(999)}"` },
      'ValidationException',
      'filterValues key G has a value of 1001 characters but the maximum is 1000',
    ],
  ])('rejects %s with %j', (expression, filterValues, errorType, message) => {
    const error = bindError(expression, filterValues);
    expect(error.errorType).toBe(errorType);
    expect(error.message).toBe(message);
  });

  it('names the key at fault', () => {
    expect(bindError(include, { G: 'Drama' }).key).toBe('G');
  });
});
