import {
  CreateEventTrackerCommand,
  CreateFilterCommand,
  DescribeEventTrackerCommand,
  DescribeFilterCommand,
} from '@aws-sdk/client-personalize';
import { startHttpApi, type RunningHttpApi } from '../../local/http-api';
import {
  deployCampaign,
  deployData,
  genreOf,
  startHarness,
  stopHarness,
  waitForStatus,
  type Harness,
} from '../emulator/fixtures';

// The handlers' module-scope logger stays quiet in tests.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

let harness: Harness;
let api: RunningHttpApi;

/** Sends a JSON request to the local API and returns the status and parsed body. */
async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  harness = await startHarness();
  const deployment = await deployData(harness);
  const { datasetGroupArn } = deployment;
  const userCampaign = await deployCampaign(harness, datasetGroupArn, 'user-p', 'aws-user-personalization');
  const simsCampaign = await deployCampaign(harness, datasetGroupArn, 'sims', 'aws-sims');
  const rankingCampaign = await deployCampaign(harness, datasetGroupArn, 'ranking', 'aws-personalized-ranking');
  const { filterArn } = await harness.control.send(
    new CreateFilterCommand({
      name: 'by-genre',
      datasetGroupArn,
      filterExpression: 'INCLUDE ItemID WHERE Items.GENRES IN ($GENRES)',
    }),
  );
  await waitForStatus(
    async () => (await harness.control.send(new DescribeFilterCommand({ filterArn }))).filter?.status,
  );
  const tracker = await harness.control.send(new CreateEventTrackerCommand({ name: 'tracker', datasetGroupArn }));
  await waitForStatus(
    async () =>
      (await harness.control.send(new DescribeEventTrackerCommand({ eventTrackerArn: tracker.eventTrackerArn })))
        .eventTracker?.status,
  );

  api = await startHttpApi({
    logger: silentLogger,
    env: {
      AWS_ENDPOINT_URL_PERSONALIZE_RUNTIME: harness.emulator.url,
      AWS_ENDPOINT_URL_PERSONALIZE_EVENTS: harness.emulator.url,
      RECOMMENDATIONS_CAMPAIGN_ARN: userCampaign.campaignArn,
      RELATED_ITEMS_CAMPAIGN_ARN: simsCampaign.campaignArn,
      RANKING_CAMPAIGN_ARN: rankingCampaign.campaignArn,
      EVENT_TRACKING_ID: tracker.trackingId,
      ITEMS_DATASET_ARN: deployment.datasetArns.Items,
      USERS_DATASET_ARN: deployment.datasetArns.Users,
      FILTER_ARNS: JSON.stringify({ 'by-genre': filterArn }),
    },
  });
});

afterAll(async () => {
  await api?.close();
  await stopHarness(harness);
});

describe('local HTTP API against the emulator', () => {
  test('recommendations honour filter values', async () => {
    const { status, body } = await call('POST', '/users/u0/recommendations', {
      numResults: 5,
      filter: 'by-genre',
      filterValues: { GENRES: ['Drama'] },
    });

    expect(status).toBe(200);
    const items = body.items as { itemId: string }[];
    expect(items).toHaveLength(5);
    expect(items.map((item) => genreOf(item.itemId))).toEqual(Array(5).fill('Drama'));
    expect(body.recommendationId).toEqual(expect.any(String));
  });

  test('related items return the requested count', async () => {
    const { status, body } = await call('GET', '/items/i0/related?numResults=3');

    expect(status).toBe(200);
    expect(body.itemId).toBe('i0');
    expect(body.items).toHaveLength(3);
  });

  test('ranking returns the same items', async () => {
    const { status, body } = await call('POST', '/users/u0/ranking', { itemIds: ['i1', 'i2', 'i3'] });

    expect(status).toBe(200);
    expect((body.items as { itemId: string }[]).map((item) => item.itemId).sort()).toEqual(['i1', 'i2', 'i3']);
  });

  test('events, items and users are recorded', async () => {
    const events = await call('POST', '/users/u0/events', { events: [{ eventType: 'watch', itemId: 'i4' }] });
    const items = await call('POST', '/items', {
      items: [{ itemId: 'i999', properties: { genres: ['Drama'], creationTimestamp: 1700000000 } }],
    });
    const users = await call('POST', '/users', { users: [{ userId: 'u999', properties: { membership: 'gold' } }] });

    expect(events).toEqual({ status: 200, body: { recorded: 1 } });
    expect(items).toEqual({ status: 200, body: { recorded: 1 } });
    expect(users).toEqual({ status: 200, body: { recorded: 1 } });
  });

  test('service input errors answer 400', async () => {
    const { status, body } = await call('GET', '/users/u0/recommendations?filter=by-genre');

    expect(status).toBe(400);
    expect(body.error).toBe('InvalidInput');
    expect(body.message).toMatch(/^GetRecommendations rejected the input: .*GENRES/);
  });
});
