/** The SIMS recipe: items similar to a query item by co-occurrence in user histories, without scores. */
import type { InteractionRecord, ItemRecord, UserRecord } from '../schema/records';
import type { EvaluableModel } from './evaluable';
import type { SimsHyperparameters } from './hyperparameters';
import { computeNeighbours, type NeighbourLists } from './neighbours';
import { popularityOrder } from './popularity';
import { checkNumResults, collectAccepted, MAX_NUM_RESULTS, requireField, unsupportedRanking } from './requests';
import { usersWithinPercentiles, withinPercentiles, type TrainingData } from './training-data';
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
    const itemMask = interactedItemsWithinPercentiles(
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
 * Returns a mask of the items whose interaction count lies within the given percentiles of the counts of interacted
 * items. Catalogue items without interactions take no part in the percentiles.
 */
function interactedItemsWithinPercentiles(
  counts: Float64Array,
  minPercentile: number,
  maxPercentile: number,
): Uint8Array {
  const interacted = counts.filter((count) => count > 0);
  const interactedMask = withinPercentiles(interacted, minPercentile, maxPercentile);
  const mask = new Uint8Array(counts.length);
  let position = 0;
  for (let item = 0; item < counts.length; item++) {
    if (counts[item] > 0) mask[item] = interactedMask[position++];
  }
  return mask;
}
