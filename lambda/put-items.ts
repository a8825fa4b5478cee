/** Lambda entry for put-items; configuration is read at cold start, so a missing variable fails the first invocation. */
import { createPutItemsHandler } from './api/records';

export const handler = createPutItemsHandler();
