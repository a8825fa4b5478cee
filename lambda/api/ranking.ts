/**
 * `POST /users/{userId}/ranking`: the caller's items in the order a PERSONALIZED_RANKING campaign ranks them for a user.
 *
 * Environment: `RANKING_CAMPAIGN_ARN` (required), `FILTER_ARNS` (optional).
 */
import type { TypedFilterValues } from '../../filter/types';
import { createRuntimeClient } from '../../sdk/clients';
import { PersonalizeRuntime } from '../../sdk/runtime';
import { readFilterArns, requireArnVariable } from './config';
import { jsonResponse, withErrorResponses, type ApiHandler } from './http';
import type { RuntimeHandlerOptions } from './recommendations';
import { jsonBody, pathParameter, queryParameters, renameField } from './request';

const BODY_MEMBERS = ['itemIds', 'filter', 'filterValues', 'context'];

/** Creates the handler; throws `ConfigurationError` when a variable is missing or invalid. */
export function createRankingHandler(options: RuntimeHandlerOptions = {}): ApiHandler {
  const env = options.env ?? process.env;
  const campaignArn = requireArnVariable(env, 'RANKING_CAMPAIGN_ARN', 'the ARN of the campaign that ranks items');
  const runtime = new PersonalizeRuntime({
    client: options.client ?? createRuntimeClient(env),
    filters: readFilterArns(env),
  });

  return withErrorResponses(async (event) => {
    const userId = pathParameter(event, 'userId');
    queryParameters(event, []);
    const body = jsonBody(event, BODY_MEMBERS);
    // The casts hand unchecked JSON to the SDK, which validates each member's type before any call.
    const request = {
      campaignArn,
      userId,
      inputList: body.itemIds as string[],
      filter: body.filter as string | undefined,
      filterValues: body.filterValues as TypedFilterValues | undefined,
      context: body.context as Record<string, string> | undefined,
    };
    const result = await runtime.getPersonalizedRanking(request).catch((error: unknown) => {
      throw renameField(error, 'inputList', 'itemIds');
    });
    return jsonResponse(200, { userId, recommendationId: result.recommendationId, items: result.items });
  });
}
