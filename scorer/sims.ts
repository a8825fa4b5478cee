/** The SIMS recipe: items similar to a query item by co-occurrence in user histories, without scores. */
import type { InteractionRecord, ItemRecord, UserRecord } from '../schema/records';
import type { EvaluableModel } from './evaluable';
import type { SimsHyperparameters } from './hyperparameters';
import { computeNeighbours, type NeighbourLists } from './neighbours';
import { popularityOrder } from './popularity';
import { checkNumResults, collectAccepted, MAX_NUM_RESULTS, requireField, unsupportedRanking } from './requests';
import { percentileOfSorted, usersWithinPercentiles, type TrainingData } from './training-data';
import type { RankRequest, RecommendRequest, ScoredItem } from './types';

export class SimsModel implements EvaluableModel {
  readonly recipe = 'aws-sims' as const;
  readonly returnsScores = false;
  private readonly neighbours: NeighbourLists;
  private readonly popular: Int32Array;

  constructor(
    private readonly data: TrainingData,
    hyperparameters: SimsHyperparameters,
  ) {
    const { itemMask, headMask } = itemTrims(
      data.itemCounts,
      hyperparameters.min_item_interaction_count_percentile,
      hyperparameters.max_item_interaction_count_percentile,
    );
    const userMask = usersWithinPercentiles(
      data,
      hyperparameters.min_user_history_length_percentile,
      hyperparameters.max_user_history_length_percentile,
    );
    this.neighbours = computeNeighbours(data, {
      maxNeighbours: MAX_NUM_RESULTS,
      popularityDiscount: hyperparameters.popularity_discount_factor,
      minCoOccurrence: hyperparameters.min_cointeraction_count,
      userMask,
      itemMask,
      headMask,
    });
    this.popular = popularityOrder(data).filter((item) => data.itemCounts[item] > 0);
  }

  recommend(request: RecommendRequest): ScoredItem[] {
    const itemId = requireField(request.itemId, 'itemId', this.recipe);
    checkNumResults(request.numResults);
    return this.similar(itemId, request.numResults, request.accept).map((id) => ({ itemId: id }));
  }

  rank(_request: RankRequest): ScoredItem[] {
    throw unsupportedRanking(this.recipe);
  }

  /** SIMS learns only in training: real-time events and new items wait for the next solution version. */
  addInteractions(_interactions: readonly InteractionRecord[]): void {}

  putItems(_items: readonly ItemRecord[]): void {}

  putUsers(_users: readonly UserRecord[]): void {}

  evaluationList(_userId: string, lastItemId: string | undefined, count: number): string[] {
    return lastItemId === undefined ? this.similar('', count) : this.similar(lastItemId, count);
  }

  catalogueSize(): number {
    return this.data.items.size;
  }

  /**
   * Returns the query item's neighbours, most similar first, then popular items to fill `count` when the item is
   * unknown, had too little co-occurrence, or the filter rejected neighbours. The query item itself never appears.
   */
  private similar(itemId: string, count: number, accept?: (itemId: string) => boolean): string[] {
    const ids = this.data.items.ids;
    const query = this.data.items.indexOf(itemId);
    const listed = new Set<number>();
    if (query !== undefined) listed.add(query);
    const acceptIndex = accept ? (item: number) => accept(ids[item]) : () => true;
    const result: number[] = [];
    if (query !== undefined) {
      const { offsets, items } = this.neighbours;
      collectAccepted(items.subarray(offsets[query], offsets[query + 1]), count, listed, acceptIndex, result);
    }
    collectAccepted(this.popular, count, listed, acceptIndex, result);
    return result.map((item) => ids[item]);
  }
}

/**
 * Applies the item percentile trims to the interaction counts of interacted items. Catalogue items without
 * interactions take no part in the percentiles. `itemMask` drops the items below the min percentile's count from
 * training, so they are never returned and, as the query, get popular items. `headMask` marks the items above the max
 * percentile's count, which stay in training but are neighbours only of each other.
 *
 * NOTE: the service does not document how it applies these two percentiles. Read as a drop like the min trim, the
 * default max of 0.9 would give every item of the most interacted tenth popular items instead of similar ones. On the
 * bundled MovieLens data that is every well-known movie, whereas the service returns similar items for popular items.
 */
function itemTrims(
  counts: Float64Array,
  minPercentile: number,
  maxPercentile: number,
): { itemMask: Uint8Array; headMask: Uint8Array } {
  const itemMask = new Uint8Array(counts.length);
  const headMask = new Uint8Array(counts.length);
  const sorted = counts.filter((count) => count > 0).sort();
  if (sorted.length === 0) return { itemMask, headMask };
  const low = percentileOfSorted(sorted, minPercentile);
  const high = percentileOfSorted(sorted, maxPercentile);
  for (let item = 0; item < counts.length; item++) {
    if (counts[item] > 0 && counts[item] >= low) itemMask[item] = 1;
    if (counts[item] > high) headMask[item] = 1;
  }
  return { itemMask, headMask };
}
