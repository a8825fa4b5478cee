import { Annotations, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { DatasetGroup, DatasetGroupDomain } from '../../lib';
import { newStack } from './stack';

describe('DatasetGroup', () => {
  test('custom dataset group with a given name', () => {
    const stack = newStack();
    new DatasetGroup(stack, 'Group', { datasetGroupName: 'movies' });

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Personalize::DatasetGroup', 1);
    template.hasResourceProperties('AWS::Personalize::DatasetGroup', { Name: 'movies' });
    const [group] = Object.values(template.findResources('AWS::Personalize::DatasetGroup'));
    expect(group.Properties.Domain).toBeUndefined();
    expect(group.Properties.KmsKeyArn).toBeUndefined();
    expect(group.Properties.RoleArn).toBeUndefined();
    template.resourceCountIs('AWS::IAM::Role', 0);
  });

  test('generated name starts with the stack name', () => {
    const stack = newStack('Recs');
    const group = new DatasetGroup(stack, 'Group', { domain: DatasetGroupDomain.VIDEO_ON_DEMAND });

    expect(group.datasetGroupName).toMatch(/^Recs-Group-[A-Z0-9]+$/);
    Template.fromStack(stack).hasResourceProperties('AWS::Personalize::DatasetGroup', {
      Name: group.datasetGroupName,
      Domain: 'VIDEO_ON_DEMAND',
    });
  });

  test('KMS key creates a role and grants it the key', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    new DatasetGroup(stack, 'Group', { datasetGroupName: 'secure', encryptionKey: key });

    const template = Template.fromStack(stack);
    const roleId = Object.keys(template.findResources('AWS::IAM::Role'))[0];
    template.hasResourceProperties('AWS::Personalize::DatasetGroup', {
      KmsKeyArn: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] },
      RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'personalize.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey', 'kms:ListGrants'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] },
          },
        ],
      },
      Roles: [{ Ref: roleId }],
    });
    const keyPolicy = Object.values(template.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy;
    expect(keyPolicy.Statement).toContainEqual({
      Action: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey', 'kms:ListGrants', 'kms:CreateGrant'],
      Effect: 'Allow',
      Principal: { Service: 'personalize.amazonaws.com' },
      Resource: '*',
    });
  });

  test('role without key is rejected', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('personalize.amazonaws.com') });

    expect(() => new DatasetGroup(stack, 'Group', { role })).toThrow(
      'Test/Group: role is only valid together with encryptionKey, got a role and no encryptionKey',
    );
  });

  test('invalid name reports pattern and length together', () => {
    const stack = newStack();
    const name = `-${'x'.repeat(63)}`;

    expect(() => new DatasetGroup(stack, 'Group', { datasetGroupName: name })).toThrow(
      [
        'Test/Group: 2 problems',
        `  Test/Group: datasetGroupName must be 1 to 63 characters long, got 64 characters in '${name}'`,
        `  Test/Group: datasetGroupName must start with a letter or digit and contain only letters, digits, '-' and '_', got '${name}'`,
      ].join('\n'),
    );
  });

  test('import from ARN keeps name and ARN', () => {
    const stack = newStack();
    const group = DatasetGroup.fromDatasetGroupArn(
      stack,
      'Imported',
      'arn:aws:personalize:us-east-1:123456789012:dataset-group/shop',
    );

    expect(group.datasetGroupName).toBe('shop');
    expect(group.datasetGroupArn).toBe('arn:aws:personalize:us-east-1:123456789012:dataset-group/shop');
  });
});

describe('DatasetGroup with an imported key', () => {
  test('imported key warns about its policy', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(
      stack,
      'Key',
      'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555',
    );
    new DatasetGroup(stack, 'Group', { datasetGroupName: 'secure', encryptionKey: key });

    Annotations.fromStack(stack).hasWarning(
      '/Test/Group',
      'encryptionKey: the key policy of an imported key cannot be changed here; allow personalize.amazonaws.com and ' +
        'the role kms:Decrypt, kms:GenerateDataKey, kms:DescribeKey, kms:ListGrants, kms:CreateGrant on it ' +
        '[ack: personalize:dataset-group-key-policy]',
    );
  });
});
