/**
 * The sample use case that both the CDK app and the local stack run: movie recommendations on MovieLens.
 * Keeping names, recipes and filters in one place means `npm start` serves exactly what `cdk deploy` would create.
 */
import type { RecipeName } from '../scorer/types';

/** Prefix of every resource name, so the sample's resources are easy to find in an account. */
export const NAME_PREFIX = 'movielens';

export const DATASET_GROUP_NAME = `${NAME_PREFIX}-dataset-group`;
export const EVENT_TRACKER_NAME = `${NAME_PREFIX}-event-tracker`;

/** The event type of the sample interactions; the "unwatched" filter excludes it. */
export const WATCH_EVENT_TYPE = 'watch';

/** A solution of the sample and the campaign that deploys it. */
export interface SampleSolution {
  readonly solutionName: string;
  readonly campaignName: string;
  readonly recipe: RecipeName;
  /** The handler environment variable that receives the campaign ARN. */
  readonly campaignEnvironmentVariable: string;
}

export const SAMPLE_SOLUTIONS = {
  recommendations: {
    solutionName: `${NAME_PREFIX}-user-personalization`,
    campaignName: `${NAME_PREFIX}-recommendations`,
    recipe: 'aws-user-personalization',
    campaignEnvironmentVariable: 'RECOMMENDATIONS_CAMPAIGN_ARN',
  },
  relatedItems: {
    solutionName: `${NAME_PREFIX}-sims`,
    campaignName: `${NAME_PREFIX}-related-items`,
    recipe: 'aws-sims',
    campaignEnvironmentVariable: 'RELATED_ITEMS_CAMPAIGN_ARN',
  },
  ranking: {
    solutionName: `${NAME_PREFIX}-personalized-ranking`,
    campaignName: `${NAME_PREFIX}-ranking`,
    recipe: 'aws-personalized-ranking',
    campaignEnvironmentVariable: 'RANKING_CAMPAIGN_ARN',
  },
} as const satisfies Record<string, SampleSolution>;

/**
 * Filters that the API offers by name. Callers pass `filter=NAME` and, for placeholders, typed `filterValues`
 * (for example `{ "GENRES": ["Comedy"] }`).
 */
export const SAMPLE_FILTERS: Readonly<Record<string, string>> = {
  unwatched: `EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("${WATCH_EVENT_TYPE}")`,
  genre: 'INCLUDE ItemID WHERE Items.GENRES IN ($GENRES)',
  'unwatched-in-genre': `EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("${WATCH_EVENT_TYPE}") | INCLUDE ItemID WHERE Items.GENRES IN ($GENRES)`,
};

/** Returns the filter resource name of an API filter name. */
export function filterResourceName(apiName: string): string {
  return `${NAME_PREFIX}-${apiName}`;
}
