import { CsvImportError, importCsv, loadSampleData, loadSampleSchemas, parseSchema } from '../../schema';

const interactionsSchema = parseSchema(
  {
    type: 'record',
    name: 'Interactions',
    fields: [
      { name: 'USER_ID', type: 'string' },
      { name: 'ITEM_ID', type: 'string' },
      { name: 'TIMESTAMP', type: 'long' },
      { name: 'EVENT_TYPE', type: 'string' },
      { name: 'EVENT_VALUE', type: ['null', 'float'] },
      { name: 'IMPRESSION', type: ['null', 'string'] },
      { name: 'DEVICE', type: ['null', 'string'], categorical: true },
    ],
  },
  'Interactions',
);

function errorsOf(text: string): string[] {
  try {
    importCsv(text, interactionsSchema);
  } catch (error) {
    expect(error).toBeInstanceOf(CsvImportError);
    return (error as CsvImportError).problems.map(
      (p) => `line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.message}`,
    );
  }
  throw new Error('expected the CSV to be rejected');
}

describe('importCsv', () => {
  test('reads interactions with reserved and contextual fields', () => {
    const text =
      'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE,IMPRESSION,DEVICE\nu1,i1,1700000000,click,2.5,i1|i2|i3,mobile\nu2,i2,1700000001,watch,,,\n';
    const result = importCsv(text, interactionsSchema);
    expect(result.datasetType).toBe('Interactions');
    expect(result.records).toEqual([
      {
        userId: 'u1',
        itemId: 'i1',
        timestamp: 1700000000,
        eventType: 'click',
        eventValue: 2.5,
        impression: ['i1', 'i2', 'i3'],
        context: { DEVICE: 'mobile' },
        source: 'bulk',
      },
      { userId: 'u2', itemId: 'i2', timestamp: 1700000001, eventType: 'watch', source: 'bulk' },
    ]);
  });

  test('accepts columns in any order and quoted values', () => {
    const text = 'TIMESTAMP,ITEM_ID,USER_ID,EVENT_TYPE\n5,"i,1",u1,click\n';
    const result = importCsv(text, interactionsSchema);
    expect(result.records).toEqual([{ userId: 'u1', itemId: 'i,1', timestamp: 5, eventType: 'click', source: 'bulk' }]);
  });

  test.each<[string, string, string[]]>([
    ['an empty file', '', ['line 1: the file is empty; a header row is required']],
    [
      'an unknown header',
      'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,COLOR\n',
      [
        'line 1, column COLOR: header "COLOR" is not a field of schema Interactions (fields: USER_ID, ITEM_ID, TIMESTAMP, EVENT_TYPE, EVENT_VALUE, IMPRESSION, DEVICE)',
      ],
    ],
    [
      'a missing required column',
      'USER_ID,ITEM_ID,EVENT_TYPE\n',
      ['line 1, column TIMESTAMP: required field TIMESTAMP has no column in the header'],
    ],
    [
      'a repeated header',
      'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,USER_ID\n',
      ['line 1, column USER_ID: header USER_ID appears more than once'],
    ],
    [
      'a short row',
      'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nu1,i1,5\n',
      ['line 2: expected 4 values as in the header, received 3'],
    ],
    [
      'a non-integer timestamp',
      'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nu1,i1,5.5,click\n',
      ['line 2, column TIMESTAMP: TIMESTAMP must be an integer (received "5.5")'],
    ],
    [
      'a millisecond timestamp',
      'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nu1,i1,1700000000000,click\n',
      ['line 2, column TIMESTAMP: TIMESTAMP must be Unix epoch seconds; 1700000000000 looks like milliseconds'],
    ],
    [
      'a non-numeric event value',
      'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE\nu1,i1,5,click,high\n',
      ['line 2, column EVENT_VALUE: EVENT_VALUE must be a number (received "high")'],
    ],
    [
      'an empty required value',
      'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\n,i1,5,click\n',
      ['line 2, column USER_ID: USER_ID is required and cannot be empty'],
    ],
    [
      'a long id',
      `USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\n${'u'.repeat(257)},i1,5,click\n`,
      ['line 2, column USER_ID: USER_ID must be at most 256 characters (received 257)'],
    ],
  ])('rejects %s', (_label, text, expected) => {
    expect(errorsOf(text)).toEqual(expected);
  });

  test('numbers lines as an editor does, across quoted line breaks', () => {
    const text = 'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\n"u\n1",i1,5,click\nu2,i2,x,click\n';
    expect(errorsOf(text)).toEqual(['line 4, column TIMESTAMP: TIMESTAMP must be an integer (received "x")']);
  });

  test('stops after 50 problems and says so', () => {
    const rows = Array.from({ length: 80 }, (_, index) => `u${index},i1,bad,click`);
    try {
      importCsv(`USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\n${rows.join('\n')}\n`, interactionsSchema);
      throw new Error('expected the CSV to be rejected');
    } catch (error) {
      const importError = error as CsvImportError;
      expect(importError.problems).toHaveLength(50);
      expect(importError.truncated).toBe(true);
      expect(importError.message).toMatch(/; further problems not listed$/);
    }
  });
});

describe('sample data', () => {
  test('schemas parse', () => {
    const schemas = loadSampleSchemas();
    expect(schemas.items.fields.find((field) => field.name === 'GENRES')?.categorical).toBe(true);
  });

  test('imports every MovieLens rating and movie', () => {
    const data = loadSampleData();
    expect(data.interactions).toHaveLength(100836);
    expect(data.items).toHaveLength(9742);
    expect(new Set(data.interactions.map((interaction) => interaction.userId)).size).toBe(610);
    const toyStory = data.items.find((item) => item.itemId === '1');
    expect(toyStory?.fields.GENRES).toBe('Adventure|Animation|Children|Comedy|Fantasy');
    expect(toyStory?.fields.YEAR).toBe(1995);
  });
});
