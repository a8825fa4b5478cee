import type { InteractionRecord } from '../../schema/records';
import { train, type Model, type ScoredItem } from '../../scorer';
import { clusteredData, groupOf, interaction, itemOf, SMALL } from './fixtures';

const ids = (list: readonly ScoredItem[]) => list.map((entry) => entry.itemId);
const realtime = (userId: string, itemId: string, timestamp: number, eventType?: string): InteractionRecord => ({
  ...interaction(userId, itemId, timestamp, eventType),
  source: 'realtime',
});
const data = clusteredData();
const CATALOGUE_SIZE = data.items.length;

function expectValidScores(list: readonly ScoredItem[]): void {
  const scores = list.map((entry) => entry.score ?? Number.NaN);
  for (const score of scores) expect(score).toBeGreaterThanOrEqual(0);
  for (let k = 1; k < scores.length; k++) expect(scores[k]).toBeLessThanOrEqual(scores[k - 1]);
  expect(scores.reduce((sum, score) => sum + score, 0)).toBeLessThanOrEqual(1 + 1e-12);
}

describe('user-personalization', () => {
  let model: Model;
  beforeEach(() => {
    model = train('aws-user-personalization', data, SMALL);
  });

  test('recommends the user’s group first', () => {
    const result = ids(model.recommend({ userId: 'u1', numResults: 5 }));
    expect(result.map(groupOf)).toEqual([1, 1, 1, 1, 1]);
  });

  test('scores are a softmax over all items', () => {
    const top = model.recommend({ userId: 'u1', numResults: 5 });
    expectValidScores(top);
    const all = model.recommend({ userId: 'u1', numResults: CATALOGUE_SIZE });
    expectValidScores(all);
    expect(all.reduce((sum, entry) => sum + (entry.score ?? 0), 0)).toBeCloseTo(1, 10);
  });

  test('keeps items the user already had, after unseen ones', () => {
    const history = data.interactions.filter((record) => record.userId === 'u1').map((record) => record.itemId);
    const all = ids(model.recommend({ userId: 'u1', numResults: CATALOGUE_SIZE }));
    expect(all).toEqual(expect.arrayContaining(history));
    // The training data has no repeats, so the six unseen items of the user's group come before the history.
    expect(all.slice(0, 6).filter((itemId) => history.includes(itemId))).toEqual([]);
    expect(all.slice(0, 6).map(groupOf)).toEqual(Array(6).fill(1));
  });

  test('unknown user gets popular items with scores', () => {
    const popular = train('aws-popularity-count', data, SMALL).recommend({ userId: 'x', numResults: 10 });
    const result = model.recommend({ userId: 'stranger', numResults: 10 });
    expect(ids(result)).toEqual(ids(popular));
    expectValidScores(result);
  });

  test('events count at once', () => {
    model.addInteractions([realtime('newcomer', itemOf(2, 0), 1), realtime('newcomer', itemOf(2, 1), 2)]);
    expect(ids(model.recommend({ userId: 'newcomer', numResults: 4 })).map(groupOf)).toEqual([2, 2, 2, 2]);
    model.addInteractions([0, 1, 2, 3, 4].map((k) => realtime('newcomer', itemOf(0, k), 10 + k)));
    expect(groupOf(model.recommend({ userId: 'newcomer', numResults: 1 })[0].itemId)).toBe(0);
  });

  test('accept skips items and keeps numResults', () => {
    const result = ids(model.recommend({ userId: 'u1', numResults: 8, accept: (itemId) => groupOf(itemId) !== 1 }));
    expect(result).toHaveLength(8);
    expect(result.filter((itemId) => groupOf(itemId) === 1)).toEqual([]);
  });

  test('event type trains and folds in only that type', () => {
    const mixed = {
      ...data,
      interactions: data.interactions.map((record) => ({ ...record, eventType: 'watch' })),
    };
    const watchOnly = train('aws-user-personalization', mixed, { ...SMALL, eventType: 'watch' });
    watchOnly.addInteractions([0, 1, 2].map((k) => realtime('clicker', itemOf(2, k), k, 'click')));
    const popular = train('aws-popularity-count', mixed, SMALL).recommend({ userId: 'x', numResults: 5 });
    expect(ids(watchOnly.recommend({ userId: 'clicker', numResults: 5 }))).toEqual(ids(popular));
  });

  test('impressions lower items shown but not chosen', () => {
    const [first, second] = ids(model.recommend({ userId: 'u1', numResults: 2 }));
    const chosen = data.interactions.find((record) => record.userId === 'u1')!.itemId;
    // Each event repeats an item the user already had, so the history stays the same apart from order.
    model.addInteractions(
      [1, 2, 3].map((k) => ({ ...realtime('u1', chosen, 2e9 + k), impression: [first, second, chosen] })),
    );
    const after = ids(model.recommend({ userId: 'u1', numResults: 8 }));
    expect(after.slice(0, 2)).not.toContain(first);
    expect(after.slice(0, 2)).not.toContain(second);
    expect(after).toContain(first);
  });

  test('new items are recommendable at once', () => {
    model.putItems([{ itemId: 'fresh', fields: { CREATION_TIMESTAMP: 1_700_000_000 } }]);
    const all = ids(model.recommend({ userId: 'u1', numResults: CATALOGUE_SIZE + 1 }));
    expect(all).toHaveLength(CATALOGUE_SIZE + 1);
    expect(all[all.length - 1]).toBe('fresh');
  });
});

describe('recency_mask', () => {
  // Five older items of group 0, then four newer items of group 2.
  const history = [
    ...[0, 1, 2, 3, 4].map((k) => realtime('shifter', itemOf(0, k), 100 + k)),
    ...[0, 1, 2, 3].map((k) => realtime('shifter', itemOf(2, k), 200 + k)),
  ];
  const topGroup = (recencyMask: string) => {
    const model = train('aws-user-personalization', data, { ...SMALL, hyperparameters: { recency_mask: recencyMask } });
    model.addInteractions(history);
    return groupOf(model.recommend({ userId: 'shifter', numResults: 1 })[0].itemId);
  };

  test('true favours recent interactions', () => {
    expect(topGroup('true')).toBe(2);
  });

  test('false weighs all interactions equally', () => {
    expect(topGroup('false')).toBe(0);
  });
});

describe('user history percentiles', () => {
  /** Position of `solo` for a user who had only `g0-i00`, when `solo` co-occurs with it in one user's history. */
  function positionOfSolo(extra: InteractionRecord[], hyperparameters: Record<string, string>): number {
    const model = train(
      'aws-user-personalization',
      { ...data, interactions: [...data.interactions, ...extra] },
      { ...SMALL, hyperparameters },
    );
    model.addInteractions([realtime('probe', itemOf(0, 0), 1)]);
    return ids(model.recommend({ userId: 'probe', numResults: CATALOGUE_SIZE + 1 })).indexOf('solo');
  }
  const heavy = [
    interaction('heavy', itemOf(0, 0), 1),
    interaction('heavy', 'solo', 2),
    ...Array.from({ length: 20 }, (_, k) => interaction('heavy', itemOf(1 + (k % 2), k % 12), 3 + k)),
  ];
  const light = [interaction('light', itemOf(0, 0), 1), interaction('light', 'solo', 2)];

  test('max percentile drops the longest histories', () => {
    const untrimmed = positionOfSolo(heavy, { max_user_history_length_percentile: '1' });
    const trimmed = positionOfSolo(heavy, { max_user_history_length_percentile: '0.95' });
    expect(untrimmed).toBeLessThan(12);
    expect(trimmed).toBeGreaterThan(12);
  });

  test('min percentile drops the shortest histories', () => {
    const untrimmed = positionOfSolo(light, { min_user_history_length_percentile: '0' });
    const trimmed = positionOfSolo(light, { min_user_history_length_percentile: '0.1' });
    expect(untrimmed).toBeLessThan(12);
    expect(trimmed).toBeGreaterThan(12);
  });
});
