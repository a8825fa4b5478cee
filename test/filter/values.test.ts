import fc from 'fast-check';
import { decodeFilterValue, encodeFilterValues, FilterValuesError, type TypedFilterValues } from '../../filter';

describe('encodeFilterValues', () => {
  it.each([
    [{ GENRE: ['Comedy', 'Drama'] }, { GENRE: '"Comedy","Drama"' }],
    [{ GENRE: 'Comedy' }, { GENRE: '"Comedy"' }],
    [
      { YEAR: 1995, MIN_RATING: [3.5] },
      { YEAR: '1995', MIN_RATING: '3.5' },
    ],
    [
      { FREE: true, PAID: [false] },
      { FREE: '"True"', PAID: '"False"' },
    ],
    [{ TITLE: ['say "hi"', 'C:\\path', 'a,b'] }, { TITLE: '"say \\"hi\\"","C:\\\\path","a,b"' }],
  ] as const)('encodes %j', (typed, wire) => {
    expect(encodeFilterValues(typed as TypedFilterValues)).toEqual(wire);
  });

  it.each([
    [{ GENRE: [] }, 'filterValues key GENRE has an empty list; give at least one value'],
    [{ 'GEN-RE': 'x' }, 'filterValues key "GEN-RE" must match [A-Za-z0-9_]+ and be 1 to 50 characters long'],
    [{ '': 'x' }, 'filterValues key "" must match [A-Za-z0-9_]+ and be 1 to 50 characters long'],
    [
      { ['K'.repeat(51)]: 'x' },
      `filterValues key "${'K'.repeat(51)}" must match [A-Za-z0-9_]+ and be 1 to 50 characters long`,
    ],
    [
      { TITLE: 'line\nbreak' },
      'filterValues key TITLE has the value "line\\nbreak", which contains the control character U+000A',
    ],
    [{ YEAR: Number.NaN }, 'filterValues key YEAR has the non-finite number NaN'],
    [{ YEAR: [1, Infinity] }, 'filterValues key YEAR has the non-finite number Infinity'],
    [{ GENRE: 'x'.repeat(999) }, 'filterValues key GENRE has a value of 1001 characters but the maximum is 1000'],
    [
      Object.fromEntries(Array.from({ length: 26 }, (_, index) => [`K${index}`, 'x'])),
      'filterValues has 26 keys but the maximum is 25',
    ],
  ])('rejects %j', (typed, message) => {
    expect(() => encodeFilterValues(typed as TypedFilterValues)).toThrow(
      new FilterValuesError('ValidationException', message),
    );
    try {
      encodeFilterValues(typed as TypedFilterValues);
    } catch (error) {
      expect((error as FilterValuesError).errorType).toBe('ValidationException');
    }
  });

  it('accepts a value of exactly 1,000 characters', () => {
    expect(encodeFilterValues({ GENRE: 'x'.repeat(998) }).GENRE).toHaveLength(1000);
  });
});

describe('decodeFilterValue', () => {
  it.each([
    ['"Comedy","Drama"', ['Comedy', 'Drama']],
    [' "Comedy" , "Drama" ', ['Comedy', 'Drama']],
    ['1995,-2.5,1e3', [1995, -2.5, 1000]],
    ['"1995"', ['1995']],
    ['"a\\"b","c\\\\d"', ['a"b', 'c\\d']],
    ['""', ['']],
  ])('decodes %j', (wire, expected) => {
    expect(decodeFilterValue(wire)).toEqual(expected);
  });

  it.each([
    ['', 'expected a double-quoted string or a number at character 1'],
    ['Comedy', 'expected a double-quoted string or a number at character 1'],
    ['"Comedy",', 'expected a double-quoted string or a number at character 10'],
    ['"Comedy"x', "expected ',' between values at character 9"],
    ['"Comedy', 'expected a closing double quote at character 8'],
  ])('rejects %j', (wire, detail) => {
    expect(() => decodeFilterValue(wire)).toThrow(
      new FilterValuesError(
        'InvalidInputException',
        `filter value must be a comma-separated list of double-quoted strings or numbers but received ${JSON.stringify(wire)} (${detail})`,
      ),
    );
  });

  it('inverts encodeFilterValues', () => {
    const item = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 100 }).filter((text) => !/[\u0000-\u001f\u007f]/.test(text)),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => (Object.is(value, -0) ? 0 : value)),
    );
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 5 }), (values) => {
        const wire = encodeFilterValues({ KEY: values });
        expect(decodeFilterValue(wire.KEY)).toEqual(values);
      }),
      { numRuns: 500 },
    );
  });
});
