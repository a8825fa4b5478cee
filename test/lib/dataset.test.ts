import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Dataset, DatasetGroup, DatasetImportJob, Field, ImportMode, Schema } from '../../lib';
import { movieDatasets } from './fixtures';
import { newStack } from './stack';

function itemsSetup() {
  const stack = newStack();
  const datasetGroup = new DatasetGroup(stack, 'Group', { datasetGroupName: 'shop' });
  const schema = new Schema(stack, 'Schema', {
    schemaName: 'items',
    definition: Schema.items({ fields: [Field.categorical('GENRES')] }),
  });
  return { stack, datasetGroup, schema };
}

describe('Dataset', () => {
  test('dataset takes its type from the schema', () => {
    const { stack, datasetGroup, schema } = itemsSetup();
    const dataset = new Dataset(stack, 'Items', { datasetGroup, schema, datasetName: 'items' });

    expect(dataset.datasetType).toBe('Items');
    Template.fromStack(stack).hasResourceProperties('AWS::Personalize::Dataset', {
      Name: 'items',
      DatasetType: 'Items',
      DatasetGroupArn: { 'Fn::GetAtt': [stack.getLogicalId(datasetGroup.resource), 'DatasetGroupArn'] },
      SchemaArn: { 'Fn::GetAtt': [stack.getLogicalId(schema.resource), 'SchemaArn'] },
      DatasetImportJob: Match.absent(),
    });
  });

  test('import from key grants exact read access', () => {
    const { stack, datasetGroup, schema } = itemsSetup();
    const bucket = new s3.Bucket(stack, 'Data');
    const dataset = new Dataset(stack, 'Items', {
      datasetGroup,
      schema,
      importFrom: { bucket, key: 'items/items.csv', jobName: 'items-import' },
    });

    const template = Template.fromStack(stack);
    const bucketId = stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
    const roleId = stack.getLogicalId(dataset.importRole!.node.defaultChild as iam.CfnRole);
    template.hasResourceProperties('AWS::Personalize::Dataset', {
      DatasetImportJob: {
        JobName: 'items-import',
        RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
        DataSource: { DataLocation: { 'Fn::Join': ['', ['s3://', { Ref: bucketId }, '/items/items.csv']] } },
      },
    });
    const bucketArn = { 'Fn::GetAtt': [bucketId, 'Arn'] };
    const objectArn = { 'Fn::Join': ['', [bucketArn, '/items/items.csv']] };
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: [
          { Action: 's3:GetObject', Effect: 'Allow', Resource: objectArn },
          { Action: 's3:ListBucket', Effect: 'Allow', Resource: bucketArn },
        ],
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Action: ['s3:GetObject', 's3:ListBucket'],
            Effect: 'Allow',
            Principal: { Service: 'personalize.amazonaws.com' },
            Resource: [bucketArn, objectArn],
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': [
                    '',
                    [
                      'arn:',
                      { Ref: 'AWS::Partition' },
                      ':personalize:us-east-1:123456789012:dataset-import-job/items-import',
                    ],
                  ],
                },
              },
            },
          },
        ],
      },
    });
    const [datasetResource] = Object.values(template.findResources('AWS::Personalize::Dataset'));
    expect(datasetResource.DependsOn).toEqual(
      expect.arrayContaining([
        stack.getLogicalId(dataset.importRole!.node.findChild('DefaultPolicy').node.defaultChild as iam.CfnPolicy),
        stack.getLogicalId(bucket.policy!.node.defaultChild as s3.CfnBucketPolicy),
      ]),
    );
  });

  test('import from prefix limits listing to the prefix', () => {
    const { stack, datasetGroup, schema } = itemsSetup();
    const bucket = new s3.Bucket(stack, 'Data');
    const dataset = new Dataset(stack, 'Items', { datasetGroup, schema, importFrom: { bucket, prefix: 'items/' } });

    const bucketArn = { 'Fn::GetAtt': [stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket), 'Arn'] };
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(dataset.importRole!.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Statement: [
          { Action: 's3:GetObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [bucketArn, '/items/*']] } },
          {
            Action: 's3:ListBucket',
            Effect: 'Allow',
            Resource: bucketArn,
            Condition: { StringLike: { 's3:prefix': ['items/*'] } },
          },
        ],
      },
    });
  });

  test('KMS bucket key is granted to role and service', () => {
    const { stack, datasetGroup, schema } = itemsSetup();
    const key = new kms.Key(stack, 'Key');
    const bucket = new s3.Bucket(stack, 'Data', { encryption: s3.BucketEncryption.KMS, encryptionKey: key });
    const dataset = new Dataset(stack, 'Items', { datasetGroup, schema, importFrom: { bucket, key: 'items.csv' } });

    const template = Template.fromStack(stack);
    const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] };
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(dataset.importRole!.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'kms:Decrypt', Effect: 'Allow', Resource: keyArn }]) },
    });
    const keyPolicy = Object.values(template.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy;
    expect(keyPolicy.Statement).toContainEqual({
      Action: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey', 'kms:CreateGrant', 'kms:ListGrants'],
      Effect: 'Allow',
      Principal: { Service: 'personalize.amazonaws.com' },
      Resource: '*',
    });
  });

  test('imported bucket warns about its policy', () => {
    const { stack, datasetGroup, schema } = itemsSetup();
    const bucket = s3.Bucket.fromBucketName(stack, 'Data', 'shared-data');
    new Dataset(stack, 'Items', { datasetGroup, schema, importFrom: { bucket, key: 'items.csv', jobName: 'job1' } });

    Annotations.fromStack(stack).hasWarning(
      '/Test/Items',
      'importFrom.bucket: the bucket policy of imported bucket shared-data cannot be changed here; ' +
        'allow personalize.amazonaws.com s3:GetObject and s3:ListBucket on it for import job job1 ' +
        '[ack: personalize:dataset-import-bucket-policy]',
    );
  });

  test('imported bucket key warns about its policy', () => {
    const { stack, datasetGroup, schema } = itemsSetup();
    const encryptionKey = kms.Key.fromKeyArn(
      stack,
      'Key',
      'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555',
    );
    const bucket = s3.Bucket.fromBucketAttributes(stack, 'Data', { bucketName: 'shared-data', encryptionKey });
    new Dataset(stack, 'Items', { datasetGroup, schema, importFrom: { bucket, key: 'items.csv' } });

    Annotations.fromStack(stack).hasWarning(
      '/Test/Items',
      "importFrom.bucket: the key policy of the bucket's imported KMS key cannot be changed here; " +
        'allow personalize.amazonaws.com kms:Decrypt, kms:GenerateDataKey, kms:DescribeKey, kms:CreateGrant and ' +
        'kms:ListGrants on it [ack: personalize:dataset-import-key-policy]',
    );
  });

  test('invalid import reports every problem', () => {
    const { stack, datasetGroup, schema } = itemsSetup();
    const bucket = new s3.Bucket(stack, 'Data');

    expect(
      () =>
        new Dataset(stack, 'Items', {
          datasetGroup,
          schema,
          importFrom: { bucket, key: 'a/', prefix: 'b', mode: ImportMode.INCREMENTAL, jobName: 'bad name' },
        }),
    ).toThrow(
      [
        'Test/Items: 4 problems',
        "  Test/Items: importFrom.jobName must start with a letter or digit and contain only letters, digits, '-' and '_', got 'bad name'",
        '  Test/Items: importFrom needs exactly one of key and prefix, got both',
        "  Test/Items: importFrom.key must name one object and not end with '/', got 'a/'",
        "  Test/Items: importFrom.prefix must end with '/', got 'b'",
      ].join('\n'),
    );
  });

  test('incremental import runs as a separate job', () => {
    const { stack, datasetGroup, schema } = itemsSetup();
    const bucket = new s3.Bucket(stack, 'Data');
    const dataset = new Dataset(stack, 'Items', {
      datasetGroup,
      schema,
      importFrom: { bucket, prefix: 'items/', mode: ImportMode.INCREMENTAL, jobName: 'items-delta' },
    });

    expect(dataset.importJob).toBeInstanceOf(DatasetImportJob);
    expect(dataset.importRole).toBe(dataset.importJob!.role);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Personalize::Dataset', { DatasetImportJob: Match.absent() });
    template.hasResourceProperties('Custom::PersonalizeDatasetImportJob', {
      DatasetArn: { 'Fn::GetAtt': [stack.getLogicalId(dataset.resource), 'DatasetArn'] },
      DataLocation: {
        'Fn::Join': ['', ['s3://', { Ref: stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket) }, '/items/']],
      },
      ImportMode: 'INCREMENTAL',
      JobName: 'items-delta',
    });
  });

  test('second dataset of a type is rejected', () => {
    const { stack, datasetGroup, schema } = itemsSetup();
    new Dataset(stack, 'Items', { datasetGroup, schema });

    expect(() => new Dataset(stack, 'MoreItems', { datasetGroup, schema })).toThrow(
      'Test/MoreItems: datasetType: a dataset group can have one Items dataset, got a second one besides Test/Items',
    );
  });

  test('dataset type must match the schema', () => {
    const { stack, datasetGroup, schema } = itemsSetup();

    expect(() => new Dataset(stack, 'Users', { datasetGroup, schema, datasetType: 'Users' })).toThrow(
      "Test/Users: datasetType must match the schema's dataset type Items, got Users",
    );
  });

  test('imported schema needs a dataset type', () => {
    const { stack, datasetGroup } = itemsSetup();
    const schema = Schema.fromSchemaArn(stack, 'Imported', 'arn:aws:personalize:us-east-1:123456789012:schema/items');

    expect(() => new Dataset(stack, 'Items', { datasetGroup, schema })).toThrow(
      'Test/Items: datasetType is required when the schema does not state its dataset type, got neither',
    );
  });

  test('grantPutItems and grantPutUsers name the dataset', () => {
    const stack = newStack();
    const { items, users } = movieDatasets(stack);
    const role = new iam.Role(stack, 'Writer', { assumedBy: new iam.AccountRootPrincipal() });
    items.grantPutItems(role);
    users.grantPutUsers(role);

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Statement: [
          {
            Action: 'personalize:PutItems',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [stack.getLogicalId(items.resource), 'DatasetArn'] },
          },
          {
            Action: 'personalize:PutUsers',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [stack.getLogicalId(users.resource), 'DatasetArn'] },
          },
        ],
      },
    });
  });

  test('grantPutItems on an interactions dataset is rejected', () => {
    const stack = newStack();
    const { interactions } = movieDatasets(stack);
    const role = new iam.Role(stack, 'Writer', { assumedBy: new iam.AccountRootPrincipal() });

    expect(() => interactions.grantPutItems(role)).toThrow(
      'Test/Interactions: personalize:PutItems only applies to Items datasets, got dataset type Interactions',
    );
  });
});
