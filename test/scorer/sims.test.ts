import { loadSampleData } from '../../schema';
import type { DatasetRecords, InteractionRecord } from '../../schema/records';
import { train } from '../../scorer';
import { clusteredData, groupOf, interaction, itemOf, SMALL } from './fixtures';

const ids = (list: { itemId: string }[]) => list.map((entry) => entry.itemId);

/** No trims, so that only the hyperparameter under test shapes the neighbours. */
const UNTRIMMED = {
  min_user_history_length_percentile: '0',
  max_user_history_length_percentile: '1',
  min_item_interaction_count_percentile: '0',
  max_item_interaction_count_percentile: '1',
};

/**
 * Builds the data for query item q. 6 of the 40 users of popular item p also had q, and all `nicheUsers` users of niche
 * item n (4 by default) had q. So co(q, p) = 6 > co(q, n) = 4, but p has 10 times the users of n. Each p user also has
 * two of the filler items f0..f9, so the n users, with 2 items each, have the shortest histories.
 */
function popularityData(nicheUsers = 4): InteractionRecord[] {
  const records: InteractionRecord[] = [];
  let time = 1;
  for (let user = 0; user < 40; user++) {
    records.push(interaction(`p${user}`, 'p', time++));
    records.push(interaction(`p${user}`, `f${user % 10}`, time++));
    records.push(interaction(`p${user}`, `f${(user + 1) % 10}`, time++));
    if (user < 6) records.push(interaction(`p${user}`, 'q', time++));
  }
  for (let user = 0; user < nicheUsers; user++) {
    records.push(interaction(`n${user}`, 'n', time++));
    records.push(interaction(`n${user}`, 'q', time++));
  }
  return records;
}

/** Interactions per item of `data`. */
function countsOf(data: DatasetRecords): Map<string, number> {
  const counts = new Map<string, number>();
  for (const record of data.interactions) counts.set(record.itemId, (counts.get(record.itemId) ?? 0) + 1);
  return counts;
}

/** Returns the count at rank `floor(p * (n - 1))` of the sorted counts, as the item percentile trims define it. */
function percentileCount(counts: Map<string, number>, p: number): number {
  const sorted = [...counts.values()].sort((a, b) => a - b);
  return sorted[Math.floor(p * (sorted.length - 1))];
}

/**
 * Clustered data in which 30 more users of group 1 each had g1-i00 and g1-i01, which makes these two items by far the
 * most interacted, and so among the few items above the default max percentile.
 */
function headData(): DatasetRecords {
  const base = clusteredData({ users: 90 });
  const fans: InteractionRecord[] = [];
  for (let user = 0; user < 30; user++) {
    fans.push(interaction(`fan${user}`, itemOf(1, 0), 2e9 + 3 * user));
    fans.push(interaction(`fan${user}`, itemOf(1, 1), 2e9 + 3 * user + 1));
    fans.push(interaction(`fan${user}`, itemOf(1, 2 + (user % 10)), 2e9 + 3 * user + 2));
  }
  return { ...base, interactions: [...base.interactions, ...fans] };
}

function topFor(query: string, interactions: InteractionRecord[], hyperparameters: Record<string, string>): string[] {
  const model = train('aws-sims', { interactions, items: [], users: [] }, { ...SMALL, hyperparameters });
  return ids(model.recommend({ itemId: query, numResults: 2 }));
}

describe('SIMS', () => {
  const data = clusteredData({ users: 90 });

  test('recommends items of the same group, never the query item', () => {
    const model = train('aws-sims', data, { ...SMALL, hyperparameters: UNTRIMMED });
    const result = ids(model.recommend({ itemId: 'g1-i03', numResults: 8 }));
    expect(result).toHaveLength(8);
    expect(result).not.toContain('g1-i03');
    expect(result.map(groupOf)).toEqual(Array(8).fill(1));
  });

  test('returns no scores', () => {
    const model = train('aws-sims', data, SMALL);
    for (const entry of model.recommend({ itemId: 'g1-i03', numResults: 5 })) {
      expect(entry.score).toBeUndefined();
    }
  });

  test('unknown item gets popular items', () => {
    const sims = train('aws-sims', data, SMALL);
    const popularity = train('aws-popularity-count', data, SMALL);
    expect(sims.recommend({ itemId: 'missing', numResults: 5 })).toEqual(
      popularity.recommend({ userId: 'anyone', numResults: 5 }),
    );
  });

  test('accept skips neighbours and fills from further down', () => {
    const model = train('aws-sims', data, { ...SMALL, hyperparameters: UNTRIMMED });
    const result = ids(model.recommend({ itemId: 'g1-i03', numResults: 6, accept: (id) => !id.endsWith('0') }));
    expect(result).toHaveLength(6);
    expect(result.filter((id) => id.endsWith('0'))).toEqual([]);
  });

  test('popularity_discount_factor 0 favours the popular neighbour', () => {
    const top = topFor('q', popularityData(), { ...UNTRIMMED, popularity_discount_factor: '0' });
    expect(top[0]).toBe('p');
  });

  test('popularity_discount_factor 1 favours the niche neighbour', () => {
    const top = topFor('q', popularityData(), { ...UNTRIMMED, popularity_discount_factor: '1' });
    expect(top[0]).toBe('n');
  });

  test('min_cointeraction_count ignores rarer pairs', () => {
    const settings = { ...UNTRIMMED, popularity_discount_factor: '1' };
    expect(topFor('q', popularityData(), { ...settings, min_cointeraction_count: '4' })[0]).toBe('n');
    expect(topFor('q', popularityData(), { ...settings, min_cointeraction_count: '5' })[0]).toBe('p');
  });

  test('most interacted items get similar items by default', () => {
    const data = headData();
    const counts = countsOf(data);
    const head = percentileCount(counts, 0.9);
    const aboveHead = [...counts].filter(([, count]) => count > head).map(([itemId]) => itemId);
    expect(aboveHead).toEqual(expect.arrayContaining([itemOf(1, 0), itemOf(1, 1)]));
    const model = train('aws-sims', data, SMALL);
    const result = ids(model.recommend({ itemId: itemOf(1, 0), numResults: 8 }));
    expect(result[0]).toBe(itemOf(1, 1));
    expect(result.map(groupOf)).toEqual(Array(8).fill(1));
  });

  test('max_item_interaction_count_percentile keeps head items out of rarer items’ lists', () => {
    const data = headData();
    const query = itemOf(1, 5);
    const listFor = (hyperparameters: Record<string, string>) =>
      ids(train('aws-sims', data, { ...SMALL, hyperparameters }).recommend({ itemId: query, numResults: 5 }));
    const untrimmed = listFor({ max_item_interaction_count_percentile: '1' });
    expect(untrimmed).toEqual(expect.arrayContaining([itemOf(1, 0), itemOf(1, 1)]));
    const trimmed = listFor({});
    expect(trimmed).toHaveLength(5);
    expect(trimmed.filter((itemId) => itemId === itemOf(1, 0) || itemId === itemOf(1, 1))).toEqual([]);
    expect(trimmed.map(groupOf)).toEqual(Array(5).fill(1));
  });

  test('MovieLens popular movies get similar movies by default', () => {
    const movieLens = loadSampleData();
    const model = train('aws-sims', movieLens);
    const popular = ids(train('aws-popularity-count', movieLens).recommend({ userId: 'anyone', numResults: 10 }));
    const toyStory = ids(model.recommend({ itemId: '1', numResults: 10 }));
    const jumanji = ids(model.recommend({ itemId: '2', numResults: 10 }));
    // 3114 is Toy Story 2.
    expect(toyStory).toContain('3114');
    expect(toyStory).not.toEqual(popular);
    expect(jumanji).not.toEqual(popular);
    expect(jumanji).not.toEqual(toyStory);
  });

  test('max_item_interaction_count_percentile keeps the head for the head', () => {
    // Sorted counts of the 13 items: n 4, ten 8s (f0..f9), q 10, p 40. The 0.95 percentile is the count at rank
    // floor(0.95 * 12) = 11, which is 10, so only p is above it: p leaves q's list but keeps its own neighbours.
    const settings = { ...UNTRIMMED, popularity_discount_factor: '0' };
    const trimmed = { ...settings, max_item_interaction_count_percentile: '0.95' };
    expect(topFor('q', popularityData(), settings)[0]).toBe('p');
    expect(topFor('q', popularityData(), trimmed)[0]).toBe('n');
    // p's neighbours are the fillers (8 common users each), then q (6); popular items would put q (10) first.
    expect(topFor('p', popularityData(), trimmed)[0]).toMatch(/^f\d$/);
  });

  test('min_item_interaction_count_percentile drops the rarest items', () => {
    // With 3 niche users the sorted counts are n 3, ten 8s, q 9, p 40. The 0.1 percentile is the count at rank
    // floor(0.1 * 12) = 1, which is 8, so n is below it.
    const settings = { ...UNTRIMMED, popularity_discount_factor: '1' };
    expect(topFor('q', popularityData(3), settings)[0]).toBe('n');
    expect(topFor('q', popularityData(3), { ...settings, min_item_interaction_count_percentile: '0.1' })[0]).toBe('p');
  });

  test('min_user_history_length_percentile drops the shortest histories', () => {
    // The 4 niche users have 2 items each and everyone else 3 or 4; the 0.1 percentile of the 44 lengths is the
    // length at rank floor(0.1 * 43) = 4, which is 3.
    const settings = { ...UNTRIMMED, popularity_discount_factor: '1' };
    expect(topFor('q', popularityData(), settings)[0]).toBe('n');
    expect(topFor('q', popularityData(), { ...settings, min_user_history_length_percentile: '0.1' })[0]).toBe('p');
  });

  test('max_user_history_length_percentile drops the longest histories', () => {
    // Only one user, whose history is far longer than anyone's, had both q and x.
    const records = popularityData();
    records.push(interaction('heavy', 'q', 1000), interaction('heavy', 'x', 1001));
    for (let k = 0; k < 20; k++) records.push(interaction('heavy', `h${k}`, 1002 + k));
    const settings = { ...UNTRIMMED, popularity_discount_factor: '1', min_cointeraction_count: '0' };
    expect(topFor('q', records, settings)).toContain('x');
    expect(topFor('q', records, { ...settings, max_user_history_length_percentile: '0.9' })).not.toContain('x');
  });
});
