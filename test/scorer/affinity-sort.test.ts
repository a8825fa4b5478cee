import fc from 'fast-check';
import { sortByValueThenRank } from '../../scorer/affinity-sort';

/** The comparator order that the sort must reproduce. */
function comparatorOrder(items: Int32Array, values: Float64Array, ranks: Int32Array): number[] {
  return Array.from(items).sort((a, b) => values[b] - values[a] || ranks[a] - ranks[b]);
}

function expectComparatorOrder(values: Float64Array, ranks: Int32Array, items: Int32Array): void {
  expect(Array.from(sortByValueThenRank(items, values, ranks))).toEqual(comparatorOrder(items, values, ranks));
}

describe('sortByValueThenRank', () => {
  test('matches the comparator sort', () => {
    const positive = fc.oneof(
      fc.double({ min: Number.MIN_VALUE, max: 1e300, noNaN: true }),
      // Values that agree in their upper 32 bits and differ only further down.
      fc.double({ min: 1, max: 1 + 1e-9, noNaN: true }),
      // Few distinct values, so that many items tie and the rank decides.
      fc.constantFrom(1e-300, 0.5, 1, 1 + Number.EPSILON, 3.25, 1e300),
    );
    fc.assert(
      fc.property(
        fc.array(positive, { minLength: 0, maxLength: 400 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (list, seed) => {
          const values = Float64Array.from(list);
          // Ranks spread over the whole int32 range, as in a large catalogue. Two items may share a rank.
          const ranks = Int32Array.from(list, (_, k) => ((k * 2_654_435_761 + seed) >>> 0) % 2 ** 31);
          const items = Int32Array.from(list, (_, k) => list.length - 1 - k);
          expectComparatorOrder(values, ranks, items);
        },
      ),
      { numRuns: 300, seed: 4 },
    );
  });

  test('sorts a subset of the items', () => {
    const values = Float64Array.from([0, 2, 0, 7, 2, 9, 0]);
    const ranks = Int32Array.from([6, 5, 4, 3, 2, 1, 0]);
    const result = Array.from(sortByValueThenRank(Int32Array.from([1, 3, 4, 5]), values, ranks));
    expect(result).toEqual([5, 3, 4, 1]);
  });

  test('empty and single item', () => {
    const values = Float64Array.from([4]);
    const ranks = Int32Array.from([0]);
    expect(Array.from(sortByValueThenRank(new Int32Array(0), values, ranks))).toEqual([]);
    expect(Array.from(sortByValueThenRank(Int32Array.from([0]), values, ranks))).toEqual([0]);
  });
});
