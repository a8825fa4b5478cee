/**
 * The request path of user-personalization: the best accepted items of a user's ranked affinities, read in ranking
 * order so that a request touches only the items it returns or rejects, not the whole catalogue.
 */
import type { RankedAffinity } from './affinity-cache';
import { interleave } from './exploration';
import type { RandomSource } from './random';
import type { ScoredItem } from './types';

/** The parts of the catalogue that order items without affinity and normalize scores. */
export interface RankingCatalogue {
  /** Every trained item, most popular first. */
  readonly popular: Int32Array;
  /** Position of each trained item in `popular`, which breaks ties between equal logits. */
  readonly popularityRank: Int32Array;
  /** Items indexed at training; later items have larger indexes and no neighbours. */
  readonly trainedItemCount: number;
  /** Items in the catalogue now, including those added after training. */
  readonly itemCount: number;
}

/** One request, as the ranking walk takes it. */
export interface RankingRequest {
  readonly numResults: number;
  readonly accept?: (itemId: string) => boolean;
  /** Item ids by item index. */
  readonly ids: readonly string[];
  /** This request's random source, used only when it explores. */
  readonly random: RandomSource;
  readonly explorationWeight: number;
  /** Returns the items exploration may pick; called only when `explorationWeight` is above 0. */
  readonly explorationCandidates: () => readonly number[];
}

/**
 * Returns a request's items, best first with scores, from a user's ranked affinities. Without exploration, the walk
 * stops at `numResults` accepted items. With exploration, each slot explores with probability `explorationWeight`, as
 * `interleave` decides.
 */
export function recommendFromRanking(
  entry: RankedAffinity,
  catalogue: RankingCatalogue,
  marks: RankMarks,
  request: RankingRequest,
): ScoredItem[] {
  const { ids, accept, numResults, explorationWeight } = request;
  const acceptIndex = accept && ((item: number) => accept(ids[item]));
  if (!(explorationWeight > 0)) {
    return scoreBestFirst(selectTop(entry, catalogue, numResults, acceptIndex, marks), entry, catalogue, ids);
  }
  marks.mark(entry.ranked, catalogue.itemCount);
  const order = rankingOrder(entry, catalogue, marks);
  const candidates = request.explorationCandidates();
  const items = interleave(
    order,
    candidates,
    numResults,
    explorationWeight,
    request.random,
    acceptIndex ?? (() => true),
  );
  return scoreBestFirst(logitsOf(items, entry, marks), entry, catalogue, ids);
}

/** Items picked for a response, with the logit of each at the same index. */
export interface Selection {
  readonly items: number[];
  readonly logits: number[];
}

/**
 * Marks one user's ranked items with their ranking positions in arrays reused across requests, so that membership and
 * logit lookups for arbitrary items allocate nothing. Each `mark` call replaces the previous marks.
 */
export class RankMarks {
  private stamps = new Uint32Array(0);
  private positions = new Int32Array(0);
  private generation = 0;

  mark(ranked: Int32Array, itemCount: number): void {
    if (this.stamps.length < itemCount) {
      const size = Math.max(itemCount, Math.ceil(this.stamps.length * 1.5));
      this.stamps = new Uint32Array(size);
      this.positions = new Int32Array(size);
      this.generation = 0;
    }
    this.generation++;
    if (this.generation === 0xffffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
    for (let k = 0; k < ranked.length; k++) {
      this.stamps[ranked[k]] = this.generation;
      this.positions[ranked[k]] = k;
    }
  }

  /** Returns the item's position in the marked ranking, or -1 when it is not there. */
  positionOf(item: number): number {
    return item < this.stamps.length && this.stamps[item] === this.generation ? this.positions[item] : -1;
  }
}

/**
 * Selects the first `count` accepted items of the ranking order: ranked items, then popular items without affinity,
 * then items added after training. `accept` is called in that order and only until `count` items are found.
 */
export function selectTop(
  entry: RankedAffinity,
  catalogue: RankingCatalogue,
  count: number,
  accept: ((item: number) => boolean) | undefined,
  marks: RankMarks,
): Selection {
  const items: number[] = [];
  const logits: number[] = [];
  const { ranked } = entry;
  for (let k = 0; k < ranked.length && items.length < count; k++) {
    if (accept === undefined || accept(ranked[k])) {
      items.push(ranked[k]);
      logits.push(entry.logits[k]);
    }
  }
  // Ranked items are trained items, so a ranking as long as `popular` leaves no popular item to add.
  const { popular, trainedItemCount, itemCount } = catalogue;
  if (items.length < count && ranked.length < popular.length) {
    marks.mark(ranked, itemCount);
    for (let k = 0; k < popular.length && items.length < count; k++) {
      const item = popular[k];
      if (marks.positionOf(item) < 0 && (accept === undefined || accept(item))) {
        items.push(item);
        logits.push(0);
      }
    }
  }
  for (let item = trainedItemCount; item < itemCount && items.length < count; item++) {
    if (accept === undefined || accept(item)) {
      items.push(item);
      logits.push(0);
    }
  }
  return { items, logits };
}

/** Yields every item once in ranking order, as `selectTop` walks it. `marks` must hold `entry.ranked`. */
export function* rankingOrder(entry: RankedAffinity, catalogue: RankingCatalogue, marks: RankMarks): Generator<number> {
  yield* entry.ranked;
  if (entry.ranked.length < catalogue.popular.length) {
    for (const item of catalogue.popular) if (marks.positionOf(item) < 0) yield item;
  }
  for (let item = catalogue.trainedItemCount; item < catalogue.itemCount; item++) yield item;
}

/** Looks up the logits of arbitrary items, for example explored ones. `marks` must hold `entry.ranked`. */
export function logitsOf(items: readonly number[], entry: RankedAffinity, marks: RankMarks): Selection {
  const logits = items.map((item) => {
    const position = marks.positionOf(item);
    return position < 0 ? 0 : entry.logits[position];
  });
  return { items: items.slice(), logits };
}

/**
 * Sorts a selection by descending logit and scores it with a softmax over the whole catalogue, in which every item
 * outside `entry.ranked` has logit 0. Equal logits follow popularity order, and items added after training come last
 * in the order they were added.
 */
export function scoreBestFirst(
  selection: Selection,
  entry: RankedAffinity,
  catalogue: RankingCatalogue,
  ids: readonly string[],
): ScoredItem[] {
  const rank = catalogue.popularityRank;
  const entries = selection.items.map((item, k) => ({
    item,
    logit: selection.logits[k],
    // Items added after training have indexes beyond every popularity rank.
    tieOrder: item < rank.length ? rank[item] : item,
  }));
  entries.sort((a, b) => b.logit - a.logit || a.tieOrder - b.tieOrder);
  const denominator = entry.positiveSum + (catalogue.itemCount - entry.ranked.length);
  return entries.map(({ item, logit }) => ({ itemId: ids[item], score: Math.exp(logit) / denominator }));
}
