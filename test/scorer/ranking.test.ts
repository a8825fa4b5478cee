import { InvalidInputError, train } from '../../scorer';
import { clusteredData, groupOf, itemOf, SMALL } from './fixtures';

const data = clusteredData();
const inputList = [itemOf(0, 1), itemOf(1, 2), 'unknown-a', itemOf(2, 3), itemOf(1, 4), 'unknown-b'];

describe('personalized-ranking', () => {
  test('orders known items by affinity', () => {
    const model = train('aws-personalized-ranking', data, SMALL);
    const result = model.rank({ userId: 'u1', inputList });
    expect(result.slice(0, 2).map((entry) => groupOf(entry.itemId))).toEqual([1, 1]);
    expect(result.map((entry) => entry.itemId).sort()).toEqual([...inputList].sort());
  });

  test('appends unknown items in input order with score 0', () => {
    const model = train('aws-personalized-ranking-v2', data, SMALL);
    const result = model.rank({ userId: 'u1', inputList });
    expect(result.slice(4)).toEqual([
      { itemId: 'unknown-a', score: 0 },
      { itemId: 'unknown-b', score: 0 },
    ]);
  });

  test('scores are a softmax over the known input items', () => {
    const model = train('aws-personalized-ranking', data, SMALL);
    const scores = model
      .rank({ userId: 'u1', inputList })
      .slice(0, 4)
      .map((entry) => entry.score ?? Number.NaN);
    expect(scores.reduce((sum, score) => sum + score, 0)).toBeCloseTo(1, 10);
    for (let k = 1; k < scores.length; k++) expect(scores[k]).toBeLessThanOrEqual(scores[k - 1]);
    for (const score of scores) expect(score).toBeGreaterThan(0);
  });

  test('unknown user gets popularity order', () => {
    const model = train('aws-personalized-ranking', data, SMALL);
    const popular = train('aws-popularity-count', data, SMALL)
      .recommend({ userId: 'x', numResults: 36 })
      .map((entry) => entry.itemId);
    const known = inputList.filter((itemId) => popular.includes(itemId));
    const result = model.rank({ userId: 'stranger', inputList }).map((entry) => entry.itemId);
    expect(result.slice(0, 4)).toEqual(known.sort((a, b) => popular.indexOf(a) - popular.indexOf(b)));
  });

  test('accept removes items', () => {
    const model = train('aws-personalized-ranking', data, SMALL);
    const result = model.rank({ userId: 'u1', inputList, accept: (itemId) => groupOf(itemId) !== 1 });
    const rankedIds = result.map((entry) => entry.itemId);
    expect([...rankedIds].sort()).toEqual([itemOf(0, 1), itemOf(2, 3), 'unknown-a', 'unknown-b'].sort());
    expect(rankedIds.slice(2)).toEqual(['unknown-a', 'unknown-b']);
    expect(result).toHaveLength(4);
  });

  test('events count at once', () => {
    const model = train('aws-personalized-ranking', data, SMALL);
    model.addInteractions(
      [0, 5, 6, 7].map((k) => ({ userId: 'u1', itemId: itemOf(2, k), timestamp: 2e9 + k, source: 'realtime' })),
    );
    expect(groupOf(model.rank({ userId: 'u1', inputList })[0].itemId)).toBe(2);
  });

  test.each<[string[], string]>([
    [[], 'inputList must contain 1 to 500 item ids, received 0'],
    [Array.from({ length: 501 }, (_, k) => `i${k}`), 'inputList must contain 1 to 500 item ids, received 501'],
  ])('rejects an input list of %#', (list, message) => {
    const model = train('aws-personalized-ranking', data, SMALL);
    expect(() => model.rank({ userId: 'u1', inputList: list })).toThrow(new InvalidInputError(message));
  });
});
