import {
  DescribeSolutionVersionCommand,
  ListSolutionVersionsCommand,
  PersonalizeClient,
  ResourceInUseException,
  ResourceNotFoundException,
  StopSolutionVersionCreationCommand,
} from '@aws-sdk/client-personalize';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { handler, versionNameFor } from '../../lambda/lifecycle/solution-version-resource';

const SOLUTION = 'arn:aws:personalize:us-east-1:123456789012:solution/movies';
const personalize = mockClient(PersonalizeClient);

function event(fields: Record<string, unknown>): CloudFormationCustomResourceEvent {
  return {
    ServiceToken: 'token',
    ResponseURL: 'https://example.com/response',
    StackId: 'stack',
    RequestId: '6f1c0d2e-8b7a-4f35-a1c9-e0d4b2a7c815',
    LogicalResourceId: 'VersionTrainingRun',
    ResourceType: 'Custom::PersonalizeTrainingRun',
    ResourceProperties: {
      ServiceToken: 'token',
      SolutionArn: SOLUTION,
      TrainingMode: 'FULL',
      SignalUrl: 'https://handle/1',
    },
    ...fields,
  } as unknown as CloudFormationCustomResourceEvent;
}

beforeEach(() => personalize.reset());

describe('training run resource', () => {
  test('create names the run from the request id', async () => {
    const response = await handler(event({ RequestType: 'Create' }));
    expect(response).toEqual({
      PhysicalResourceId: 'cfn-6f1c0d2e8b7a4f35a1c9e0d4b2a7c815',
      Data: { VersionName: 'cfn-6f1c0d2e8b7a4f35a1c9e0d4b2a7c815' },
    });
    expect(personalize.calls()).toHaveLength(0);
  });

  test('version name fits the name rule', () => {
    const name = versionNameFor('x'.repeat(100));
    expect(name).toHaveLength(63);
    expect(name).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9\-_]*$/);
  });

  test('update with same inputs keeps the run', async () => {
    const response = await handler(
      event({
        RequestType: 'Update',
        RequestId: 'another-request',
        PhysicalResourceId: 'cfn-old',
        OldResourceProperties: {
          ServiceToken: 'token',
          SolutionArn: SOLUTION,
          TrainingMode: 'FULL',
          SignalUrl: 'https://handle/1',
        },
      }),
    );
    expect(response.PhysicalResourceId).toBe('cfn-old');
  });

  test('update with new handle starts a new run', async () => {
    const response = await handler(
      event({
        RequestType: 'Update',
        PhysicalResourceId: 'cfn-old',
        OldResourceProperties: {
          ServiceToken: 'token',
          SolutionArn: SOLUTION,
          TrainingMode: 'FULL',
          SignalUrl: 'https://handle/0',
        },
      }),
    );
    expect(response.PhysicalResourceId).toBe('cfn-6f1c0d2e8b7a4f35a1c9e0d4b2a7c815');
  });

  test('create rejects a missing solution ARN', async () => {
    const bad = event({ RequestType: 'Create', ResourceProperties: { ServiceToken: 'token', TrainingMode: 'FULL' } });
    await expect(handler(bad)).rejects.toThrow(new Error('SolutionArn must be a non-empty string, received undefined'));
  });

  test('delete stops the named in-flight version', async () => {
    personalize.on(ListSolutionVersionsCommand).resolves({
      solutionVersions: [
        { solutionVersionArn: `${SOLUTION}/a`, status: 'ACTIVE' },
        { solutionVersionArn: `${SOLUTION}/b`, status: 'CREATE IN_PROGRESS' },
        { solutionVersionArn: `${SOLUTION}/c`, status: 'CREATE PENDING' },
      ],
    });
    personalize
      .on(DescribeSolutionVersionCommand, { solutionVersionArn: `${SOLUTION}/b` })
      .resolves({ solutionVersion: { name: 'someone-else' } })
      .on(DescribeSolutionVersionCommand, { solutionVersionArn: `${SOLUTION}/c` })
      .resolves({ solutionVersion: { name: 'cfn-run' } });
    personalize.on(StopSolutionVersionCreationCommand).resolves({});
    const response = await handler(event({ RequestType: 'Delete', PhysicalResourceId: 'cfn-run' }));
    expect(response).toEqual({ PhysicalResourceId: 'cfn-run' });
    const stops = personalize.commandCalls(StopSolutionVersionCreationCommand);
    expect(stops).toHaveLength(1);
    expect(stops[0].args[0].input).toEqual({ solutionVersionArn: `${SOLUTION}/c` });
    expect(personalize.commandCalls(DescribeSolutionVersionCommand)).toHaveLength(2);
  });

  test('delete follows list pages', async () => {
    personalize
      .on(ListSolutionVersionsCommand, { solutionArn: SOLUTION, nextToken: undefined })
      .resolves({ solutionVersions: [], nextToken: 'page2' })
      .on(ListSolutionVersionsCommand, { solutionArn: SOLUTION, nextToken: 'page2' })
      .resolves({ solutionVersions: [{ solutionVersionArn: `${SOLUTION}/d`, status: 'CREATE PENDING' }] });
    personalize.on(DescribeSolutionVersionCommand).resolves({ solutionVersion: { name: 'cfn-run' } });
    personalize.on(StopSolutionVersionCreationCommand).resolves({});
    await handler(event({ RequestType: 'Delete', PhysicalResourceId: 'cfn-run' }));
    expect(personalize.commandCalls(StopSolutionVersionCreationCommand)[0].args[0].input).toEqual({
      solutionVersionArn: `${SOLUTION}/d`,
    });
  });

  test('delete treats a missing solution as done', async () => {
    personalize
      .on(ListSolutionVersionsCommand)
      .rejects(new ResourceNotFoundException({ message: 'solution not found', $metadata: {} }));
    const response = await handler(event({ RequestType: 'Delete', PhysicalResourceId: 'cfn-run' }));
    expect(response).toEqual({ PhysicalResourceId: 'cfn-run' });
  });

  test('delete treats a finished version as done', async () => {
    personalize.on(ListSolutionVersionsCommand).resolves({
      solutionVersions: [{ solutionVersionArn: `${SOLUTION}/e`, status: 'CREATE IN_PROGRESS' }],
    });
    personalize.on(DescribeSolutionVersionCommand).resolves({ solutionVersion: { name: 'cfn-run' } });
    personalize
      .on(StopSolutionVersionCreationCommand)
      .rejects(new ResourceInUseException({ message: 'version is ACTIVE', $metadata: {} }));
    await expect(handler(event({ RequestType: 'Delete', PhysicalResourceId: 'cfn-run' }))).resolves.toEqual({
      PhysicalResourceId: 'cfn-run',
    });
  });

  test('delete is safe to repeat', async () => {
    personalize.on(ListSolutionVersionsCommand).resolves({
      solutionVersions: [{ solutionVersionArn: `${SOLUTION}/f`, status: 'CREATE STOPPING' }],
    });
    await handler(event({ RequestType: 'Delete', PhysicalResourceId: 'cfn-run' }));
    await handler(event({ RequestType: 'Delete', PhysicalResourceId: 'cfn-run' }));
    expect(personalize.commandCalls(StopSolutionVersionCreationCommand)).toHaveLength(0);
    expect(personalize.commandCalls(DescribeSolutionVersionCommand)).toHaveLength(0);
  });

  test('delete surfaces other errors', async () => {
    personalize.on(ListSolutionVersionsCommand).rejects(new Error('AccessDeniedException: not allowed'));
    await expect(handler(event({ RequestType: 'Delete', PhysicalResourceId: 'cfn-run' }))).rejects.toThrow(
      new Error('AccessDeniedException: not allowed'),
    );
  });
});

describe('solution version resource', () => {
  const base = { ResourceType: 'Custom::PersonalizeSolutionVersion', LogicalResourceId: 'Version' };
  const arn = `${SOLUTION}/a1b2c3d4`;

  test('create returns the signalled ARN', async () => {
    personalize.on(DescribeSolutionVersionCommand, { solutionVersionArn: arn }).resolves({
      solutionVersion: { solutionVersionArn: arn, status: 'ACTIVE' },
    });
    const response = await handler(
      event({
        ...base,
        RequestType: 'Create',
        ResourceProperties: { WaitConditionData: JSON.stringify({ SolutionVersion: arn }) },
      }),
    );
    expect(response).toEqual({ PhysicalResourceId: arn, Data: { SolutionVersionArn: arn } });
  });

  test('create rejects a version that is not ACTIVE', async () => {
    personalize.on(DescribeSolutionVersionCommand).resolves({ solutionVersion: { status: 'CREATE STOPPED' } });
    const properties = { WaitConditionData: JSON.stringify({ SolutionVersion: arn }) };
    await expect(handler(event({ ...base, RequestType: 'Create', ResourceProperties: properties }))).rejects.toThrow(
      new Error(`solution version ${arn} must be ACTIVE, but its status is CREATE STOPPED`),
    );
  });

  test('create rejects data without the entry', async () => {
    const properties = { WaitConditionData: '{"Other":"x"}' };
    await expect(handler(event({ ...base, RequestType: 'Create', ResourceProperties: properties }))).rejects.toThrow(
      new Error(
        'WaitConditionData must contain a SolutionVersion entry with the solution version ARN, received {"Other":"x"}',
      ),
    );
  });

  test('delete leaves the version to its solution', async () => {
    const response = await handler(event({ ...base, RequestType: 'Delete', PhysicalResourceId: arn }));
    expect(response).toEqual({ PhysicalResourceId: arn });
    expect(personalize.calls()).toHaveLength(0);
  });

  test('unknown resource type is rejected', async () => {
    await expect(handler(event({ RequestType: 'Create', ResourceType: 'Custom::Other' }))).rejects.toThrow(
      new Error(
        'ResourceType must be Custom::PersonalizeTrainingRun or Custom::PersonalizeSolutionVersion, received Custom::Other',
      ),
    );
  });
});
