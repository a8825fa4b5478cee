/** Bounded top-K selection for every item at once, in shared typed arrays. */

/** Buffer slots addressable with the `Int32Array` of buffer starts. */
const MAX_SLOTS = 2 ** 31 - 1;

/**
 * Keeps, for every owner item, the `capacity` best (key, item) pairs under a strict total order: a larger key ranks
 * higher, and of equal keys the lower item index ranks higher. Because the order is total and each (owner, item) pair
 * is offered once, the kept pairs do not depend on the order of the offers.
 *
 * Each owner has a buffer of twice the capacity, or of its number of candidates when that is smaller. When a buffer of
 * twice the capacity fills, a quickselect keeps the best `capacity` pairs, and the worst of them becomes the owner's
 * threshold, below which later offers are rejected with one comparison. This costs amortized constant time per offer
 * even when offers arrive in rising key order, where a bounded heap would sift on nearly every offer.
 */
export class TopNeighbours {
  private readonly bufferSize: number;
  /** Owner `o` buffers its pairs in slots `starts[o] .. starts[o + 1]`. */
  private readonly starts: Int32Array;
  private readonly items: Int32Array;
  private readonly keys: Float64Array;
  private readonly sizes: Int32Array;
  /** The worst kept pair of each owner after its last compaction; -Infinity before the first. */
  private readonly thresholdKeys: Float64Array;
  private readonly thresholdItems: Int32Array;

  /**
   * `candidateBounds[o]` is at least the number of pairs that will be offered to owner `o`: more offers would overrun
   * its buffer once that is smaller than twice the capacity.
   */
  constructor(
    candidateBounds: Float64Array,
    private readonly capacity: number,
  ) {
    const ownerCount = candidateBounds.length;
    this.bufferSize = 2 * capacity;
    this.starts = new Int32Array(ownerCount + 1);
    let total = 0;
    for (let owner = 0; owner < ownerCount; owner++) {
      total += Math.min(this.bufferSize, candidateBounds[owner]);
      this.starts[owner + 1] = Math.min(total, MAX_SLOTS);
    }
    if (total > MAX_SLOTS) {
      throw new RangeError(
        `neighbour selection needs ${total} buffer slots, more than the maximum of ${MAX_SLOTS}: train fewer neighbours or items`,
      );
    }
    this.items = new Int32Array(total);
    this.keys = new Float64Array(total);
    this.sizes = new Int32Array(ownerCount);
    this.thresholdKeys = new Float64Array(ownerCount).fill(-Infinity);
    this.thresholdItems = new Int32Array(ownerCount);
  }

  offer(owner: number, item: number, key: number): void {
    const thresholdKey = this.thresholdKeys[owner];
    if (key < thresholdKey || (key === thresholdKey && item > this.thresholdItems[owner])) return;
    if (this.capacity === 0) return;
    const base = this.starts[owner];
    let size = this.sizes[owner];
    if (size === this.bufferSize) {
      this.compact(owner);
      size = this.capacity;
    }
    this.items[base + size] = item;
    this.keys[base + size] = key;
    this.sizes[owner] = size + 1;
  }

  /** Keeps only the owner's best `capacity` pairs when it has more, and raises its threshold to the worst of them. */
  private compact(owner: number): void {
    const size = this.sizes[owner];
    if (size <= this.capacity) return;
    const base = this.starts[owner];
    const last = base + this.capacity - 1;
    this.select(base, base + size - 1, last);
    this.sizes[owner] = this.capacity;
    this.thresholdKeys[owner] = this.keys[last];
    this.thresholdItems[owner] = this.items[last];
  }

  /** Returns how many pairs `drain` writes for the owner. */
  keptCount(owner: number): number {
    return Math.min(this.sizes[owner], this.capacity);
  }

  /** Writes the owner's best pairs, best first, from `offset` on in `items` and `keys`, and returns the offset after them. */
  drain(owner: number, items: Int32Array, keys: Float32Array, offset: number): number {
    const base = this.starts[owner];
    const size = this.sizes[owner];
    const kept = this.keptCount(owner);
    if (kept > 0) {
      if (kept < size) this.select(base, base + size - 1, base + kept - 1);
      this.sort(base, base + kept - 1);
    }
    for (let k = 0; k < kept; k++) {
      items[offset + k] = this.items[base + k];
      keys[offset + k] = this.keys[base + k];
    }
    return offset + kept;
  }

  /** Rearranges slots `left..right` so that the pair ranked `target - left + 1`-th is at `target`, better ones before. */
  private select(left: number, right: number, target: number): void {
    const items = this.items;
    const keys = this.keys;
    while (left < right) {
      // Hoare partition around the middle pair: afterwards slots up to `j` rank at least as high as it, and slots from
      // `i` on at most as high, so the target lies in one of the two sides or between them.
      const middle = (left + right) >> 1;
      const pivotKey = keys[middle];
      const pivotItem = items[middle];
      let i = left;
      let j = right;
      while (i <= j) {
        while (keys[i] > pivotKey || (keys[i] === pivotKey && items[i] < pivotItem)) i++;
        while (keys[j] < pivotKey || (keys[j] === pivotKey && items[j] > pivotItem)) j--;
        if (i <= j) {
          const item = items[i];
          const key = keys[i];
          items[i] = items[j];
          keys[i] = keys[j];
          items[j] = item;
          keys[j] = key;
          i++;
          j--;
        }
      }
      if (target <= j) right = j;
      else if (target >= i) left = i;
      else return;
    }
  }

  /** Sorts slots `left..right` best first. */
  private sort(left: number, right: number): void {
    while (right - left > 16) {
      const pivot = this.partition(left, right);
      // Recursing into the smaller side bounds the stack depth by log2 of the length.
      if (pivot - left < right - pivot) {
        this.sort(left, pivot - 1);
        left = pivot + 1;
      } else {
        this.sort(pivot + 1, right);
        right = pivot - 1;
      }
    }
    this.insertionSort(left, right);
  }

  private insertionSort(left: number, right: number): void {
    const items = this.items;
    const keys = this.keys;
    for (let k = left + 1; k <= right; k++) {
      const item = items[k];
      const key = keys[k];
      let slot = k;
      while (slot > left && (keys[slot - 1] < key || (keys[slot - 1] === key && items[slot - 1] > item))) {
        keys[slot] = keys[slot - 1];
        items[slot] = items[slot - 1];
        slot--;
      }
      keys[slot] = key;
      items[slot] = item;
    }
  }

  /**
   * Partitions slots `left..right` around the middle slot's pair (Lomuto): better pairs before it, worse after.
   * Returns the pivot's final slot.
   */
  private partition(left: number, right: number): number {
    const items = this.items;
    const keys = this.keys;
    this.swap((left + right) >> 1, right);
    const pivotKey = keys[right];
    const pivotItem = items[right];
    let store = left;
    for (let k = left; k < right; k++) {
      if (keys[k] > pivotKey || (keys[k] === pivotKey && items[k] < pivotItem)) this.swap(k, store++);
    }
    this.swap(store, right);
    return store;
  }

  private swap(a: number, b: number): void {
    const item = this.items[a];
    const key = this.keys[a];
    this.items[a] = this.items[b];
    this.keys[a] = this.keys[b];
    this.items[b] = item;
    this.keys[b] = key;
  }
}
