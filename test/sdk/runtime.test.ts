import {
  GetPersonalizedRankingCommand,
  GetRecommendationsCommand,
  PersonalizeRuntimeClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-personalize-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  PersonalizeRuntime,
  PersonalizeServiceError,
  RequestValidationError,
  UnknownFilterError,
  type RecommendationsRequest,
} from '../../sdk';

const CAMPAIGN_ARN = 'arn:aws:personalize:us-east-1:123456789012:campaign/movies';
const RECOMMENDER_ARN = 'arn:aws:personalize:us-east-1:123456789012:recommender/top-picks';
const GENRE_FILTER_ARN = 'arn:aws:personalize:us-east-1:123456789012:filter/by-genre';
const PROMOTION_FILTER_ARN = 'arn:aws:personalize:us-east-1:123456789012:filter/new-releases';

const runtimeMock = mockClient(PersonalizeRuntimeClient);

function createRuntime(): PersonalizeRuntime {
  return new PersonalizeRuntime({
    client: new PersonalizeRuntimeClient({}),
    filters: { 'by-genre': GENRE_FILTER_ARN, 'new-releases': PROMOTION_FILTER_ARN },
  });
}

/** Runs `call` and returns the validation error it throws, failing the test when it throws anything else. */
async function validationErrorOf(call: () => Promise<unknown>): Promise<RequestValidationError> {
  const error: unknown = await call().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof RequestValidationError))
    throw new Error(`expected a RequestValidationError, got ${String(error)}`);
  return error;
}

beforeEach(() => {
  runtimeMock.reset();
});

describe('PersonalizeRuntime.getRecommendations', () => {
  test('sends encoded filter values and maps items', async () => {
    runtimeMock.on(GetRecommendationsCommand).resolves({
      recommendationId: 'RID-1',
      itemList: [
        { itemId: '1', score: 0.4 },
        { itemId: '2', score: 0.1, reason: ['Exploration'] },
      ],
    });

    const result = await createRuntime().getRecommendations({
      campaignArn: CAMPAIGN_ARN,
      userId: '42',
      numResults: 2,
      filter: 'by-genre',
      filterValues: { GENRES: ['Comedy', 'Drama'] },
      context: { DEVICE: 'mobile' },
    });

    expect(runtimeMock).toHaveReceivedCommandTimes(GetRecommendationsCommand, 1);
    expect(runtimeMock.commandCalls(GetRecommendationsCommand)[0].args[0].input).toEqual({
      campaignArn: CAMPAIGN_ARN,
      userId: '42',
      numResults: 2,
      filterArn: GENRE_FILTER_ARN,
      filterValues: { GENRES: '"Comedy","Drama"' },
      context: { DEVICE: 'mobile' },
    });
    expect(result).toEqual({
      recommendationId: 'RID-1',
      items: [
        { itemId: '1', score: 0.4 },
        { itemId: '2', score: 0.1, reasons: ['Exploration'] },
      ],
    });
  });

  test('sends metadata columns and a promotion', async () => {
    runtimeMock.on(GetRecommendationsCommand).resolves({ recommendationId: 'RID-2', itemList: [] });

    await createRuntime().getRecommendations({
      recommenderArn: RECOMMENDER_ARN,
      userId: '42',
      numResults: 50,
      metadataColumns: ['TITLE', 'GENRES'],
      promotions: [{ name: 'fresh', percentPromotedItems: 20, filter: 'new-releases' }],
    });

    expect(runtimeMock.commandCalls(GetRecommendationsCommand)[0].args[0].input).toEqual({
      recommenderArn: RECOMMENDER_ARN,
      userId: '42',
      numResults: 50,
      metadataColumns: { ITEMS: ['TITLE', 'GENRES'] },
      promotions: [{ name: 'fresh', percentPromotedItems: 20, filterArn: PROMOTION_FILTER_ARN }],
    });
  });

  const base: RecommendationsRequest = { campaignArn: CAMPAIGN_ARN, userId: '42' };
  const invalidCases: [string, RecommendationsRequest, string, string][] = [
    [
      'numResults above 500',
      { ...base, numResults: 600 },
      'numResults',
      'numResults must be an integer from 1 to 500 (received 600)',
    ],
    [
      'numResults of 0',
      { ...base, numResults: 0 },
      'numResults',
      'numResults must be an integer from 1 to 500 (received 0)',
    ],
    [
      'fractional numResults',
      { ...base, numResults: 2.5 },
      'numResults',
      'numResults must be an integer from 1 to 500 (received 2.5)',
    ],
    [
      'numResults above 50 with metadata',
      { ...base, numResults: 51, metadataColumns: ['TITLE'] },
      'numResults',
      'numResults must be an integer from 1 to 50 (received 51)',
    ],
    [
      'empty userId',
      { ...base, userId: '' },
      'userId',
      'userId must be 1 to 256 characters long (received 0 characters)',
    ],
    [
      'userId over 256 characters',
      { ...base, userId: 'u'.repeat(257) },
      'userId',
      'userId must be 1 to 256 characters long (received 257 characters)',
    ],
    [
      'campaignArn that is not an ARN',
      { ...base, campaignArn: 'movies' },
      'campaignArn',
      'campaignArn must match arn:PARTITION:personalize:REGION:ACCOUNT:RESOURCE (received "movies")',
    ],
    ['no campaign or recommender', { userId: '42' }, 'campaignArn', 'campaignArn is required (received nothing)'],
    [
      'campaign and recommender',
      { ...base, recommenderArn: RECOMMENDER_ARN },
      'recommenderArn',
      'campaignArn and recommenderArn cannot both be set (set one)',
    ],
    [
      'context key with a dash',
      { ...base, context: { 'DEVICE-TYPE': 'mobile' } },
      'context key',
      'context key must match letters, digits and underscores (received "DEVICE-TYPE")',
    ],
    [
      'filter values without a filter',
      { ...base, filterValues: { GENRES: 'Comedy' } },
      'filterValues',
      'filterValues needs a filter or filterArn (received an object with 1 key)',
    ],
    [
      'filter name and ARN',
      { ...base, filter: 'by-genre', filterArn: GENRE_FILTER_ARN },
      'filter',
      'filter and filterArn cannot both be set (set one)',
    ],
    [
      'two promotions',
      {
        ...base,
        promotions: [
          { name: 'a', percentPromotedItems: 10, filter: 'new-releases' },
          { name: 'b', percentPromotedItems: 10, filter: 'new-releases' },
        ],
      },
      'promotions',
      'promotions must contain 1 to 1 entries (received an array of 2 entries)',
    ],
    [
      'promotion share of 0',
      { ...base, promotions: [{ name: 'a', percentPromotedItems: 0, filter: 'new-releases' }] },
      'promotions[0].percentPromotedItems',
      'promotions[0].percentPromotedItems must be an integer from 1 to 100 (received 0)',
    ],
    [
      'promotion without a filter',
      { ...base, promotions: [{ name: 'a', percentPromotedItems: 10 }] },
      'promotions[0].filter',
      'promotions[0].filter or promotions[0].filterArn is required (received nothing)',
    ],
    [
      'eleven metadata columns',
      { ...base, metadataColumns: Array.from({ length: 11 }, (_, index) => `COLUMN_${index}`) },
      'metadataColumns',
      'metadataColumns must contain 1 to 10 entries (received an array of 11 entries)',
    ],
  ];

  test.each(invalidCases)('rejects %s', async (_name, request, field, message) => {
    const error = await validationErrorOf(() => createRuntime().getRecommendations(request));

    expect(error.field).toBe(field);
    expect(error.message).toBe(message);
    expect(runtimeMock).toHaveReceivedCommandTimes(GetRecommendationsCommand, 0);
  });

  test('rejects 151 context keys', async () => {
    const context = Object.fromEntries(Array.from({ length: 151 }, (_, index) => [`KEY_${index}`, 'x']));

    const error = await validationErrorOf(() => createRuntime().getRecommendations({ ...base, context }));

    expect(error.rule).toBe('entries');
    expect(error.message).toBe('context must have at most 150 keys (received 151)');
  });

  test('wraps filter value errors', async () => {
    const error = await validationErrorOf(() =>
      createRuntime().getRecommendations({ ...base, filter: 'by-genre', filterValues: { GENRES: [] } }),
    );

    expect(error.field).toBe('filterValues.GENRES');
    expect(error.rule).toBe('filter-values');
    expect(error.value).toEqual([]);
    expect(error.message).toBe('filterValues key GENRES has an empty list; give at least one value');
  });

  test('prefixes promotion filter value errors', async () => {
    const promotion = { name: 'fresh', percentPromotedItems: 10, filter: 'new-releases', filterValues: { YEAR: [] } };

    const error = await validationErrorOf(() =>
      createRuntime().getRecommendations({ ...base, promotions: [promotion] }),
    );

    expect(error.field).toBe('promotions[0].filterValues.YEAR');
    expect(error.message).toBe(
      'promotions[0].filterValues: filterValues key YEAR has an empty list; give at least one value',
    );
  });

  test('rejects an unknown filter name', async () => {
    const call = createRuntime().getRecommendations({ ...base, filter: 'by-year' });

    await expect(call).rejects.toThrow(UnknownFilterError);
    await expect(call).rejects.toThrow(
      'filter "by-year" is not configured (configured filters: by-genre, new-releases)',
    );
  });

  test('wraps service errors with their name and status', async () => {
    const serviceError = new ResourceNotFoundException({
      message: 'campaign not found',
      $metadata: { httpStatusCode: 404, requestId: 'req-1' },
    });
    runtimeMock.on(GetRecommendationsCommand).rejects(serviceError);

    const error: unknown = await createRuntime()
      .getRecommendations(base)
      .catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(PersonalizeServiceError);
    const wrapped = error as PersonalizeServiceError;
    expect(wrapped.operation).toBe('GetRecommendations');
    expect(wrapped.serviceErrorName).toBe('ResourceNotFoundException');
    expect(wrapped.httpStatusCode).toBe(404);
    expect(wrapped.requestId).toBe('req-1');
    expect(wrapped.retryable).toBe(false);
    expect(wrapped.cause).toBe(serviceError);
    expect(wrapped.message).toBe(
      'GetRecommendations failed with ResourceNotFoundException (HTTP 404): campaign not found',
    );
  });
});

describe('PersonalizeRuntime.getRelatedItems', () => {
  test('sends the item id and an optional user id', async () => {
    runtimeMock.on(GetRecommendationsCommand).resolves({ recommendationId: 'RID-3', itemList: [{ itemId: '7' }] });

    const result = await createRuntime().getRelatedItems({ campaignArn: CAMPAIGN_ARN, itemId: '3', userId: '42' });

    expect(runtimeMock.commandCalls(GetRecommendationsCommand)[0].args[0].input).toEqual({
      campaignArn: CAMPAIGN_ARN,
      itemId: '3',
      userId: '42',
    });
    expect(result.items).toEqual([{ itemId: '7' }]);
  });

  test('rejects a missing item id', async () => {
    const error = await validationErrorOf(() =>
      createRuntime().getRelatedItems({ campaignArn: CAMPAIGN_ARN } as unknown as {
        campaignArn: string;
        itemId: string;
      }),
    );

    expect(error.message).toBe('itemId is required (received nothing)');
  });
});

describe('PersonalizeRuntime.getPersonalizedRanking', () => {
  test('sends the input list with filter values', async () => {
    runtimeMock.on(GetPersonalizedRankingCommand).resolves({
      recommendationId: 'RID-4',
      personalizedRanking: [
        { itemId: 'b', score: 0.6 },
        { itemId: 'a', score: 0.4 },
      ],
    });

    const result = await createRuntime().getPersonalizedRanking({
      campaignArn: CAMPAIGN_ARN,
      userId: '42',
      inputList: ['a', 'b'],
      filter: 'by-genre',
      filterValues: { GENRES: 'Comedy' },
    });

    expect(runtimeMock.commandCalls(GetPersonalizedRankingCommand)[0].args[0].input).toEqual({
      campaignArn: CAMPAIGN_ARN,
      userId: '42',
      inputList: ['a', 'b'],
      filterArn: GENRE_FILTER_ARN,
      filterValues: { GENRES: '"Comedy"' },
    });
    expect(result.items.map((item) => item.itemId)).toEqual(['b', 'a']);
  });

  test.each([
    [[], 'inputList must contain 1 to 500 entries (received an array of 0 entries)'],
    [
      Array.from({ length: 501 }, (_, index) => `i${index}`),
      'inputList must contain 1 to 500 entries (received an array of 501 entries)',
    ],
    [['a', ''], 'inputList[1] must be 1 to 256 characters long (received 0 characters)'],
  ])('rejects input list %#', async (inputList, message) => {
    const error = await validationErrorOf(() =>
      createRuntime().getPersonalizedRanking({ campaignArn: CAMPAIGN_ARN, userId: '42', inputList }),
    );

    expect(error.message).toBe(message);
  });

  test('limits the input list to 50 with metadata', async () => {
    const inputList = Array.from({ length: 51 }, (_, index) => `i${index}`);

    const error = await validationErrorOf(() =>
      createRuntime().getPersonalizedRanking({
        campaignArn: CAMPAIGN_ARN,
        userId: '42',
        inputList,
        metadataColumns: ['TITLE'],
      }),
    );

    expect(error.message).toBe('inputList must contain 1 to 50 entries (received an array of 51 entries)');
  });
});

describe('FilterCatalog', () => {
  test('rejects an invalid configured ARN', () => {
    expect(
      () => new PersonalizeRuntime({ client: new PersonalizeRuntimeClient({}), filters: { bad: 'filter/bad' } }),
    ).toThrow('filters.bad must match arn:PARTITION:personalize:REGION:ACCOUNT:RESOURCE (received "filter/bad")');
  });
});
