/**
 * Bad input sent over HTTP to the real handlers, served by the local adapter with the emulator behind them. Every
 * request here fails validation, so no Personalize resource needs to exist.
 */
import { request } from 'node:http';
import { createEmulator, type Emulator } from '../../emulator';
import { startHttpApi, type RunningHttpApi } from '../../local/http-api';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const ARN_PREFIX = 'arn:aws:personalize:us-east-1:000000000000';
const NOW = Date.now();

let emulator: Emulator;
let api: RunningHttpApi;

beforeAll(async () => {
  emulator = await createEmulator();
  api = await startHttpApi({
    logger: silentLogger,
    env: {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_PERSONALIZE_RUNTIME: emulator.url,
      AWS_ENDPOINT_URL_PERSONALIZE_EVENTS: emulator.url,
      RECOMMENDATIONS_CAMPAIGN_ARN: `${ARN_PREFIX}:campaign/recommendations`,
      RANKING_CAMPAIGN_ARN: `${ARN_PREFIX}:campaign/ranking`,
      EVENT_TRACKING_ID: 'tracking-1',
      FILTER_ARNS: JSON.stringify({ genre: `${ARN_PREFIX}:filter/genre` }),
    },
  });
});

afterAll(async () => {
  await api.close();
  await emulator.close();
});

interface RawResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Sends raw bytes, so that a test controls the method, the path and every byte of the body. */
function send(method: string, path: string, body?: Buffer | string, contentType = 'application/json') {
  return new Promise<RawResponse>((resolve, reject) => {
    const headers =
      body === undefined ? {} : { 'content-type': contentType, 'content-length': Buffer.byteLength(body) };
    const outgoing = request(`${api.url}${path}`, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const postJson = (path: string, body: unknown) => send('POST', path, JSON.stringify(body));

describe('request bodies', () => {
  test('deeply nested JSON gets a 400, not a stack overflow', async () => {
    const response = await send(
      'POST',
      '/users/1/recommendations',
      `{"context":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    );

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'ValidationError',
      field: 'context',
      rule: 'type',
      value: 'an array of 1 entry',
      message: 'context must be a JSON object (received an array of 1 entry)',
    });
  });

  test('JSON that is not UTF-8 is rejected, not decoded with replacement characters', async () => {
    const body = Buffer.concat([Buffer.from('{"filter":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const response = await send('POST', '/users/1/recommendations', body);

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'ValidationError',
      field: 'body',
      rule: 'json',
      message: 'body must be JSON encoded as UTF-8',
    });
  });

  test('a body on a GET is rejected, not ignored', async () => {
    const response = await send('GET', '/users/1/recommendations?numResults=1', '{"numResults":400}');

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'ValidationError',
      field: 'body',
      rule: 'unknown-field',
      message:
        'a GET request takes no body (received 18 bytes); send numResults and filter as query parameters, or use POST for filterValues and context',
    });
  });
});

describe('recommendation options', () => {
  test('a query parameter named __proto__ is rejected, not dropped', async () => {
    const response = await send('GET', '/users/1/recommendations?__proto__=x');

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'ValidationError',
      field: '__proto__',
      rule: 'unknown-field',
      value: '__proto__',
      message: '__proto__ is not a recognized query parameter (expected one of: numResults, filter)',
    });
  });

  test('numResults of null is rejected, not replaced by the default', async () => {
    const response = await postJson('/users/1/recommendations', { numResults: null });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'ValidationError',
      field: 'numResults',
      rule: 'range',
      value: null,
      message: 'numResults must be an integer from 1 to 500 (received null)',
    });
  });

  test('numResults of 1e400 echoes Infinity, not null', async () => {
    const response = await send('POST', '/users/1/recommendations', '{"numResults":1e400}');

    expect(response.status).toBe(400);
    expect(response.body.value).toBe('Infinity');
    expect(response.body.message).toBe('numResults must be an integer from 1 to 500 (received Infinity)');
  });

  test('a null filter breaks the type rule', async () => {
    const response = await postJson('/users/1/recommendations', { filter: null });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'ValidationError',
      field: 'filter',
      rule: 'type',
      value: null,
      message: 'filter must be a string (received null)',
    });
  });

  test.each([
    [
      'null',
      null,
      'filterValues key GENRES has the value null, but each value must be a string, a number or a boolean',
    ],
    [
      'an object',
      {},
      'filterValues key GENRES has the value {}, but each value must be a string, a number or a boolean',
    ],
    [
      'a nested list',
      [['Comedy']],
      'filterValues key GENRES has the value ["Comedy"], but each value must be a string, a number or a boolean',
    ],
  ])('filterValues holding %s get a 400, not a 500', async (_label, value, message) => {
    const response = await postJson('/users/1/recommendations', { filter: 'genre', filterValues: { GENRES: value } });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'ValidationError',
      field: 'filterValues.GENRES',
      rule: 'filter-values',
      value,
      message,
    });
  });

  test('ranking rejects filterValues holding null', async () => {
    const response = await postJson('/users/1/ranking', {
      itemIds: ['1'],
      filter: 'genre',
      filterValues: { GENRES: null },
    });

    expect(response.status).toBe(400);
    expect(response.body.field).toBe('filterValues.GENRES');
    expect(response.body.rule).toBe('filter-values');
  });
});

describe('events', () => {
  const latest = new Date(NOW + 24 * 60 * 60 * 1000);

  test.each([
    [
      'a day that the month does not have',
      '2026-02-30T00:00:00Z',
      'events[0].sentAt must be an ISO 8601 date-time with a time zone, such as 2026-01-31T12:00:00Z, or epoch seconds (received "2026-02-30T00:00:00Z")',
    ],
    [
      'the year 0',
      '0000-01-01T00:00:00Z',
      'events[0].sentAt must be 1970-01-01T00:00:00Z or later (received "0000-01-01T00:00:00Z")',
    ],
  ])('sentAt on %s is rejected', async (_label, sentAt, message) => {
    const response = await postJson('/users/1/events', { events: [{ eventType: 'watch', itemId: '1', sentAt }] });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'ValidationError',
      field: 'events[0].sentAt',
      rule: 'timestamp',
      value: sentAt,
      message,
    });
  });

  test.each([
    ['a date in the year 9999', '9999-12-31T23:59:59Z'],
    ['epoch seconds in the year 5138', 99_999_999_999],
  ])('sentAt of %s is rejected as too far ahead', async (_label, sentAt) => {
    const response = await postJson('/users/1/events', { events: [{ eventType: 'watch', itemId: '1', sentAt }] });

    expect(response.status).toBe(400);
    expect(response.body.field).toBe('events[0].sentAt');
    expect(response.body.rule).toBe('timestamp');
    // The limit is one day after the handler's clock, which runs slightly after NOW.
    const message = response.body.message as string;
    const limit = /at the latest (\S+) \(received/.exec(message)?.[1];
    expect(limit).toBeDefined();
    expect(Date.parse(limit as string)).toBeGreaterThanOrEqual(latest.getTime());
    expect(message).toBe(
      `events[0].sentAt must be at most one day in the future, at the latest ${limit} (received ${JSON.stringify(sentAt)})`,
    );
  });

  test('an itemId of null breaks the type rule', async () => {
    const response = await postJson('/users/1/events', { events: [{ eventType: 'watch', itemId: null }] });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'ValidationError',
      field: 'events[0].itemId',
      rule: 'type',
      value: null,
      message: 'events[0].itemId must be a string (received null)',
    });
  });

  test('an impression of 26 item ids is rejected', async () => {
    const impression = Array.from({ length: 26 }, (_unused, index) => String(index));
    const response = await postJson('/users/1/events', { events: [{ eventType: 'watch', itemId: '1', impression }] });

    expect(response.status).toBe(400);
    expect(response.body.field).toBe('events[0].impression');
    expect(response.body.message).toBe(
      'events[0].impression must contain 1 to 25 entries (received an array of 26 entries)',
    );
  });
});

describe('path parameters', () => {
  test('a user id of 257 characters is rejected', async () => {
    const response = await send('GET', `/users/${'a'.repeat(257)}/recommendations`);

    expect(response.status).toBe(400);
    expect(response.body.field).toBe('userId');
    expect(response.body.message).toBe('userId must be 1 to 256 characters long (received 257 characters)');
  });

  test('a malformed percent-encoding names the parameter', async () => {
    const response = await send('GET', '/users/%ED%A0%80/recommendations');

    expect(response.status).toBe(400);
    expect(response.body.message).toBe('path parameter userId must be percent-encoded UTF-8 (received "%ED%A0%80")');
  });
});

describe('empty names', () => {
  test('a query parameter with an empty name is described', async () => {
    const response = await send('GET', '/users/1/recommendations?=5');

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'ValidationError',
      field: '',
      rule: 'unknown-field',
      value: '',
      message: 'query parameter names cannot be empty (expected one of: numResults, filter)',
    });
  });

  test('an event member with an empty name is described', async () => {
    const response = await postJson('/users/1/events', { events: [{ eventType: 'watch', '': 1 }] });

    expect(response.status).toBe(400);
    expect(response.body.field).toBe('events[0].');
    expect(response.body.message).toBe(
      'field names cannot be empty in events[0] (expected one of: eventType, itemId, eventValue, sentAt, properties, impression, recommendationId, eventId)',
    );
  });
});

describe('repeated members', () => {
  test('a repeated numResults is rejected, not resolved to the last value', async () => {
    const response = await send('POST', '/users/1/recommendations', '{"numResults": 5, "numResults": 600}');

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'ValidationError',
      field: 'numResults',
      rule: 'json',
      message: 'body must name each member once, but numResults appears more than once',
    });
  });

  test('a repeated member of an event names its path', async () => {
    const body = '{"events": [{"eventType": "watch", "itemId": "1", "itemId": "2"}]}';
    const response = await send('POST', '/users/1/events', body);

    expect(response.status).toBe(400);
    expect(response.body.field).toBe('events[0].itemId');
    expect(response.body.message).toBe('body must name each member once, but events[0].itemId appears more than once');
  });
});
