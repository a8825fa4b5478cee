/** Exploration: a share of the result slots goes to new or cold items, as the service's bandit does. */
import { InvalidInputError } from './errors';
import type { RandomSource } from './random';
import type { ExplorationSettings } from './types';

const SECONDS_PER_DAY = 86_400;

export function checkExplorationSettings(settings: ExplorationSettings): void {
  const { explorationWeight, explorationItemAgeCutOffDays } = settings;
  if (!(explorationWeight >= 0 && explorationWeight <= 1)) {
    throw new InvalidInputError(
      `explorationWeight must be a number from 0 to 1, received ${String(explorationWeight)}`,
    );
  }
  if (!(explorationItemAgeCutOffDays > 0 && Number.isFinite(explorationItemAgeCutOffDays))) {
    throw new InvalidInputError(
      `explorationItemAgeCutOffDays must be a number greater than 0, received ${String(explorationItemAgeCutOffDays)}`,
    );
  }
}

export interface ExplorationCatalogue {
  readonly itemCount: number;
  /** Training interactions per item; items added after training are beyond its end and count as 0. */
  readonly itemCounts: Float64Array;
  /** `CREATION_TIMESTAMP` by item index, Unix epoch seconds. */
  readonly creationTimes: ReadonlyMap<number, number>;
  /** The newest interaction timestamp, from which item age is measured. */
  readonly latestTimestamp: number;
}

/**
 * Returns the items exploration may pick: items without training interactions, and items created within
 * `cutOffDays` of the newest interaction.
 */
export function explorationCandidates(catalogue: ExplorationCatalogue, cutOffDays: number): number[] {
  const newest = catalogue.latestTimestamp - cutOffDays * SECONDS_PER_DAY;
  const candidates: number[] = [];
  for (let item = 0; item < catalogue.itemCount; item++) {
    const cold = !(catalogue.itemCounts[item] > 0);
    const created = catalogue.creationTimes.get(item);
    if (cold || (created !== undefined && created >= newest)) candidates.push(item);
  }
  return candidates;
}

/**
 * Fills `count` slots: each slot explores with probability `weight` and then takes a random candidate; otherwise it
 * takes the next item of `ranking`. Either source falls back to the other when it runs out of accepted items.
 */
export function interleave(
  ranking: Iterator<number>,
  candidates: readonly number[],
  count: number,
  weight: number,
  random: RandomSource,
  accept: (item: number) => boolean,
): number[] {
  const listed = new Set<number>();
  const pool = candidates.slice();
  let remaining = pool.length;
  const drawCandidate = (): number | undefined => {
    while (remaining > 0) {
      const slot = Math.floor(random() * remaining);
      const item = pool[slot];
      pool[slot] = pool[--remaining];
      if (!listed.has(item) && accept(item)) return item;
    }
    return undefined;
  };
  const nextRanked = (): number | undefined => {
    for (let step = ranking.next(); !step.done; step = ranking.next()) {
      if (!listed.has(step.value) && accept(step.value)) return step.value;
    }
    return undefined;
  };
  const items: number[] = [];
  while (items.length < count) {
    const explore = random() < weight;
    let item = explore ? drawCandidate() : nextRanked();
    if (item === undefined) item = explore ? nextRanked() : drawCandidate();
    if (item === undefined) break;
    listed.add(item);
    items.push(item);
  }
  return items;
}
