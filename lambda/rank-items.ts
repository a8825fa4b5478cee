/** Lambda entry for rank-items; configuration is read at cold start, so a missing variable fails the first invocation. */
import { createRankingHandler } from './api/ranking';

export const handler = createRankingHandler();
