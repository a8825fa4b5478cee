/** Typed, validated calls to the Personalize runtime API: recommendations, related items and personalized ranking. */
import {
  GetPersonalizedRankingCommand,
  GetRecommendationsCommand,
  type GetRecommendationsRequest,
  type PersonalizeRuntimeClient,
  type PredictedItem,
} from '@aws-sdk/client-personalize-runtime';
import { callService } from './call';
import { withoutUndefined } from './members';
import { createRuntimeClient } from './clients';
import { FilterCatalog, type FilterSelection } from './filters';
import {
  checkContext,
  checkInputList,
  checkMetadataColumns,
  checkNumResults,
  checkPromotions,
  checkTarget,
} from './runtime-checks';
import type { PromotionRequest } from './runtime-checks';
import { requireId, requireMembers } from './validate';

export type { PromotionRequest } from './runtime-checks';

/** Request members shared by recommendations and related items. */
export interface RecommendationOptions extends FilterSelection {
  /** The campaign to query; exactly one of `campaignArn` and `recommenderArn` is required. */
  readonly campaignArn?: string;
  /** The recommender to query, for domain dataset groups. */
  readonly recommenderArn?: string;
  /**
   * Number of items to return, 1 to 500, or 1 to 50 when `metadataColumns` is set.
   * @default 25, the service's default
   */
  readonly numResults?: number;
  /** Contextual metadata by interactions schema field name (for example `DEVICE`); at most 150 keys. */
  readonly context?: Readonly<Record<string, string>>;
  /** Items dataset columns to return with each item (sent as the `ITEMS` key); 1 to 10 names. */
  readonly metadataColumns?: readonly string[];
  /** At most one promotion: a filter that selects items to mix into the results. */
  readonly promotions?: readonly PromotionRequest[];
}

/** A request for a user's recommendations (USER_PERSONALIZATION recipes and user-based recommenders). */
export interface RecommendationsRequest extends RecommendationOptions {
  readonly userId: string;
}

/** A request for items related to an item (RELATED_ITEMS recipes such as SIMS). */
export interface RelatedItemsRequest extends RecommendationOptions {
  readonly itemId: string;
  /** The current user, needed by filters that use `CURRENTUSER` or exclude the user's interactions. */
  readonly userId?: string;
}

/** A request to rank a caller's items for a user (PERSONALIZED_RANKING recipes). */
export interface RankingRequest extends FilterSelection {
  readonly campaignArn: string;
  readonly userId: string;
  /** Item ids to rank: 1 to 500, or 1 to 50 when `metadataColumns` is set. */
  readonly inputList: readonly string[];
  readonly context?: Readonly<Record<string, string>>;
  readonly metadataColumns?: readonly string[];
}

/** The members each request type accepts; any other member is rejected. */
const OPTION_MEMBERS = [
  'campaignArn',
  'recommenderArn',
  'numResults',
  'context',
  'metadataColumns',
  'promotions',
  'filter',
  'filterArn',
  'filterValues',
];
const RECOMMENDATIONS_MEMBERS = [...OPTION_MEMBERS, 'userId'];
const RELATED_ITEMS_MEMBERS = [...OPTION_MEMBERS, 'itemId', 'userId'];
const RANKING_MEMBERS = [
  'campaignArn',
  'userId',
  'inputList',
  'context',
  'metadataColumns',
  'filter',
  'filterArn',
  'filterValues',
];

/** One item of a result, in the service's order. */
export interface RecommendedItem {
  readonly itemId: string;
  /** Relative score; absent for recipes without scores (SIMS, popularity count) and for promoted items. */
  readonly score?: number;
  readonly promotionName?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  /** Reasons the item was included, for example `Promoted item` or `Exploration`. */
  readonly reasons?: readonly string[];
}

export interface RecommendationsResult {
  /** The id to pass back with events that the user produces from these results. */
  readonly recommendationId: string | undefined;
  readonly items: readonly RecommendedItem[];
}

export interface PersonalizeRuntimeOptions {
  /** @default a client created by `createRuntimeClient()`, which honours `AWS_ENDPOINT_URL_PERSONALIZE_RUNTIME` */
  readonly client?: PersonalizeRuntimeClient;
  /** Filters that requests may name with `filter`: name to filter ARN. @default no named filters */
  readonly filters?: Readonly<Record<string, string>>;
}

/**
 * A validating wrapper around `PersonalizeRuntimeClient`. Every method checks the request against the service's limits
 * before calling, throwing `RequestValidationError` or `UnknownFilterError`, and wraps SDK failures in
 * `PersonalizeServiceError`.
 *
 * @example
 * const runtime = new PersonalizeRuntime({ filters: { 'by-genre': filterArn } });
 * const { items } = await runtime.getRecommendations({ campaignArn, userId: '42', filter: 'by-genre', filterValues: { GENRES: ['Comedy'] } });
 */
export class PersonalizeRuntime {
  readonly client: PersonalizeRuntimeClient;
  readonly filters: FilterCatalog;

  constructor(options: PersonalizeRuntimeOptions = {}) {
    this.client = options.client ?? createRuntimeClient();
    this.filters = new FilterCatalog(options.filters);
  }

  /** Calls GetRecommendations for a user. */
  async getRecommendations(request: RecommendationsRequest): Promise<RecommendationsResult> {
    requireMembers('', request, RECOMMENDATIONS_MEMBERS);
    const input: GetRecommendationsRequest = {
      ...this.recommendationInput(request),
      userId: requireId('userId', request.userId),
    };
    return this.sendRecommendations(input);
  }

  /** Calls GetRecommendations for items related to `itemId`. */
  async getRelatedItems(request: RelatedItemsRequest): Promise<RecommendationsResult> {
    requireMembers('', request, RELATED_ITEMS_MEMBERS);
    const input: GetRecommendationsRequest = {
      ...this.recommendationInput(request),
      itemId: requireId('itemId', request.itemId),
    };
    if (request.userId !== undefined) input.userId = requireId('userId', request.userId);
    return this.sendRecommendations(input);
  }

  /** Calls GetPersonalizedRanking; items unknown to the model come back last, in input order. */
  async getPersonalizedRanking(request: RankingRequest): Promise<RecommendationsResult> {
    requireMembers('', request, RANKING_MEMBERS);
    const campaignArn = checkTarget({ campaignArn: request.campaignArn }).campaignArn;
    const userId = requireId('userId', request.userId);
    const metadataColumns = checkMetadataColumns(request.metadataColumns);
    const inputList = checkInputList(request.inputList, metadataColumns !== undefined);
    const context = checkContext(request.context);
    const filter = this.filters.resolve(request);
    const input = { campaignArn, userId, inputList, context, metadataColumns, ...filter };
    const output = await callService('GetPersonalizedRanking', () =>
      this.client.send(new GetPersonalizedRankingCommand(withoutUndefined(input))),
    );
    return {
      recommendationId: output.recommendationId,
      items: (output.personalizedRanking ?? []).map(toRecommendedItem),
    };
  }

  private recommendationInput(request: RecommendationOptions): GetRecommendationsRequest {
    const target = checkTarget(request);
    const metadataColumns = checkMetadataColumns(request.metadataColumns);
    const numResults = checkNumResults(request.numResults, metadataColumns !== undefined);
    const context = checkContext(request.context);
    const filter = this.filters.resolve(request);
    const promotions = checkPromotions(request.promotions, this.filters);
    return withoutUndefined({ ...target, numResults, context, metadataColumns, promotions, ...filter });
  }

  private async sendRecommendations(input: GetRecommendationsRequest): Promise<RecommendationsResult> {
    const output = await callService('GetRecommendations', () =>
      this.client.send(new GetRecommendationsCommand(input)),
    );
    return { recommendationId: output.recommendationId, items: (output.itemList ?? []).map(toRecommendedItem) };
  }
}

function toRecommendedItem(item: PredictedItem): RecommendedItem {
  return withoutUndefined({
    itemId: item.itemId ?? '',
    score: item.score,
    promotionName: item.promotionName,
    metadata: item.metadata,
    reasons: item.reason,
  });
}
