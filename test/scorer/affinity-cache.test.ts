import { AffinityCache, toRankedAffinity, type RankedAffinity } from '../../scorer/affinity-cache';

/** Creates an entry with `length` ranked items. */
function entry(length: number): RankedAffinity {
  return { ranked: new Int32Array(length), logits: new Float64Array(length), positiveSum: length };
}

describe('AffinityCache', () => {
  test('evicts least recently used user', () => {
    const cache = new AffinityCache(2, 100);
    cache.set(1, entry(1));
    cache.set(2, entry(1));
    expect(cache.get(1)).toBeDefined();
    cache.set(3, entry(1));
    expect(cache.get(2)).toBeUndefined();
    expect(cache.get(1)).toBeDefined();
    expect(cache.get(3)).toBeDefined();
    expect(cache.size).toBe(2);
  });

  test('evicts to stay within item bound', () => {
    const cache = new AffinityCache(10, 10);
    cache.set(1, entry(4));
    cache.set(2, entry(4));
    cache.set(3, entry(4));
    expect(cache.get(1)).toBeUndefined();
    expect(cache.size).toBe(2);
    expect(cache.itemCount).toBe(8);
  });

  test('skips entry larger than item bound', () => {
    const cache = new AffinityCache(10, 10);
    cache.set(1, entry(3));
    cache.set(2, entry(11));
    expect(cache.get(2)).toBeUndefined();
    expect(cache.get(1)).toBeDefined();
    expect(cache.itemCount).toBe(3);
  });

  test('replace and delete keep item count', () => {
    const cache = new AffinityCache(10, 100);
    cache.set(1, entry(5));
    cache.set(1, entry(7));
    expect(cache.itemCount).toBe(7);
    cache.delete(1);
    cache.delete(1);
    expect(cache.itemCount).toBe(0);
    expect(cache.size).toBe(0);
  });
});

describe('toRankedAffinity', () => {
  test('logits and sum in ranking order', () => {
    const values = Float64Array.from([0, 2, 4, 1]);
    const ranked = toRankedAffinity({ values, ranked: Int32Array.from([2, 1, 3]), max: 4 });
    expect(Array.from(ranked.logits)).toEqual([10, 5, 2.5]);
    expect(ranked.positiveSum).toBe(Math.exp(10) + Math.exp(5) + Math.exp(2.5));
  });
});
