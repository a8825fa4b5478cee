import { CreateEventTrackerCommand, DescribeEventTrackerCommand } from '@aws-sdk/client-personalize';
import { GetRecommendationsCommand } from '@aws-sdk/client-personalize-runtime';
import { PutEventsCommand, PutItemsCommand, PutUsersCommand } from '@aws-sdk/client-personalize-events';
import {
  BASE_TIME,
  deployCampaign,
  deployData,
  genreOf,
  startHarness,
  stopHarness,
  waitForStatus,
  type Deployment,
  type Harness,
} from './fixtures';

let harness: Harness;
let deployment: Deployment;
let campaignArn: string;
let trackingId: string;

beforeAll(async () => {
  harness = await startHarness();
  deployment = await deployData(harness);
  campaignArn = (await deployCampaign(harness, deployment.datasetGroupArn, 'user-p', 'aws-user-personalization'))
    .campaignArn;
  const tracker = await harness.control.send(
    new CreateEventTrackerCommand({ name: 'tracker', datasetGroupArn: deployment.datasetGroupArn }),
  );
  await waitForStatus(
    async () =>
      (await harness.control.send(new DescribeEventTrackerCommand({ eventTrackerArn: tracker.eventTrackerArn })))
        .eventTracker?.status,
  );
  trackingId = tracker.trackingId!;
});

afterAll(async () => {
  await stopHarness(harness);
});

function records() {
  return harness.emulator.state.datasetGroup(deployment.datasetGroupArn).records;
}

function watchEvents(itemIds: readonly string[], offset = 0) {
  return itemIds.map((itemId, index) => ({
    eventType: 'watch',
    itemId,
    sentAt: new Date((BASE_TIME + offset + index) * 1000),
  }));
}

describe('PutEvents', () => {
  test('events steer the next recommendations of a new user', async () => {
    const dramas = ['i1', 'i4', 'i7', 'i10', 'i13', 'i16', 'i19', 'i22', 'i25', 'i28'];
    await harness.events.send(
      new PutEventsCommand({ trackingId, userId: 'fresh-user', sessionId: 's-1', eventList: watchEvents(dramas) }),
    );
    await harness.events.send(
      new PutEventsCommand({ trackingId, userId: 'fresh-user', sessionId: 's-1', eventList: watchEvents(dramas, 10) }),
    );
    const response = await harness.runtime.send(
      new GetRecommendationsCommand({ campaignArn, userId: 'fresh-user', numResults: 5 }),
    );
    const genres = response.itemList!.map((item) => genreOf(item.itemId!));
    expect(genres.filter((genre) => genre === 'Drama').length).toBeGreaterThanOrEqual(4);
    const recorded = records().interactions('fresh-user');
    expect(recorded).toHaveLength(20);
    expect(recorded[0]).toMatchObject({ itemId: 'i1', eventType: 'watch', timestamp: BASE_TIME, source: 'realtime' });
  });

  test('events without userId are recorded under the session id', async () => {
    await harness.events.send(
      new PutEventsCommand({ trackingId, sessionId: 'anonymous-7', eventList: watchEvents(['i5']) }),
    );
    expect(
      records()
        .interactions('anonymous-7')
        .map((record) => record.itemId),
    ).toEqual(['i5']);
  });

  test('properties become context fields by schema name', async () => {
    await harness.events.send(
      new PutEventsCommand({
        trackingId,
        userId: 'u-context',
        sessionId: 's-2',
        eventList: [
          { eventType: 'watch', itemId: 'i2', sentAt: new Date(BASE_TIME * 1000), properties: '{"device":"tv"}' },
        ],
      }),
    );
    expect(records().interactions('u-context')[0].context).toEqual({ DEVICE: 'tv' });
  });

  test.each([
    [
      'empty eventList',
      { eventList: [] },
      "1 validation error detected: Value '[]' at 'eventList' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      'forbidden property key',
      { eventList: [{ eventType: 'watch', itemId: 'i1', sentAt: new Date(0), properties: '{"userId":"x"}' }] },
      "eventList.1.member.properties: key 'userId' is not allowed; userId, sessionId, eventType, timestamp, recommendationId, impression are event or request members",
    ],
    [
      'unknown property key',
      { eventList: [{ eventType: 'watch', itemId: 'i1', sentAt: new Date(0), properties: '{"colour":"red"}' }] },
      "eventList.1.member.properties: unknown key 'colour'; the schema allows device",
    ],
    [
      'two property keys for one field',
      {
        eventList: [
          { eventType: 'watch', itemId: 'i1', sentAt: new Date(0), properties: '{"device":"tv","DEVICE":"phone"}' },
        ],
      },
      "eventList.1.member.properties: keys 'device' and 'DEVICE' both name field DEVICE; send one of them",
    ],
    [
      'properties longer than 1,024 characters',
      {
        eventList: [
          {
            eventType: 'watch',
            itemId: 'i1',
            sentAt: new Date(0),
            properties: JSON.stringify({ device: 'x'.repeat(1020) }),
          },
        ],
      },
      `1 validation error detected: Value '${JSON.stringify({ device: 'x'.repeat(1020) })}' at 'eventList.1.member.properties' failed to satisfy constraint: Member must have length less than or equal to 1024`,
    ],
    [
      'event without itemId',
      { eventList: [{ eventType: 'watch', sentAt: new Date(0) }] },
      'eventList.1.member.itemId: required, because every recorded interaction needs an item id',
    ],
    [
      'too many impressions',
      {
        eventList: [
          {
            eventType: 'watch',
            itemId: 'i1',
            sentAt: new Date(0),
            impression: Array.from({ length: 26 }, (_, i) => `i${i}`),
          },
        ],
      },
      `1 validation error detected: Value '${JSON.stringify(Array.from({ length: 26 }, (_, i) => `i${i}`))}' at 'eventList.1.member.impression' failed to satisfy constraint: Member must have length less than or equal to 25`,
    ],
  ])('rejects %s', async (_case, overrides, message) => {
    const request = { trackingId, userId: 'u1', sessionId: 's', ...overrides } as ConstructorParameters<
      typeof PutEventsCommand
    >[0];
    await expect(harness.events.send(new PutEventsCommand(request))).rejects.toMatchObject({
      name: 'InvalidInputException',
      message,
      $metadata: { httpStatusCode: 400 },
    });
  });

  test('unknown trackingId is not found', async () => {
    await expect(
      harness.events.send(new PutEventsCommand({ trackingId: 'nope', sessionId: 's', eventList: watchEvents(['i1']) })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: "trackingId 'nope' does not match an event tracker",
      $metadata: { httpStatusCode: 404 },
    });
  });
});

describe('PutItems and PutUsers', () => {
  test('new items are stored and reach the model', async () => {
    await harness.events.send(
      new PutItemsCommand({
        datasetArn: deployment.datasetArns.Items,
        items: [{ itemId: 'brand-new', properties: JSON.stringify({ genres: 'Drama', creationTimestamp: BASE_TIME }) }],
      }),
    );
    expect(records().item('brand-new')).toEqual({
      itemId: 'brand-new',
      fields: { GENRES: 'Drama', CREATION_TIMESTAMP: BASE_TIME },
    });
    const response = await harness.runtime.send(
      new GetRecommendationsCommand({ campaignArn, userId: 'u1', numResults: 100 }),
    );
    expect(response.itemList!.map((item) => item.itemId)).toContain('brand-new');
  });

  test('users are stored with absent optional fields as null', async () => {
    await harness.events.send(
      new PutUsersCommand({ datasetArn: deployment.datasetArns.Users, users: [{ userId: 'u-new', properties: '{}' }] }),
    );
    expect(records().user('u-new')).toEqual({ userId: 'u-new', fields: { MEMBERSHIP: null } });
  });

  test.each([
    [
      'unknown key',
      [{ itemId: 'x', properties: '{"genres":"Drama","creationTimestamp":1,"rating":5}' }],
      "items.1.member.properties: unknown key 'rating'; the schema allows genres, creationTimestamp",
    ],
    [
      'wrong type',
      [{ itemId: 'x', properties: '{"genres":"Drama","creationTimestamp":"soon"}' }],
      'items.1.member.properties.creationTimestamp: field CREATION_TIMESTAMP has type long; received "soon"',
    ],
    [
      'missing required field',
      [{ itemId: 'x', properties: '{"genres":"Drama"}' }],
      "items.1.member.properties: missing required field CREATION_TIMESTAMP (key 'creationTimestamp')",
    ],
    [
      'invalid JSON',
      [{ itemId: 'x', properties: '{genres' }],
      "items.1.member.properties: not valid JSON (Expected property name or '}' in JSON at position 1); received '{genres'",
    ],
  ])('PutItems rejects %s', async (_case, items, message) => {
    await expect(
      harness.events.send(new PutItemsCommand({ datasetArn: deployment.datasetArns.Items, items })),
    ).rejects.toMatchObject({ name: 'InvalidInputException', message });
  });

  test('PutUsers rejects an Items dataset', async () => {
    await expect(
      harness.events.send(new PutUsersCommand({ datasetArn: deployment.datasetArns.Items, users: [{ userId: 'x' }] })),
    ).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: `datasetArn: ${deployment.datasetArns.Items} has dataset type Items; this call needs a Users dataset`,
    });
  });
});
