import {
  PersonalizeEventsClient,
  PutEventsCommand,
  PutItemsCommand,
  PutUsersCommand,
} from '@aws-sdk/client-personalize-events';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { PersonalizeEvents, RequestValidationError, type EventInput } from '../../sdk';

const ITEMS_DATASET_ARN = 'arn:aws:personalize:us-east-1:123456789012:dataset/movies/ITEMS';
const USERS_DATASET_ARN = 'arn:aws:personalize:us-east-1:123456789012:dataset/movies/USERS';
const SENT_AT = new Date('2026-01-02T03:04:05Z');

const eventsMock = mockClient(PersonalizeEventsClient);

function createEvents(): PersonalizeEvents {
  return new PersonalizeEvents({ client: new PersonalizeEventsClient({}) });
}

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
  eventsMock.reset();
  eventsMock.on(PutEventsCommand).resolves({});
  eventsMock.on(PutItemsCommand).resolves({});
  eventsMock.on(PutUsersCommand).resolves({});
});

describe('PersonalizeEvents.putEvents', () => {
  test('serializes properties to a JSON string', async () => {
    const result = await createEvents().putEvents({
      trackingId: 'tracking-1',
      sessionId: 'session-1',
      userId: '42',
      events: [
        {
          eventType: 'watch',
          itemId: '7',
          eventValue: 4.5,
          sentAt: SENT_AT,
          properties: { device: 'mobile', genres: ['Comedy', 'Drama'], numberOfRatings: 12 },
          impression: ['7', '8'],
          recommendationId: 'RID-1',
          eventId: 'event-1',
        },
      ],
    });

    expect(result).toEqual({ recorded: 1 });
    expect(eventsMock.commandCalls(PutEventsCommand)[0].args[0].input).toEqual({
      trackingId: 'tracking-1',
      sessionId: 'session-1',
      userId: '42',
      eventList: [
        {
          eventType: 'watch',
          itemId: '7',
          eventValue: 4.5,
          sentAt: SENT_AT,
          properties: '{"device":"mobile","genres":"Comedy|Drama","numberOfRatings":12}',
          impression: ['7', '8'],
          recommendationId: 'RID-1',
          eventId: 'event-1',
        },
      ],
    });
  });

  const event: EventInput = { eventType: 'watch', itemId: '7', sentAt: SENT_AT };
  const invalidCases: [string, readonly EventInput[], string, string][] = [
    ['no events', [], 'events', 'events must contain 1 to 10 entries (received an array of 0 entries)'],
    [
      'eleven events',
      Array.from({ length: 11 }, () => event),
      'events',
      'events must contain 1 to 10 entries (received an array of 11 entries)',
    ],
    [
      'a reserved property key',
      [{ ...event, properties: { userId: '42' } }],
      'events[0].properties.userId',
      'events[0].properties cannot contain the reserved key userId (received "userId")',
    ],
    [
      'an upper-case property key',
      [{ ...event, properties: { DEVICE: 'mobile' } }],
      'events[0].properties.DEVICE',
      'events[0].properties keys must be camelCase schema field names such as numberOfRatings (received "DEVICE")',
    ],
    [
      'properties over 1,024 characters',
      [{ ...event, properties: { note: 'x'.repeat(1015) } }],
      'events[0].properties',
      // {"note":"…"} adds 11 characters to the value.
      'events[0].properties must serialize to at most 1024 characters of JSON (received 1026 characters)',
    ],
    [
      'an object property value',
      [{ ...event, properties: { device: { kind: 'mobile' } as unknown as string } }],
      'events[0].properties.device',
      'events[0].properties.device must be a string, a finite number, a boolean or an array of strings (received an object with 1 key)',
    ],
    [
      'a categorical value with a separator',
      [{ ...event, properties: { genres: ['Comedy|Drama'] } }],
      'events[0].properties.genres',
      'events[0].properties.genres values cannot contain |, the separator of categorical values (received "Comedy|Drama")',
    ],
    [
      'an impression of 26 items',
      [{ ...event, impression: Array.from({ length: 26 }, (_, index) => `${index}`) }],
      'events[0].impression',
      'events[0].impression must contain 1 to 25 entries (received an array of 26 entries)',
    ],
    [
      'a recommendation id over 40 characters',
      [{ ...event, recommendationId: 'r'.repeat(41) }],
      'events[0].recommendationId',
      'events[0].recommendationId must be 1 to 40 characters long (received 41 characters)',
    ],
    [
      'an invalid date',
      [{ ...event, sentAt: new Date('not a date') }],
      'events[0].sentAt',
      'events[0].sentAt must be a valid Date (received an invalid Date)',
    ],
    [
      'a missing event type',
      [{ itemId: '7', sentAt: SENT_AT } as EventInput],
      'events[0].eventType',
      'events[0].eventType is required (received nothing)',
    ],
    [
      'an infinite event value',
      [{ ...event, eventValue: Infinity }],
      'events[0].eventValue',
      'events[0].eventValue must be a finite number (received Infinity)',
    ],
  ];

  test.each(invalidCases)('rejects %s', async (_name, events, field, message) => {
    const error = await validationErrorOf(() =>
      createEvents().putEvents({ trackingId: 'tracking-1', sessionId: 'session-1', events }),
    );

    expect(error.field).toBe(field);
    expect(error.message).toBe(message);
    expect(eventsMock).toHaveReceivedCommandTimes(PutEventsCommand, 0);
  });

  test('accepts properties of exactly 1,024 characters', async () => {
    await createEvents().putEvents({
      trackingId: 'tracking-1',
      sessionId: 'session-1',
      events: [{ ...event, properties: { note: 'x'.repeat(1013) } }],
    });

    const sent = eventsMock.commandCalls(PutEventsCommand)[0].args[0].input.eventList?.[0].properties;
    expect(typeof sent).toBe('string');
    expect((sent as string).length).toBe(1024);
  });
});

describe('PersonalizeEvents.putItems and putUsers', () => {
  test('sends item properties as JSON strings', async () => {
    const result = await createEvents().putItems({
      datasetArn: ITEMS_DATASET_ARN,
      items: [{ itemId: '7', properties: { genres: ['Comedy'], creationTimestamp: 1700000000 } }, { itemId: '8' }],
    });

    expect(result).toEqual({ recorded: 2 });
    expect(eventsMock).toHaveReceivedCommandWith(PutItemsCommand, {
      datasetArn: ITEMS_DATASET_ARN,
      items: [{ itemId: '7', properties: '{"genres":"Comedy","creationTimestamp":1700000000}' }, { itemId: '8' }],
    });
  });

  test('sends user properties as JSON strings', async () => {
    await createEvents().putUsers({
      datasetArn: USERS_DATASET_ARN,
      users: [{ userId: '42', properties: { age: 31 } }],
    });

    expect(eventsMock).toHaveReceivedCommandWith(PutUsersCommand, {
      datasetArn: USERS_DATASET_ARN,
      users: [{ userId: '42', properties: '{"age":31}' }],
    });
  });

  test('rejects the item id inside item properties', async () => {
    const error = await validationErrorOf(() =>
      createEvents().putItems({ datasetArn: ITEMS_DATASET_ARN, items: [{ itemId: '7', properties: { itemId: '7' } }] }),
    );

    expect(error.message).toBe('items[0].properties cannot contain the reserved key itemId (received "itemId")');
  });

  test('rejects user properties over 24,000 characters', async () => {
    const error = await validationErrorOf(() =>
      createEvents().putUsers({
        datasetArn: USERS_DATASET_ARN,
        users: [{ userId: '42', properties: { bio: 'x'.repeat(24000) } }],
      }),
    );

    expect(error.message).toBe(
      'users[0].properties must serialize to at most 24000 characters of JSON (received 24010 characters)',
    );
  });

  test('rejects a missing dataset ARN', async () => {
    const error = await validationErrorOf(() =>
      createEvents().putUsers({ users: [{ userId: '42' }] } as unknown as {
        datasetArn: string;
        users: { userId: string }[];
      }),
    );

    expect(error.message).toBe('datasetArn is required (received nothing)');
  });
});
