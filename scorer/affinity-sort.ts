/** Sorting of items by affinity without a comparator, for the thousands of items each user's ranking holds. */

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const BUCKETS = 256;

/**
 * Returns `items` ordered by descending `values[item]`, equal values by ascending `ranks[item]`: the order of the
 * comparator `values[b] - values[a] || ranks[a] - ranks[b]`. Every value must be a positive finite number, because
 * the IEEE 754 bit patterns of such numbers order as unsigned integers the same way as the numbers do. Ranks must be
 * non-negative integers below 2^31.
 *
 * It is a stable least-significant-digit radix sort over bytes: the 4 bytes of the rank first, then the 8 bytes of the
 * value, skipping every byte that is equal for all items. That takes at most 12 linear passes. On 3,300 items of a
 * MovieLens user it took a third of the time of `Array.prototype.sort` with that comparator (Node.js 20).
 */
export function sortByValueThenRank(items: Int32Array, values: Float64Array, ranks: Int32Array): Int32Array {
  const count = items.length;
  const valueBits = new Float64Array(count);
  const words = new Uint32Array(valueBits.buffer);
  const rankWords = new Uint32Array(count);
  for (let k = 0; k < count; k++) {
    valueBits[k] = values[items[k]];
    rankWords[k] = ranks[items[k]];
  }
  const low = LITTLE_ENDIAN ? 0 : 1;
  let order = new Int32Array(count);
  for (let k = 0; k < count; k++) order[k] = k;
  let spare = new Int32Array(count);
  const digits = new Uint8Array(count);
  const starts = new Int32Array(BUCKETS);
  const keys: [source: Uint32Array, stride: number, offset: number, flip: number][] = [
    [rankWords, 1, 0, 0],
    // Descending values: each byte is flipped, so that larger bytes come first.
    [words, 2, low, 0xff],
    [words, 2, 1 - low, 0xff],
  ];
  for (const [source, stride, offset, flip] of keys) {
    for (let shift = 0; shift < 32; shift += 8) {
      for (let k = 0; k < count; k++) digits[k] = ((source[k * stride + offset] >>> shift) & 0xff) ^ flip;
      if (sortPass(order, spare, digits, starts)) [order, spare] = [spare, order];
    }
  }
  const sorted = new Int32Array(count);
  for (let k = 0; k < count; k++) sorted[k] = items[order[k]];
  return sorted;
}

/**
 * Moves `order` into `into`, stably sorted by `digits[position]`, and returns true. Returns false without moving
 * anything when every position has the same digit.
 */
function sortPass(order: Int32Array, into: Int32Array, digits: Uint8Array, starts: Int32Array): boolean {
  const count = order.length;
  starts.fill(0);
  for (let k = 0; k < count; k++) starts[digits[k]]++;
  if (count === 0 || starts[digits[0]] === count) return false;
  let next = 0;
  for (let bucket = 0; bucket < BUCKETS; bucket++) {
    const size = starts[bucket];
    starts[bucket] = next;
    next += size;
  }
  for (let k = 0; k < count; k++) {
    const position = order[k];
    into[starts[digits[position]]++] = position;
  }
  return true;
}
