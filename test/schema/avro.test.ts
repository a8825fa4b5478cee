import { parseSchema, SchemaValidationError } from '../../schema';

const interactions = (extra: Array<Record<string, unknown> & { name: string }> = []) => ({
  type: 'record',
  name: 'Interactions',
  fields: [
    { name: 'USER_ID', type: 'string' },
    { name: 'ITEM_ID', type: 'string' },
    { name: 'TIMESTAMP', type: 'long' },
    ...extra,
  ],
});

function problemsOf(json: string | object, datasetType: 'Interactions' | 'Items' | 'Users'): string[] {
  try {
    parseSchema(json, datasetType);
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaValidationError);
    return (error as SchemaValidationError).problems.map((problem) => problem.message);
  }
  throw new Error('expected the schema to be rejected');
}

describe('parseSchema', () => {
  test('accepts a minimal interactions schema', () => {
    const schema = parseSchema(JSON.stringify(interactions()), 'Interactions');
    expect(schema.name).toBe('Interactions');
    expect(schema.fields.map((field) => field.name)).toEqual(['USER_ID', 'ITEM_ID', 'TIMESTAMP']);
    expect(schema.fields[2]).toEqual({
      name: 'TIMESTAMP',
      type: 'long',
      optional: false,
      categorical: false,
      textual: false,
    });
  });

  test('reads null unions and attributes', () => {
    const schema = parseSchema(
      {
        type: 'record',
        name: 'Items',
        fields: [
          { name: 'ITEM_ID', type: 'string' },
          { name: 'GENRES', type: ['null', 'string'], categorical: true },
          { name: 'DESCRIPTION', type: ['string', 'null'], textual: true },
        ],
      },
      'Items',
    );
    expect(schema.fields[1]).toEqual({
      name: 'GENRES',
      type: 'string',
      optional: true,
      categorical: true,
      textual: false,
    });
    expect(schema.fields[2]).toEqual({
      name: 'DESCRIPTION',
      type: 'string',
      optional: true,
      categorical: false,
      textual: true,
    });
  });

  test.each([
    ['not JSON', '{', 'Interactions', /^schema is not valid JSON: /],
    ['a JSON array', '[]', 'Interactions', 'schema must be a JSON object'],
  ] as const)('rejects %s', (_label, json, datasetType, expected) => {
    const [message] = problemsOf(json, datasetType);
    if (typeof expected === 'string') expect(message).toBe(expected);
    else expect(message).toMatch(expected);
  });

  test.each<[string, object, 'Interactions' | 'Items' | 'Users', string[]]>([
    [
      'a missing required field',
      {
        type: 'record',
        name: 'I',
        fields: [
          { name: 'USER_ID', type: 'string' },
          { name: 'ITEM_ID', type: 'string' },
        ],
      },
      'Interactions',
      ['Interactions schemas require field TIMESTAMP of type long'],
    ],
    [
      'a nullable required field',
      interactions().fields.map((f) => (f.name === 'USER_ID' ? { ...f, type: ['null', 'string'] } : f)),
      'Interactions',
      ['field USER_ID must be of type string, not nullable (received ["null", "string"])'],
    ],
    [
      'TIMESTAMP as int',
      {
        ...interactions(),
        fields: interactions().fields.map((f) => (f.name === 'TIMESTAMP' ? { ...f, type: 'int' } : f)),
      },
      'Interactions',
      ['field TIMESTAMP must be of type long, not nullable (received int)'],
    ],
    [
      'categorical on a number',
      interactions([{ name: 'PRICE', type: 'float', categorical: true }]),
      'Interactions',
      ['field PRICE: categorical is allowed only on string fields (received type float)'],
    ],
    [
      'textual on a number',
      interactions([{ name: 'RANK', type: 'int', textual: true }]),
      'Interactions',
      ['field RANK: textual is allowed only on string fields (received type int)'],
    ],
    [
      'an unknown type',
      interactions([{ name: 'TAGS', type: 'array' }]),
      'Interactions',
      [
        'field TAGS: type must be one of string, int, long, float, double, boolean, or a union of one of them with "null" (received "array")',
      ],
    ],
    [
      'a union of two types',
      interactions([{ name: 'X', type: ['int', 'string'] }]),
      'Interactions',
      [
        'field X: type must be one of string, int, long, float, double, boolean, or a union of one of them with "null" (received ["int","string"])',
      ],
    ],
    [
      'EVENT_VALUE as string',
      interactions([{ name: 'EVENT_VALUE', type: 'string' }]),
      'Interactions',
      ['field EVENT_VALUE must be of type float or double (received string)'],
    ],
    [
      'a duplicate field',
      interactions([{ name: 'user_id', type: 'string' }]),
      'Interactions',
      ['field user_id duplicates field USER_ID (names are compared without case)'],
    ],
    [
      'items without metadata',
      { type: 'record', name: 'Items', fields: [{ name: 'ITEM_ID', type: 'string' }] },
      'Items',
      ['Items schemas need at least one field besides ITEM_ID'],
    ],
    [
      'a bad record type',
      {
        type: 'enum',
        name: 'Users',
        fields: [
          { name: 'USER_ID', type: 'string' },
          { name: 'AGE', type: 'int' },
        ],
      },
      'Users',
      ['type must be "record" (received "enum")'],
    ],
  ])('rejects %s', (_label, json, datasetType, expected) => {
    const schema = Array.isArray(json) ? { type: 'record', name: 'Interactions', fields: json } : json;
    expect(problemsOf(schema, datasetType)).toEqual(expected);
  });

  test('reports every problem together', () => {
    const messages = problemsOf(
      {
        type: 'record',
        name: 'Users',
        fields: [
          { name: 'AGE', type: 'int', categorical: true },
          { name: 'bad name', type: 'string' },
        ],
      },
      'Users',
    );
    expect(messages).toEqual([
      'field AGE: categorical is allowed only on string fields (received type int)',
      'fields[1].name must be an Avro name (received "bad name")',
      'Users schemas require field USER_ID of type string',
    ]);
  });

  test('limits users metadata fields to 5', () => {
    const fields = [
      { name: 'USER_ID', type: 'string' },
      ...[1, 2, 3, 4, 5, 6].map((n) => ({ name: `F${n}`, type: 'int' })),
    ];
    expect(problemsOf({ type: 'record', name: 'Users', fields }, 'Users')).toEqual([
      'Users schemas allow at most 5 fields besides USER_ID (received 6)',
    ]);
  });
});
