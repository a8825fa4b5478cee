import type { InteractionRecord } from '../../schema/records';
import { train } from '../../scorer';
import { clusteredData, groupOf, interaction, SMALL } from './fixtures';

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

  test('max_item_interaction_count_percentile drops the most popular items', () => {
    // Sorted counts of the 13 items: n 4, ten 8s (f0..f9), q 10, p 40. The 0.95 percentile is the count at rank
    // floor(0.95 * 12) = 11, which is 10, so only p is above it.
    const settings = { ...UNTRIMMED, popularity_discount_factor: '0' };
    expect(topFor('q', popularityData(), settings)[0]).toBe('p');
    const trimmed = topFor('q', popularityData(), { ...settings, max_item_interaction_count_percentile: '0.95' });
    expect(trimmed[0]).toBe('n');
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
