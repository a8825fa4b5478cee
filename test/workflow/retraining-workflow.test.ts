import { PersonalizeClient } from '@aws-sdk/client-personalize';
import { App, Stack } from 'aws-cdk-lib';
import { handler as gateHandler, MetricGateEvent } from '../../lambda/lifecycle/training-metric-gate';
import { RetrainingWorkflow } from '../../lib/retraining-workflow';
import { ACCOUNT, definitionOf, personalizeHandlers, REGION, runDefinition } from './asl';
import { FakePersonalize, serveFake } from './fake-personalize';

const SOLUTION = `arn:aws:personalize:${REGION}:${ACCOUNT}:solution/movies`;
const CAMPAIGN = `arn:aws:personalize:${REGION}:${ACCOUNT}:campaign/movies`;
const NDCG = 'normalized_discounted_cumulative_gain_at_10';

function synthesize() {
  const stack = new Stack(new App(), 'Retraining', { env: { account: ACCOUNT, region: REGION } });
  new RetrainingWorkflow(stack, 'Workflow', {
    solution: SOLUTION,
    campaign: CAMPAIGN,
    maxRegression: 0.1,
    minimumMetricValue: 0.05,
  });
  return definitionOf(stack, 'Workflow');
}

describe('retraining state machine', () => {
  const definition = synthesize();
  let fake: FakePersonalize;
  let server: { url: string; close(): Promise<void> };
  let client: PersonalizeClient;
  let deployed: string;

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
    deployed = fake.addVersion(SOLUTION, { [NDCG]: 0.3 });
    fake.addCampaign(CAMPAIGN, deployed);
  });

  afterEach(async () => {
    client.destroy();
    await server.close();
  });

  function run() {
    const handlers = {
      ...personalizeHandlers(definition, client),
      EvaluateMetricGate: async (input: unknown) => (await gateHandler(input as MetricGateEvent)) as never,
    };
    return runDefinition(definition, {}, handlers);
  }

  function createdVersion(): string {
    const created = [...fake.versions.values()].filter((version) => version.arn !== deployed);
    expect(created).toHaveLength(1);
    return created[0].arn;
  }

  test('gate passes and campaign is updated', async () => {
    // 0.28 is within 10% of 0.3 (threshold 0.27), and above the 0.05 floor.
    fake.trainingOutcomes.push({ status: 'ACTIVE', metrics: { [NDCG]: 0.28 } });
    const result = await run();
    expect(result.status).toBe('SUCCEEDED');
    const newVersion = createdVersion();
    expect(fake.campaigns.get(CAMPAIGN)?.solutionVersionArn).toBe(newVersion);
    const update = fake.calls.find((call) => call.operation === 'UpdateCampaign');
    expect(update?.body).toEqual({ campaignArn: CAMPAIGN, solutionVersionArn: newVersion, minProvisionedTPS: 1 });
    const create = fake.calls.find((call) => call.operation === 'CreateSolutionVersion');
    expect(create?.body).toEqual({ solutionArn: SOLUTION, trainingMode: 'FULL' });
  });

  test('gate fails below tolerated regression', async () => {
    fake.trainingOutcomes.push({ status: 'ACTIVE', metrics: { [NDCG]: 0.25 } });
    const result = await run();
    const newVersion = createdVersion();
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('MetricGateFailed');
    expect(result.cause).toBe(
      `${NDCG} of the new solution version is 0.25, which is below the threshold 0.27 ` +
        '(deployed version 0.3, max regression 0.1, minimum 0.05)',
    );
    expect(fake.campaigns.get(CAMPAIGN)?.solutionVersionArn).toBe(deployed);
    expect(fake.calls.map((call) => call.operation)).not.toContain('UpdateCampaign');
    expect(newVersion).not.toBe(deployed);
  });

  test('gate fails below absolute floor', async () => {
    fake.versions.get(deployed)!.metrics = { [NDCG]: 0.04 };
    fake.trainingOutcomes.push({ status: 'ACTIVE', metrics: { [NDCG]: 0.045 } });
    const result = await run();
    expect(result.error).toBe('MetricGateFailed');
    expect(result.cause).toBe(
      `${NDCG} of the new solution version is 0.045, which is below the threshold 0.05 ` +
        '(deployed version 0.04, max regression 0.1, minimum 0.05)',
    );
    expect(fake.campaigns.get(CAMPAIGN)?.solutionVersionArn).toBe(deployed);
  });

  test('gate fails when metric is missing', async () => {
    fake.trainingOutcomes.push({ status: 'ACTIVE', metrics: { coverage: 0.9 } });
    const result = await run();
    expect(result.error).toBe('MetricGateFailed');
    expect(result.cause).toBe(`${NDCG} is missing from the metrics of the new solution version ${createdVersion()}`);
  });

  test('training failure ends with its reason', async () => {
    fake.trainingOutcomes.push({
      status: 'CREATE FAILED',
      failureReason: 'Insufficient data: 12 users with 2 interactions',
    });
    const result = await run();
    expect(result).toEqual({
      status: 'FAILED',
      error: 'TrainingFailed',
      cause: 'Insufficient data: 12 users with 2 interactions',
    });
    expect(fake.calls.map((call) => call.operation)).not.toContain('GetSolutionMetrics');
  });

  test('SDK error surfaces with service name', async () => {
    fake.failNext.set('CreateSolutionVersion', { type: 'InvalidInputException', message: 'trainingMode is invalid' });
    const result = await run();
    expect(result).toEqual({
      status: 'FAILED',
      error: 'Personalize.InvalidInputException',
      cause: 'trainingMode is invalid',
    });
  });

  test('busy solution is retried', async () => {
    fake.failNext.set('CreateSolutionVersion', { type: 'ResourceInUseException', message: 'solution is busy' });
    fake.trainingOutcomes.push({ status: 'ACTIVE', metrics: { [NDCG]: 0.31 } });
    const result = await run();
    expect(result.status).toBe('SUCCEEDED');
    expect(fake.calls.filter((call) => call.operation === 'CreateSolutionVersion')).toHaveLength(2);
  });

  test('missing campaign surfaces not found', async () => {
    fake.campaigns.clear();
    fake.trainingOutcomes.push({ status: 'ACTIVE', metrics: { [NDCG]: 0.31 } });
    const result = await run();
    expect(result).toEqual({
      status: 'FAILED',
      error: 'Personalize.ResourceNotFoundException',
      cause: `campaign ${CAMPAIGN} does not exist`,
    });
  });
});
