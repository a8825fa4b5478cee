/** Offline evaluation with the protocol of GetSolutionMetrics. */
import type { DatasetRecords, InteractionRecord } from '../schema/records';
import { ndcgAtK, precisionAtK, reciprocalRankAtK } from './metrics';
import { createRandom, hashSeed, shuffleInPlace } from './random';
import { DEFAULT_SEED, trainEvaluable } from './train';
import { selectInteractions } from './training-data';
import type { RecipeName, SolutionMetrics, TrainingOptions } from './types';

/** The share of users evaluated, and the share of each evaluated user's newest interactions held out. */
export const EVALUATED_USER_SHARE = 0.1;
export const HELD_OUT_SHARE = 0.1;
const LIST_LENGTH = 25;

interface HeldOutUser {
  readonly userId: string;
  readonly relevant: ReadonlySet<string>;
  /** The newest interaction left in training, the query item of related-item recipes. */
  readonly lastItemId: string;
}

/**
 * Trains `recipe` without the held-out interactions and measures its top 25 for the evaluated users. These are a seeded
 * choice of 10% of the users with 2 or more interactions (at least 1 user). Each has the newest 10% of their
 * interactions (at least 1) held out, and the rest stays in training as their history. Coverage is the share of
 * catalogue items that appear in any evaluated user's list. Exploration and filters take no part.
 */
export function evaluate(recipe: RecipeName, data: DatasetRecords, options: TrainingOptions = {}): SolutionMetrics {
  const interactions = selectInteractions(data.interactions, options.eventType);
  const { training, heldOut } = splitInteractions(interactions, options.seed ?? DEFAULT_SEED);
  const model = trainEvaluable(recipe, { ...data, interactions: training }, options);

  const totals = { mrr: 0, ndcg5: 0, ndcg10: 0, ndcg25: 0, p5: 0, p10: 0, p25: 0 };
  const covered = new Set<string>();
  for (const user of heldOut) {
    const list = model.evaluationList(user.userId, user.lastItemId, LIST_LENGTH);
    for (const itemId of list) covered.add(itemId);
    totals.mrr += reciprocalRankAtK(list, user.relevant, 25);
    totals.ndcg5 += ndcgAtK(list, user.relevant, 5);
    totals.ndcg10 += ndcgAtK(list, user.relevant, 10);
    totals.ndcg25 += ndcgAtK(list, user.relevant, 25);
    totals.p5 += precisionAtK(list, user.relevant, 5);
    totals.p10 += precisionAtK(list, user.relevant, 10);
    totals.p25 += precisionAtK(list, user.relevant, 25);
  }
  const mean = (total: number) => (heldOut.length === 0 ? 0 : total / heldOut.length);
  const catalogueSize = model.catalogueSize();
  return {
    coverage: catalogueSize === 0 ? 0 : covered.size / catalogueSize,
    mean_reciprocal_rank_at_25: mean(totals.mrr),
    normalized_discounted_cumulative_gain_at_5: mean(totals.ndcg5),
    normalized_discounted_cumulative_gain_at_10: mean(totals.ndcg10),
    normalized_discounted_cumulative_gain_at_25: mean(totals.ndcg25),
    precision_at_5: mean(totals.p5),
    precision_at_10: mean(totals.p10),
    precision_at_25: mean(totals.p25),
  };
}

/** Splits interactions into training and the evaluated users' held-out newest interactions. */
export function splitInteractions(
  interactions: readonly InteractionRecord[],
  seed: number,
): { training: InteractionRecord[]; heldOut: HeldOutUser[] } {
  const byUser = new Map<string, InteractionRecord[]>();
  for (const record of interactions) {
    const list = byUser.get(record.userId);
    if (list) list.push(record);
    else byUser.set(record.userId, [record]);
  }
  const eligible = [...byUser.keys()].filter((userId) => byUser.get(userId)!.length >= 2).sort();
  shuffleInPlace(eligible, createRandom(hashSeed(seed, 'evaluation')));
  const evaluatedCount = Math.min(eligible.length, Math.max(1, Math.round(byUser.size * EVALUATED_USER_SHARE)));
  const evaluated = new Set(eligible.slice(0, evaluatedCount));

  const heldOutRecords = new Set<InteractionRecord>();
  const heldOut: HeldOutUser[] = [];
  for (const userId of eligible.slice(0, evaluatedCount)) {
    // Stable sort: equal timestamps keep their input order.
    const history = byUser
      .get(userId)!
      .slice()
      .sort((a, b) => a.timestamp - b.timestamp);
    const holdCount = Math.max(1, Math.floor(history.length * HELD_OUT_SHARE));
    const newest = history.slice(history.length - holdCount);
    for (const record of newest) heldOutRecords.add(record);
    heldOut.push({
      userId,
      relevant: new Set(newest.map((record) => record.itemId)),
      lastItemId: history[history.length - holdCount - 1].itemId,
    });
  }
  const training =
    evaluated.size === 0 ? interactions.slice() : interactions.filter((record) => !heldOutRecords.has(record));
  return { training, heldOut };
}
