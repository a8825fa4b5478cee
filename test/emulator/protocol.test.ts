import {
  GetPersonalizedRankingCommand,
  GetRecommendationsCommand,
  PersonalizeRuntimeClient,
} from '@aws-sdk/client-personalize-runtime';
import { createEmulator, type Emulator } from '../../emulator';

let emulator: Emulator;
let runtime: PersonalizeRuntimeClient;

beforeAll(async () => {
  emulator = await createEmulator();
  runtime = new PersonalizeRuntimeClient({ endpoint: emulator.url, region: 'us-east-1', maxAttempts: 1 });
});

afterAll(async () => {
  runtime.destroy();
  await emulator.close();
});

const CAMPAIGN_ARN = 'arn:aws:personalize:us-east-1:000000000000:campaign/missing';

async function post(path: string, body: string, headers: Record<string, string> = {}, url = emulator.url) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
  return { status: response.status, errorType: response.headers.get('x-amzn-errortype'), body: await response.json() };
}

describe('error responses', () => {
  test('malformed JSON is a SerializationException', async () => {
    const response = await post('/recommendations', '{"campaignArn":');
    expect(response.status).toBe(400);
    expect(response.errorType).toBe('SerializationException');
    expect(response.body).toEqual({
      __type: 'SerializationException',
      message: 'request body is not valid JSON: Unexpected end of JSON input',
    });
  });

  test('JSON that is not an object is a SerializationException', async () => {
    const response = await post('/events', '[1,2]');
    expect(response.body).toEqual({
      __type: 'SerializationException',
      message: 'request body must be a JSON object; received [1,2]',
    });
  });

  test('body over the limit is rejected with 413', async () => {
    const small = await createEmulator({ maxBodyBytes: 1024 });
    const response = await post('/recommendations', JSON.stringify({ userId: 'x'.repeat(2000) }), {}, small.url);
    await small.close();
    expect(response.status).toBe(413);
    expect(response.body).toEqual({
      __type: 'RequestEntityTooLargeException',
      message: 'request body has 2013 bytes; the emulator accepts at most 1024',
    });
  });

  test('unknown control-plane target', async () => {
    const response = await post('/', '{}', {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AmazonPersonalize.CreateRecommender',
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      __type: 'UnknownOperationException',
      message:
        "X-Amz-Target 'AmazonPersonalize.CreateRecommender' is not an emulated operation; see docs/emulator.md for the list",
    });
  });

  test('unknown path', async () => {
    const response = await post('/action-recommendations', '{}');
    expect(response.body).toEqual({
      __type: 'UnknownOperationException',
      message: 'POST /action-recommendations is not an emulated operation',
    });
  });
});

describe('runtime validation through the SDK', () => {
  test.each([
    [
      'numResults over 500',
      { campaignArn: CAMPAIGN_ARN, userId: 'u1', numResults: 600 },
      "1 validation error detected: Value '600' at 'numResults' failed to satisfy constraint: Member must have value less than or equal to 500",
    ],
    [
      'campaignArn that is not an ARN',
      { campaignArn: 'campaign/x', userId: 'u1' },
      "1 validation error detected: Value 'campaign/x' at 'campaignArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:([a-z\\d-]+):personalize:.*:.*:.+",
    ],
    [
      'two problems at once',
      { campaignArn: CAMPAIGN_ARN, userId: 'u'.repeat(257), numResults: 501 },
      `2 validation errors detected: Value '501' at 'numResults' failed to satisfy constraint: Member must have value less than or equal to 500; Value '${'u'.repeat(257)}' at 'userId' failed to satisfy constraint: Member must have length less than or equal to 256`,
    ],
    [
      'context key with a dash',
      { campaignArn: CAMPAIGN_ARN, userId: 'u1', context: { 'DEVICE-TYPE': 'tv' } },
      "1 validation error detected: Value 'DEVICE-TYPE' at 'context.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z\\d_]+",
    ],
    ['no campaignArn', { userId: 'u1' }, 'campaignArn: required; send the ARN of an ACTIVE campaign'],
  ])('rejects %s', async (_case, input, message) => {
    await expect(runtime.send(new GetRecommendationsCommand(input))).rejects.toMatchObject({
      name: 'InvalidInputException',
      message,
      $metadata: { httpStatusCode: 400 },
    });
  });

  test('ranking without userId is rejected', async () => {
    await expect(
      runtime.send(new GetPersonalizedRankingCommand({ campaignArn: CAMPAIGN_ARN, inputList: ['i1'] } as never)),
    ).rejects.toMatchObject({
      name: 'InvalidInputException',
      message:
        "1 validation error detected: Value null at 'userId' failed to satisfy constraint: Member must not be null",
    });
  });

  test('ranking over 500 items is rejected', async () => {
    const inputList = Array.from({ length: 501 }, (_, index) => `i${index}`);
    await expect(
      runtime.send(new GetPersonalizedRankingCommand({ campaignArn: CAMPAIGN_ARN, userId: 'u1', inputList })),
    ).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: `1 validation error detected: Value '${JSON.stringify(inputList)}' at 'inputList' failed to satisfy constraint: Member must have length less than or equal to 500`,
    });
  });

  test('unknown campaign is not found', async () => {
    await expect(
      runtime.send(new GetRecommendationsCommand({ campaignArn: CAMPAIGN_ARN, userId: 'u1' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: `campaign ${CAMPAIGN_ARN} does not exist`,
      $metadata: { httpStatusCode: 404 },
    });
  });
});
