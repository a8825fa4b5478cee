import { CustomResource, Duration, Names } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { lifecycleFunction } from './private/lifecycle-function';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { ImportMode, type IDataset } from './dataset';
import { personalizeArn } from './private/arns';
import { checkImportLocation, createImportRole, grantImportAccess } from './private/dataset-import';
import { dependOnRolePolicy } from './private/dependencies';
import { checkName } from './private/names';
import { checkDuration, Problems } from './private/problems';

/** CloudFormation type of the import job custom resource. */
export const DATASET_IMPORT_JOB_RESOURCE_TYPE = 'Custom::PersonalizeDatasetImportJob';

/** The Provider framework waits at most one hour for `isComplete` (`totalTimeout` in aws-cdk-lib 2.278). */
const MAX_TOTAL_TIMEOUT = Duration.hours(1);
const MIN_TOTAL_TIMEOUT = Duration.minutes(1);
const MIN_QUERY_INTERVAL = Duration.seconds(5);
const MAX_QUERY_INTERVAL = Duration.minutes(15);

/**
 * Maximum length of a generated job name's prefix. The handler appends `-` and an 8-digit hash, which keeps the
 * name within the service's 63 characters.
 */
const MAX_PREFIX_LENGTH = 54;

/** Properties of a `DatasetImportJob`. */
export interface DatasetImportJobProps {
  /** Dataset that receives the records. */
  readonly dataset: IDataset;

  /** Bucket that contains the CSV data. */
  readonly bucket: s3.IBucket;

  /**
   * Key of one CSV file. Give either `key` or `prefix`.
   *
   * @default - none; `prefix` is required
   */
  readonly key?: string;

  /**
   * Folder of CSV files, ending with `/`. Personalize imports every file under it. Give either `key` or `prefix`.
   *
   * @default - none; `key` is required
   */
  readonly prefix?: string;

  /**
   * Import mode: `FULL` replaces all bulk records of the dataset, `INCREMENTAL` adds the records and replaces
   * records with the same id.
   *
   * @default ImportMode.FULL
   */
  readonly mode?: ImportMode;

  /**
   * Name of the import job: 1 to 63 letters, digits, `-` or `_`, starting with a letter or digit. A name can be
   * used once per account and region, and an import job cannot be deleted, so a change to the import inputs also
   * needs a new name, and so does a new attempt after a failed import.
   *
   * @default - a name from the construct path and a hash of the inputs and the CloudFormation request, new for
   * every Create and for every Update that changes the inputs
   */
  readonly jobName?: string;

  /**
   * Role that Personalize assumes to read the files. It receives the same grants as a role that the construct
   * creates, and must trust `personalize.amazonaws.com`.
   *
   * @default - a new role assumed by `personalize.amazonaws.com` in the stack's account
   */
  readonly role?: iam.IRole;

  /**
   * Time between two DescribeDatasetImportJob calls. 5 seconds to 15 minutes.
   *
   * @default Duration.minutes(1)
   */
  readonly queryInterval?: Duration;

  /**
   * How long the deployment waits for the import before it fails. 1 minute to 1 hour, the Provider framework's
   * limit. The import job goes on after a timeout, and the stack rolls the resource back.
   *
   * @default Duration.hours(1)
   */
  readonly totalTimeout?: Duration;
}

/**
 * A bulk import of CSV files from S3 into a dataset, in `FULL` or `INCREMENTAL` mode.
 *
 * CloudFormation has no resource type for import jobs, and the import job inside AWS::Personalize::Dataset has no
 * import mode, so this construct is a custom resource (Provider framework). Create, and an Update that changes the
 * inputs, start a new import job with CreateDatasetImportJob, and the deployment waits until DescribeDatasetImportJob
 * reports `ACTIVE`. A job in `CREATE FAILED` fails the deployment with the service's failure reason. Delete does
 * nothing, because Personalize cannot delete import jobs, and the imported records stay in the dataset.
 *
 * The Provider framework waits at most one hour. Run imports that take longer outside CloudFormation, for example
 * with CreateDatasetImportJob from a script or a Step Functions workflow, or split the data into several imports.
 *
 * @see https://docs.aws.amazon.com/personalize/latest/dg/bulk-data-import-step.html
 */
export class DatasetImportJob extends Construct {
  /** Role that Personalize assumes to read the files. */
  public readonly role: iam.IRole;

  /** The custom resource whose physical id is the import job ARN. */
  public readonly resource: CustomResource;

  /** The Provider framework that runs the handlers and waits for completion. */
  public readonly provider: cr.Provider;

  /** ARN of the import job that the latest Create or Update started or kept. */
  public readonly datasetImportJobArn: string;

  /** Name of the import job that the latest Create or Update started or kept. */
  public readonly jobName: string;

  /** Import mode of the job. */
  public readonly mode: ImportMode;

  public constructor(scope: Construct, id: string, props: DatasetImportJobProps) {
    super(scope, id);
    const queryInterval = props.queryInterval ?? Duration.minutes(1);
    const totalTimeout = props.totalTimeout ?? MAX_TOTAL_TIMEOUT;
    const problems = new Problems();
    checkName(problems, 'jobName', props.jobName);
    const source = checkImportLocation(problems, '', props);
    checkDuration(problems, 'queryInterval', queryInterval, MIN_QUERY_INTERVAL, MAX_QUERY_INTERVAL);
    checkDuration(problems, 'totalTimeout', totalTimeout, MIN_TOTAL_TIMEOUT, MAX_TOTAL_TIMEOUT);
    problems.throwIfAny(this);

    this.mode = props.mode ?? ImportMode.FULL;
    const namePrefix = Names.uniqueResourceName(this, { maxLength: MAX_PREFIX_LENGTH, separator: '-' });
    const jobArnPattern = personalizeArn(this, 'dataset-import-job', props.jobName ?? `${namePrefix}-*`);
    const jobLabel = props.jobName === undefined ? `import jobs ${namePrefix}-*` : `import job ${props.jobName}`;
    this.role = props.role ?? createImportRole(this, 'Role');
    grantImportAccess(this, source!, this.role, jobArnPattern, 'bucket', jobLabel);

    const onEvent = this.createFunction('OnEventFunction', 'onEvent');
    const isComplete = this.createFunction('IsCompleteFunction', 'isComplete');
    onEvent.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['personalize:CreateDatasetImportJob', 'personalize:DescribeDatasetImportJob'],
        resources: [jobArnPattern],
      }),
    );
    onEvent.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'personalize.amazonaws.com' } },
      }),
    );
    isComplete.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['personalize:DescribeDatasetImportJob'], resources: [jobArnPattern] }),
    );

    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval,
      totalTimeout,
      logGroup: new logs.LogGroup(this, 'ProviderLogs', { retention: logs.RetentionDays.ONE_YEAR }),
    });
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.provider.serviceToken,
      resourceType: DATASET_IMPORT_JOB_RESOURCE_TYPE,
      properties: {
        DatasetArn: props.dataset.datasetArn,
        DataLocation: source!.location,
        ImportMode: this.mode,
        RoleArn: this.role.roleArn,
        ...(props.jobName === undefined ? { JobNamePrefix: namePrefix } : { JobName: props.jobName }),
      },
    });
    // Personalize checks the role's permissions and reads the bucket when the job starts.
    dependOnRolePolicy(this.resource, this.role);
    if (source!.bucket.policy !== undefined) {
      this.resource.node.addDependency(source!.bucket.policy);
    }
    this.datasetImportJobArn = this.resource.ref;
    this.jobName = this.resource.getAttString('JobName');
  }

  private createFunction(id: string, handler: string): nodejs.NodejsFunction {
    return lifecycleFunction(this, id, 'dataset-import-resource.ts', Duration.minutes(1), { handler });
  }
}
