import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { BatchInferenceJob, BatchInferenceJobProps } from '../../lib/batch-inference-job';
import { Filter } from '../../lib/filter';
import { newStack } from './stack';

const VERSION_ARN = 'arn:aws:personalize:us-east-1:123456789012:solution/movies/abc123';
const NIGHTLY = scheduler.ScheduleExpression.cron({ minute: '0', hour: '2' });

function synthesize(props: Partial<BatchInferenceJobProps> = {}) {
  const stack = newStack();
  const key = new kms.Key(stack, 'Key');
  const bucket = new s3.Bucket(stack, 'Data', { encryptionKey: key });
  const job = new BatchInferenceJob(stack, 'Nightly', {
    solutionVersion: VERSION_ARN,
    schedule: NIGHTLY,
    inputBucket: bucket,
    inputKey: 'input/users.json',
    jobNamePrefix: 'nightly',
    ...props,
  });
  return { stack, job, template: Template.fromStack(stack) };
}

/** Writes a CloudFormation reference inside the schedule input as `<Ref:ID>` or `<GetAtt:ID.Attribute>`. */
function describeReference(part: Record<string, unknown>): string {
  if (typeof part.Ref === 'string') return `<Ref:${part.Ref}>`;
  const getAtt = part['Fn::GetAtt'] as string[] | undefined;
  if (getAtt !== undefined) return `<GetAtt:${getAtt.join('.')}>`;
  throw new Error(`unexpected reference in the schedule input: ${JSON.stringify(part)}`);
}

/** Parses the JSON input that the schedule sends to the function, with references written by `describeReference`. */
function scheduleInput(template: Template): Record<string, unknown> {
  const schedules = template.findResources('AWS::Scheduler::Schedule');
  const input = Object.values(schedules)[0].Properties.Target.Input;
  const joined = (input['Fn::Join'][1] as unknown[])
    .map((part) => (typeof part === 'string' ? part : describeReference(part as Record<string, unknown>)))
    .join('');
  return JSON.parse(joined);
}

describe('BatchInferenceJob', () => {
  const { template } = synthesize({ numResults: 50 });

  test('schedule invokes the function with retries', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 * * ? *)',
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NightlyFunction'), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      },
    });
  });

  test('run event names every setting', () => {
    const input = scheduleInput(template);
    expect(input.scheduledTime).toBe('<aws.scheduler.scheduled-time>');
    expect(input.jobNamePrefix).toBe('nightly');
    expect(input.solutionVersionArn).toBe(VERSION_ARN);
    expect(input.numResults).toBe(50);
    expect(input.inputPath).toMatch(/^s3:\/\/<Ref:Data[0-9A-F]+>\/input\/users\.json$/);
    expect(input.outputPrefix).toMatch(/^s3:\/\/<Ref:Data[0-9A-F]+>\/batch-inference\/$/);
    expect(input.inputKmsKeyArn).toMatch(/^<GetAtt:Key[0-9A-F]+\.Arn>$/);
    expect(input.outputKmsKeyArn).toBe(input.inputKmsKeyArn);
    expect(input.filterArn).toBeUndefined();
  });

  test('function may start only its own jobs', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'personalize:CreateBatchInferenceJob',
            Effect: 'Allow',
            Resource: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':personalize:us-east-1:123456789012:batch-inference-job/nightly-*',
                ],
              ],
            },
          },
          {
            Action: 'iam:PassRole',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NightlyRole'), 'Arn'] },
            Condition: { StringEquals: { 'iam:PassedToService': 'personalize.amazonaws.com' } },
          },
        ],
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^NightlyFunctionServiceRole') }],
    });
  });

  test('Personalize role reads input and writes output', () => {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^NightlyRole') }] },
    });
    const statements = JSON.stringify(Object.values(policies)[0].Properties.PolicyDocument.Statement);
    expect(statements).toContain('"Action":["s3:GetObject","s3:ListBucket"]');
    expect(statements).toContain('/input/users.json"');
    expect(statements).toContain('"Action":["s3:PutObject","s3:ListBucket"]');
    expect(statements).toContain('/batch-inference/*"');
    expect(statements).toContain('"kms:Decrypt"');
    expect(statements).toContain('"kms:GenerateDataKey"');
  });

  test('bucket policy admits Personalize from this account', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['s3:GetObject', 's3:ListBucket'],
            Principal: { Service: 'personalize.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          }),
          Match.objectLike({
            Action: ['s3:PutObject', 's3:ListBucket'],
            Principal: { Service: 'personalize.amazonaws.com' },
          }),
        ]),
      },
    });
  });
});

describe('BatchInferenceJob options', () => {
  test('filter and folder input pass through', () => {
    const { template } = synthesize({
      inputKey: 'input/',
      outputPrefix: 'recommendations/',
      enabled: false,
      filter: Filter.fromFilterArn(
        newStack('Other'),
        'Filter',
        'arn:aws:personalize:us-east-1:123456789012:filter/unseen',
      ),
    });
    const input = scheduleInput(template);
    expect(input.filterArn).toBe('arn:aws:personalize:us-east-1:123456789012:filter/unseen');
    expect(input.outputPrefix).toMatch(/\/recommendations\/$/);
    template.hasResourceProperties('AWS::Scheduler::Schedule', { State: 'DISABLED' });
    const roles = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(roles).toContain('/input/*"');
  });

  test('generated prefix fits the name limit', () => {
    const { job } = synthesize({ jobNamePrefix: undefined });
    expect(job.jobNamePrefix.length).toBeLessThanOrEqual(47);
    expect(job.jobNamePrefix).toMatch(/^Test-Nightly-[0-9A-F]{8}$/);
  });

  test.each<[Partial<BatchInferenceJobProps>, string]>([
    [
      { jobNamePrefix: 'n'.repeat(48) },
      'jobNamePrefix must be at most 47 characters long, because each run adds 16, got 48 characters',
    ],
    [
      { jobNamePrefix: 'night ly' },
      "jobNamePrefix must start with a letter or digit and contain only letters, digits, '-' and '_', got 'night ly'",
    ],
    [{ numResults: 0 }, 'numResults must be a whole number of at least 1, got 0'],
    [{ numResults: 2.5 }, 'numResults must be a whole number of at least 1, got 2.5'],
    [{ inputKey: '' }, "inputKey must be a non-empty object key that does not start with '/', got ''"],
    [
      { inputKey: '/users.json' },
      "inputKey must be a non-empty object key that does not start with '/', got '/users.json'",
    ],
    [{ outputPrefix: 'out' }, "outputPrefix must end with '/' and must not start with '/', got 'out'"],
  ])('rejects %j', (props, message) => {
    expect(() => synthesize(props)).toThrow(`Test/Nightly: ${message}`);
  });
});
