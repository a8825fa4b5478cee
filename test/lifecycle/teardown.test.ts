import {
  CreateDatasetGroupCommand,
  CreateEventTrackerCommand,
  CreateFilterCommand,
  CreateSolutionCommand,
  CreateSolutionVersionCommand,
  DeleteCampaignCommand,
} from '@aws-sdk/client-personalize';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createHandlers, readTarget, type IsCompleteRequest } from '../../lambda/lifecycle/teardown-resource';
import { deployCampaign, deployData, startHarness, stopHarness, type Harness } from '../emulator/fixtures';
import { attachListCalls, type RecordedCall } from './list-calls';

const MAX_POLLS = 2000;

interface Deployed {
  readonly datasetGroupArn: string;
  readonly schemaArns: string[];
  readonly campaignArn: string;
  readonly trainingVersionArn: string;
}

/** Deploys a dataset group with three datasets, two solutions (one still training), a campaign, a filter and a tracker. */
async function deployGroup(harness: Harness, name: string): Promise<Deployed> {
  const { control, emulator } = harness;
  const data = await deployData(harness, name);
  const { campaignArn } = await deployCampaign(
    harness,
    data.datasetGroupArn,
    `${name}-ranking`,
    'aws-user-personalization',
  );
  const { solutionArn } = await control.send(
    new CreateSolutionCommand({
      name: `${name}-similar`,
      datasetGroupArn: data.datasetGroupArn,
      recipeArn: 'arn:aws:personalize:::recipe/aws-sims',
      performAutoTraining: false,
    }),
  );
  const solution = emulator.state.solution(solutionArn!);
  solution.pending?.cancel();
  solution.status = 'ACTIVE';
  const { solutionVersionArn } = await control.send(new CreateSolutionVersionCommand({ solutionArn }));
  // Holds the version in training until the teardown stops it.
  const version = emulator.state.solutionVersion(solutionVersionArn!);
  version.pending?.cancel();
  version.status = 'CREATE IN_PROGRESS';
  await control.send(
    new CreateFilterCommand({
      name: `${name}-unseen`,
      datasetGroupArn: data.datasetGroupArn,
      filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("watch")',
    }),
  );
  await control.send(new CreateEventTrackerCommand({ name: `${name}-tracker`, datasetGroupArn: data.datasetGroupArn }));
  return {
    datasetGroupArn: data.datasetGroupArn,
    schemaArns: Object.values(data.schemaArns),
    campaignArn,
    trainingVersionArn: solutionVersionArn!,
  };
}

function cfnEvent(
  requestType: 'Create' | 'Update' | 'Delete',
  datasetGroupArn: string,
  retainDatasets = false,
): CloudFormationCustomResourceEvent {
  const base = {
    ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:provider',
    ResponseURL: 'https://example.invalid/response',
    StackId: 'arn:aws:cloudformation:us-east-1:000000000000:stack/test/1',
    RequestId: 'request-1',
    LogicalResourceId: 'Teardown',
    ResourceType: 'Custom::PersonalizeDatasetGroupTeardown',
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:provider',
      DatasetGroupArn: datasetGroupArn,
      RetainDatasets: String(retainDatasets),
    },
  };
  if (requestType === 'Create') return { ...base, RequestType: 'Create' };
  if (requestType === 'Update') {
    return {
      ...base,
      RequestType: 'Update',
      PhysicalResourceId: datasetGroupArn,
      OldResourceProperties: base.ResourceProperties,
    };
  }
  return { ...base, RequestType: 'Delete', PhysicalResourceId: datasetGroupArn };
}

/** Runs a Delete the way the Provider framework does: onEvent once, then isComplete until it reports completion. */
async function runDelete(
  harness: Harness,
  datasetGroupArn: string,
  retainDatasets = false,
): Promise<{ polls: number; data: Record<string, string> | undefined }> {
  const { onEvent, isComplete } = createHandlers(harness.control);
  const event = cfnEvent('Delete', datasetGroupArn, retainDatasets);
  const response = await onEvent(event);
  const request: IsCompleteRequest = { ...event, ...response };
  for (let polls = 1; polls <= MAX_POLLS; polls++) {
    if ((await isComplete(request)).IsComplete) return { polls, data: response.Data };
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`teardown of ${datasetGroupArn} did not complete in ${MAX_POLLS} polls`);
}

/**
 * Lists the recorded commands in the order of their first call. Later calls repeat earlier stages, because every
 * isComplete call runs the stages from the start (a schema delete runs again and finds the schema gone).
 */
function commandSequence(calls: readonly RecordedCall[]): string[] {
  return [...new Set(calls.map((call) => call.command))];
}

function firstCall(calls: readonly RecordedCall[], command: string): RecordedCall {
  const call = calls.find((candidate) => candidate.command === command);
  if (call === undefined) throw new Error(`no ${command} call among ${commandSequence(calls).join(', ')}`);
  return call;
}

describe('dataset group teardown against the emulator', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness();
  });

  afterEach(async () => {
    await stopHarness(harness);
  });

  test('deletes every resource in dependency order', async () => {
    const deployed = await deployGroup(harness, 'shop');
    const calls = attachListCalls(harness.control, harness.emulator.state);

    const { data } = await runDelete(harness, deployed.datasetGroupArn);

    expect(commandSequence(calls)).toEqual([
      'DeleteCampaign',
      'StopSolutionVersionCreation',
      'DeleteSolution',
      'DeleteEventTracker',
      'DeleteFilter',
      'DeleteDataset',
      'DeleteSchema',
      'DeleteDatasetGroup',
    ]);
    expect(firstCall(calls, 'StopSolutionVersionCreation').arn).toBe(deployed.trainingVersionArn);
    expect(firstCall(calls, 'StopSolutionVersionCreation').before.campaigns).toBe(0);
    expect(firstCall(calls, 'DeleteSolution').before.trainingVersions).toBe(0);
    expect(firstCall(calls, 'DeleteEventTracker').before.solutions).toBe(0);
    expect(firstCall(calls, 'DeleteFilter').before.eventTrackers).toBe(0);
    expect(firstCall(calls, 'DeleteDataset').before.filters).toBe(0);
    expect(firstCall(calls, 'DeleteSchema').before.datasets).toBe(0);
    expect(data?.SchemaArns.split(',').sort()).toEqual([...deployed.schemaArns].sort());
    const { state } = harness.emulator;
    expect(state.datasetGroups.size).toBe(0);
    expect(state.schemas.size).toBe(0);
    expect(state.solutionVersions.size).toBe(0);
  });

  test('retainDatasets keeps datasets, schemas and group', async () => {
    const deployed = await deployGroup(harness, 'kept');
    const calls = attachListCalls(harness.control, harness.emulator.state);

    await runDelete(harness, deployed.datasetGroupArn, true);

    const { state } = harness.emulator;
    expect(commandSequence(calls)).toEqual([
      'DeleteCampaign',
      'StopSolutionVersionCreation',
      'DeleteSolution',
      'DeleteEventTracker',
      'DeleteFilter',
    ]);
    expect(state.datasetGroups.has(deployed.datasetGroupArn)).toBe(true);
    expect(state.datasets.size).toBe(3);
    expect(state.schemas.size).toBe(3);
    expect(state.campaigns.size).toBe(0);
    expect(state.solutions.size).toBe(0);
    expect(state.filters.size).toBe(0);
    expect(state.eventTrackers.size).toBe(0);
  });

  test('re-run after a failed stage completes', async () => {
    const deployed = await deployGroup(harness, 'retry');
    const calls = attachListCalls(harness.control, harness.emulator.state, { failOn: 'DeleteFilterCommand' });

    await expect(runDelete(harness, deployed.datasetGroupArn)).rejects.toThrow(
      'injected failure of DeleteFilterCommand',
    );
    const { state } = harness.emulator;
    expect(state.campaigns.size).toBe(0);
    expect(state.filters.size).toBe(1);
    expect(state.datasets.size).toBe(3);

    await runDelete(harness, deployed.datasetGroupArn);

    expect(state.filters.size).toBe(0);
    expect(state.datasets.size).toBe(0);
    expect(state.schemas.size).toBe(0);
    expect(state.datasetGroups.size).toBe(0);
    expect(calls.filter((call) => call.command === 'DeleteCampaign')).toHaveLength(1);
  });

  test('missing dataset group counts as done', async () => {
    const calls = attachListCalls(harness.control, harness.emulator.state);
    const missing = 'arn:aws:personalize:us-east-1:000000000000:dataset-group/missing';

    const { polls, data } = await runDelete(harness, missing);

    expect(polls).toBe(1);
    expect(data).toEqual({ SchemaArns: '' });
    expect(calls).toEqual([]);
  });

  test('resource already deleting is waited for', async () => {
    const deployed = await deployGroup(harness, 'busy');
    await harness.control.send(new DeleteCampaignCommand({ campaignArn: deployed.campaignArn }));
    // Holds the campaign in DELETE IN_PROGRESS for a while, as the service does for minutes.
    const { state } = harness.emulator;
    const campaign = state.campaign(deployed.campaignArn);
    campaign.pending?.cancel();
    campaign.status = 'DELETE IN_PROGRESS';
    const removal = setTimeout(() => state.campaigns.delete(deployed.campaignArn), 50);
    const calls = attachListCalls(harness.control, state);

    try {
      await runDelete(harness, deployed.datasetGroupArn);
    } finally {
      clearTimeout(removal);
    }

    expect(calls.filter((call) => call.command === 'DeleteCampaign')).toEqual([]);
    expect(firstCall(calls, 'StopSolutionVersionCreation').before.campaigns).toBe(0);
    expect(state.datasetGroups.size).toBe(0);
  });

  test('solution gone after listing counts as deleted', async () => {
    const deployed = await deployGroup(harness, 'stale');
    const stale = 'arn:aws:personalize:us-east-1:000000000000:solution/stale-gone';
    const calls = attachListCalls(harness.control, harness.emulator.state, {
      staleSolutionArn: stale,
      // Enough listings to reach the solutions stage however often the earlier stages poll.
      staleListings: 1_000,
    });

    await runDelete(harness, deployed.datasetGroupArn);

    expect(harness.emulator.state.datasetGroups.size).toBe(0);
    expect(calls.filter((call) => call.arn === stale).map((call) => call.command)).toEqual(['DeleteSolution']);
  });

  test('group gone during a step counts as done', async () => {
    const { state } = harness.emulator;
    const { datasetGroupArn } = await harness.control.send(new CreateDatasetGroupCommand({ name: 'vanishing' }));
    const calls = attachListCalls(harness.control, state, {
      beforeList: () => state.datasetGroups.delete(datasetGroupArn!),
    });

    const { polls } = await runDelete(harness, datasetGroupArn!, true);

    expect(polls).toBe(1);
    expect(calls).toEqual([]);
  });

  test('create and update return the group ARN', async () => {
    const { onEvent, isComplete } = createHandlers(harness.control);
    const arn = 'arn:aws:personalize:us-east-1:000000000000:dataset-group/any';
    for (const requestType of ['Create', 'Update'] as const) {
      const event = cfnEvent(requestType, arn);
      const response = await onEvent(event);
      expect(response).toEqual({ PhysicalResourceId: arn });
      expect(await isComplete({ ...event, ...response })).toEqual({ IsComplete: true });
    }
  });
});

describe('teardown resource properties', () => {
  const arn = 'arn:aws:personalize:us-east-1:000000000000:dataset-group/shop';

  test.each([
    [{ RetainDatasets: 'false' }, 'DatasetGroupArn must be a dataset group ARN, received undefined'],
    [
      { DatasetGroupArn: 'shop', RetainDatasets: 'false' },
      'DatasetGroupArn must be a dataset group ARN, received "shop"',
    ],
    [{ DatasetGroupArn: arn, RetainDatasets: 'yes' }, `RetainDatasets must be 'true' or 'false', received "yes"`],
    [{ DatasetGroupArn: arn }, `RetainDatasets must be 'true' or 'false', received undefined`],
  ])('rejects %j', (properties, message) => {
    expect(() => readTarget(properties)).toThrow(message);
  });

  test('reads valid properties', () => {
    expect(readTarget({ DatasetGroupArn: arn, RetainDatasets: 'true' }, ['s'])).toEqual({
      datasetGroupArn: arn,
      retainDatasets: true,
      schemaArns: ['s'],
    });
  });
});
