/**
 * The HTTP API's routes and the Lambda entry file that serves each; the construct and the local adapter both read
 * this table. It contains data only, so importing it loads no handler code.
 */

/** A Lambda entry file under `lambda/`, without the extension. */
export type HandlerName =
  'get-recommendations' | 'get-related-items' | 'rank-items' | 'put-events' | 'put-items' | 'put-users';

export interface RouteDefinition {
  /** API Gateway route key: method, space, path with `{parameter}` segments. */
  readonly routeKey: string;
  readonly handler: HandlerName;
}

export const ROUTES: readonly RouteDefinition[] = [
  { routeKey: 'GET /users/{userId}/recommendations', handler: 'get-recommendations' },
  { routeKey: 'POST /users/{userId}/recommendations', handler: 'get-recommendations' },
  { routeKey: 'GET /items/{itemId}/related', handler: 'get-related-items' },
  { routeKey: 'POST /items/{itemId}/related', handler: 'get-related-items' },
  { routeKey: 'POST /users/{userId}/ranking', handler: 'rank-items' },
  { routeKey: 'POST /users/{userId}/events', handler: 'put-events' },
  { routeKey: 'POST /items', handler: 'put-items' },
  { routeKey: 'POST /users', handler: 'put-users' },
];

/** The environment variables each handler reads; the first group is required. */
export const HANDLER_ENVIRONMENT: Readonly<
  Record<HandlerName, { required: readonly string[]; optional: readonly string[] }>
> = {
  'get-recommendations': {
    required: ['RECOMMENDATIONS_CAMPAIGN_ARN'],
    optional: ['FILTER_ARNS', 'DEFAULT_NUM_RESULTS'],
  },
  'get-related-items': { required: ['RELATED_ITEMS_CAMPAIGN_ARN'], optional: ['FILTER_ARNS', 'DEFAULT_NUM_RESULTS'] },
  'rank-items': { required: ['RANKING_CAMPAIGN_ARN'], optional: ['FILTER_ARNS'] },
  'put-events': { required: ['EVENT_TRACKING_ID'], optional: [] },
  'put-items': { required: ['ITEMS_DATASET_ARN'], optional: [] },
  'put-users': { required: ['USERS_DATASET_ARN'], optional: [] },
};
