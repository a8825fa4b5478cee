/** A user's affinity for every item: the item-neighbourhood model behind user-personalization and ranking. */
import type { NeighbourLists } from './neighbours';
import { sortByValueThenRank } from './affinity-sort';

/**
 * Each newer distinct history item counts this much more than the next older one when `recency_mask` is true, so the
 * weight halves every `RECENCY_HALF_LIFE` items back in the history.
 */
export const RECENCY_HALF_LIFE = 10;

/** History items whose recency weight falls below this contribute nothing. */
const MIN_HISTORY_WEIGHT = 1e-3;

/**
 * Softmax sharpness: logits are `SCORE_SHARPNESS * affinity / maxAffinity`, so each user's best item has logit 10 and
 * items without affinity have logit 0.
 */
export const SCORE_SHARPNESS = 10;

/** Each time an item was shown to the user without being chosen, its affinity is multiplied by this factor. */
export const IMPRESSION_DISCOUNT = 0.8;

export interface AffinitySettings {
  readonly neighbours: NeighbourLists;
  readonly recencyMask: boolean;
  /**
   * Multiplies the affinity of items already in the history: the share of training interactions that repeated an
   * item. Items are never removed (a filter does that), but on data without repeats they fall behind every unseen
   * item with any affinity, as a next-item model trained on such data would rank them.
   */
  readonly repeatRate: number;
  /** Rank of each item in the popularity order, which breaks ties. */
  readonly popularityRank: Int32Array;
}

export interface Affinity {
  /** Affinity by item index; 0 for items that are no neighbour of any history item. */
  readonly values: Float64Array;
  /** Items with positive affinity, highest first. */
  readonly ranked: Int32Array;
  readonly max: number;
}

/**
 * Computes affinities from a history of item indexes, oldest first; repeats count once, at their newest position.
 * `skipped` counts, by item index, the impressions in which the user was shown the item and chose another.
 */
export function computeAffinity(
  history: readonly number[],
  itemCount: number,
  settings: AffinitySettings,
  skipped?: ReadonlyMap<number, number>,
): Affinity {
  const values = new Float64Array(itemCount);
  const seen = new Set<number>();
  const touched: number[] = [];
  const { offsets, items, similarities } = settings.neighbours;
  const decay = settings.recencyMask ? Math.pow(0.5, 1 / RECENCY_HALF_LIFE) : 1;
  let weight = 1;
  for (let k = history.length - 1; k >= 0; k--) {
    const item = history[k];
    if (seen.has(item)) continue;
    seen.add(item);
    // Items added after training have no neighbour list. Items so far back that recency leaves them under 0.1% of the
    // newest item's weight are skipped, which bounds the cost for users with thousands of interactions.
    if (item + 1 < offsets.length && weight >= MIN_HISTORY_WEIGHT) {
      for (let m = offsets[item]; m < offsets[item + 1]; m++) {
        const other = items[m];
        if (values[other] === 0) touched.push(other);
        values[other] += weight * similarities[m];
      }
    }
    weight *= decay;
  }
  for (const item of seen) values[item] *= settings.repeatRate;
  for (const [item, times] of skipped ?? []) {
    if (item < itemCount) values[item] *= Math.pow(IMPRESSION_DISCOUNT, times);
  }
  return rankAffinity(values, touched, settings.popularityRank);
}

/** Returns the softmax logit of an affinity value, as `SCORE_SHARPNESS` defines it. */
export function logitOf(value: number, max: number): number {
  return max > 0 ? (SCORE_SHARPNESS * value) / max : 0;
}

/** Multiplies affinities by per-item factors (context lifts) and ranks the result again. */
export function scaleAffinity(affinity: Affinity, factors: Float64Array, popularityRank: Int32Array): Affinity {
  const values = Float64Array.from(affinity.values);
  for (const item of affinity.ranked) values[item] *= factors[item] ?? 1;
  return rankAffinity(values, Array.from(affinity.ranked), popularityRank);
}

/**
 * Builds affinities for a user without history from popularity, `log(1 + count) * factor`, so that with all factors 1
 * the logits equal the popularity logits.
 */
export function popularityAffinity(
  itemCounts: Float64Array,
  factors: Float64Array,
  popularityRank: Int32Array,
): Affinity {
  const values = new Float64Array(factors.length);
  const candidates: number[] = [];
  for (let item = 0; item < itemCounts.length; item++) {
    values[item] = Math.log1p(itemCounts[item]) * factors[item];
    if (values[item] > 0) candidates.push(item);
  }
  return rankAffinity(values, candidates, popularityRank);
}

/** Ranks the candidates with positive affinity, highest first and equal affinities in popularity order. */
function rankAffinity(values: Float64Array, candidates: number[], popularityRank: Int32Array): Affinity {
  const positive = Int32Array.from(candidates.filter((item) => values[item] > 0));
  const ranked = sortByValueThenRank(positive, values, popularityRank);
  const max = ranked.length > 0 ? values[ranked[0]] : 0;
  return { values, ranked, max };
}
