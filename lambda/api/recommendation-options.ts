/** Request options shared by the recommendations and related-items routes, from the query string or a JSON body. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { TypedFilterValues } from '../../filter/types';
import { MAX_NUM_RESULTS } from '../../sdk/runtime-checks';
import { requireInteger } from '../../sdk/validate';
import { integerParameter, jsonBody, queryParameters, rejectBody } from './request';

export interface RecommendationRouteOptions {
  readonly numResults: number;
  readonly filter?: string;
  readonly filterValues?: TypedFilterValues;
  readonly context?: Readonly<Record<string, string>>;
}

const QUERY_PARAMETERS = ['numResults', 'filter'];
const BODY_MEMBERS = ['numResults', 'filter', 'filterValues', 'context'];

/**
 * Reads `numResults` and `filter` from the query string of a GET, or those plus `filterValues` and `context` from the
 * body of a POST. Types beyond `numResults` are checked by the SDK, whose error names the same fields.
 */
export function readRecommendationOptions(
  event: APIGatewayProxyEventV2,
  defaultNumResults: number,
): RecommendationRouteOptions {
  if (event.requestContext.http.method === 'GET') {
    rejectBody(event, 'send numResults and filter as query parameters, or use POST for filterValues and context');
    const query = queryParameters(event, QUERY_PARAMETERS);
    const numResults = requireInteger(
      'numResults',
      integerParameter(query.numResults) ?? defaultNumResults,
      1,
      MAX_NUM_RESULTS,
    );
    return query.filter === undefined ? { numResults } : { numResults, filter: query.filter };
  }
  queryParameters(event, []);
  const body = jsonBody(event, BODY_MEMBERS);
  // Only an absent member takes the default; null is checked, and rejected, like any other value.
  const numResults = requireInteger(
    'numResults',
    body.numResults === undefined ? defaultNumResults : body.numResults,
    1,
    MAX_NUM_RESULTS,
  );
  // The casts hand unchecked JSON to the SDK, which validates each member's type before any call.
  return {
    numResults,
    filter: body.filter as string | undefined,
    filterValues: body.filterValues as TypedFilterValues | undefined,
    context: body.context as Record<string, string> | undefined,
  };
}
