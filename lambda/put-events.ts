/** Lambda entry for put-events; configuration is read at cold start, so a missing variable fails the first invocation. */
import { createEventsHandler } from './api/events';

export const handler = createEventsHandler();
