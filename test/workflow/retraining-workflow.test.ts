import { DescribeCampaignCommand, GetSolutionMetricsCommand, PersonalizeClient } from '@aws-sdk/client-personalize';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { handler as gateHandler, MetricGateEvent } from '../../lambda/lifecycle/training-metric-gate';
import { RetrainingWorkflow, RetrainingWorkflowProps } from '../../lib/retraining-workflow';
import { ACCOUNT, Definition, definitionOf, Handler, personalizeHandlers, REGION, runDefinition } from './asl';
import { Deployed, deployTrainedCampaign, newVersions } from './emulator-setup';
import { FakePersonalize, serveFake } from './fake-personalize';

const NDCG = 'normalized_discounted_cumulative_gain_at_10';

function synthesize(props: RetrainingWorkflowProps): Definition {
  const stack = new Stack(new App(), 'Retraining', { env: { account: ACCOUNT, region: REGION } });
  new RetrainingWorkflow(stack, 'Workflow', props);
  return definitionOf(stack, 'Workflow');
}

/** Runs the workflow; `calls` receives the name of each task state as it is called, retries included. */
function run(definition: Definition, client: PersonalizeClient, options: { retryMs?: number; calls?: string[] } = {}) {
  const handlers: Record<string, Handler> = {
    ...personalizeHandlers(definition, client),
    EvaluateMetricGate: async (input) => (await gateHandler(input as unknown as MetricGateEvent)) as never,
  };
  const recorded = Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [
      name,
      (input: Parameters<Handler>[0]) => {
        options.calls?.push(name);
        return handler(input);
      },
    ]),
  );
  return runDefinition(definition, {}, recorded, { waitMs: 5, retryMs: options.retryMs });
}

describe('retraining state machine on the emulator', () => {
  let deployed: Deployed;
  let definition: Definition;

  beforeEach(async () => {
    deployed = await deployTrainedCampaign();
    definition = synthesize({ solution: deployed.solutionArn, campaign: deployed.campaignArn });
  });

  afterEach(() => deployed.stop());

  async function servedVersion(): Promise<string | undefined> {
    const described = await deployed.harness.control.send(
      new DescribeCampaignCommand({ campaignArn: deployed.campaignArn }),
    );
    return described.campaign?.solutionVersionArn;
  }

  async function metric(solutionVersionArn: string): Promise<number | undefined> {
    const response = await deployed.harness.control.send(new GetSolutionMetricsCommand({ solutionVersionArn }));
    return response.metrics?.[NDCG];
  }

  test('gate passes and campaign is updated', async () => {
    const result = await run(definition, deployed.harness.control);
    expect(result.status).toBe('SUCCEEDED');
    const created = await newVersions(deployed, [deployed.solutionVersionArn]);
    expect(created).toHaveLength(1);
    expect(await servedVersion()).toBe(created[0]);
  });

  test('gate fails when deployed version is better', async () => {
    // The emulator trains deterministically, so the deployed version is made better by raising its stored metric.
    const version = deployed.harness.emulator.state.solutionVersion(deployed.solutionVersionArn);
    version.metrics = { ...version.metrics!, [NDCG]: 0.9 };
    const result = await run(definition, deployed.harness.control);
    const [created] = await newVersions(deployed, [deployed.solutionVersionArn]);
    const newValue = await metric(created);
    expect(newValue).toBeLessThan(0.882);
    expect(result).toEqual({
      status: 'FAILED',
      error: 'MetricGateFailed',
      cause:
        `${NDCG} of the new solution version is ${newValue}, which is below the threshold ${0.9 * 0.98} ` +
        '(deployed version 0.9, max regression 0.02, minimum 0)',
    });
    expect(await servedVersion()).toBe(deployed.solutionVersionArn);
  });

  test('gate fails below absolute floor', async () => {
    const strict = synthesize({
      solution: deployed.solutionArn,
      campaign: deployed.campaignArn,
      metricName: 'precision_at_5',
      minimumMetricValue: 0.99,
    });
    const result = await run(strict, deployed.harness.control);
    const [created] = await newVersions(deployed, [deployed.solutionVersionArn]);
    const metrics = await deployed.harness.control.send(new GetSolutionMetricsCommand({ solutionVersionArn: created }));
    const deployedMetrics = await deployed.harness.control.send(
      new GetSolutionMetricsCommand({ solutionVersionArn: deployed.solutionVersionArn }),
    );
    expect(result.error).toBe('MetricGateFailed');
    expect(result.cause).toBe(
      `precision_at_5 of the new solution version is ${metrics.metrics?.precision_at_5}, which is below the ` +
        `threshold 0.99 (deployed version ${deployedMetrics.metrics?.precision_at_5}, max regression 0.02, minimum 0.99)`,
    );
    expect(await servedVersion()).toBe(deployed.solutionVersionArn);
  });

  test('training failure ends with its reason', async () => {
    deployed.trainingFailure = 'training needs at least 1000 interactions';
    const result = await run(definition, deployed.harness.control);
    expect(result).toEqual({
      status: 'FAILED',
      error: 'TrainingFailed',
      cause: 'training needs at least 1000 interactions',
    });
    expect(await servedVersion()).toBe(deployed.solutionVersionArn);
  });

  test('missing campaign surfaces not found', async () => {
    const campaignArn = `arn:aws:personalize:${REGION}:${ACCOUNT}:campaign/missing`;
    const missing = synthesize({ solution: deployed.solutionArn, campaign: campaignArn });
    const result = await run(missing, deployed.harness.control);
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Personalize.ResourceNotFoundException');
    expect(result.cause).toContain(campaignArn);
    expect(await newVersions(deployed, [deployed.solutionVersionArn])).toEqual([]);
  });
});

// The emulator always reports every metric, never fails a campaign update it accepted, and lets a version
// finish training before a retry could be observed, so these cases run against the small fake service.
describe('retraining state machine on the fake service', () => {
  const SOLUTION = `arn:aws:personalize:${REGION}:${ACCOUNT}:solution/movies`;
  const CAMPAIGN = `arn:aws:personalize:${REGION}:${ACCOUNT}:campaign/movies`;
  const definition = synthesize({ solution: SOLUTION, campaign: CAMPAIGN });
  let fake: FakePersonalize;
  let server: { url: string; close(): Promise<void> };
  let client: PersonalizeClient;

  beforeEach(async () => {
    fake = new FakePersonalize();
    server = await serveFake(fake);
    client = new PersonalizeClient({
      endpoint: server.url,
      region: REGION,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    fake.addSolution(SOLUTION);
    fake.addCampaign(CAMPAIGN, fake.addVersion(SOLUTION, { [NDCG]: 0.3 }));
  });

  afterEach(async () => {
    client.destroy();
    await server.close();
  });

  test('gate fails when metric is missing', async () => {
    fake.trainingOutcomes.push({ status: 'ACTIVE', metrics: { coverage: 0.9 } });
    const result = await run(definition, client);
    const created = [...fake.versions.keys()][1];
    expect(result.error).toBe('MetricGateFailed');
    expect(result.cause).toBe(`${NDCG} is missing from the metrics of the new solution version ${created}`);
  });

  test('SDK error surfaces with service name', async () => {
    fake.failNext.set('CreateSolutionVersion', { type: 'InvalidInputException', message: 'trainingMode is invalid' });
    const result = await run(definition, client);
    expect(result).toEqual({
      status: 'FAILED',
      error: 'Personalize.InvalidInputException',
      cause: 'trainingMode is invalid',
    });
  });

  test('busy solution is retried', async () => {
    fake.failNext.set('CreateSolutionVersion', { type: 'ResourceInUseException', message: 'a version is training' });
    fake.trainingOutcomes.push({ status: 'ACTIVE', metrics: { [NDCG]: 0.31 } });
    const calls: string[] = [];
    const result = await run(definition, client, { calls });
    expect(result.status).toBe('SUCCEEDED');
    expect(calls.filter((name) => name === 'CreateSolutionVersion')).toHaveLength(2);
  });

  test('training timeout stops the version', async () => {
    const short = synthesize({
      solution: SOLUTION,
      campaign: CAMPAIGN,
      pollInterval: Duration.minutes(1),
      trainingTimeout: Duration.minutes(3),
    });
    fake.trainingOutcomes.push({ status: 'CREATE IN_PROGRESS' });
    const result = await run(short, client);
    const created = [...fake.versions.keys()][1];
    expect(result).toEqual({
      status: 'FAILED',
      error: 'TrainingTimedOut',
      cause: 'the solution version was not ACTIVE after 3 polls 1 minute apart, so its training was stopped',
    });
    const stops = fake.calls.filter((call) => call.operation === 'StopSolutionVersionCreation');
    expect(stops.map((call) => call.body)).toEqual([{ solutionVersionArn: created }]);
    expect(fake.calls.filter((call) => call.operation === 'DescribeSolutionVersion')).toHaveLength(3);
  });

  test('campaign update timeout fails', async () => {
    const short = synthesize({
      solution: SOLUTION,
      campaign: CAMPAIGN,
      pollInterval: Duration.minutes(1),
      campaignUpdateTimeout: Duration.minutes(2),
    });
    fake.trainingOutcomes.push({ status: 'ACTIVE', metrics: { [NDCG]: 0.31 } });
    fake.campaignUpdateOutcome = { status: 'CREATE IN_PROGRESS' };
    const result = await run(short, client);
    expect(result).toEqual({
      status: 'FAILED',
      error: 'CampaignUpdateTimedOut',
      cause: 'the campaign update was not ACTIVE after 2 polls 1 minute apart',
    });
  });

  test('syncing campaign stops before training', async () => {
    fake.campaigns.get(CAMPAIGN)!.campaignConfig = { syncWithLatestSolutionVersion: true };
    const result = await run(definition, client);
    expect(result).toEqual({
      status: 'FAILED',
      error: 'CampaignSyncsLatestVersion',
      cause:
        'the campaign has syncWithLatestSolutionVersion set, so it would serve every new version without the ' +
        'metric gate. Turn the setting off to use this workflow',
    });
    expect(fake.calls.map((call) => call.operation)).toEqual(['DescribeCampaign']);
  });

  test('campaign without sync is trained', async () => {
    fake.campaigns.get(CAMPAIGN)!.campaignConfig = { syncWithLatestSolutionVersion: false };
    fake.trainingOutcomes.push({ status: 'ACTIVE', metrics: { [NDCG]: 0.31 } });
    const result = await run(definition, client);
    expect(result.status).toBe('SUCCEEDED');
  });

  test('campaign update failure ends with its reason', async () => {
    fake.trainingOutcomes.push({ status: 'ACTIVE', metrics: { [NDCG]: 0.31 } });
    fake.campaignUpdateOutcome = { status: 'CREATE FAILED', failureReason: 'minProvisionedTPS exceeds the quota' };
    const result = await run(definition, client);
    expect(result).toEqual({
      status: 'FAILED',
      error: 'CampaignUpdateFailed',
      cause: 'minProvisionedTPS exceeds the quota',
    });
  });
});
