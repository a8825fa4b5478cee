/** Indexes a dataset group's records for training: dense ids, per-user histories and item counts. */
import type { DatasetRecords, InteractionRecord } from '../schema/records';
import { IdIndex } from './catalogue';
import { InsufficientDataError } from './errors';

/** The service's training minimum: interactions, and users with at least two interactions. */
export const MIN_TRAINING_INTERACTIONS = 1000;
export const MIN_TRAINING_USERS = 25;

export interface TrainingData {
  /** Every item of the Items dataset and of the training interactions. */
  readonly items: IdIndex;
  readonly users: IdIndex;
  /**
   * Each user's distinct items in the order of their latest interaction, oldest first, as compressed sparse rows:
   * user `u` owns `userItems[userOffsets[u] .. userOffsets[u + 1])`.
   */
  readonly userOffsets: Int32Array;
  readonly userItems: Int32Array;
  /** Training interactions per item, repeats included. */
  readonly itemCounts: Float64Array;
  /** Unix epoch seconds of the newest training interaction; 0 without interactions. */
  readonly latestTimestamp: number;
  /** The share of training interactions that repeat an item the user had before. */
  readonly repeatRate: number;
  /** Training interactions of each user, repeats included, by user index. */
  readonly userEventCounts: Int32Array;
}

/** Keeps the interactions of one event type, or all when `eventType` is not set. */
export function selectInteractions(
  interactions: readonly InteractionRecord[],
  eventType: string | undefined,
): readonly InteractionRecord[] {
  return eventType === undefined ? interactions : interactions.filter((record) => record.eventType === eventType);
}

/** Raises `InsufficientDataError` when the interactions are below the service's training minimum. */
export function checkTrainingMinimum(interactions: readonly InteractionRecord[], eventType: string | undefined): void {
  const scope = eventType === undefined ? '' : ` of event type "${eventType}"`;
  if (interactions.length < MIN_TRAINING_INTERACTIONS) {
    throw new InsufficientDataError(
      `training data must contain at least ${MIN_TRAINING_INTERACTIONS} interactions${scope}, received ${interactions.length}`,
    );
  }
  const counts = new Map<string, number>();
  for (const record of interactions) {
    counts.set(record.userId, (counts.get(record.userId) ?? 0) + 1);
  }
  let usersWithTwo = 0;
  for (const count of counts.values()) {
    if (count >= 2) usersWithTwo++;
  }
  if (usersWithTwo < MIN_TRAINING_USERS) {
    throw new InsufficientDataError(
      `training data must contain at least ${MIN_TRAINING_USERS} users with 2 or more interactions${scope}, received ${usersWithTwo}`,
    );
  }
}

/** Builds the training index from records whose interactions are already selected by event type. */
export function indexTrainingData(data: DatasetRecords, interactions: readonly InteractionRecord[]): TrainingData {
  const items = new IdIndex();
  for (const item of data.items) items.add(item.itemId);
  const users = new IdIndex();
  const userOf = new Int32Array(interactions.length);
  const itemOf = new Int32Array(interactions.length);
  let latestTimestamp = 0;
  interactions.forEach((record, position) => {
    userOf[position] = users.add(record.userId);
    itemOf[position] = items.add(record.itemId);
    latestTimestamp = Math.max(latestTimestamp, record.timestamp);
  });

  const itemCounts = new Float64Array(items.size);
  const userEventCounts = new Int32Array(users.size);
  for (let position = 0; position < interactions.length; position++) {
    itemCounts[itemOf[position]]++;
    userEventCounts[userOf[position]]++;
  }
  const byUser = groupByUser(interactions, userOf, userEventCounts);
  const { userOffsets, userItems, repeats } = distinctHistories(byUser, itemOf, userEventCounts, items.size);
  const repeatRate = interactions.length === 0 ? 0 : repeats / interactions.length;
  return { items, users, userOffsets, userItems, itemCounts, latestTimestamp, repeatRate, userEventCounts };
}

/** Returns interaction positions grouped by user (counting sort), each group in time order. */
function groupByUser(
  interactions: readonly InteractionRecord[],
  userOf: Int32Array,
  userEventCounts: Int32Array,
): Int32Array {
  const starts = new Int32Array(userEventCounts.length + 1);
  for (let user = 0; user < userEventCounts.length; user++) starts[user + 1] = starts[user] + userEventCounts[user];
  const fill = starts.slice(0, userEventCounts.length);
  const positions = new Int32Array(interactions.length);
  for (let position = 0; position < interactions.length; position++) positions[fill[userOf[position]]++] = position;
  for (let user = 0; user < userEventCounts.length; user++) {
    const group = positions.subarray(starts[user], starts[user + 1]);
    // Stable by timestamp: equal timestamps keep their input order.
    group.sort((a, b) => interactions[a].timestamp - interactions[b].timestamp || a - b);
  }
  return positions;
}

function distinctHistories(
  byUser: Int32Array,
  itemOf: Int32Array,
  userEventCounts: Int32Array,
  itemCount: number,
): { userOffsets: Int32Array; userItems: Int32Array; repeats: number } {
  const seenBy = new Int32Array(itemCount).fill(-1);
  const userOffsets = new Int32Array(userEventCounts.length + 1);
  const distinct: number[] = [];
  let start = 0;
  let repeats = 0;
  for (let user = 0; user < userEventCounts.length; user++) {
    const end = start + userEventCounts[user];
    // Repeats count in time order; the history keeps each item at its latest interaction.
    for (let k = start; k < end; k++) {
      const item = itemOf[byUser[k]];
      if (seenBy[item] === user) repeats++;
      seenBy[item] = user;
    }
    const newestFirst: number[] = [];
    for (let k = end - 1; k >= start; k--) {
      const item = itemOf[byUser[k]];
      if (seenBy[item] === user) {
        newestFirst.push(item);
        seenBy[item] = -2 - user;
      }
    }
    for (let k = newestFirst.length - 1; k >= 0; k--) distinct.push(newestFirst[k]);
    userOffsets[user + 1] = distinct.length;
    start = end;
  }
  return { userOffsets, userItems: Int32Array.from(distinct), repeats };
}

/**
 * Returns a mask of the users whose distinct-history length lies within the given percentiles of all users' lengths.
 * The value of percentile `p` is the length at rank `floor(p * (n - 1))` of the sorted lengths.
 */
export function usersWithinPercentiles(data: TrainingData, minPercentile: number, maxPercentile: number): Uint8Array {
  const userCount = data.users.size;
  const lengths = new Float64Array(userCount);
  for (let user = 0; user < userCount; user++) lengths[user] = data.userOffsets[user + 1] - data.userOffsets[user];
  return withinPercentiles(lengths, minPercentile, maxPercentile);
}

/** Returns a mask of the values within the `minPercentile` and `maxPercentile` values of `values`. */
export function withinPercentiles(values: Float64Array, minPercentile: number, maxPercentile: number): Uint8Array {
  const mask = new Uint8Array(values.length);
  if (values.length === 0) return mask;
  const sorted = Float64Array.from(values).sort();
  const low = percentileOfSorted(sorted, minPercentile);
  const high = percentileOfSorted(sorted, maxPercentile);
  for (let k = 0; k < values.length; k++) mask[k] = values[k] >= low && values[k] <= high ? 1 : 0;
  return mask;
}

/** Returns the value at rank `floor(p * (n - 1))` of values sorted in ascending order; `sorted` must not be empty. */
export function percentileOfSorted(sorted: Float64Array, p: number): number {
  return sorted[Math.floor(p * (sorted.length - 1))];
}
