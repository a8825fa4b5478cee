import * as path from 'node:path';
import { Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { MAX_JOB_NAME_PREFIX_LENGTH, type BatchInferenceRunEvent } from '../lambda/lifecycle/batch-inference-contract';
import { IFilter } from './filter';
import { personalizeArn } from './private/arns';
import { checkName } from './private/names';
import { Problems } from './private/problems';
import { ISolutionVersion } from './solution';

const HANDLER_ENTRY = path.join(__dirname, '..', 'lambda', 'lifecycle', 'batch-inference-run.ts');

/** Properties of a `BatchInferenceJob`. */
export interface BatchInferenceJobProps {
  /** Solution version that computes the recommendations: a construct, any object with `solutionVersionArn`, or an ARN. */
  readonly solutionVersion: ISolutionVersion | string;

  /** When to run, for example `ScheduleExpression.cron({ minute: '0', hour: '2' })`. Each run bills for a job. */
  readonly schedule: scheduler.ScheduleExpression;

  /** Bucket of the input: JSON lines, one `{"userId": ...}` or `{"itemId": ...}` object a line. */
  readonly inputBucket: s3.IBucket;

  /** Key of the input file, or a folder of input files ending with `/`. */
  readonly inputKey: string;

  /**
   * Bucket that receives the recommendations.
   *
   * @default - `inputBucket`
   */
  readonly outputBucket?: s3.IBucket;

  /**
   * Key prefix of the output, ending with `/`. Each run writes to `<outputPrefix><job name>/`.
   *
   * @default 'batch-inference/'
   */
  readonly outputPrefix?: string;

  /**
   * Prefix of the job names, at most 47 letters, digits, `-` or `_`. Each run's job is named
   * `<prefix>-YYYYMMDD-HHMMSS` after its scheduled time (UTC), which is unique per run.
   *
   * @default - a name generated from the construct path
   */
  readonly jobNamePrefix?: string;

  /**
   * Number of recommendations for each input line, a whole number of at least 1.
   *
   * @default - the service's default, 25
   */
  readonly numResults?: number;

  /**
   * Filter applied to the recommendations.
   *
   * @default - no filter
   */
  readonly filter?: IFilter;

  /**
   * KMS key that encrypts the input objects.
   *
   * @default - the input bucket's encryption key, if it has one
   */
  readonly inputEncryptionKey?: kms.IKey;

  /**
   * KMS key that encrypts the output objects.
   *
   * @default - the output bucket's encryption key, if it has one
   */
  readonly outputEncryptionKey?: kms.IKey;

  /**
   * Whether the schedule starts jobs.
   *
   * @default true
   */
  readonly enabled?: boolean;
}

/**
 * Batch recommendations from S3 to S3 on a schedule.
 *
 * CloudFormation has no batch inference job type, so an EventBridge Scheduler schedule invokes a small function that
 * calls CreateBatchInferenceJob. A retried invocation of the same run finds its job by name and does not start a
 * second one. Personalize assumes `role` to read the input and write the output.
 *
 * @see https://docs.aws.amazon.com/personalize/latest/dg/getting-batch-recommendations.html
 */
export class BatchInferenceJob extends Construct {
  /** Role that Personalize assumes to read the input and write the output. */
  public readonly role: iam.Role;

  /** Function that starts one job per scheduled run. */
  public readonly function: nodejs.NodejsFunction;

  /** The schedule that invokes the function. */
  public readonly schedule: scheduler.Schedule;

  /** Prefix of the job names. */
  public readonly jobNamePrefix: string;

  public constructor(scope: Construct, id: string, props: BatchInferenceJobProps) {
    super(scope, id);
    const outputPrefix = props.outputPrefix ?? 'batch-inference/';
    validateProps(this, props, outputPrefix);

    this.jobNamePrefix =
      props.jobNamePrefix ?? Names.uniqueResourceName(this, { maxLength: MAX_JOB_NAME_PREFIX_LENGTH, separator: '-' });
    const outputBucket = props.outputBucket ?? props.inputBucket;
    const inputKey = props.inputEncryptionKey ?? props.inputBucket.encryptionKey;
    const outputKey = props.outputEncryptionKey ?? outputBucket.encryptionKey;

    this.role = new iam.Role(this, 'Role', {
      description: 'Lets Amazon Personalize read the input and write the output of batch inference jobs',
      assumedBy: new iam.ServicePrincipal('personalize.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    const inputObjects = props.inputKey.endsWith('/') ? `${props.inputKey}*` : props.inputKey;
    this.grantBucket(props.inputBucket, inputObjects, ['s3:GetObject'], inputKey, ['kms:Decrypt']);
    this.grantBucket(outputBucket, `${outputPrefix}*`, ['s3:PutObject'], outputKey, [
      'kms:GenerateDataKey',
      'kms:Decrypt',
    ]);

    this.function = this.createFunction();
    const solutionVersionArn =
      typeof props.solutionVersion === 'string' ? props.solutionVersion : props.solutionVersion.solutionVersionArn;
    const event: BatchInferenceRunEvent = {
      scheduledTime: scheduler.ContextAttribute.scheduledTime,
      jobNamePrefix: this.jobNamePrefix,
      solutionVersionArn,
      roleArn: this.role.roleArn,
      inputPath: `s3://${props.inputBucket.bucketName}/${props.inputKey}`,
      outputPrefix: `s3://${outputBucket.bucketName}/${outputPrefix}`,
      numResults: props.numResults,
      filterArn: props.filter?.filterArn,
      inputKmsKeyArn: inputKey?.keyArn,
      outputKmsKeyArn: outputKey?.keyArn,
    };
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      schedule: props.schedule,
      enabled: props.enabled ?? true,
      description: 'Starts an Amazon Personalize batch inference job',
      target: new targets.LambdaInvoke(this.function, {
        input: scheduler.ScheduleTargetInput.fromObject(event),
        // Retries of one run reuse its job name, so they never start a second job.
        retryAttempts: 3,
        maxEventAge: Duration.hours(1),
      }),
    });
  }

  private createFunction(): nodejs.NodejsFunction {
    const fn = new nodejs.NodejsFunction(this, 'Function', {
      entry: HANDLER_ENTRY,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(30),
      logGroup: new logs.LogGroup(this, 'FunctionLogs', { retention: logs.RetentionDays.ONE_YEAR }),
      bundling: { minify: true, sourceMap: true, externalModules: ['@aws-sdk/*'] },
      environment: { NODE_OPTIONS: '--enable-source-maps' },
    });
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['personalize:CreateBatchInferenceJob'],
        resources: [personalizeArn(this, 'batch-inference-job', `${this.jobNamePrefix}-*`)],
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'personalize.amazonaws.com' } },
      }),
    );
    return fn;
  }

  /** Grants the role, and Personalize through the bucket and key policies, access to some objects of a bucket. */
  private grantBucket(
    bucket: s3.IBucket,
    objects: string,
    objectActions: string[],
    key: kms.IKey | undefined,
    keyActions: string[],
  ): void {
    const resources = [bucket.bucketArn, bucket.arnForObjects(objects)];
    const actions = [...objectActions, 's3:ListBucket'];
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources }));
    // The bucket and key policies of imported resources cannot change; the statements are then dropped.
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('personalize.amazonaws.com')],
        actions,
        resources,
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    if (key !== undefined) {
      key.grant(this.role, ...keyActions);
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('personalize.amazonaws.com')],
          actions: keyActions,
          resources: ['*'],
        }),
      );
    }
  }
}

function validateProps(scope: Construct, props: BatchInferenceJobProps, outputPrefix: string): void {
  const problems = new Problems();
  const prefix = props.jobNamePrefix;
  checkName(problems, 'jobNamePrefix', prefix);
  if (prefix !== undefined && !Token.isUnresolved(prefix) && prefix.length > MAX_JOB_NAME_PREFIX_LENGTH) {
    problems.add(
      `jobNamePrefix must be at most ${MAX_JOB_NAME_PREFIX_LENGTH} characters long, because each run adds 16, got ${prefix.length} characters`,
    );
  }
  const numResults = props.numResults;
  if (
    numResults !== undefined &&
    !Token.isUnresolved(numResults) &&
    (!Number.isInteger(numResults) || numResults < 1)
  ) {
    problems.add(`numResults must be a whole number of at least 1, got ${numResults}`);
  }
  if (!Token.isUnresolved(props.inputKey) && (props.inputKey === '' || props.inputKey.startsWith('/'))) {
    problems.add(`inputKey must be a non-empty object key that does not start with '/', got '${props.inputKey}'`);
  }
  if (!Token.isUnresolved(outputPrefix) && (outputPrefix.startsWith('/') || !outputPrefix.endsWith('/'))) {
    problems.add(`outputPrefix must end with '/' and must not start with '/', got '${outputPrefix}'`);
  }
  problems.throwIfAny(scope);
}
