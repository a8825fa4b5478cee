/**
 * Scheduled handler behind the `BatchInferenceJob` construct: starts one batch inference job per scheduled run.
 *
 * The job name is the configured prefix plus the run's scheduled time, so names are unique per run and a retried
 * invocation of the same run finds its job already started (`ResourceAlreadyExistsException`) instead of starting a
 * second one. Each job writes to its own folder under the output prefix.
 */
import {
  CreateBatchInferenceJobCommand,
  PersonalizeClient,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-personalize';
import { Logger } from '@aws-lambda-powertools/logger';
import { MAX_JOB_NAME_PREFIX_LENGTH, type BatchInferenceRunEvent } from './batch-inference-contract';

const logger = new Logger({ serviceName: 'batch-inference-run' });
const personalize = new PersonalizeClient({});

const NAME_PREFIX_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9\-_]*$/;
const SCHEDULED_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z$/;
const S3_URI_PATTERN = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/;

export interface BatchInferenceRunResult {
  readonly jobName: string;
  readonly outputPath: string;
  /** ARN of the job this invocation started, or undefined when an earlier attempt of the run started it. */
  readonly batchInferenceJobArn?: string;
}

/** Error for an event that the schedule should never send; the invocation fails with the message. */
export class InvalidRunEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRunEventError';
  }
}

function requireString(event: Record<string, unknown>, key: string, pattern?: RegExp, rule?: string): string {
  const value = event[key];
  if (typeof value !== 'string' || value === '') {
    throw new InvalidRunEventError(`${key} must be a non-empty string, received ${JSON.stringify(value)}`);
  }
  if (pattern !== undefined && !pattern.test(value)) {
    throw new InvalidRunEventError(`${key} must be ${rule}, received ${JSON.stringify(value)}`);
  }
  return value;
}

function optionalString(event: Record<string, unknown>, key: string): string | undefined {
  return event[key] === undefined ? undefined : requireString(event, key);
}

/** Derives the job name of one scheduled run, for example `nightly-20260322-180000`. */
export function jobNameFor(prefix: string, scheduledTime: string): string {
  const match = SCHEDULED_TIME_PATTERN.exec(scheduledTime);
  if (match === null) {
    throw new InvalidRunEventError(
      `scheduledTime must be an ISO 8601 UTC time such as 2026-03-22T18:00:00Z, received ${JSON.stringify(scheduledTime)}`,
    );
  }
  const [, year, month, day, hour, minute, second] = match;
  return `${prefix}-${year}${month}${day}-${hour}${minute}${second}`;
}

/** Checks the event and builds the CreateBatchInferenceJob request. */
export function buildRequest(event: Record<string, unknown>): CreateBatchInferenceJobCommand['input'] {
  const prefix = requireString(event, 'jobNamePrefix', NAME_PREFIX_PATTERN, "letters, digits, '-' and '_'");
  if (prefix.length > MAX_JOB_NAME_PREFIX_LENGTH) {
    throw new InvalidRunEventError(
      `jobNamePrefix must be at most ${MAX_JOB_NAME_PREFIX_LENGTH} characters long, received ${prefix.length} characters`,
    );
  }
  const jobName = jobNameFor(prefix, requireString(event, 'scheduledTime'));
  const outputPrefix = requireString(event, 'outputPrefix', S3_URI_PATTERN, 'an s3:// URI');
  if (!outputPrefix.endsWith('/')) {
    throw new InvalidRunEventError(`outputPrefix must end with '/', received ${JSON.stringify(outputPrefix)}`);
  }
  const numResults = event.numResults;
  if (numResults !== undefined && (!Number.isInteger(numResults) || (numResults as number) < 1)) {
    throw new InvalidRunEventError(
      `numResults must be a whole number of at least 1, received ${JSON.stringify(numResults)}`,
    );
  }
  const inputKmsKeyArn = optionalString(event, 'inputKmsKeyArn');
  const outputKmsKeyArn = optionalString(event, 'outputKmsKeyArn');
  return {
    jobName,
    solutionVersionArn: requireString(event, 'solutionVersionArn', /^arn:/, 'an ARN'),
    roleArn: requireString(event, 'roleArn', /^arn:/, 'an ARN'),
    filterArn: optionalString(event, 'filterArn'),
    numResults: numResults as number | undefined,
    jobInput: {
      s3DataSource: {
        path: requireString(event, 'inputPath', S3_URI_PATTERN, 'an s3:// URI'),
        kmsKeyArn: inputKmsKeyArn,
      },
    },
    jobOutput: { s3DataDestination: { path: `${outputPrefix}${jobName}/`, kmsKeyArn: outputKmsKeyArn } },
  };
}

/** Creates a handler that uses `client`, so tests can pass a mocked or local client. */
export function createHandler(
  client: PersonalizeClient,
): (event: BatchInferenceRunEvent) => Promise<BatchInferenceRunResult> {
  return async (event) => {
    const request = buildRequest(event as unknown as Record<string, unknown>);
    const jobName = request.jobName!;
    const outputPath = request.jobOutput!.s3DataDestination!.path!;
    try {
      const response = await client.send(new CreateBatchInferenceJobCommand(request));
      logger.info('batch inference job started', { jobName, batchInferenceJobArn: response.batchInferenceJobArn });
      return { jobName, outputPath, batchInferenceJobArn: response.batchInferenceJobArn };
    } catch (error) {
      if (error instanceof ResourceAlreadyExistsException) {
        logger.info('batch inference job of this run already started', { jobName });
        return { jobName, outputPath };
      }
      logger.error('batch inference job failed to start', { jobName, error: error as Error });
      throw error;
    }
  };
}

export const handler = createHandler(personalize);
