/**
 * `GET|POST /users/{userId}/recommendations`: a user's recommendations from a USER_PERSONALIZATION campaign.
 *
 * Environment: `RECOMMENDATIONS_CAMPAIGN_ARN` (required), `FILTER_ARNS` (JSON object of filter name to ARN, optional),
 * `DEFAULT_NUM_RESULTS` (1 to 500, default 25).
 */
import type { PersonalizeRuntimeClient } from '@aws-sdk/client-personalize-runtime';
import { createRuntimeClient } from '../../sdk/clients';
import { PersonalizeRuntime } from '../../sdk/runtime';
import { readDefaultNumResults, readFilterArns, requireArnVariable, type Environment } from './config';
import { jsonResponse, withErrorResponses, type ApiHandler } from './http';
import { readRecommendationOptions } from './recommendation-options';
import { pathParameter } from './request';

export interface RuntimeHandlerOptions {
  /** @default process.env */
  readonly env?: Environment;
  /** @default a client from `createRuntimeClient(env)` */
  readonly client?: PersonalizeRuntimeClient;
}

/** Creates the handler; throws `ConfigurationError` when a variable is missing or invalid. */
export function createRecommendationsHandler(options: RuntimeHandlerOptions = {}): ApiHandler {
  const env = options.env ?? process.env;
  const campaignArn = requireArnVariable(
    env,
    'RECOMMENDATIONS_CAMPAIGN_ARN',
    'the ARN of the campaign that returns user recommendations',
  );
  const defaultNumResults = readDefaultNumResults(env);
  const runtime = new PersonalizeRuntime({
    client: options.client ?? createRuntimeClient(env),
    filters: readFilterArns(env),
  });

  return withErrorResponses(async (event) => {
    const userId = pathParameter(event, 'userId');
    const requestOptions = readRecommendationOptions(event, defaultNumResults);
    const result = await runtime.getRecommendations({ campaignArn, userId, ...requestOptions });
    return jsonResponse(200, { userId, recommendationId: result.recommendationId, items: result.items });
  });
}
