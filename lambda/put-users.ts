/** Lambda entry for put-users; configuration is read at cold start, so a missing variable fails the first invocation. */
import { createPutUsersHandler } from './api/records';

export const handler = createPutUsersHandler();
