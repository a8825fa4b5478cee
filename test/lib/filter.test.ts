import { Template } from 'aws-cdk-lib/assertions';
import { Dataset, DatasetGroup, Filter, Schema } from '../../lib';
import { movieDatasets } from './fixtures';
import { newStack } from './stack';

describe('Filter', () => {
  test('valid expression renders the filter', () => {
    const stack = newStack();
    const { datasetGroup } = movieDatasets(stack);
    const expression = 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase")';
    new Filter(stack, 'NotBought', { datasetGroup, filterExpression: expression, filterName: 'not-bought' });

    Template.fromStack(stack).hasResourceProperties('AWS::Personalize::Filter', {
      Name: 'not-bought',
      FilterExpression: expression,
      DatasetGroupArn: { 'Fn::GetAtt': [stack.getLogicalId(datasetGroup.resource), 'DatasetGroupArn'] },
    });
  });

  test('generated name changes with the expression', () => {
    const first = newStack();
    const second = newStack();
    const a = new Filter(first, 'Genre', {
      datasetGroup: movieDatasets(first).datasetGroup,
      filterExpression: 'INCLUDE ItemID WHERE Items.GENRES IN ($GENRE)',
    });
    const b = new Filter(second, 'Genre', {
      datasetGroup: movieDatasets(second).datasetGroup,
      filterExpression: 'EXCLUDE ItemID WHERE Items.GENRES IN ($GENRE)',
    });

    expect(a.filterName).toMatch(/^Test-Genre-[A-Za-z0-9]+-[0-9a-f]{8}$/);
    expect(b.filterName).not.toBe(a.filterName);
  });

  test('expression problems are reported together at synth', () => {
    const stack = newStack();
    const { datasetGroup } = movieDatasets(stack);
    new Filter(stack, 'Bad', {
      datasetGroup,
      filterExpression: 'EXCLUDE ItemID WHERE Items.GENRE NOT IN ($G) | EXCLUDE ItemID WHERE Users.AGE > 3',
    });

    expect(() => Template.fromStack(stack)).toThrow(
      [
        'Validation failed with the following errors:',
        "  [Test/Bad] filterExpression: Items.GENRE is not a field of the Items schema Items (fields: ITEM_ID, GENRES, YEAR, CREATION_TIMESTAMP) (column 22), token 'Items', rule unknown-field",
        "  [Test/Bad] filterExpression: placeholder $G cannot be used with NOT IN (column 42), token '$G', rule placeholder-with-not-in",
        "  [Test/Bad] filterExpression: Users.AGE cannot be used after WHERE; use IF CurrentUser.AGE (column 69), token 'Users', rule users-in-where",
      ].join('\n'),
    );
  });

  test('datasets created after the filter are checked', () => {
    const stack = newStack();
    const datasetGroup = new DatasetGroup(stack, 'Early', { datasetGroupName: 'early' });
    new Filter(stack, 'Genre', { datasetGroup, filterExpression: 'INCLUDE ItemID WHERE Items.GENRE IN ("Drama")' });
    const later = movieDatasets(stack);
    new Filter(stack, 'Other', {
      datasetGroup: later.datasetGroup,
      filterExpression: 'INCLUDE ItemID WHERE Items.GENRE IN ("Drama")',
    });

    expect(() => Template.fromStack(stack)).toThrow(
      "  [Test/Other] filterExpression: Items.GENRE is not a field of the Items schema Items (fields: ITEM_ID, GENRES, YEAR, CREATION_TIMESTAMP) (column 22), token 'Items', rule unknown-field",
    );
  });

  test('eleventh filter is rejected', () => {
    const stack = newStack();
    const { datasetGroup } = movieDatasets(stack);
    const paths: string[] = [];
    for (let index = 0; index < 10; index++) {
      const filter = new Filter(stack, `F${index}`, {
        datasetGroup,
        filterExpression: `EXCLUDE ItemID WHERE Items.YEAR < ${1900 + index}`,
      });
      paths.push(filter.node.path);
    }

    expect(
      () => new Filter(stack, 'F10', { datasetGroup, filterExpression: 'EXCLUDE ItemID WHERE Items.YEAR < 1800' }),
    ).toThrow(
      `Test/F10: datasetGroup: a dataset group can have at most 10 filters, got 11 for Test/Group (${[...paths, 'Test/F10'].join(', ')})`,
    );
  });
});

describe('Filter on missing datasets', () => {
  test('fields of absent datasets are reported', () => {
    const stack = newStack();
    const datasetGroup = new DatasetGroup(stack, 'Group', { datasetGroupName: 'interactions-only' });
    const schema = new Schema(stack, 'Schema', { definition: Schema.interactions({ fields: [] }) });
    new Dataset(stack, 'Interactions', { datasetGroup, schema });
    new Filter(stack, 'ForMembers', {
      datasetGroup,
      filterExpression: 'INCLUDE ItemID WHERE Items.GENRES IN ("Drama") IF CurrentUser.TIER = "gold"',
    });

    expect(() => Template.fromStack(stack)).toThrow(
      [
        'Validation failed with the following errors:',
        "  [Test/ForMembers] filterExpression: Items.GENRES needs the Items dataset in the dataset group, got none (column 22), token 'Items', rule missing-dataset",
        "  [Test/ForMembers] filterExpression: CurrentUser.TIER needs the Users dataset in the dataset group, got none (column 51), token 'CurrentUser', rule missing-dataset",
      ].join('\n'),
    );
  });

  test('imported dataset group skips the dataset check', () => {
    const stack = newStack();
    const datasetGroup = DatasetGroup.fromDatasetGroupArn(
      stack,
      'Imported',
      'arn:aws:personalize:us-east-1:123456789012:dataset-group/shop',
    );
    new Filter(stack, 'Genre', { datasetGroup, filterExpression: 'INCLUDE ItemID WHERE Items.GENRES IN ("Drama")' });

    Template.fromStack(stack).resourceCountIs('AWS::Personalize::Filter', 1);
  });
});
