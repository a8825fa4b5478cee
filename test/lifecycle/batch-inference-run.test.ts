import {
  CreateBatchInferenceJobCommand,
  LimitExceededException,
  PersonalizeClient,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-personalize';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { BatchInferenceRunEvent } from '../../lambda/lifecycle/batch-inference-contract';
import { buildRequest, createHandler, jobNameFor } from '../../lambda/lifecycle/batch-inference-run';

const EVENT: BatchInferenceRunEvent = {
  scheduledTime: '2026-03-22T18:00:00Z',
  jobNamePrefix: 'nightly',
  solutionVersionArn: 'arn:aws:personalize:us-east-1:123456789012:solution/movies/abc123',
  roleArn: 'arn:aws:iam::123456789012:role/batch',
  inputPath: 's3://movie-batch/input/users.json',
  outputPrefix: 's3://movie-batch/output/',
  numResults: 50,
  filterArn: 'arn:aws:personalize:us-east-1:123456789012:filter/unseen',
};

describe('batch inference run handler', () => {
  const personalize = mockClient(PersonalizeClient);
  const handler = createHandler(new PersonalizeClient({}));

  beforeEach(() => personalize.reset());

  test('starts a job named after the run', async () => {
    personalize.on(CreateBatchInferenceJobCommand).resolves({
      batchInferenceJobArn: 'arn:aws:personalize:us-east-1:123456789012:batch-inference-job/nightly-20260322-180000',
    });

    const result = await handler(EVENT);

    expect(result).toEqual({
      jobName: 'nightly-20260322-180000',
      outputPath: 's3://movie-batch/output/nightly-20260322-180000/',
      batchInferenceJobArn: 'arn:aws:personalize:us-east-1:123456789012:batch-inference-job/nightly-20260322-180000',
    });
    expect(personalize).toHaveReceivedCommandWith(CreateBatchInferenceJobCommand, {
      jobName: 'nightly-20260322-180000',
      solutionVersionArn: EVENT.solutionVersionArn,
      roleArn: EVENT.roleArn,
      filterArn: EVENT.filterArn,
      numResults: 50,
      jobInput: { s3DataSource: { path: 's3://movie-batch/input/users.json', kmsKeyArn: undefined } },
      jobOutput: {
        s3DataDestination: { path: 's3://movie-batch/output/nightly-20260322-180000/', kmsKeyArn: undefined },
      },
    });
  });

  test('retried run finds its job started', async () => {
    personalize
      .on(CreateBatchInferenceJobCommand)
      .rejects(new ResourceAlreadyExistsException({ message: 'exists', $metadata: {} }));

    const result = await handler(EVENT);

    expect(result).toEqual({
      jobName: 'nightly-20260322-180000',
      outputPath: 's3://movie-batch/output/nightly-20260322-180000/',
    });
  });

  test('quota error fails the invocation', async () => {
    personalize
      .on(CreateBatchInferenceJobCommand)
      .rejects(new LimitExceededException({ message: 'too many batch inference jobs', $metadata: {} }));

    await expect(handler(EVENT)).rejects.toThrow('too many batch inference jobs');
  });

  test('invalid event starts nothing', async () => {
    await expect(handler({ ...EVENT, inputPath: 'movie-batch/users.json' })).rejects.toThrow(
      'inputPath must be an s3:// URI, received "movie-batch/users.json"',
    );
    expect(personalize).not.toHaveReceivedCommand(CreateBatchInferenceJobCommand);
  });
});

describe('batch inference run event', () => {
  test('fractional seconds are dropped from the name', () => {
    expect(jobNameFor('daily', '2026-01-02T03:04:05.678Z')).toBe('daily-20260102-030405');
  });

  test('keys pass through', () => {
    const request = buildRequest({
      ...EVENT,
      inputKmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/in',
      outputKmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/out',
    });
    expect(request.jobInput?.s3DataSource?.kmsKeyArn).toBe('arn:aws:kms:us-east-1:123456789012:key/in');
    expect(request.jobOutput?.s3DataDestination?.kmsKeyArn).toBe('arn:aws:kms:us-east-1:123456789012:key/out');
  });

  test.each<[Record<string, unknown>, string]>([
    [
      { scheduledTime: '2026-03-22 18:00' },
      'scheduledTime must be an ISO 8601 UTC time such as 2026-03-22T18:00:00Z, received "2026-03-22 18:00"',
    ],
    [{ scheduledTime: undefined }, 'scheduledTime must be a non-empty string, received undefined'],
    [{ jobNamePrefix: 'night ly' }, `jobNamePrefix must be letters, digits, '-' and '_', received "night ly"`],
    [{ jobNamePrefix: 'n'.repeat(48) }, 'jobNamePrefix must be at most 47 characters long, received 48 characters'],
    [{ outputPrefix: 's3://movie-batch/output' }, `outputPrefix must end with '/', received "s3://movie-batch/output"`],
    [{ numResults: 0 }, 'numResults must be a whole number of at least 1, received 0'],
    [{ numResults: '10' }, 'numResults must be a whole number of at least 1, received "10"'],
    [{ solutionVersionArn: 'movies' }, 'solutionVersionArn must be an ARN, received "movies"'],
    [{ roleArn: '' }, 'roleArn must be a non-empty string, received ""'],
    [{ filterArn: 5 }, 'filterArn must be a non-empty string, received 5'],
  ])('rejects %j', (change, message) => {
    expect(() => buildRequest({ ...EVENT, ...change })).toThrow(message);
  });
});
