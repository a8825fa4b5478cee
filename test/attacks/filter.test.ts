import {
  compileFilter,
  encodeFilterValues,
  FilterSyntaxError,
  FilterValuesError,
  validateFilterExpression,
  type FilterDataSource,
  type TypedFilterValues,
} from '../../filter';

const data: FilterDataSource = {
  item: (itemId) => ({ itemId, fields: { GENRES: 'Comedy' } }),
  user: () => undefined,
  interactions: () => [],
};

/** Runs `action` and returns the `FilterValuesError` it throws, failing the test when it throws anything else. */
function filterValuesErrorOf(action: () => unknown): FilterValuesError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(FilterValuesError);
    return error as FilterValuesError;
  }
  throw new Error('expected a FilterValuesError, but nothing was thrown');
}

describe('encodeFilterValues with values of the wrong type', () => {
  it.each([
    ['null', null, 'filterValues key K has the value null, but each value must be a string, a number or a boolean'],
    ['an object', {}, 'filterValues key K has the value {}, but each value must be a string, a number or a boolean'],
    [
      'a nested list',
      [[1]],
      'filterValues key K has the value [1], but each value must be a string, a number or a boolean',
    ],
    [
      'null in a list',
      [null],
      'filterValues key K has the value null, but each value must be a string, a number or a boolean',
    ],
    [
      'undefined',
      undefined,
      'filterValues key K has the value undefined, but each value must be a string, a number or a boolean',
    ],
  ])('rejects %s', (_label, value, message) => {
    const error = filterValuesErrorOf(() => encodeFilterValues({ K: value } as unknown as TypedFilterValues));
    expect(error.message).toBe(message);
    expect(error.key).toBe('K');
    expect(error.errorType).toBe('ValidationException');
  });

  it.each([
    ['a string', 'GENRES', 'filterValues must be an object of placeholder names to values but received "GENRES"'],
    ['an array', ['Comedy'], 'filterValues must be an object of placeholder names to values but received ["Comedy"]'],
    ['null', null, 'filterValues must be an object of placeholder names to values but received null'],
  ])('rejects %s in place of the object', (_label, values, message) => {
    const error = filterValuesErrorOf(() => encodeFilterValues(values as unknown as TypedFilterValues));
    expect(error.message).toBe(message);
  });

  it('keeps a __proto__ key as data', () => {
    const values = JSON.parse('{"__proto__": "Comedy"}') as TypedFilterValues;
    const encoded = encodeFilterValues(values);
    expect(Object.keys(encoded)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(encoded, '__proto__')?.value).toBe('"Comedy"');
    expect(Object.getPrototypeOf(encoded)).toBe(Object.prototype);
  });
});

describe('bind with adversarial wire values', () => {
  const filter = compileFilter('INCLUDE ItemID WHERE Items.GENRES IN ($GENRES)');

  it.each([
    ['a number', 5, 'filterValues key GENRES must have a string value but received 5'],
    ['null', null, 'filterValues key GENRES must have a string value but received null'],
    ['a list', ['"Comedy"'], 'filterValues key GENRES must have a string value but received ["\\"Comedy\\""]'],
  ])('rejects %s as a value', (_label, value, message) => {
    const filterValues = { GENRES: value } as unknown as Record<string, string>;
    const error = filterValuesErrorOf(() => filter.bind({ filterValues, data }));
    expect(error.message).toBe(message);
    expect(error.errorType).toBe('ValidationException');
  });

  it.each([
    ['a string', 'GENRES', 'filterValues must be an object of placeholder names to values but received "GENRES"'],
    [
      'an array',
      ['"Comedy"'],
      'filterValues must be an object of placeholder names to values but received ["\\"Comedy\\""]',
    ],
  ])('rejects %s in place of the object', (_label, filterValues, message) => {
    const error = filterValuesErrorOf(() =>
      filter.bind({ filterValues: filterValues as unknown as Record<string, string>, data }),
    );
    expect(error.message).toBe(message);
  });

  it('rejects a number that overflows a double', () => {
    const error = filterValuesErrorOf(() => filter.bind({ filterValues: { GENRES: '1e999' }, data }));
    expect(error.message).toBe(
      'filterValues key GENRES must be a comma-separated list of double-quoted strings or numbers but received "1e999" (expected a number within the range of a double at character 1)',
    );
    expect(error.errorType).toBe('InvalidInputException');
  });

  it('treats quotes, commas and parentheses as text', () => {
    const encoded = encodeFilterValues({ GENRES: ['Comedy") OR Items.GENRES IN ("Drama', 'a,b\\'] });
    const keep = filter.bind({ filterValues: encoded, data });
    expect(keep('1')).toBe(false);
  });

  it('needs a value for a placeholder named like an Object member', () => {
    const named = compileFilter('INCLUDE ItemID WHERE Items.GENRES IN ($constructor)');
    const error = filterValuesErrorOf(() => named.bind({ filterValues: {}, data }));
    expect(error.message).toBe(
      'filterValues has no value for placeholder $constructor, which an INCLUDE part of this filter needs',
    );
  });

  it('leaves out an EXCLUDE placeholder named like an Object member', () => {
    const named = compileFilter('EXCLUDE ItemID WHERE Items.GENRES IN ($toString)');
    const keep = named.bind({ filterValues: {}, data });
    expect(keep('1')).toBe(true);
  });
});

describe('expressions that are not strings', () => {
  it.each([
    ['a number', 5, 'expression must be a string but received number (column 1)'],
    ['null', null, 'expression must be a string but received null (column 1)'],
    ['an array', ['INCLUDE'], 'expression must be a string but received an array (column 1)'],
  ])('reports %s as one problem', (_label, expression, message) => {
    const problems = validateFilterExpression(expression as unknown as string);
    expect(problems).toEqual([{ column: 1, token: '', rule: 'type', message }]);
  });

  it('makes compileFilter throw FilterSyntaxError', () => {
    expect(() => compileFilter(undefined as unknown as string)).toThrow(
      new FilterSyntaxError('undefined', [
        {
          column: 1,
          token: '',
          rule: 'type',
          message: 'expression must be a string but received undefined (column 1)',
        },
      ]),
    );
  });
});

describe('pathological expressions', () => {
  it('reports 100,000 nested parentheses without overflowing the stack', () => {
    const expression = `INCLUDE ItemID WHERE ${'('.repeat(100_000)}Items.GENRES IN ("a")${')'.repeat(100_000)}`;
    const rules = validateFilterExpression(expression).map((problem) => problem.rule);
    expect(rules).toContain('expression-too-long');
    expect(rules).toContain('grouping-parentheses');
  });

  it('reports an expression of 2,501 characters', () => {
    const base = 'EXCLUDE ItemID WHERE Items.GENRES IN ("a")';
    const problems = validateFilterExpression(base + ' '.repeat(2501 - base.length));
    expect(problems.map((problem) => problem.message)).toEqual([
      'expression is 2501 characters long but the maximum is 2500 (column 2501)',
    ]);
  });

  it('reports an unterminated string and a stray $', () => {
    const messages = validateFilterExpression('EXCLUDE ItemID WHERE Items.GENRES IN ($, "a').map(
      (problem) => problem.message,
    );
    expect(messages).toContain("placeholder '$' needs a name of letters, digits or '_' (column 39)");
    expect(messages).toContain('string is missing its closing double quote (column 42)');
  });
});

describe('invisible and non-ASCII characters', () => {
  it.each([
    [
      'a no-break space',
      'EXCLUDE\u00a0ItemID WHERE Items.GENRES IN ("a")',
      "invalid character '\u00a0' (U+00A0) (column 8)",
    ],
    [
      'a byte order mark',
      '\ufeffEXCLUDE ItemID WHERE Items.GENRES IN ("a")',
      "invalid character '\ufeff' (U+FEFF) (column 1)",
    ],
    [
      'a NUL after the expression',
      'EXCLUDE ItemID WHERE Items.GENRES IN ("a")\u0000',
      "invalid character '\u0000' (U+0000) (column 43)",
    ],
    ['an accented letter', 'EXCLUDE ItemID WHERE Items.GENRÉS IN ("a")', "invalid character 'É' (U+00C9) (column 32)"],
  ])('names the code point of %s', (_label, expression, message) => {
    const messages = validateFilterExpression(expression).map((problem) => problem.message);
    expect(messages).toContain(message);
  });

  it('reports an emoji as one character', () => {
    const problems = validateFilterExpression('EXCLUDE ItemID WHERE Items.GENRES IN ("a") AND Items.😀 = 1');
    const invalid = problems.filter((problem) => problem.rule === 'invalid-character');
    expect(invalid).toEqual([
      { column: 54, token: '😀', rule: 'invalid-character', message: "invalid character '😀' (U+1F600) (column 54)" },
    ]);
  });
});
