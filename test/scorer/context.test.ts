import { train, type ScoredItem } from '../../scorer';
import { clusteredData, groupOf, SMALL } from './fixtures';

// Group 0 items are watched on TVs, group 2 items on phones, group 1 items on both.
const base = clusteredData({ users: 90 });
const deviceOf = (itemId: string, index: number): string => {
  const group = groupOf(itemId);
  if (group === 1) return index % 2 === 0 ? 'tv' : 'mobile';
  return group === 0 ? 'tv' : 'mobile';
};
const data = {
  ...base,
  interactions: base.interactions.map((record, index) => ({
    ...record,
    context: { DEVICE: deviceOf(record.itemId, index) },
  })),
};
const groups = (list: readonly ScoredItem[]) => list.map((entry) => groupOf(entry.itemId));

describe('contextual metadata', () => {
  const model = train('aws-user-personalization', data, SMALL);

  test('unknown user follows the context', () => {
    expect(groups(model.recommend({ userId: 'stranger', numResults: 5, context: { DEVICE: 'mobile' } }))).toEqual([
      2, 2, 2, 2, 2,
    ]);
    expect(groups(model.recommend({ userId: 'stranger', numResults: 5, context: { DEVICE: 'tv' } }))).toEqual([
      0, 0, 0, 0, 0,
    ]);
  });

  test('known user keeps their history first', () => {
    const result = model.recommend({ userId: 'u1', numResults: 6, context: { DEVICE: 'mobile' } });
    expect(groups(result)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  test('context decides between two tastes', () => {
    const mixed = train('aws-user-personalization', data, { ...SMALL, hyperparameters: { recency_mask: 'false' } });
    mixed.addInteractions(
      ['g0-i00', 'g2-i00', 'g0-i01', 'g2-i01', 'g0-i02', 'g2-i02'].map((itemId, k) => ({
        userId: 'both',
        itemId,
        timestamp: 2e9 + k,
        source: 'realtime' as const,
      })),
    );
    const top = (DEVICE: string) => groups(mixed.recommend({ userId: 'both', numResults: 1, context: { DEVICE } }));
    expect(top('mobile')).toEqual([2]);
    expect(top('tv')).toEqual([0]);
  });

  test('unseen context values change nothing', () => {
    expect(model.recommend({ userId: 'u1', numResults: 10, context: { DEVICE: 'watch' } })).toEqual(
      model.recommend({ userId: 'u1', numResults: 10 }),
    );
    expect(model.recommend({ userId: 'stranger', numResults: 10, context: { COLOR: 'red' } })).toEqual(
      model.recommend({ userId: 'stranger', numResults: 10 }),
    );
  });

  test('ranking follows the context for unknown users', () => {
    const ranking = train('aws-personalized-ranking', data, SMALL);
    const inputList = ['g0-i01', 'g2-i01', 'g0-i02', 'g2-i02'];
    const ranked = ranking.rank({ userId: 'stranger', inputList, context: { DEVICE: 'mobile' } });
    expect(groups(ranked)).toEqual([2, 2, 0, 0]);
  });
});
