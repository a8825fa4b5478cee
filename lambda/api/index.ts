/** Handler factories by entry name, for hosts that run the handlers in one process (the local HTTP adapter, tests). */
import type { Environment } from './config';
import { createEventsHandler } from './events';
import type { ApiHandler } from './http';
import { createRankingHandler } from './ranking';
import { createRecommendationsHandler } from './recommendations';
import { createPutItemsHandler, createPutUsersHandler } from './records';
import { createRelatedItemsHandler } from './related-items';
import type { HandlerName } from './routes';

export const HANDLER_FACTORIES: Readonly<Record<HandlerName, (options: { env?: Environment }) => ApiHandler>> = {
  'get-recommendations': createRecommendationsHandler,
  'get-related-items': createRelatedItemsHandler,
  'rank-items': createRankingHandler,
  'put-events': createEventsHandler,
  'put-items': createPutItemsHandler,
  'put-users': createPutUsersHandler,
};

export { ConfigurationError } from './config';
export type { ApiHandler } from './http';
export { ROUTES, HANDLER_ENVIRONMENT, type HandlerName, type RouteDefinition } from './routes';
