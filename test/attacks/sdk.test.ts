/** Requests that JavaScript callers can build but the types forbid, sent through the SDK to the emulator. */
import { PersonalizeEventsClient } from '@aws-sdk/client-personalize-events';
import { PersonalizeRuntimeClient } from '@aws-sdk/client-personalize-runtime';
import { createEmulator, type Emulator } from '../../emulator';
import {
  PersonalizeEvents,
  PersonalizeRuntime,
  RequestValidationError,
  type PutEventsRequest,
  type RankingRequest,
  type RecommendationsRequest,
} from '../../sdk';

const CAMPAIGN_ARN = 'arn:aws:personalize:us-east-1:000000000000:campaign/movies';
const DATASET_ARN = 'arn:aws:personalize:us-east-1:000000000000:dataset/movies/ITEMS';

let emulator: Emulator;
let runtime: PersonalizeRuntime;
let events: PersonalizeEvents;

beforeAll(async () => {
  emulator = await createEmulator();
  const config = { endpoint: emulator.url, region: 'us-east-1', maxAttempts: 1 };
  runtime = new PersonalizeRuntime({ client: new PersonalizeRuntimeClient(config) });
  events = new PersonalizeEvents({ client: new PersonalizeEventsClient(config) });
});

afterAll(async () => {
  runtime.client.destroy();
  events.client.destroy();
  await emulator.close();
});

/** Runs `call` and returns the validation error it throws, failing the test when it throws anything else. */
async function validationErrorOf(call: () => Promise<unknown>): Promise<RequestValidationError> {
  const error: unknown = await call().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof RequestValidationError)) {
    throw new Error(`expected a RequestValidationError, got ${String(error)}`);
  }
  return error;
}

describe('runtime requests', () => {
  test('a misspelled member is rejected, not ignored', async () => {
    const request = { campaignArn: CAMPAIGN_ARN, userId: '1', numresults: 5 } as unknown as RecommendationsRequest;
    const error = await validationErrorOf(() => runtime.getRecommendations(request));

    expect(error.field).toBe('numresults');
    expect(error.rule).toBe('unknown-field');
    expect(error.message).toBe(
      'numresults is not a recognized request member (expected one of: campaignArn, recommenderArn, numResults, context, metadataColumns, promotions, filter, filterArn, filterValues, userId)',
    );
  });

  test('null in place of a request is rejected', async () => {
    const error = await validationErrorOf(() => runtime.getRecommendations(null as unknown as RecommendationsRequest));

    expect(error.field).toBe('request');
    expect(error.message).toBe('request must be a JSON object (received null)');
  });

  test('ranking rejects numResults, which it does not take', async () => {
    const request = { campaignArn: CAMPAIGN_ARN, userId: '1', inputList: ['1'], numResults: 5 } as RankingRequest;
    const error = await validationErrorOf(() => runtime.getPersonalizedRanking(request));

    expect(error.field).toBe('numResults');
    expect(error.rule).toBe('unknown-field');
  });

  test('a promotion with a misspelled member is rejected', async () => {
    const promotions = [{ name: 'new', percentPromotedItems: 10, filterArn: CAMPAIGN_ARN, percent: 20 }];
    const request = { campaignArn: CAMPAIGN_ARN, userId: '1', promotions } as unknown as RecommendationsRequest;
    const error = await validationErrorOf(() => runtime.getRecommendations(request));

    expect(error.field).toBe('promotions[0].percent');
    expect(error.message).toBe(
      'promotions[0].percent is not a recognized request member (expected one of: name, percentPromotedItems, filter, filterArn, filterValues)',
    );
  });
});

describe('events requests', () => {
  const sentAt = new Date('2026-01-01T00:00:00Z');

  test('a hole in a sparse events array is reported, not skipped', async () => {
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [, { eventType: 'watch', itemId: '1', sentAt }];
    const request = { trackingId: 't', sessionId: 's', events: sparse } as unknown as PutEventsRequest;
    const error = await validationErrorOf(() => events.putEvents(request));

    expect(error.field).toBe('events[0]');
    expect(error.message).toBe('events[0] is required (received nothing)');
  });

  test('a misspelled event member is rejected', async () => {
    const eventList = [{ eventType: 'watch', itemid: '1', sentAt }];
    const request = { trackingId: 't', sessionId: 's', events: eventList } as unknown as PutEventsRequest;
    const error = await validationErrorOf(() => events.putEvents(request));

    expect(error.field).toBe('events[0].itemid');
    expect(error.rule).toBe('unknown-field');
  });

  test('a misspelled item member is rejected', async () => {
    const items = [{ itemId: '1', props: { title: 'x' } }];
    const error = await validationErrorOf(() =>
      events.putItems({ datasetArn: DATASET_ARN, items } as unknown as Parameters<typeof events.putItems>[0]),
    );

    expect(error.field).toBe('items[0].props');
    expect(error.message).toBe(
      'items[0].props is not a recognized request member (expected one of: itemId, properties)',
    );
  });
});
