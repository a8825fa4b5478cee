/**
 * User-personalization and personalized ranking: an item-neighbourhood model whose user side is folded in from the
 * user's history at request time, so that real-time events count at once.
 */
import type { InteractionRecord, ItemRecord, UserRecord } from '../schema/records';
import {
  computeAffinity,
  logitOf,
  popularityAffinity,
  scaleAffinity,
  SCORE_SHARPNESS,
  type Affinity,
  type AffinitySettings,
} from './affinity';
import { AffinityCache, toRankedAffinity, type RankedAffinity } from './affinity-cache';
import { ContextStatistics } from './context';
import type { EvaluableModel } from './evaluable';
import { checkExplorationSettings, explorationCandidates, interleave } from './exploration';
import type { UserPersonalizationHyperparameters } from './hyperparameters';
import { computeNeighbours } from './neighbours';
import { remapNeighbours, type TrainedNeighbours } from './update';
import { popularityOrder } from './popularity';
import { createRandom, hashSeed, type RandomSource } from './random';
import {
  checkInputList,
  checkNumResults,
  requireField,
  unsupportedRanking,
  unsupportedRecommendations,
} from './requests';
import { RankMarks, recommendFromRanking, type RankingCatalogue } from './top-items';
import { usersWithinPercentiles, type TrainingData } from './training-data';
import type { ExplorationSettings, RankRequest, RecipeName, RecommendRequest, ScoredItem } from './types';

/**
 * Neighbours kept per item. This and the similarity settings below were chosen on MovieLens: latest-small under the
 * evaluation protocol of `evaluate`, and 100K with a random 80/20 split (`bench/scorer.bench.ts` measures both).
 * Similarity is `co(i, j) / (n_i ^ 0.5 * n_j ^ 0.6)` with each user's co-occurrences weighted by
 * `1 / sqrt(historyLength)`, so popular neighbours and users with very long histories count a little less.
 */
export const USER_PERSONALIZATION_NEIGHBOURS = 200;

export interface PersonalizationSettings {
  readonly recipe: RecipeName;
  readonly hyperparameters: UserPersonalizationHyperparameters;
  readonly eventType?: string;
  readonly seed: number;
  /**
   * `straightforward` builds, sorts and normalizes the whole affinity vector on every request, with no cache. Tests
   * use it as the reference that the default `optimized` path must match exactly. Default: `optimized`.
   */
  readonly requestPath?: 'optimized' | 'straightforward';
  /** For training mode UPDATE: the neighbours of the model being updated, reused instead of computed. */
  readonly updateFrom?: TrainedNeighbours;
}

export class PersonalizationModel implements EvaluableModel {
  readonly recipe: RecipeName;
  readonly returnsScores = true;
  private readonly ranking: boolean;
  private readonly affinitySettings: AffinitySettings;
  private readonly popular: Int32Array;
  private readonly trainedItemCount: number;
  /** Popularity logits for users without history, and their softmax denominator over the trained items. */
  private readonly popularityLogits: Float64Array;
  private readonly popularityDenominator: number;
  /** Histories changed by real-time events, by user index; other users read theirs from the training data. */
  private readonly liveHistories = new Map<number, number[]>();
  /** By user index: how often each item was in an impression of that user without being chosen. */
  private readonly skippedItems = new Map<number, Map<number, number>>();
  private readonly requestCounts = new Map<string, number>();
  private readonly creationTimes = new Map<number, number>();
  private readonly contextStatistics: ContextStatistics;
  private latestTimestamp: number;
  /** Ranked affinities by user index, without context. An event of a user deletes that user's entry. */
  private readonly affinityCache = new AffinityCache();
  /** The ranking of users without history: every trained item by popularity, with the popularity logits. */
  private readonly popularityRanking: RankedAffinity;
  private readonly marks = new RankMarks();
  /** Counts changes to the items, their creation times and the latest timestamp, which exploration candidates read. */
  private catalogueVersion = 0;
  private explorationCandidateCache?: { cutOffDays: number; catalogueVersion: number; items: number[] };

  constructor(
    private readonly data: TrainingData,
    private readonly settings: PersonalizationSettings,
    items: readonly ItemRecord[],
    interactions: readonly InteractionRecord[],
  ) {
    this.recipe = settings.recipe;
    this.ranking = settings.recipe.startsWith('aws-personalized-ranking');
    const hyperparameters = settings.hyperparameters;
    const neighbours = settings.updateFrom
      ? remapNeighbours(settings.updateFrom, data.items)
      : computeNeighbours(data, {
          maxNeighbours: USER_PERSONALIZATION_NEIGHBOURS,
          popularityDiscount: 0.6,
          queryDiscount: 0.5,
          userWeightExponent: 0.5,
          minCoOccurrence: 1,
          userMask: usersWithinPercentiles(
            data,
            hyperparameters.min_user_history_length_percentile,
            hyperparameters.max_user_history_length_percentile,
          ),
        });
    this.popular = popularityOrder(data);
    const popularityRank = new Int32Array(this.popular.length);
    this.popular.forEach((item, rank) => (popularityRank[item] = rank));
    this.affinitySettings = {
      neighbours,
      recencyMask: hyperparameters.recency_mask,
      // On data without repeats the repeat factor gives every item the user had the same affinity. Ranking skips it,
      // because the caller's list often consists of such items and should still come back in order of affinity.
      repeatRate: this.ranking ? 1 : data.repeatRate,
      popularityRank,
    };
    this.trainedItemCount = data.items.size;
    this.latestTimestamp = data.latestTimestamp;
    const maxLog = Math.log1p(data.itemCounts.reduce((max, count) => Math.max(max, count), 0));
    this.popularityLogits = data.itemCounts.map((count) =>
      maxLog > 0 ? (SCORE_SHARPNESS * Math.log1p(count)) / maxLog : 0,
    );
    this.popularityDenominator = this.popularityLogits.reduce((sum, logit) => sum + Math.exp(logit), 0);
    this.popularityRanking = {
      ranked: this.popular,
      logits: Float64Array.from(this.popular, (item) => this.popularityLogits[item]),
      positiveSum: this.popularityDenominator,
    };
    this.putItems(items);
    for (const record of interactions) this.recordImpression(record);
    this.contextStatistics = new ContextStatistics(interactions, data.items, data.itemCounts);
  }

  /** The trained parameters that a training with mode UPDATE carries over. */
  get trainedNeighbours(): TrainedNeighbours {
    return { neighbours: this.affinitySettings.neighbours, items: this.data.items };
  }

  /** Number of users whose ranked affinities are cached now. */
  get cachedAffinityUsers(): number {
    return this.affinityCache.size;
  }

  recommend(request: RecommendRequest): ScoredItem[] {
    if (this.ranking) throw unsupportedRecommendations(this.recipe);
    const userId = requireField(request.userId, 'userId', this.recipe);
    checkNumResults(request.numResults);
    const exploration = this.explorationFor(request.exploration);
    const lifts = this.contextStatistics.lifts(request.context, this.data.items.size);
    // Context lifts differ by request, so requests with a known context value take the path that sorts per request.
    if (this.settings.requestPath === 'straightforward' || lifts !== undefined) {
      return this.recommendStraightforward(userId, request, exploration, lifts);
    }
    const weight = exploration?.explorationWeight ?? 0;
    return recommendFromRanking(this.rankedAffinityOf(userId), this.rankingCatalogue(), this.marks, {
      numResults: request.numResults,
      accept: request.accept,
      ids: this.data.items.ids,
      random: this.nextRandom(userId),
      explorationWeight: weight,
      explorationCandidates: () => this.cachedExplorationCandidates(exploration!.explorationItemAgeCutOffDays),
    });
  }

  /**
   * Builds the affinity vector, sorts it and normalizes the scores for this request alone. Requests with context lifts
   * take this path, and tests compare it with the cached path of `recommend`.
   */
  private recommendStraightforward(
    userId: string,
    request: RecommendRequest,
    exploration: ExplorationSettings | undefined,
    lifts: Float64Array | undefined,
  ): ScoredItem[] {
    const affinity = this.affinityOf(userId, lifts);
    const ids = this.data.items.ids;
    const accept = request.accept;
    const acceptIndex = accept ? (item: number) => accept(ids[item]) : () => true;
    const random = this.nextRandom(userId);
    const weight = exploration?.explorationWeight ?? 0;
    const candidates =
      weight > 0 ? explorationCandidates(this.explorationCatalogue(), exploration!.explorationItemAgeCutOffDays) : [];
    const items = interleave(this.order(affinity), candidates, request.numResults, weight, random, acceptIndex);
    return this.withScores(this.bestFirst(items, affinity), affinity);
  }

  /** Seeds a request's random choices from the training seed, the user id and that user's request count. */
  private nextRandom(userId: string): RandomSource {
    const requestCount = this.requestCounts.get(userId) ?? 0;
    this.requestCounts.set(userId, requestCount + 1);
    return createRandom(hashSeed(this.settings.seed, userId, requestCount));
  }

  rank(request: RankRequest): ScoredItem[] {
    if (!this.ranking) throw unsupportedRanking(this.recipe);
    const userId = requireField(request.userId, 'userId', this.recipe);
    checkInputList(request.inputList);
    const accept = request.accept ?? (() => true);
    const affinity = this.affinityOf(userId, this.contextStatistics.lifts(request.context, this.data.items.size));
    const known: { itemId: string; item: number; logit: number }[] = [];
    const unknown: string[] = [];
    for (const itemId of request.inputList) {
      if (!accept(itemId)) continue;
      const item = this.data.items.indexOf(itemId);
      // Items without training interactions were not in the training data, so the service gives them score 0.
      if (item === undefined || !(this.data.itemCounts[item] > 0)) unknown.push(itemId);
      else known.push({ itemId, item, logit: this.logit(item, affinity) });
    }
    const rank = this.affinitySettings.popularityRank;
    known.sort((a, b) => b.logit - a.logit || rank[a.item] - rank[b.item]);
    const denominator = known.reduce((sum, entry) => sum + Math.exp(entry.logit), 0);
    return [
      ...known.map((entry) => ({ itemId: entry.itemId, score: Math.exp(entry.logit) / denominator })),
      ...unknown.map((itemId) => ({ itemId, score: 0 })),
    ];
  }

  addInteractions(interactions: readonly InteractionRecord[]): void {
    const eventType = this.settings.eventType;
    const selected = interactions
      .filter((record) => eventType === undefined || record.eventType === eventType)
      .slice()
      .sort((a, b) => a.timestamp - b.timestamp);
    for (const record of selected) {
      const user = this.data.users.add(record.userId);
      const item = this.data.items.add(record.itemId);
      this.historyOf(user, true).push(item);
      this.affinityCache.delete(user);
      this.latestTimestamp = Math.max(this.latestTimestamp, record.timestamp);
      this.recordImpression(record);
    }
    if (selected.length > 0) this.catalogueVersion++;
  }

  putItems(items: readonly ItemRecord[]): void {
    for (const record of items) {
      const item = this.data.items.add(record.itemId);
      const created = record.fields.CREATION_TIMESTAMP;
      if (typeof created === 'number') this.creationTimes.set(item, created);
      else this.creationTimes.delete(item);
    }
    if (items.length > 0) this.catalogueVersion++;
  }

  /** User metadata does not take part in the item-neighbourhood model. */
  putUsers(_users: readonly UserRecord[]): void {}

  evaluationList(userId: string, _lastItemId: string | undefined, count: number): string[] {
    const order = this.order(this.affinityOf(userId));
    const ids = this.data.items.ids;
    const result: string[] = [];
    for (let step = order.next(); !step.done && result.length < count; step = order.next())
      result.push(ids[step.value]);
    return result;
  }

  catalogueSize(): number {
    return this.data.items.size;
  }

  /** Counts the items of an interaction's impression that the user did not choose. */
  private recordImpression(record: InteractionRecord): void {
    if (!record.impression || record.impression.length === 0) return;
    const user = this.data.users.add(record.userId);
    let skipped = this.skippedItems.get(user);
    if (skipped === undefined) {
      skipped = new Map();
      this.skippedItems.set(user, skipped);
    }
    for (const shown of record.impression) {
      const item = this.data.items.indexOf(shown);
      // Items unknown to the model have no affinity to lower.
      if (shown === record.itemId || item === undefined) continue;
      skipped.set(item, (skipped.get(item) ?? 0) + 1);
    }
  }

  private historyOf(user: number, forUpdate: boolean): number[] {
    let history = this.liveHistories.get(user);
    if (history === undefined) {
      const { userOffsets, userItems } = this.data;
      history =
        user + 1 < userOffsets.length ? Array.from(userItems.subarray(userOffsets[user], userOffsets[user + 1])) : [];
      if (forUpdate) this.liveHistories.set(user, history);
    }
    return history;
  }

  /**
   * Returns the user's affinities, scaled by the context's lifts when the context occurred in training. Returns
   * undefined for a user without history and without such a context, whom plain popularity then ranks.
   */
  private affinityOf(userId: string, lifts?: Float64Array): Affinity | undefined {
    const itemCount = this.data.items.size;
    const user = this.data.users.indexOf(userId);
    const history = user === undefined ? [] : this.historyOf(user, false);
    const { popularityRank } = this.affinitySettings;
    if (history.length === 0) {
      return lifts && popularityAffinity(this.data.itemCounts, lifts, popularityRank);
    }
    const affinity = computeAffinity(history, itemCount, this.affinitySettings, this.skippedItems.get(user!));
    return lifts ? scaleAffinity(affinity, lifts, popularityRank) : affinity;
  }

  /**
   * Returns the user's ranked affinities without context from the cache, computing and caching them on a miss. Users
   * without history share the popularity ranking, which is never cached.
   */
  private rankedAffinityOf(userId: string): RankedAffinity {
    const user = this.data.users.indexOf(userId);
    if (user === undefined) return this.popularityRanking;
    let entry = this.affinityCache.get(user);
    if (entry === undefined) {
      const affinity = this.affinityOf(userId);
      if (affinity === undefined) return this.popularityRanking;
      entry = toRankedAffinity(affinity);
      this.affinityCache.set(user, entry);
    }
    return entry;
  }

  private rankingCatalogue(): RankingCatalogue {
    return {
      popular: this.popular,
      popularityRank: this.affinitySettings.popularityRank,
      trainedItemCount: this.trainedItemCount,
      itemCount: this.data.items.size,
    };
  }

  /** Returns the exploration candidates, computed again only after an event or an item changed the catalogue. */
  private cachedExplorationCandidates(cutOffDays: number): number[] {
    const cached = this.explorationCandidateCache;
    if (cached?.cutOffDays === cutOffDays && cached.catalogueVersion === this.catalogueVersion) return cached.items;
    const items = explorationCandidates(this.explorationCatalogue(), cutOffDays);
    this.explorationCandidateCache = { cutOffDays, catalogueVersion: this.catalogueVersion, items };
    return items;
  }

  /** Yields every item once: by affinity, then by popularity, then items added after training. */
  private *order(affinity: Affinity | undefined): Generator<number> {
    if (affinity) yield* affinity.ranked;
    for (const item of this.popular) {
      if (!affinity || !(affinity.values[item] > 0)) yield item;
    }
    for (let item = this.trainedItemCount; item < this.data.items.size; item++) yield item;
  }

  private logit(item: number, affinity: Affinity | undefined): number {
    if (affinity) return logitOf(affinity.values[item] ?? 0, affinity.max);
    return this.popularityLogits[item] ?? 0;
  }

  /**
   * Sorts items by descending score, so that explored items leave the slots they were drawn for. Equal scores follow
   * popularity order, with items added after training last in the order they were added.
   */
  private bestFirst(items: readonly number[], affinity: Affinity | undefined): number[] {
    const rank = this.affinitySettings.popularityRank;
    const entries = items.map((item) => ({
      item,
      logit: this.logit(item, affinity),
      // Items added after training have indexes beyond every popularity rank.
      tieOrder: item < rank.length ? rank[item] : item,
    }));
    entries.sort((a, b) => b.logit - a.logit || a.tieOrder - b.tieOrder);
    return entries.map((entry) => entry.item);
  }

  /** Scores are a softmax over every item of the catalogue; items without affinity have logit 0. */
  private withScores(items: readonly number[], affinity: Affinity | undefined): ScoredItem[] {
    const itemCount = this.data.items.size;
    let denominator: number;
    if (affinity) {
      let positive = 0;
      for (const item of affinity.ranked) positive += Math.exp(this.logit(item, affinity));
      denominator = positive + (itemCount - affinity.ranked.length);
    } else {
      denominator = this.popularityDenominator + (itemCount - this.trainedItemCount);
    }
    const ids = this.data.items.ids;
    return items.map((item) => ({ itemId: ids[item], score: Math.exp(this.logit(item, affinity)) / denominator }));
  }

  private explorationFor(requested: ExplorationSettings | undefined): ExplorationSettings | undefined {
    if (requested) {
      checkExplorationSettings(requested);
      return requested;
    }
    const { explicit, exploration_weight, exploration_item_age_cut_off } = this.settings.hyperparameters;
    if (!explicit.has('exploration_weight') && !explicit.has('exploration_item_age_cut_off')) return undefined;
    return { explorationWeight: exploration_weight, explorationItemAgeCutOffDays: exploration_item_age_cut_off };
  }

  private explorationCatalogue() {
    return {
      itemCount: this.data.items.size,
      itemCounts: this.data.itemCounts,
      creationTimes: this.creationTimes,
      latestTimestamp: this.latestTimestamp,
    };
  }
}
