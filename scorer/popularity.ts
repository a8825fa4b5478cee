/** The popularity-count recipe: the most interacted items, the same for every user, without scores. */
import type { InteractionRecord, ItemRecord, UserRecord } from '../schema/records';
import { checkNumResults, collectAccepted, requireField, unsupportedRanking } from './requests';
import type { TrainingData } from './training-data';
import type { RankRequest, RecommendRequest, ScoredItem } from './types';
import type { EvaluableModel } from './evaluable';

/** Item indexes by descending interaction count; equal counts keep item id order, so results are deterministic. */
export function popularityOrder(data: TrainingData): Int32Array {
  const counts = data.itemCounts;
  const ids = data.items.ids;
  const order = Int32Array.from({ length: counts.length }, (_, item) => item);
  return order.sort((a, b) => counts[b] - counts[a] || compareIds(ids[a], ids[b]));
}

/** Orders strings by UTF-16 code units, independent of the locale. */
function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export class PopularityModel implements EvaluableModel {
  readonly recipe = 'aws-popularity-count' as const;
  readonly returnsScores = false;
  private readonly order: Int32Array;

  constructor(private readonly data: TrainingData) {
    // Only interacted items are popular; catalogue items without interactions never appear.
    this.order = popularityOrder(data).filter((item) => data.itemCounts[item] > 0);
  }

  recommend(request: RecommendRequest): ScoredItem[] {
    requireField(request.userId, 'userId', this.recipe);
    checkNumResults(request.numResults);
    return this.top(request.numResults, request.accept).map((itemId) => ({ itemId }));
  }

  rank(_request: RankRequest): ScoredItem[] {
    throw unsupportedRanking(this.recipe);
  }

  /** Real-time events change nothing until the next training, as with the service. */
  addInteractions(_interactions: readonly InteractionRecord[]): void {}

  putItems(_items: readonly ItemRecord[]): void {}

  putUsers(_users: readonly UserRecord[]): void {}

  evaluationList(_userId: string, _lastItemId: string | undefined, count: number): string[] {
    return this.top(count);
  }

  catalogueSize(): number {
    return this.data.items.size;
  }

  private top(count: number, accept?: (itemId: string) => boolean): string[] {
    const ids = this.data.items.ids;
    const acceptIndex = accept ? (item: number) => accept(ids[item]) : () => true;
    return collectAccepted(this.order, count, new Set(), acceptIndex).map((item) => ids[item]);
  }
}
