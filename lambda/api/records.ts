/**
 * `POST /items` and `POST /users`: add or update 1 to 10 items or users with PutItems and PutUsers.
 *
 * Environment: `ITEMS_DATASET_ARN` for the items route, `USERS_DATASET_ARN` for the users route.
 */
import type { Properties } from '../../sdk/properties';
import { createEventsClient } from '../../sdk/clients';
import { PersonalizeEvents } from '../../sdk/events';
import { isPlainObject, reject, rejectUnknownKeys, requireArray } from '../../sdk/validate';
import { requireArnVariable } from './config';
import type { EventsHandlerOptions } from './events';
import { jsonResponse, withErrorResponses, type ApiHandler } from './http';
import { jsonBody, queryParameters } from './request';

/** Checks each record's members, returning the records for the SDK to validate further. */
function readRecords(body: Record<string, unknown>, listName: string, idName: string): Record<string, unknown>[] {
  return requireArray(listName, body[listName], 1, 10).map((entry, index) => {
    const field = `${listName}[${index}]`;
    if (!isPlainObject(entry)) reject(field, 'type', entry, `${field} must be a JSON object`);
    rejectUnknownKeys(field, entry, [idName, 'properties']);
    return entry;
  });
}

/** Creates the `POST /items` handler; throws `ConfigurationError` when `ITEMS_DATASET_ARN` is missing. */
export function createPutItemsHandler(options: Omit<EventsHandlerOptions, 'now'> = {}): ApiHandler {
  const env = options.env ?? process.env;
  const datasetArn = requireArnVariable(env, 'ITEMS_DATASET_ARN', 'the ARN of the Items dataset');
  const events = new PersonalizeEvents({ client: options.client ?? createEventsClient(env) });

  return withErrorResponses(async (event) => {
    queryParameters(event, []);
    const items = readRecords(jsonBody(event, ['items']), 'items', 'itemId');
    // The SDK validates itemId and properties before the call.
    const result = await events.putItems({ datasetArn, items: items as { itemId: string; properties?: Properties }[] });
    return jsonResponse(200, result);
  });
}

/** Creates the `POST /users` handler; throws `ConfigurationError` when `USERS_DATASET_ARN` is missing. */
export function createPutUsersHandler(options: Omit<EventsHandlerOptions, 'now'> = {}): ApiHandler {
  const env = options.env ?? process.env;
  const datasetArn = requireArnVariable(env, 'USERS_DATASET_ARN', 'the ARN of the Users dataset');
  const events = new PersonalizeEvents({ client: options.client ?? createEventsClient(env) });

  return withErrorResponses(async (event) => {
    queryParameters(event, []);
    const users = readRecords(jsonBody(event, ['users']), 'users', 'userId');
    // The SDK validates userId and properties before the call.
    const result = await events.putUsers({ datasetArn, users: users as { userId: string; properties?: Properties }[] });
    return jsonResponse(200, result);
  });
}
