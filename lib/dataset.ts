import { IResource, Resource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnDataset } from 'aws-cdk-lib/aws-personalize';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { DatasetType } from '../schema/model';
import { IDatasetGroup } from './dataset-group';
import { DatasetImportJob } from './dataset-import-job';
import { checkImportLocation, createImportRole, grantImportAccess, ImportSource } from './private/dataset-import';
import { dependOnRolePolicy } from './private/dependencies';
import { checkName, generateName } from './private/names';
import { PersonalizeValidationError, Problems } from './private/problems';
import { DatasetGroupRegistry } from './private/registry';
import { ISchema } from './schema';

/** A Personalize dataset: the Interactions, Items or Users data of one dataset group. */
export interface IDataset extends IResource {
  /**
   * ARN of the dataset.
   *
   * @attribute
   */
  readonly datasetArn: string;

  /** Dataset type, where the app defines the dataset or its import names the type. */
  readonly datasetType?: DatasetType;

  /**
   * Grants `personalize:PutItems` on this dataset, which adds or updates items one request at a time.
   * Only valid for an Items dataset.
   */
  grantPutItems(grantee: iam.IGrantable): iam.Grant;

  /**
   * Grants `personalize:PutUsers` on this dataset, which adds or updates users one request at a time.
   * Only valid for a Users dataset.
   */
  grantPutUsers(grantee: iam.IGrantable): iam.Grant;
}

/** Import mode of a dataset import job: whether imported records replace or join the dataset's bulk records. */
export enum ImportMode {
  /** Replaces all bulk records of the dataset. */
  FULL = 'FULL',
  /** Adds the records to the dataset, replacing records with the same id. */
  INCREMENTAL = 'INCREMENTAL',
}

/** A bulk import of CSV files from S3, run once when the dataset is created. */
export interface DatasetImportProps {
  /** Bucket that contains the CSV data. */
  readonly bucket: s3.IBucket;

  /**
   * Key of one CSV file. Give either `key` or `prefix`.
   *
   * @default - none; `prefix` is required
   */
  readonly key?: string;

  /**
   * Folder of CSV files, ending with `/`. Give either `key` or `prefix`.
   *
   * @default - none; `key` is required
   */
  readonly prefix?: string;

  /**
   * Import mode. `FULL` runs the import job inside AWS::Personalize::Dataset, which has no import mode and always
   * replaces the bulk data. `INCREMENTAL` runs the import as a `DatasetImportJob` child named `Import`.
   *
   * @default ImportMode.FULL
   */
  readonly mode?: ImportMode;

  /**
   * Name of the import job: 1 to 63 letters, digits, `-` or `_`, starting with a letter or digit.
   *
   * @default - a name generated from the construct path
   */
  readonly jobName?: string;
}

/** Properties of a `Dataset`. */
export interface DatasetProps {
  /** Dataset group the dataset belongs to. A dataset group has at most one dataset of each type. */
  readonly datasetGroup: IDatasetGroup;

  /** Schema of the dataset's columns. */
  readonly schema: ISchema;

  /**
   * Dataset type.
   *
   * @default - the schema's dataset type; required when the schema was imported without one
   */
  readonly datasetType?: DatasetType;

  /**
   * Name of the dataset: 1 to 63 letters, digits, `-` or `_`, starting with a letter or digit.
   *
   * @default - a name generated from the construct path
   */
  readonly datasetName?: string;

  /**
   * A bulk import from S3 when the dataset is created. The import role gets `s3:GetObject` on the key or prefix,
   * `s3:ListBucket` on the bucket and `kms:Decrypt` on the bucket's key, and the bucket policy gains a statement that
   * lets `personalize.amazonaws.com` read the same objects for this import job only.
   *
   * @default - no import
   */
  readonly importFrom?: DatasetImportProps;
}

abstract class DatasetBase extends Resource implements IDataset {
  public abstract readonly datasetArn: string;
  public abstract readonly datasetType?: DatasetType;

  public grantPutItems(grantee: iam.IGrantable): iam.Grant {
    return this.grantPut(grantee, 'Items', 'personalize:PutItems');
  }

  public grantPutUsers(grantee: iam.IGrantable): iam.Grant {
    return this.grantPut(grantee, 'Users', 'personalize:PutUsers');
  }

  private grantPut(grantee: iam.IGrantable, expected: DatasetType, action: string): iam.Grant {
    if (this.datasetType !== undefined && this.datasetType !== expected) {
      throw new PersonalizeValidationError(this.node.path, [
        `${action} only applies to ${expected} datasets, got dataset type ${this.datasetType}`,
      ]);
    }
    return iam.Grant.addToPrincipal({ grantee, actions: [action], resourceArns: [this.datasetArn] });
  }
}

/**
 * A dataset with an optional first bulk import from S3.
 *
 * @resource AWS::Personalize::Dataset
 * @see https://docs.aws.amazon.com/personalize/latest/dg/data-prep-creating-datasets.html
 */
export class Dataset extends DatasetBase {
  /** Imports a dataset made outside this app. */
  public static fromDatasetArn(scope: Construct, id: string, datasetArn: string, datasetType?: DatasetType): IDataset {
    class Import extends DatasetBase {
      public readonly datasetArn = datasetArn;
      public readonly datasetType = datasetType;
    }
    return new Import(scope, id, { environmentFromArn: datasetArn });
  }

  public readonly datasetArn: string;
  public readonly datasetName: string;
  public readonly datasetType: DatasetType;
  public readonly schema: ISchema;

  /** Role that Personalize assumes for the import, if the dataset has one. */
  public readonly importRole?: iam.IRole;

  /** The custom resource that runs an `INCREMENTAL` import, if `importFrom.mode` is `INCREMENTAL`. */
  public readonly importJob?: DatasetImportJob;

  /** The underlying CloudFormation resource. */
  public readonly resource: CfnDataset;

  public constructor(scope: Construct, id: string, props: DatasetProps) {
    super(scope, id);

    const registry = DatasetGroupRegistry.of(props.datasetGroup);
    const problems = new Problems();
    checkName(problems, 'datasetName', props.datasetName);
    const datasetType = resolveDatasetType(props, problems);
    const existing = datasetType === undefined ? undefined : registry.dataset(datasetType);
    if (existing !== undefined) {
      problems.add(
        `datasetType: a dataset group can have one ${datasetType} dataset, got a second one besides ${existing.construct.node.path}`,
      );
    }
    const source = props.importFrom === undefined ? undefined : checkImport(props.importFrom, problems);
    problems.throwIfAny(this);

    this.datasetType = datasetType!;
    this.schema = props.schema;
    this.datasetName = props.datasetName ?? generateName(this);
    this.resource = new CfnDataset(this, 'Resource', {
      name: this.datasetName,
      datasetGroupArn: props.datasetGroup.datasetGroupArn,
      datasetType: this.datasetType,
      schemaArn: props.schema.schemaArn,
    });
    this.datasetArn = this.resource.attrDatasetArn;
    if (source !== undefined && props.importFrom!.mode === ImportMode.INCREMENTAL) {
      // The import job inside AWS::Personalize::Dataset has no import mode, so an incremental import runs as a
      // separate job through a custom resource.
      this.importJob = new DatasetImportJob(this, 'Import', { dataset: this, ...props.importFrom! });
      this.importRole = this.importJob.role;
    } else if (source !== undefined) {
      this.importRole = this.addImport(source, props.importFrom!.jobName ?? generateName(this.resource));
    }
    registry.addDataset({ construct: this, datasetType: this.datasetType, schema: props.schema.datasetSchema });
  }

  private addImport(source: ImportSource, jobName: string): iam.IRole {
    const role = createImportRole(this, 'ImportRole');
    const jobArn = Stack.of(this).formatArn({
      service: 'personalize',
      resource: 'dataset-import-job',
      resourceName: jobName,
    });
    grantImportAccess(this, source, role, jobArn, 'importFrom.bucket', `import job ${jobName}`);
    this.resource.datasetImportJob = {
      jobName,
      roleArn: role.roleArn,
      // DataSource is untyped in CloudFormation's schema, so its keys are written in CloudFormation's PascalCase.
      dataSource: { DataLocation: source.location },
    };
    dependOnRolePolicy(this.resource, role);
    if (source.bucket.policy !== undefined) {
      this.resource.node.addDependency(source.bucket.policy);
    }
    return role;
  }
}

function resolveDatasetType(props: DatasetProps, problems: Problems): DatasetType | undefined {
  const fromSchema = props.schema.datasetType;
  if (props.datasetType === undefined && fromSchema === undefined) {
    problems.add('datasetType is required when the schema does not state its dataset type, got neither');
    return undefined;
  }
  if (props.datasetType !== undefined && fromSchema !== undefined && props.datasetType !== fromSchema) {
    problems.add(`datasetType must match the schema's dataset type ${fromSchema}, got ${props.datasetType}`);
  }
  return props.datasetType ?? fromSchema;
}

function checkImport(props: DatasetImportProps, problems: Problems): ImportSource | undefined {
  const before = problems.list.length;
  checkName(problems, 'importFrom.jobName', props.jobName);
  const source = checkImportLocation(problems, 'importFrom.', props);
  return problems.list.length > before ? undefined : source;
}
