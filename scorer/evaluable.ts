/** The view of a trained model that offline evaluation uses, beyond the public `Model` contract. */
import type { Model } from './types';

export interface EvaluableModel extends Model {
  /**
   * The model's top `count` item ids for a user, without exploration or filters. `lastItemId` is the user's newest
   * history item, which related-item recipes take as their query item.
   */
  evaluationList(userId: string, lastItemId: string | undefined, count: number): string[];
  /** Counts the model's catalogue: the Items dataset, the training interactions and items added since. */
  catalogueSize(): number;
}
