/** Typed, validated calls to the Personalize events API: PutEvents, PutItems and PutUsers. */
import {
  PutEventsCommand,
  PutItemsCommand,
  PutUsersCommand,
  type Event as WireEvent,
  type PersonalizeEventsClient,
} from '@aws-sdk/client-personalize-events';
import { callService } from './call';
import { createEventsClient } from './clients';
import {
  EVENT_PROPERTIES_RULE,
  ITEM_PROPERTIES_RULE,
  USER_PROPERTIES_RULE,
  serializeProperties,
  type Properties,
} from './properties';
import { withoutUndefined } from './members';
import {
  reject,
  requireArn,
  requireArray,
  requireFiniteNumber,
  requireId,
  requireMembers,
  requireString,
} from './validate';

/** Service limits: 1 to 10 events or records per call, at most 25 item ids in an impression. */
export const MAX_RECORDS_PER_CALL = 10;
export const MAX_IMPRESSION_LENGTH = 25;
/** The members each request and entry accepts; any other member is rejected. */
const PUT_EVENTS_MEMBERS = ['trackingId', 'sessionId', 'userId', 'events'];
/** The members an event of `putEvents` accepts; the HTTP handler accepts the same ones. */
export const EVENT_MEMBERS: readonly string[] = [
  'eventType',
  'itemId',
  'eventValue',
  'sentAt',
  'properties',
  'impression',
  'recommendationId',
  'eventId',
];
/** Service limit on `recommendationId` in events. */
const MAX_RECOMMENDATION_ID_LENGTH = 40;

/** One interaction event. */
export interface EventInput {
  /** The event type, as in the interactions dataset's `EVENT_TYPE` (for example `click`). */
  readonly eventType: string;
  readonly itemId?: string;
  /** The `EVENT_VALUE`, for example a rating. */
  readonly eventValue?: number;
  /** When the event happened; the SDK sends it as epoch seconds. */
  readonly sentAt: Date;
  /** Other interactions schema fields by camelCase name; at most 1,024 characters once serialized. */
  readonly properties?: Properties;
  /** Item ids shown to the user, in display order; 1 to 25. */
  readonly impression?: readonly string[];
  /** The `recommendationId` of the results the event came from. */
  readonly recommendationId?: string;
  /** A de-duplication key; the service generates one when absent. */
  readonly eventId?: string;
}

export interface PutEventsRequest {
  readonly trackingId: string;
  /** Links events of one visit; lets the service attribute anonymous events to the user who later signs in. */
  readonly sessionId: string;
  readonly userId?: string;
  /** 1 to 10 events. */
  readonly events: readonly EventInput[];
}

export interface PutItemsRequest {
  readonly datasetArn: string;
  /** 1 to 10 items; properties are Items schema fields by camelCase name. */
  readonly items: readonly { readonly itemId: string; readonly properties?: Properties }[];
}

export interface PutUsersRequest {
  readonly datasetArn: string;
  /** 1 to 10 users; properties are Users schema fields by camelCase name. */
  readonly users: readonly { readonly userId: string; readonly properties?: Properties }[];
}

/** The number of events or records the service accepted. */
export interface PutResult {
  readonly recorded: number;
}

export interface PersonalizeEventsOptions {
  /** @default a client created by `createEventsClient()`, which honours `AWS_ENDPOINT_URL_PERSONALIZE_EVENTS` */
  readonly client?: PersonalizeEventsClient;
}

/**
 * A validating wrapper around `PersonalizeEventsClient`. Properties objects become the JSON strings the API takes,
 * checked against the service's length limits and reserved keys before any call.
 */
export class PersonalizeEvents {
  readonly client: PersonalizeEventsClient;

  constructor(options: PersonalizeEventsOptions = {}) {
    this.client = options.client ?? createEventsClient();
  }

  /** Calls PutEvents. */
  async putEvents(request: PutEventsRequest): Promise<PutResult> {
    requireMembers('', request, PUT_EVENTS_MEMBERS);
    const trackingId = requireId('trackingId', request.trackingId);
    const sessionId = requireId('sessionId', request.sessionId);
    const userId = request.userId === undefined ? undefined : requireId('userId', request.userId);
    const eventList = requireArray('events', request.events, 1, MAX_RECORDS_PER_CALL).map((event, index) =>
      toWireEvent(`events[${index}]`, event),
    );
    const input = withoutUndefined({ trackingId, sessionId, userId, eventList });
    await callService('PutEvents', () => this.client.send(new PutEventsCommand(input)));
    return { recorded: eventList.length };
  }

  /** Calls PutItems. */
  async putItems(request: PutItemsRequest): Promise<PutResult> {
    requireMembers('', request, ['datasetArn', 'items']);
    const datasetArn = requireArn('datasetArn', request.datasetArn);
    const items = requireArray('items', request.items, 1, MAX_RECORDS_PER_CALL).map((entry, index) => {
      const record = requireMembers(`items[${index}]`, entry, ['itemId', 'properties']);
      const itemId = requireId(`items[${index}].itemId`, record.itemId);
      const properties = serializeProperties(`items[${index}].properties`, record.properties, ITEM_PROPERTIES_RULE);
      return withoutUndefined({ itemId, properties });
    });
    await callService('PutItems', () => this.client.send(new PutItemsCommand({ datasetArn, items })));
    return { recorded: items.length };
  }

  /** Calls PutUsers. */
  async putUsers(request: PutUsersRequest): Promise<PutResult> {
    requireMembers('', request, ['datasetArn', 'users']);
    const datasetArn = requireArn('datasetArn', request.datasetArn);
    const users = requireArray('users', request.users, 1, MAX_RECORDS_PER_CALL).map((entry, index) => {
      const record = requireMembers(`users[${index}]`, entry, ['userId', 'properties']);
      const userId = requireId(`users[${index}].userId`, record.userId);
      const properties = serializeProperties(`users[${index}].properties`, record.properties, USER_PROPERTIES_RULE);
      return withoutUndefined({ userId, properties });
    });
    await callService('PutUsers', () => this.client.send(new PutUsersCommand({ datasetArn, users })));
    return { recorded: users.length };
  }
}

function toWireEvent(field: string, entry: unknown): WireEvent {
  const event = requireMembers(field, entry, EVENT_MEMBERS);
  const sentAt = event.sentAt;
  if (!(sentAt instanceof Date) || Number.isNaN(sentAt.getTime())) {
    reject(`${field}.sentAt`, 'type', sentAt, `${field}.sentAt must be a valid Date`);
  }
  return withoutUndefined({
    eventType: requireString(`${field}.eventType`, event.eventType, { maxLength: 256 }),
    sentAt,
    itemId: event.itemId === undefined ? undefined : requireId(`${field}.itemId`, event.itemId),
    eventValue:
      event.eventValue === undefined ? undefined : requireFiniteNumber(`${field}.eventValue`, event.eventValue),
    properties: serializeProperties(`${field}.properties`, event.properties, EVENT_PROPERTIES_RULE),
    impression: checkImpression(`${field}.impression`, event.impression),
    recommendationId:
      event.recommendationId === undefined
        ? undefined
        : requireString(`${field}.recommendationId`, event.recommendationId, {
            maxLength: MAX_RECOMMENDATION_ID_LENGTH,
          }),
    eventId:
      event.eventId === undefined ? undefined : requireString(`${field}.eventId`, event.eventId, { maxLength: 256 }),
  });
}

function checkImpression(field: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return requireArray(field, value, 1, MAX_IMPRESSION_LENGTH).map((itemId, index) =>
    requireId(`${field}[${index}]`, itemId),
  );
}
