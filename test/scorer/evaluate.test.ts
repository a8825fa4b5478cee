import { loadSampleData } from '../../schema';
import { evaluate } from '../../scorer';
import { splitInteractions } from '../../scorer/evaluate';
import { clusteredData, interaction, SMALL } from './fixtures';

describe('evaluation split', () => {
  // 100 users: user k has 2 + (k % 25) interactions, item ids `u{k}-{n}` with timestamps n (out of input order).
  const interactions = Array.from({ length: 100 }, (_, user) =>
    Array.from({ length: 2 + (user % 25) }, (_, n) => interaction(`u${user}`, `u${user}-${n}`, n)).reverse(),
  ).flat();

  test('holds out the newest 10% of 10% of users', () => {
    const { training, heldOut } = splitInteractions(interactions, 42);
    expect(heldOut).toHaveLength(10);
    for (const user of heldOut) {
      const count = 2 + (Number(user.userId.slice(1)) % 25);
      const holdCount = Math.max(1, Math.floor(count / 10));
      const expected = Array.from({ length: holdCount }, (_, k) => `${user.userId}-${count - holdCount + k}`);
      expect([...user.relevant].sort()).toEqual(expected.sort());
      expect(user.lastItemId).toBe(`${user.userId}-${count - holdCount - 1}`);
    }
    const heldCount = heldOut.reduce((sum, user) => sum + user.relevant.size, 0);
    expect(training).toHaveLength(interactions.length - heldCount);
  });

  test('the seed chooses the users', () => {
    const users = (seed: number) => splitInteractions(interactions, seed).heldOut.map((user) => user.userId);
    expect(users(1)).toEqual(users(1));
    expect(users(1)).not.toEqual(users(2));
  });
});

describe('evaluate', () => {
  test('reports every metric in range', () => {
    const metrics = evaluate('aws-user-personalization', clusteredData({ users: 90 }), SMALL);
    expect(Object.keys(metrics).sort()).toEqual([
      'coverage',
      'mean_reciprocal_rank_at_25',
      'normalized_discounted_cumulative_gain_at_10',
      'normalized_discounted_cumulative_gain_at_25',
      'normalized_discounted_cumulative_gain_at_5',
      'precision_at_10',
      'precision_at_25',
      'precision_at_5',
    ]);
    for (const value of Object.values(metrics)) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
  });

  test('clustered users are easy to personalize', () => {
    // Each held-out item is in the user's group of 12, so a personalized top 5 finds it often.
    const data = clusteredData({ users: 90 });
    const personalized = evaluate('aws-user-personalization', data, SMALL);
    const popularity = evaluate('aws-popularity-count', data, SMALL);
    expect(personalized.mean_reciprocal_rank_at_25).toBeGreaterThan(popularity.mean_reciprocal_rank_at_25);
  });

  test('enforces the training minimum', () => {
    expect(() => evaluate('aws-sims', clusteredData())).toThrow(
      /^training data must contain at least 1000 interactions/,
    );
  });

  test('is deterministic', () => {
    const data = clusteredData({ users: 90 });
    expect(evaluate('aws-sims', data, SMALL)).toEqual(evaluate('aws-sims', data, SMALL));
  });
});

describe('quality on the bundled MovieLens data', () => {
  const data = loadSampleData();
  const personalized = evaluate('aws-user-personalization', data);
  const popularity = evaluate('aws-popularity-count', data);

  test('user-personalization beats popularity on NDCG@10', () => {
    expect(personalized.normalized_discounted_cumulative_gain_at_10).toBeGreaterThan(
      1.5 * popularity.normalized_discounted_cumulative_gain_at_10,
    );
  });

  test('user-personalization covers more of the catalogue', () => {
    expect(personalized.coverage).toBeGreaterThan(3 * popularity.coverage);
  });
});
