/**
 * Custom resource handlers behind the `DatasetImportJob` construct (Provider framework, `onEvent` and `isComplete`).
 *
 * Create, and an Update that changes the import inputs, start an import job and return its ARN as the physical id.
 * `isComplete` then polls the job until it is ACTIVE, and throws the service's failure reason when the job failed. An
 * Update that changes nothing the job reads keeps the job. Delete does nothing, because Personalize has no API to
 * delete an import job, and the records the job imported stay in the dataset.
 */
import {
  CreateDatasetImportJobCommand,
  DescribeDatasetImportJobCommand,
  PersonalizeClient,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-personalize';
import { Logger } from '@aws-lambda-powertools/logger';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import {
  importJobArn,
  InvalidImportPropertiesError,
  jobNameFor,
  readSpec,
  sameImport,
  type ImportSpec,
} from './dataset-import-properties';

const logger = new Logger({ serviceName: 'dataset-import-job' });
const personalize = new PersonalizeClient({});

export interface OnEventResponse {
  readonly PhysicalResourceId: string;
}

export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: Record<string, string>;
}

/** The `isComplete` request: the CloudFormation event merged with the `onEvent` response. */
export type IsCompleteRequest = CloudFormationCustomResourceEvent & { readonly PhysicalResourceId: string };

/** The import job ended in CREATE FAILED; the message carries the service's failure reason. */
export class ImportJobFailedError extends Error {
  constructor(
    readonly datasetImportJobArn: string,
    readonly failureReason: string | undefined,
  ) {
    super(
      `dataset import job ${datasetImportJobArn} failed: ${failureReason ?? 'the service returned no failure reason'}; ` +
        'correct the data and deploy again, with a new jobName if the construct sets one',
    );
    this.name = 'ImportJobFailedError';
  }
}

/** A job with the requested name exists but reads other inputs, so it cannot stand for this request. */
export class ImportJobConflictError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ImportJobConflictError';
  }
}

/** Starts the job for `spec`, or returns the ARN of the job that an earlier call for the same request started. */
async function startJob(client: PersonalizeClient, spec: ImportSpec, requestId: string): Promise<string> {
  const jobName = jobNameFor(spec, requestId);
  try {
    const created = await client.send(
      new CreateDatasetImportJobCommand({
        jobName,
        datasetArn: spec.datasetArn,
        dataSource: { dataLocation: spec.dataLocation },
        roleArn: spec.roleArn,
        importMode: spec.importMode,
      }),
    );
    logger.info('dataset import job started', { jobName, arn: created.datasetImportJobArn, mode: spec.importMode });
    return created.datasetImportJobArn!;
  } catch (error) {
    if (!(error instanceof ResourceAlreadyExistsException)) throw error;
    return adoptExistingJob(client, spec, jobName, error);
  }
}

/** Returns the existing job's ARN when it reads the same inputs; throws a conflict otherwise. */
async function adoptExistingJob(
  client: PersonalizeClient,
  spec: ImportSpec,
  jobName: string,
  cause: Error,
): Promise<string> {
  const arn = importJobArn(spec.datasetArn, jobName);
  const { datasetImportJob: job } = await client.send(
    new DescribeDatasetImportJobCommand({ datasetImportJobArn: arn }),
  );
  const matches =
    job?.datasetArn === spec.datasetArn &&
    job.dataSource?.dataLocation === spec.dataLocation &&
    (job.importMode ?? 'FULL') === spec.importMode &&
    job.roleArn === spec.roleArn;
  if (!matches) {
    throw new ImportJobConflictError(
      `dataset import job ${jobName} already exists with other inputs (dataset ${job?.datasetArn}, location ` +
        `${job?.dataSource?.dataLocation}, mode ${job?.importMode}); job names are unique per account and region ` +
        'and import jobs cannot be deleted, so set a new jobName, or leave jobName unset to generate one',
      { cause },
    );
  }
  logger.info('dataset import job already exists for this request', { jobName, arn, status: job?.status });
  return arn;
}

/** Reads the properties of the previous deployment, or returns undefined when they are not valid any more. */
function readOldSpec(properties: Record<string, unknown>): ImportSpec | undefined {
  try {
    return readSpec(properties);
  } catch (error) {
    if (!(error instanceof InvalidImportPropertiesError)) throw error;
    logger.warn('previous import properties are invalid, so the update starts a new job', { error: error.message });
    return undefined;
  }
}

/** Creates a handler pair that uses `client`, so tests can point it at a local endpoint. */
export function createHandlers(client: PersonalizeClient): {
  onEvent: (event: CloudFormationCustomResourceEvent) => Promise<OnEventResponse>;
  isComplete: (event: IsCompleteRequest) => Promise<IsCompleteResponse>;
} {
  async function onEvent(event: CloudFormationCustomResourceEvent): Promise<OnEventResponse> {
    if (event.RequestType === 'Delete') {
      logger.info('import jobs cannot be deleted, so the job and its records stay', { arn: event.PhysicalResourceId });
      return { PhysicalResourceId: event.PhysicalResourceId };
    }
    const spec = readSpec(event.ResourceProperties);
    if (event.RequestType === 'Update' && sameImport(readOldSpec(event.OldResourceProperties), spec)) {
      logger.info('import inputs unchanged, keeping the job', { arn: event.PhysicalResourceId });
      return { PhysicalResourceId: event.PhysicalResourceId };
    }
    return { PhysicalResourceId: await startJob(client, spec, event.RequestId) };
  }

  async function isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
    if (event.RequestType === 'Delete') {
      return { IsComplete: true };
    }
    const arn = event.PhysicalResourceId;
    const { datasetImportJob: job } = await client.send(
      new DescribeDatasetImportJobCommand({ datasetImportJobArn: arn }),
    );
    const status = job?.status;
    if (status === 'CREATE FAILED') {
      logger.error('dataset import job failed', { arn, failureReason: job?.failureReason });
      throw new ImportJobFailedError(arn, job?.failureReason);
    }
    if (status !== 'ACTIVE') {
      logger.info('dataset import job waiting', { arn, status });
      return { IsComplete: false };
    }
    logger.info('dataset import job active', { arn });
    return { IsComplete: true, Data: { JobName: job!.jobName!, DatasetImportJobArn: arn } };
  }

  return { onEvent, isComplete };
}

const handlers = createHandlers(personalize);

export const onEvent = handlers.onEvent;
export const isComplete = handlers.isComplete;
