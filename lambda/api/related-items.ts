/**
 * `GET|POST /items/{itemId}/related`: items related to an item, from a RELATED_ITEMS campaign such as SIMS.
 *
 * Environment: `RELATED_ITEMS_CAMPAIGN_ARN` (required), `FILTER_ARNS` (optional), `DEFAULT_NUM_RESULTS` (default 25).
 */
import { createRuntimeClient } from '../../sdk/clients';
import { PersonalizeRuntime } from '../../sdk/runtime';
import { readDefaultNumResults, readFilterArns, requireArnVariable } from './config';
import { jsonResponse, withErrorResponses, type ApiHandler } from './http';
import { readRecommendationOptions } from './recommendation-options';
import type { RuntimeHandlerOptions } from './recommendations';
import { pathParameter } from './request';

/** Creates the handler; throws `ConfigurationError` when a variable is missing or invalid. */
export function createRelatedItemsHandler(options: RuntimeHandlerOptions = {}): ApiHandler {
  const env = options.env ?? process.env;
  const campaignArn = requireArnVariable(
    env,
    'RELATED_ITEMS_CAMPAIGN_ARN',
    'the ARN of the campaign that returns related items',
  );
  const defaultNumResults = readDefaultNumResults(env);
  const runtime = new PersonalizeRuntime({
    client: options.client ?? createRuntimeClient(env),
    filters: readFilterArns(env),
  });

  return withErrorResponses(async (event) => {
    const itemId = pathParameter(event, 'itemId');
    const requestOptions = readRecommendationOptions(event, defaultNumResults);
    const result = await runtime.getRelatedItems({ campaignArn, itemId, ...requestOptions });
    return jsonResponse(200, { itemId, recommendationId: result.recommendationId, items: result.items });
  });
}
