/** Item-to-item similarity from co-occurrence in user histories, kept as each item's top neighbours. */
import { TopNeighbours } from './top-neighbours';
import type { TrainingData } from './training-data';

/** Each item's neighbours, most similar first, as compressed sparse rows. */
export interface NeighbourLists {
  /** Item `i` owns `items[offsets[i] .. offsets[i + 1])` and the matching `similarities`. */
  readonly offsets: Int32Array;
  readonly items: Int32Array;
  readonly similarities: Float32Array;
  /** Users (after the user mask) who interacted with each item. */
  readonly degrees: Float64Array;
}

export interface NeighbourOptions {
  readonly maxNeighbours: number;
  /**
   * 0 to 1: similarity is `co(i, j) / (n_i * n_j) ^ discount`, where `co` counts users who had both items and `n` counts
   * users per item. 0 ranks by raw co-occurrence (popular items first), 0.5 is cosine similarity, 1 discounts
   * popular neighbours the most.
   */
  readonly popularityDiscount: number;
  /**
   * Each user's co-occurrences count `1 / historyLength ^ userWeightExponent`, so that 0 counts users equally and
   * higher values let users with long histories (who co-occur with everything) count less.
   */
  readonly userWeightExponent?: number;
  /** Exponent of the query item's own count in the normalisation; `popularityDiscount` when absent. */
  readonly queryDiscount?: number;
  /** Pairs that fewer users had in common are ignored. */
  readonly minCoOccurrence: number;
  /** Users whose histories count (1) or not (0); all when absent. */
  readonly userMask?: Uint8Array;
  /** Items that take part (1) or not (0); all when absent. */
  readonly itemMask?: Uint8Array;
  /** Head items (1): neighbours only of other head items, but with neighbours of any kind. No head when absent. */
  readonly headMask?: Uint8Array;
}

/**
 * Computes every item's top neighbours. Each user's history is sorted by item index, so that every pair of items is
 * counted once, from its higher item, and offered to both items' top neighbours. The cost is half the sum over users of
 * their history length squared, plus one offer per pair and direction.
 */
export function computeNeighbours(data: TrainingData, options: NeighbourOptions): NeighbourLists {
  const itemCount = data.items.size;
  const histories = maskedHistories(data, options);
  const itemUsers = transpose(histories, itemCount);
  const degrees = new Float64Array(itemCount);
  for (let item = 0; item < itemCount; item++) degrees[item] = itemUsers.offsets[item + 1] - itemUsers.offsets[item];

  const best = new TopNeighbours(candidateBounds(histories, itemUsers), options.maxNeighbours);
  countPairs(histories, itemUsers, {
    norms: powers(degrees, options.popularityDiscount),
    queryNorms: powers(degrees, options.queryDiscount ?? options.popularityDiscount),
    userWeights: userWeights(histories, options.userWeightExponent ?? 0),
    minCount: Math.max(1, options.minCoOccurrence),
    headMask: options.headMask,
    best,
  });

  const offsets = new Int32Array(itemCount + 1);
  for (let item = 0; item < itemCount; item++) offsets[item + 1] = offsets[item] + best.keptCount(item);
  const items = new Int32Array(offsets[itemCount]);
  const similarities = new Float32Array(items.length);
  for (let item = 0; item < itemCount; item++) best.drain(item, items, similarities, offsets[item]);
  return { offsets, items, similarities, degrees };
}

interface PairScoring {
  readonly norms: Float64Array;
  readonly queryNorms: Float64Array;
  readonly userWeights: Float64Array;
  readonly minCount: number;
  readonly headMask: Uint8Array | undefined;
  readonly best: TopNeighbours;
}

/**
 * Counts, for each item from the highest index down, its co-occurrences with every lower item in a dense accumulator,
 * and offers each pair to the top neighbours of both items. Users are visited in ascending order from either end of a
 * pair, so `co(i, j)` sums the same weights in the same order as a count from `j` would.
 */
function countPairs(histories: SparseRows, itemUsers: ItemUsers, scoring: PairScoring): void {
  const itemCount = itemUsers.offsets.length - 1;
  const { userWeights, minCount } = scoring;
  const coCounts = new Float64Array(itemCount);
  // Counts users only for a minimum above 1 with weights other than 1: with weights of 1, `coCounts` is the count.
  const userCounts =
    minCount > 1 && userWeights.some((weight) => weight !== 1) ? new Uint32Array(itemCount) : undefined;
  const touched = new Int32Array(itemCount);
  const historyOffsets = histories.offsets;
  const historyItems = histories.values;

  for (let item = itemCount - 1; item >= 0; item--) {
    let touchedCount = 0;
    for (let k = itemUsers.offsets[item]; k < itemUsers.offsets[item + 1]; k++) {
      const user = itemUsers.users[k];
      const userWeight = userWeights[user];
      const end = itemUsers.positions[k];
      // Every user weight is positive, so an accumulator at 0 marks an item not yet touched for this `item`.
      for (let m = historyOffsets[user]; m < end; m++) {
        const other = historyItems[m];
        if (coCounts[other] === 0) touched[touchedCount++] = other;
        coCounts[other] += userWeight;
        if (userCounts !== undefined) userCounts[other]++;
      }
    }
    offerPairs(item, touched, touchedCount, coCounts, userCounts, scoring);
  }
}

/** Offers the touched pairs of `item` in both directions and resets their accumulators. */
function offerPairs(
  item: number,
  touched: Int32Array,
  touchedCount: number,
  coCounts: Float64Array,
  userCounts: Uint32Array | undefined,
  scoring: PairScoring,
): void {
  const { norms, queryNorms, minCount, headMask, best } = scoring;
  const itemIsHead = headMask !== undefined && headMask[item] === 1;
  for (let k = 0; k < touchedCount; k++) {
    const other = touched[k];
    const coCount = coCounts[other];
    const userCount = userCounts === undefined ? coCount : userCounts[other];
    coCounts[other] = 0;
    if (userCounts !== undefined) userCounts[other] = 0;
    if (minCount > 1 && userCount < minCount) continue;
    // Head items are neighbours only of other head items, but take neighbours of any kind.
    const otherIsHead = headMask !== undefined && headMask[other] === 1;
    if (itemIsHead === otherIsHead || !otherIsHead)
      best.offer(item, other, coCount / (queryNorms[item] * norms[other]));
    if (itemIsHead === otherIsHead || !itemIsHead) best.offer(other, item, coCount / (queryNorms[other] * norms[item]));
  }
}

/** Bounds each item's number of distinct neighbours by the other items in its users' histories. */
function candidateBounds(histories: SparseRows, itemUsers: ItemUsers): Float64Array {
  const itemCount = itemUsers.offsets.length - 1;
  const bounds = new Float64Array(itemCount);
  for (let item = 0; item < itemCount; item++) {
    for (let k = itemUsers.offsets[item]; k < itemUsers.offsets[item + 1]; k++) {
      const user = itemUsers.users[k];
      bounds[item] += histories.offsets[user + 1] - histories.offsets[user] - 1;
    }
  }
  return bounds;
}

function powers(values: Float64Array, exponent: number): Float64Array {
  return values.map((value) => Math.pow(value, exponent));
}

/** Computes each user's weight `1 / historyLength ^ exponent`. Users with an empty (masked) history weigh 0 and never count. */
function userWeights(histories: SparseRows, exponent: number): Float64Array {
  const weights = new Float64Array(histories.offsets.length - 1);
  for (let user = 0; user < weights.length; user++) {
    const length = histories.offsets[user + 1] - histories.offsets[user];
    weights[user] = length > 0 ? Math.pow(length, -exponent) : 0;
  }
  return weights;
}

interface SparseRows {
  readonly offsets: Int32Array;
  readonly values: Int32Array;
}

/** Each item's users in ascending order, with the item's position in each user's history. */
interface ItemUsers {
  readonly offsets: Int32Array;
  readonly users: Int32Array;
  readonly positions: Int32Array;
}

/** Returns each user's history after the masks, sorted by item index. */
function maskedHistories(data: TrainingData, options: NeighbourOptions): SparseRows {
  const { userMask, itemMask } = options;
  const userCount = data.users.size;
  const offsets = new Int32Array(userCount + 1);
  const values = new Int32Array(data.userItems.length);
  let length = 0;
  for (let user = 0; user < userCount; user++) {
    if (!userMask || userMask[user]) {
      for (let k = data.userOffsets[user]; k < data.userOffsets[user + 1]; k++) {
        const item = data.userItems[k];
        if (!itemMask || itemMask[item]) values[length++] = item;
      }
    }
    offsets[user + 1] = length;
    values.subarray(offsets[user], length).sort();
  }
  return { offsets, values: values.slice(0, length) };
}

function transpose(rows: SparseRows, columnCount: number): ItemUsers {
  const offsets = new Int32Array(columnCount + 1);
  for (const column of rows.values) offsets[column + 1]++;
  for (let column = 0; column < columnCount; column++) offsets[column + 1] += offsets[column];
  const fill = offsets.slice(0, columnCount);
  const users = new Int32Array(rows.values.length);
  const positions = new Int32Array(rows.values.length);
  for (let row = 0; row + 1 < rows.offsets.length; row++) {
    for (let k = rows.offsets[row]; k < rows.offsets[row + 1]; k++) {
      const slot = fill[rows.values[k]]++;
      users[slot] = row;
      positions[slot] = k;
    }
  }
  return { offsets, users, positions };
}
