import { Annotations, IResource, Resource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CfnDatasetGroup } from 'aws-cdk-lib/aws-personalize';
import { Construct } from 'constructs';
import { nameFromArn } from './private/arns';
import { dependOnRolePolicy } from './private/dependencies';
import { checkName, generateName } from './private/names';
import { Problems } from './private/problems';

/** A Personalize dataset group: the container for datasets, solutions, campaigns, filters and an event tracker. */
export interface IDatasetGroup extends IResource {
  /**
   * ARN of the dataset group.
   *
   * @attribute
   */
  readonly datasetGroupArn: string;

  /**
   * Name of the dataset group.
   *
   * @attribute
   */
  readonly datasetGroupName: string;
}

/** Business domain of a domain dataset group, which uses recommenders in place of solutions and campaigns. */
export enum DatasetGroupDomain {
  ECOMMERCE = 'ECOMMERCE',
  VIDEO_ON_DEMAND = 'VIDEO_ON_DEMAND',
}

/** Properties of a `DatasetGroup`. */
export interface DatasetGroupProps {
  /**
   * Name of the dataset group: 1 to 63 letters, digits, `-` or `_`, starting with a letter or digit.
   *
   * @default - a name generated from the construct path
   */
  readonly datasetGroupName?: string;

  /**
   * Domain of a domain dataset group.
   *
   * @default - a custom dataset group, which uses solutions and campaigns
   */
  readonly domain?: DatasetGroupDomain;

  /**
   * Customer managed KMS key that encrypts the dataset group's data at rest.
   *
   * The key policy gains a statement for `personalize.amazonaws.com` and the role, and the role gains
   * `kms:Decrypt`, `kms:GenerateDataKey`, `kms:DescribeKey` and `kms:ListGrants` on the key.
   *
   * @default - data is encrypted with a key that AWS owns
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Role that Personalize assumes to use `encryptionKey`. Only valid together with `encryptionKey`.
   *
   * @default - a new role when `encryptionKey` is set, otherwise none
   */
  readonly role?: iam.IRole;
}

/** KMS actions that Personalize needs on a dataset group's key, in the key policy and the role's policy. */
const KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey', 'kms:ListGrants'];

/**
 * A custom or domain dataset group.
 *
 * @resource AWS::Personalize::DatasetGroup
 * @see https://docs.aws.amazon.com/personalize/latest/dg/data-prep-ds-group.html
 */
export class DatasetGroup extends Resource implements IDatasetGroup {
  /** Imports a dataset group made outside this app. */
  public static fromDatasetGroupArn(scope: Construct, id: string, datasetGroupArn: string): IDatasetGroup {
    const name = nameFromArn(datasetGroupArn);
    class Import extends Resource implements IDatasetGroup {
      public readonly datasetGroupArn = datasetGroupArn;
      public readonly datasetGroupName = name;
    }
    return new Import(scope, id, { environmentFromArn: datasetGroupArn });
  }

  public readonly datasetGroupArn: string;
  public readonly datasetGroupName: string;

  /** Domain of a domain dataset group, or undefined for a custom dataset group. */
  public readonly domain?: DatasetGroupDomain;

  /** Role that Personalize assumes to use the KMS key, if the dataset group has one. */
  public readonly role?: iam.IRole;

  /** The underlying CloudFormation resource. */
  public readonly resource: CfnDatasetGroup;

  public constructor(scope: Construct, id: string, props: DatasetGroupProps = {}) {
    super(scope, id, { physicalName: props.datasetGroupName });

    const problems = new Problems();
    checkName(problems, 'datasetGroupName', props.datasetGroupName);
    if (props.role !== undefined && props.encryptionKey === undefined) {
      problems.add('role is only valid together with encryptionKey, got a role and no encryptionKey');
    }
    problems.throwIfAny(this);

    this.domain = props.domain;
    this.datasetGroupName = props.datasetGroupName ?? generateName(this);
    if (props.encryptionKey !== undefined) {
      this.role = props.role ?? this.createKeyRole();
      this.grantKeyUse(props.encryptionKey, this.role);
    }

    this.resource = new CfnDatasetGroup(this, 'Resource', {
      name: this.datasetGroupName,
      domain: props.domain,
      kmsKeyArn: props.encryptionKey?.keyArn,
      roleArn: this.role?.roleArn,
    });
    if (this.role !== undefined) {
      dependOnRolePolicy(this.resource, this.role);
    }
    this.datasetGroupArn = this.resource.attrDatasetGroupArn;
  }

  private createKeyRole(): iam.Role {
    const stack = Stack.of(this);
    return new iam.Role(this, 'Role', {
      description: 'Lets Amazon Personalize use the KMS key of a dataset group',
      assumedBy: new iam.ServicePrincipal('personalize.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    });
  }

  private grantKeyUse(key: kms.IKey, role: iam.IRole): void {
    key.grant(role, ...KEY_ACTIONS);
    const actions = [...KEY_ACTIONS, 'kms:CreateGrant'];
    const result = key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('personalize.amazonaws.com')],
        actions,
        resources: ['*'],
      }),
    );
    if (!result.statementAdded) {
      Annotations.of(this).addWarningV2(
        'personalize:dataset-group-key-policy',
        `encryptionKey: the key policy of an imported key cannot be changed here; allow personalize.amazonaws.com and the role ${actions.join(', ')} on it`,
      );
    }
  }
}
