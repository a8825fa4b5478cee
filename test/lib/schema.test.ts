import { Template } from 'aws-cdk-lib/assertions';
import { Field, Schema } from '../../lib';
import { newStack } from './stack';

describe('Schema', () => {
  test('interactions builder adds required fields', () => {
    const stack = newStack();
    const schema = new Schema(stack, 'Interactions', {
      schemaName: 'interactions',
      definition: Schema.interactions({ fields: [Field.eventType(), Field.contextual('DEVICE', { optional: true })] }),
    });

    const document = JSON.parse(
      Template.fromStack(stack).findResources('AWS::Personalize::Schema')[stack.getLogicalId(schema.resource)]
        .Properties.Schema,
    );
    expect(document).toEqual({
      type: 'record',
      name: 'Interactions',
      namespace: 'com.amazonaws.personalize.schema',
      fields: [
        { name: 'USER_ID', type: 'string' },
        { name: 'ITEM_ID', type: 'string' },
        { name: 'TIMESTAMP', type: 'long' },
        { name: 'EVENT_TYPE', type: 'string' },
        { name: 'DEVICE', type: ['null', 'string'], categorical: true },
      ],
      version: '1.0',
    });
    expect(schema.datasetType).toBe('Interactions');
    expect(schema.datasetSchema?.fields.map((field) => field.name)).toEqual([
      'USER_ID',
      'ITEM_ID',
      'TIMESTAMP',
      'EVENT_TYPE',
      'DEVICE',
    ]);
  });

  test('items builder renders every field helper', () => {
    const stack = newStack();
    const schema = new Schema(stack, 'Items', {
      definition: Schema.items({
        fields: [
          Field.categorical('GENRES'),
          Field.textual('DESCRIPTION', { optional: true }),
          Field.int('YEAR'),
          Field.double('PRICE', { optional: true }),
          Field.boolean('IN_STOCK'),
          Field.creationTimestamp(),
        ],
      }),
    });

    expect(schema.datasetSchema?.fields).toEqual([
      { name: 'ITEM_ID', type: 'string', optional: false, categorical: false, textual: false },
      { name: 'GENRES', type: 'string', optional: false, categorical: true, textual: false },
      { name: 'DESCRIPTION', type: 'string', optional: true, categorical: false, textual: true },
      { name: 'YEAR', type: 'int', optional: false, categorical: false, textual: false },
      { name: 'PRICE', type: 'double', optional: true, categorical: false, textual: false },
      { name: 'IN_STOCK', type: 'boolean', optional: false, categorical: false, textual: false },
      { name: 'CREATION_TIMESTAMP', type: 'long', optional: false, categorical: false, textual: false },
    ]);
  });

  test('generated name changes with the definition', () => {
    const first = newStack();
    const second = newStack();
    const a = new Schema(first, 'Users', { definition: Schema.users({ fields: [Field.categorical('TIER')] }) });
    const b = new Schema(second, 'Users', { definition: Schema.users({ fields: [Field.categorical('PLAN')] }) });

    expect(a.schemaName).toMatch(/^Test-Users-[A-Za-z0-9]+-[0-9a-f]{8}$/);
    expect(b.schemaName).not.toBe(a.schemaName);
    expect(b.schemaName.slice(0, -9)).toBe(a.schemaName.slice(0, -9));
  });

  test('fromAvro accepts a valid document', () => {
    const stack = newStack();
    const json = JSON.stringify({
      type: 'record',
      name: 'Users',
      namespace: 'com.amazonaws.personalize.schema',
      fields: [
        { name: 'USER_ID', type: 'string' },
        { name: 'AGE', type: ['null', 'int'] },
      ],
      version: '1.0',
    });
    const schema = new Schema(stack, 'Users', { schemaName: 'users', definition: Schema.fromAvro(json, 'Users') });

    Template.fromStack(stack).hasResourceProperties('AWS::Personalize::Schema', { Name: 'users', Schema: json });
    expect(schema.datasetSchema?.fields[1]).toEqual({
      name: 'AGE',
      type: 'int',
      optional: true,
      categorical: false,
      textual: false,
    });
  });

  test('fromAvro reports every problem', () => {
    const stack = newStack();
    const json = {
      type: 'record',
      name: 'Interactions',
      fields: [
        { name: 'USER_ID', type: 'string' },
        { name: 'ITEM_ID', type: 'string' },
        { name: 'PRICE', type: 'int', categorical: true },
      ],
    };

    expect(() => new Schema(stack, 'Bad', { definition: Schema.fromAvro(json, 'Interactions') })).toThrow(
      [
        'Test/Bad: 2 problems',
        '  Test/Bad: definition: field PRICE: categorical is allowed only on string fields (received type int) (rule categorical-on-non-string)',
        '  Test/Bad: definition: Interactions schemas require field TIMESTAMP of type long (rule required-field)',
      ].join('\n'),
    );
  });

  test('contextual field outside interactions is rejected', () => {
    const stack = newStack();

    expect(
      () => new Schema(stack, 'Items', { definition: Schema.items({ fields: [Field.contextual('DEVICE')] }) }),
    ).toThrow(
      'Test/Items: definition: fields[0] DEVICE is contextual, which only Interactions schemas allow, got dataset type Items',
    );
  });

  test('required field with wrong type is rejected', () => {
    const stack = newStack();

    expect(
      () =>
        new Schema(stack, 'Interactions', {
          definition: Schema.interactions({ fields: [Field.string('TIMESTAMP')] }),
        }),
    ).toThrow(
      'Test/Interactions: definition: field TIMESTAMP must be of type long, not nullable (received string) (rule required-field-type)',
    );
  });

  test('import from ARN keeps dataset type', () => {
    const stack = newStack();
    const schema = Schema.fromSchemaArn(
      stack,
      'Imported',
      'arn:aws:personalize:us-east-1:123456789012:schema/items',
      'Items',
    );

    expect(schema.schemaArn).toBe('arn:aws:personalize:us-east-1:123456789012:schema/items');
    expect(schema.datasetType).toBe('Items');
    expect(schema.datasetSchema).toBeUndefined();
  });
});
