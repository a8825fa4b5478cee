/**
 * `POST /users/{userId}/events`: records 1 to 10 interaction events of a user with PutEvents.
 *
 * Environment: `EVENT_TRACKING_ID` (required), the tracking id of the dataset group's event tracker.
 */
import { createHash } from 'node:crypto';
import type { PersonalizeEventsClient } from '@aws-sdk/client-personalize-events';
import { createEventsClient } from '../../sdk/clients';
import { EVENT_MEMBERS, PersonalizeEvents, type EventInput } from '../../sdk/events';
import { isPlainObject, reject, rejectUnknownKeys, requireArray } from '../../sdk/validate';
import { requireVariable, type Environment } from './config';
import { jsonResponse, withErrorResponses, type ApiHandler } from './http';
import { jsonBody, pathParameter, queryParameters } from './request';

export interface EventsHandlerOptions {
  /** @default process.env */
  readonly env?: Environment;
  /** @default a client from `createEventsClient(env)` */
  readonly client?: PersonalizeEventsClient;
  /** The clock for events without `sentAt`. @default () => new Date() */
  readonly now?: () => Date;
}

const BODY_MEMBERS = ['sessionId', 'events'];

/** Epoch values at or above this (in the year 5138 as seconds) are taken to be milliseconds sent by mistake. */
const MAX_EPOCH_SECONDS = 1e11;
/**
 * How far past the handler's clock `sentAt` may be, in milliseconds: one day, which covers skewed device clocks.
 * A later event would stay the user's most recent one, so it would hold a place in the window of recent events that
 * interaction filters read until real time caught up with it.
 */
export const MAX_SENT_AT_AHEAD_MS = 24 * 60 * 60 * 1000;
const ISO_8601_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const SENT_AT_FORMAT = 'an ISO 8601 date-time with a time zone, such as 2026-01-31T12:00:00Z, or epoch seconds';

/**
 * Derives the session id used when a request has none: `user-` and the first 32 hex digits of the SHA-256 of the
 * user id. It is the same for every request of a user, so all of that user's events share one session, and it does
 * not reveal the user id.
 */
export function defaultSessionId(userId: string): string {
  return `user-${createHash('sha256').update(userId, 'utf8').digest('hex').slice(0, 32)}`;
}

/** Parses an ISO 8601 date-time, or returns undefined; unlike `Date.parse`, it does not roll 2026-02-30 into March. */
function parseIsoDateTime(value: string): Date | undefined {
  const match = ISO_8601_DATE_TIME.exec(value);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const time = Date.parse(value);
  if (day < 1 || day > daysInMonth || Number.isNaN(time)) return undefined;
  return new Date(time);
}

/**
 * Parses `sentAt`: an ISO 8601 date-time with a time zone, or epoch seconds; `undefined` means now. Times before
 * 1970, which the service rejects, and times more than `MAX_SENT_AT_AHEAD_MS` after now are rejected.
 */
export function parseSentAt(field: string, value: unknown, now: () => Date): Date {
  if (value === undefined) return now();
  let sentAt: Date | undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < MAX_EPOCH_SECONDS) {
    sentAt = new Date(value * 1000);
  } else if (typeof value === 'string') {
    sentAt = parseIsoDateTime(value);
  }
  if (sentAt === undefined) return reject(field, 'timestamp', value, `${field} must be ${SENT_AT_FORMAT}`);
  if (sentAt.getTime() < 0) {
    return reject(field, 'timestamp', value, `${field} must be 1970-01-01T00:00:00Z or later`);
  }
  const latest = new Date(now().getTime() + MAX_SENT_AT_AHEAD_MS);
  if (sentAt > latest) {
    return reject(
      field,
      'timestamp',
      value,
      `${field} must be at most one day in the future, at the latest ${latest.toISOString()}`,
    );
  }
  return sentAt;
}

function readEvent(field: string, entry: unknown, now: () => Date): EventInput {
  if (!isPlainObject(entry)) reject(field, 'type', entry, `${field} must be a JSON object`);
  rejectUnknownKeys(field, entry, EVENT_MEMBERS);
  // The casts hand unchecked JSON to the SDK, which validates each member's type before any call.
  return { ...(entry as unknown as EventInput), sentAt: parseSentAt(`${field}.sentAt`, entry.sentAt, now) };
}

/** Creates the handler; throws `ConfigurationError` when `EVENT_TRACKING_ID` is missing. */
export function createEventsHandler(options: EventsHandlerOptions = {}): ApiHandler {
  const env = options.env ?? process.env;
  const trackingId = requireVariable(env, 'EVENT_TRACKING_ID', "the tracking id of the dataset group's event tracker");
  const events = new PersonalizeEvents({ client: options.client ?? createEventsClient(env) });
  const now = options.now ?? (() => new Date());

  return withErrorResponses(async (event) => {
    const userId = pathParameter(event, 'userId');
    queryParameters(event, []);
    const body = jsonBody(event, BODY_MEMBERS);
    const entries = requireArray('events', body.events, 1, 10);
    const result = await events.putEvents({
      trackingId,
      userId,
      sessionId: body.sessionId === undefined ? defaultSessionId(userId) : (body.sessionId as string),
      events: entries.map((entry, index) => readEvent(`events[${index}]`, entry, now)),
    });
    return jsonResponse(200, result);
  });
}
