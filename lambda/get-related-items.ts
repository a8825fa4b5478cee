/** Lambda entry for get-related-items; configuration is read at cold start, so a missing variable fails the first invocation. */
import { createRelatedItemsHandler } from './api/related-items';

export const handler = createRelatedItemsHandler();
