/** Lambda entry for get-recommendations; configuration is read at cold start, so a missing variable fails the first invocation. */
import { createRecommendationsHandler } from './api/recommendations';

export const handler = createRecommendationsHandler();
