import { loadSampleData } from '../../schema';
import type { InteractionRecord } from '../../schema/records';
import { InvalidInputError, train } from '../../scorer';
import { clusteredData, groupOf, interaction, itemOf, SMALL } from './fixtures';

const data = clusteredData();
const inputList = [itemOf(0, 1), itemOf(1, 2), 'unknown-a', itemOf(2, 3), itemOf(1, 4), 'unknown-b'];

/**
 * Ten users had both a and b, ten others both c and d, and user `t` had a, b and c. So a and b are strong neighbours of
 * each other, and c is a neighbour of a and b only through `t`. The data has no repeats.
 */
function sharedHistoryData(): InteractionRecord[] {
  const records: InteractionRecord[] = [];
  let time = 1;
  for (let user = 0; user < 10; user++) {
    records.push(interaction(`x${user}`, 'a', time++), interaction(`x${user}`, 'b', time++));
    records.push(interaction(`y${user}`, 'c', time++), interaction(`y${user}`, 'd', time++));
  }
  records.push(interaction('t', 'a', time++), interaction('t', 'b', time++), interaction('t', 'c', time++));
  return records;
}

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

  test('orders items the user already had', () => {
    const model = train('aws-personalized-ranking', { interactions: sharedHistoryData(), items: [], users: [] }, SMALL);
    const result = model.rank({ userId: 't', inputList: ['c', 'a', 'b'] });
    expect(
      result
        .map((entry) => entry.itemId)
        .slice(0, 2)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(result[2].itemId).toBe('c');
    expect(result[2].score).toBeLessThan(result[1].score ?? Number.NaN);
  });

  test('scores differ for a MovieLens history', () => {
    const movieLens = loadSampleData();
    const model = train('aws-personalized-ranking', movieLens);
    const known = ['1', '260', '1196', '2571'];
    const watched = new Set(
      movieLens.interactions.filter((record) => record.userId === '1').map((record) => record.itemId),
    );
    expect(known.filter((itemId) => !watched.has(itemId))).toEqual([]);
    const result = model.rank({ userId: '1', inputList: [...known, '99999'] });
    const scores = result.slice(0, 4).map((entry) => entry.score ?? Number.NaN);
    expect(new Set(scores).size).toBe(4);
    expect(scores.reduce((sum, score) => sum + score, 0)).toBeCloseTo(1, 10);
    expect(result[4]).toEqual({ itemId: '99999', score: 0 });
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
    // u1 is a group 1 user; events with other group 2 items move g2-i03 up, past the unseen group 1 item g1-i02.
    const model = train('aws-personalized-ranking', data, SMALL);
    const positionOf = (itemId: string) =>
      model.rank({ userId: 'u1', inputList }).findIndex((entry) => entry.itemId === itemId);
    expect(positionOf(itemOf(2, 3))).toBeGreaterThan(positionOf(itemOf(1, 2)));
    model.addInteractions(
      [0, 5, 6, 7].map((k) => ({ userId: 'u1', itemId: itemOf(2, k), timestamp: 2e9 + k, source: 'realtime' })),
    );
    expect(positionOf(itemOf(2, 3))).toBeLessThan(positionOf(itemOf(1, 2)));
  });

  test.each<[string[], string]>([
    [[], 'inputList must contain 1 to 500 item ids, received 0'],
    [Array.from({ length: 501 }, (_, k) => `i${k}`), 'inputList must contain 1 to 500 item ids, received 501'],
  ])('rejects an input list of %#', (list, message) => {
    const model = train('aws-personalized-ranking', data, SMALL);
    expect(() => model.rank({ userId: 'u1', inputList: list })).toThrow(new InvalidInputError(message));
  });
});
