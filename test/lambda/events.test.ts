import { apiEvent, bodyOf } from './api-event';
import {
  PersonalizeEventsClient,
  PutEventsCommand,
  PutItemsCommand,
  PutUsersCommand,
} from '@aws-sdk/client-personalize-events';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createEventsHandler, defaultSessionId } from '../../lambda/api/events';
import { createPutItemsHandler, createPutUsersHandler } from '../../lambda/api/records';

const ITEMS_DATASET_ARN = 'arn:aws:personalize:us-east-1:123456789012:dataset/movies/ITEMS';
const USERS_DATASET_ARN = 'arn:aws:personalize:us-east-1:123456789012:dataset/movies/USERS';
const ENV = { EVENT_TRACKING_ID: 'tracking-1', ITEMS_DATASET_ARN, USERS_DATASET_ARN };
const NOW = new Date('2026-03-01T12:00:00Z');

const eventsMock = mockClient(PersonalizeEventsClient);

beforeEach(() => {
  eventsMock.reset();
  eventsMock.on(PutEventsCommand).resolves({});
  eventsMock.on(PutItemsCommand).resolves({});
  eventsMock.on(PutUsersCommand).resolves({});
});

describe('events route', () => {
  const handler = createEventsHandler({ env: ENV, now: () => NOW });
  const route = 'POST /users/{userId}/events';

  test('records events with parsed timestamps', async () => {
    const body = {
      sessionId: 'session-9',
      events: [
        { eventType: 'watch', itemId: '5', sentAt: '2026-02-01T10:00:00Z', properties: { device: 'tv' } },
        {
          eventType: 'rate',
          itemId: '5',
          eventValue: 4,
          sentAt: 1767225600,
          recommendationId: 'RID-1',
          impression: ['5', '6'],
        },
        { eventType: 'click', itemId: '6' },
      ],
    };

    const result = await handler(apiEvent(route, { pathParameters: { userId: '42' }, body }));

    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({ recorded: 3 });
    expect(eventsMock.commandCalls(PutEventsCommand)[0].args[0].input).toEqual({
      trackingId: 'tracking-1',
      sessionId: 'session-9',
      userId: '42',
      eventList: [
        { eventType: 'watch', itemId: '5', sentAt: new Date('2026-02-01T10:00:00Z'), properties: '{"device":"tv"}' },
        {
          eventType: 'rate',
          itemId: '5',
          eventValue: 4,
          sentAt: new Date('2026-01-01T00:00:00Z'),
          recommendationId: 'RID-1',
          impression: ['5', '6'],
        },
        { eventType: 'click', itemId: '6', sentAt: NOW },
      ],
    });
  });

  test('derives a stable session id', async () => {
    await handler(
      apiEvent(route, { pathParameters: { userId: '42' }, body: { events: [{ eventType: 'click', itemId: '6' }] } }),
    );

    const sessionId = eventsMock.commandCalls(PutEventsCommand)[0].args[0].input.sessionId;
    expect(sessionId).toBe(defaultSessionId('42'));
    expect(sessionId).toMatch(/^user-[0-9a-f]{32}$/);
    expect(sessionId).not.toContain('42');
    expect(defaultSessionId('43')).not.toBe(sessionId);
  });

  const badEvents: [string, unknown, Record<string, unknown>][] = [
    [
      'milliseconds as sentAt',
      { events: [{ eventType: 'click', sentAt: 1767225600000 }] },
      {
        field: 'events[0].sentAt',
        rule: 'timestamp',
        value: 1767225600000,
        message:
          'events[0].sentAt must be an ISO 8601 date-time with a time zone, such as 2026-01-31T12:00:00Z, or epoch seconds (received 1767225600000)',
      },
    ],
    [
      'a date without a time zone',
      { events: [{ eventType: 'click', sentAt: '2026-02-01T10:00:00' }] },
      {
        field: 'events[0].sentAt',
        rule: 'timestamp',
        value: '2026-02-01T10:00:00',
        message:
          'events[0].sentAt must be an ISO 8601 date-time with a time zone, such as 2026-01-31T12:00:00Z, or epoch seconds (received "2026-02-01T10:00:00")',
      },
    ],
    [
      'an unknown event member',
      { events: [{ eventType: 'click', userId: '42' }] },
      {
        field: 'events[0].userId',
        rule: 'unknown-field',
        value: 'userId',
        message:
          'events[0].userId is not a recognized field (expected one of: eventType, itemId, eventValue, sentAt, properties, impression, recommendationId, eventId)',
      },
    ],
    [
      'eleven events',
      { events: Array.from({ length: 11 }, () => ({ eventType: 'click' })) },
      {
        field: 'events',
        rule: 'entries',
        message: 'events must contain 1 to 10 entries (received an array of 11 entries)',
      },
    ],
    [
      'a reserved property',
      { events: [{ eventType: 'click', properties: { impression: 'a|b' } }] },
      {
        field: 'events[0].properties.impression',
        rule: 'forbidden-key',
        value: 'impression',
        message: 'events[0].properties cannot contain the reserved key impression (received "impression")',
      },
    ],
    [
      'a numeric session id',
      { sessionId: 9, events: [{ eventType: 'click' }] },
      { field: 'sessionId', rule: 'type', value: 9, message: 'sessionId must be a string (received 9)' },
    ],
  ];

  test.each(badEvents)('answers 400 for %s', async (_name, body, expected) => {
    const result = await handler(apiEvent(route, { pathParameters: { userId: '42' }, body }));

    expect(result.statusCode).toBe(400);
    const { value: _value, ...rest } = bodyOf(result) as Record<string, unknown>;
    const { value: expectedValue, ...expectedRest } = expected;
    expect(rest).toEqual({ error: 'ValidationError', ...expectedRest });
    if (expectedValue !== undefined) expect(_value).toEqual(expectedValue);
    expect(eventsMock).toHaveReceivedCommandTimes(PutEventsCommand, 0);
  });
});

describe('items and users routes', () => {
  test('POST /items sends properties as JSON', async () => {
    const handler = createPutItemsHandler({ env: ENV });

    const result = await handler(
      apiEvent('POST /items', { body: { items: [{ itemId: '5', properties: { genres: ['Comedy', 'Drama'] } }] } }),
    );

    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({ recorded: 1 });
    expect(eventsMock).toHaveReceivedCommandWith(PutItemsCommand, {
      datasetArn: ITEMS_DATASET_ARN,
      items: [{ itemId: '5', properties: '{"genres":"Comedy|Drama"}' }],
    });
  });

  test('POST /users sends properties as JSON', async () => {
    const handler = createPutUsersHandler({ env: ENV });

    await handler(apiEvent('POST /users', { body: { users: [{ userId: '42', properties: { membership: 'gold' } }] } }));

    expect(eventsMock).toHaveReceivedCommandWith(PutUsersCommand, {
      datasetArn: USERS_DATASET_ARN,
      users: [{ userId: '42', properties: '{"membership":"gold"}' }],
    });
  });

  test('POST /users rejects unknown record members', async () => {
    const handler = createPutUsersHandler({ env: ENV });

    const result = await handler(apiEvent('POST /users', { body: { users: [{ userId: '42', age: 30 }] } }));

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({
      error: 'ValidationError',
      field: 'users[0].age',
      rule: 'unknown-field',
      value: 'age',
      message: 'users[0].age is not a recognized field (expected one of: userId, properties)',
    });
  });
});
