import { ndcgAtK, precisionAtK, reciprocalRankAtK } from '../../scorer';

// Worked example: the list is a b c d e; the relevant items are b, d and z (z is never recommended).
//   precision@5 = 2 hits / 5 = 0.4;  precision@2 = 1 / 2 = 0.5
//   reciprocal rank = 1 / 2, because b at rank 2 is the first hit
//   DCG@5  = 1/log2(3) + 1/log2(5) = 0.6309298 + 0.4306766 = 1.0616064
//   IDCG@5 = 1/log2(2) + 1/log2(3) + 1/log2(4) = 1 + 0.6309298 + 0.5 = 2.1309298
//   NDCG@5 = 1.0616064 / 2.1309298 = 0.4981890
//   DCG@2 = 0.6309298; IDCG@2 = 1 + 0.6309298 = 1.6309298; NDCG@2 = 0.3868528
describe('ranking metrics', () => {
  const list = ['a', 'b', 'c', 'd', 'e'];
  const relevant = new Set(['b', 'd', 'z']);

  test('precision counts hits over k', () => {
    expect(precisionAtK(list, relevant, 5)).toBeCloseTo(0.4, 10);
    expect(precisionAtK(list, relevant, 2)).toBeCloseTo(0.5, 10);
  });

  test('precision divides by k for short lists', () => {
    expect(precisionAtK(['b'], relevant, 10)).toBeCloseTo(0.1, 10);
  });

  test('reciprocal rank of first hit', () => {
    expect(reciprocalRankAtK(list, relevant, 25)).toBeCloseTo(0.5, 10);
    expect(reciprocalRankAtK(list, relevant, 1)).toBe(0);
  });

  test('ndcg matches the hand computation', () => {
    expect(ndcgAtK(list, relevant, 5)).toBeCloseTo(0.498189, 6);
    expect(ndcgAtK(list, relevant, 2)).toBeCloseTo(0.3868528, 6);
  });

  test('ndcg of a perfect list is 1', () => {
    expect(ndcgAtK(['b', 'd', 'z'], relevant, 3)).toBeCloseTo(1, 10);
  });

  test('metrics without relevant items are 0', () => {
    const none = new Set<string>();
    expect(ndcgAtK(list, none, 5)).toBe(0);
    expect(precisionAtK(list, none, 5)).toBe(0);
    expect(reciprocalRankAtK(list, none, 5)).toBe(0);
  });
});
