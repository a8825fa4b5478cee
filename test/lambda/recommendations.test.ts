import { apiEvent, bodyOf } from './api-event';
import {
  GetPersonalizedRankingCommand,
  GetRecommendationsCommand,
  InvalidInputException,
  PersonalizeRuntimeClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-personalize-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { logger } from '../../lambda/api/logger';
import { createRankingHandler } from '../../lambda/api/ranking';
import { createRecommendationsHandler } from '../../lambda/api/recommendations';
import { createRelatedItemsHandler } from '../../lambda/api/related-items';

const CAMPAIGN_ARN = 'arn:aws:personalize:us-east-1:123456789012:campaign/movies';
const SIMS_CAMPAIGN_ARN = 'arn:aws:personalize:us-east-1:123456789012:campaign/similar-movies';
const RANKING_CAMPAIGN_ARN = 'arn:aws:personalize:us-east-1:123456789012:campaign/ranking';
const GENRE_FILTER_ARN = 'arn:aws:personalize:us-east-1:123456789012:filter/by-genre';

const ENV = {
  RECOMMENDATIONS_CAMPAIGN_ARN: CAMPAIGN_ARN,
  RELATED_ITEMS_CAMPAIGN_ARN: SIMS_CAMPAIGN_ARN,
  RANKING_CAMPAIGN_ARN,
  FILTER_ARNS: JSON.stringify({ 'by-genre': GENRE_FILTER_ARN }),
  DEFAULT_NUM_RESULTS: '10',
};

const runtimeMock = mockClient(PersonalizeRuntimeClient);

beforeEach(() => {
  runtimeMock.reset();
  runtimeMock
    .on(GetRecommendationsCommand)
    .resolves({ recommendationId: 'RID-1', itemList: [{ itemId: '5', score: 0.3 }] });
  runtimeMock.on(GetPersonalizedRankingCommand).resolves({
    recommendationId: 'RID-2',
    personalizedRanking: [
      { itemId: 'b', score: 0.7 },
      { itemId: 'a', score: 0.3 },
    ],
  });
});

describe('recommendations route', () => {
  const handler = createRecommendationsHandler({ env: ENV });
  const route = 'GET /users/{userId}/recommendations';

  test('GET uses the default numResults', async () => {
    const result = await handler(apiEvent(route, { pathParameters: { userId: '42' } }));

    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({ userId: '42', recommendationId: 'RID-1', items: [{ itemId: '5', score: 0.3 }] });
    expect(runtimeMock).toHaveReceivedCommandWith(GetRecommendationsCommand, {
      campaignArn: CAMPAIGN_ARN,
      userId: '42',
      numResults: 10,
    });
  });

  test('GET resolves a named filter', async () => {
    await handler(
      apiEvent(route, { pathParameters: { userId: '42' }, query: { numResults: '3', filter: 'by-genre' } }),
    );

    expect(runtimeMock.commandCalls(GetRecommendationsCommand)[0].args[0].input).toEqual({
      campaignArn: CAMPAIGN_ARN,
      userId: '42',
      numResults: 3,
      filterArn: GENRE_FILTER_ARN,
    });
  });

  test('POST encodes filter values', async () => {
    const event = apiEvent('POST /users/{userId}/recommendations', {
      pathParameters: { userId: '42' },
      body: {
        numResults: 5,
        filter: 'by-genre',
        filterValues: { GENRES: ['Comedy', 'Drama'] },
        context: { DEVICE: 'tv' },
      },
    });

    const result = await handler(event);

    expect(result.statusCode).toBe(200);
    expect(runtimeMock.commandCalls(GetRecommendationsCommand)[0].args[0].input).toEqual({
      campaignArn: CAMPAIGN_ARN,
      userId: '42',
      numResults: 5,
      filterArn: GENRE_FILTER_ARN,
      filterValues: { GENRES: '"Comedy","Drama"' },
      context: { DEVICE: 'tv' },
    });
  });

  const badRequests: [string, ReturnType<typeof apiEvent>, Record<string, unknown>][] = [
    [
      'numResults above 500',
      apiEvent(route, { pathParameters: { userId: '42' }, query: { numResults: '600' } }),
      {
        field: 'numResults',
        rule: 'range',
        value: 600,
        message: 'numResults must be an integer from 1 to 500 (received 600)',
      },
    ],
    [
      'numResults that is not a number',
      apiEvent(route, { pathParameters: { userId: '42' }, query: { numResults: 'ten' } }),
      {
        field: 'numResults',
        rule: 'range',
        value: 'ten',
        message: 'numResults must be an integer from 1 to 500 (received "ten")',
      },
    ],
    [
      'an unknown query parameter',
      apiEvent(route, { pathParameters: { userId: '42' }, query: { limit: '5' } }),
      {
        field: 'limit',
        rule: 'unknown-field',
        value: 'limit',
        message: 'limit is not a recognized query parameter (expected one of: numResults, filter)',
      },
    ],
    [
      'an unknown body member',
      apiEvent('POST /users/{userId}/recommendations', {
        pathParameters: { userId: '42' },
        body: { filters: 'by-genre' },
      }),
      {
        field: 'filters',
        rule: 'unknown-field',
        value: 'filters',
        message: 'filters is not a recognized field (expected one of: numResults, filter, filterValues, context)',
      },
    ],
    [
      'a body that is not JSON',
      apiEvent('POST /users/{userId}/recommendations', { pathParameters: { userId: '42' }, rawBody: '{"numResults":' }),
      { field: 'body', rule: 'json', message: 'body must be valid JSON: Unexpected end of JSON input' },
    ],
    [
      'a body that is an array',
      apiEvent('POST /users/{userId}/recommendations', { pathParameters: { userId: '42' }, body: [1] }),
      {
        field: 'body',
        rule: 'type',
        value: [1],
        message: 'body must be a JSON object (received an array of 1 entry)',
      },
    ],
    [
      'a missing body',
      apiEvent('POST /users/{userId}/recommendations', { pathParameters: { userId: '42' } }),
      { field: 'body', rule: 'required', message: 'a JSON body is required (received nothing)' },
    ],
    [
      'a numeric context value',
      apiEvent('POST /users/{userId}/recommendations', {
        pathParameters: { userId: '42' },
        body: { context: { DEVICE: 1 } },
      }),
      { field: 'context.DEVICE', rule: 'type', value: 1, message: 'context.DEVICE must be a string (received 1)' },
    ],
    [
      'filter values without a filter',
      apiEvent('POST /users/{userId}/recommendations', {
        pathParameters: { userId: '42' },
        body: { filterValues: { GENRES: 'Comedy' } },
      }),
      {
        field: 'filterValues',
        rule: 'requires-filter',
        value: { GENRES: 'Comedy' },
        message: 'filterValues needs a filter or filterArn (received an object with 1 key)',
      },
    ],
  ];

  test.each(badRequests)('answers 400 for %s', async (_name, event, expected) => {
    const result = await handler(event);

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({ error: 'ValidationError', ...expected });
    expect(runtimeMock).toHaveReceivedCommandTimes(GetRecommendationsCommand, 0);
  });

  test('POST rejects query parameters', async () => {
    const event = apiEvent('POST /users/{userId}/recommendations', {
      pathParameters: { userId: '42' },
      query: { numResults: '5' },
      body: {},
    });

    const result = await handler(event);

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({
      error: 'ValidationError',
      field: 'numResults',
      rule: 'unknown-field',
      value: 'numResults',
      message: 'numResults is not a recognized query parameter (none are accepted here)',
    });
  });

  test('answers 404 for an unknown filter', async () => {
    const result = await handler(apiEvent(route, { pathParameters: { userId: '42' }, query: { filter: 'by-year' } }));

    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({
      error: 'FilterNotFound',
      message: 'filter "by-year" is not configured (configured filters: by-genre)',
    });
  });

  test('answers 404 for a missing campaign', async () => {
    runtimeMock
      .on(GetRecommendationsCommand)
      .rejects(new ResourceNotFoundException({ message: 'no campaign', $metadata: { httpStatusCode: 404 } }));

    const result = await handler(apiEvent(route, { pathParameters: { userId: '42' } }));

    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({
      error: 'ResourceNotFound',
      message: 'GetRecommendations failed because a configured Personalize resource was not found',
    });
  });

  test('answers 400 for input the service rejects', async () => {
    runtimeMock
      .on(GetRecommendationsCommand)
      .rejects(new InvalidInputException({ message: 'filter value is missing', $metadata: { httpStatusCode: 400 } }));

    const result = await handler(apiEvent(route, { pathParameters: { userId: '42' }, query: { filter: 'by-genre' } }));

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({
      error: 'InvalidInput',
      message: 'GetRecommendations rejected the input: filter value is missing',
    });
  });

  test('answers 503 when throttled', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    runtimeMock.on(GetRecommendationsCommand).rejects(throttled);

    const result = await handler(apiEvent(route, { pathParameters: { userId: '42' } }));

    expect(result.statusCode).toBe(503);
    expect(result.headers?.['retry-after']).toBe('1');
    expect(bodyOf(result)).toEqual({
      error: 'ServiceUnavailable',
      message: 'GetRecommendations is unavailable or throttled; retry after a short wait',
    });
  });

  test('answers 502 without a stack trace', async () => {
    const denied = Object.assign(new Error('not authorized'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    runtimeMock.on(GetRecommendationsCommand).rejects(denied);

    const result = await handler(apiEvent(route, { pathParameters: { userId: '42' } }));

    expect(result.statusCode).toBe(502);
    expect(bodyOf(result)).toEqual({
      error: 'BadGateway',
      message: 'GetRecommendations failed with AccessDeniedException',
    });
    expect(result.body).not.toContain('at ');
  });
});

describe('related items route', () => {
  const handler = createRelatedItemsHandler({ env: ENV });

  test('GET sends the item id', async () => {
    const result = await handler(apiEvent('GET /items/{itemId}/related', { pathParameters: { itemId: '5' } }));

    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({ itemId: '5', recommendationId: 'RID-1', items: [{ itemId: '5', score: 0.3 }] });
    expect(runtimeMock).toHaveReceivedCommandWith(GetRecommendationsCommand, {
      campaignArn: SIMS_CAMPAIGN_ARN,
      itemId: '5',
      numResults: 10,
    });
  });

  test('POST encodes filter values', async () => {
    await handler(
      apiEvent('POST /items/{itemId}/related', {
        pathParameters: { itemId: '5' },
        body: { filter: 'by-genre', filterValues: { GENRES: 'Drama' } },
      }),
    );

    expect(runtimeMock.commandCalls(GetRecommendationsCommand)[0].args[0].input).toEqual({
      campaignArn: SIMS_CAMPAIGN_ARN,
      itemId: '5',
      numResults: 10,
      filterArn: GENRE_FILTER_ARN,
      filterValues: { GENRES: '"Drama"' },
    });
  });
});

describe('ranking route', () => {
  const handler = createRankingHandler({ env: ENV });
  const route = 'POST /users/{userId}/ranking';

  test('ranks the item ids', async () => {
    const result = await handler(apiEvent(route, { pathParameters: { userId: '42' }, body: { itemIds: ['a', 'b'] } }));

    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({
      userId: '42',
      recommendationId: 'RID-2',
      items: [
        { itemId: 'b', score: 0.7 },
        { itemId: 'a', score: 0.3 },
      ],
    });
    expect(runtimeMock).toHaveReceivedCommandWith(GetPersonalizedRankingCommand, {
      campaignArn: RANKING_CAMPAIGN_ARN,
      userId: '42',
      inputList: ['a', 'b'],
    });
  });

  test('names itemIds in errors', async () => {
    const result = await handler(apiEvent(route, { pathParameters: { userId: '42' }, body: { itemIds: ['a', 7] } }));

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({
      error: 'ValidationError',
      field: 'itemIds[1]',
      rule: 'type',
      value: 7,
      message: 'itemIds[1] must be a string (received 7)',
    });
  });

  test('requires itemIds', async () => {
    const result = await handler(apiEvent(route, { pathParameters: { userId: '42' }, body: {} }));

    expect(bodyOf(result)).toEqual({
      error: 'ValidationError',
      field: 'itemIds',
      rule: 'required',
      message: 'itemIds is required (received nothing)',
    });
  });
});

describe('handler logging', () => {
  test('logs ids and error names, not user ids', async () => {
    const logged: unknown[] = [];
    const spies = (['info', 'warn', 'error'] as const).map((level) =>
      jest.spyOn(logger, level).mockImplementation((...args: unknown[]) => {
        logged.push(args);
      }),
    );
    runtimeMock.on(GetRecommendationsCommand).rejects(
      new ResourceNotFoundException({
        message: 'no campaign',
        $metadata: { httpStatusCode: 404, requestId: 'aws-1' },
      }),
    );
    try {
      await createRecommendationsHandler({ env: ENV })(
        apiEvent('GET /users/{userId}/recommendations', { pathParameters: { userId: 'private-user-77' } }),
      );
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }

    expect(logged).toHaveLength(1);
    const line = JSON.stringify(logged[0]);
    expect(line).toContain('ResourceNotFoundException');
    expect(line).toContain('request-1');
    expect(line).toContain('aws-1');
    expect(line).not.toContain('private-user-77');
  });
});
