/**
 * The first, item-by-item implementation of `computeNeighbours`: every pair is counted from both ends and each query
 * item's candidates go through one bounded heap. Tests compare the production implementation against it.
 */
import type { NeighbourLists, NeighbourOptions } from '../../scorer/neighbours';
import type { TrainingData } from '../../scorer/training-data';

/**
 * Computes every item's top neighbours item by item, with one bounded heap per query item. This is the first
 * implementation of `computeNeighbours`, kept so that tests can check that the faster one returns the same arrays.
 */
export function computeNeighboursReference(data: TrainingData, options: NeighbourOptions): NeighbourLists {
  const itemCount = data.items.size;
  const histories = maskedHistories(data, options);
  const itemUsers = transpose(histories, itemCount);
  const degrees = new Float64Array(itemCount);
  for (let item = 0; item < itemCount; item++) degrees[item] = itemUsers.offsets[item + 1] - itemUsers.offsets[item];

  const norms = new Float64Array(itemCount);
  const queryNorms = new Float64Array(itemCount);
  const queryDiscount = options.queryDiscount ?? options.popularityDiscount;
  for (let item = 0; item < itemCount; item++) {
    norms[item] = Math.pow(degrees[item], options.popularityDiscount);
    queryNorms[item] = Math.pow(degrees[item], queryDiscount);
  }
  const userWeights = new Float64Array(histories.offsets.length - 1);
  const userWeightExponent = options.userWeightExponent ?? 0;
  for (let user = 0; user < userWeights.length; user++) {
    const length = histories.offsets[user + 1] - histories.offsets[user];
    userWeights[user] = length > 0 ? Math.pow(length, -userWeightExponent) : 0;
  }
  const userCounts = new Float64Array(itemCount);

  const coCounts = new Float64Array(itemCount);
  const touched = new Int32Array(itemCount);
  const heap = new TopHeap(options.maxNeighbours);
  const offsets = new Int32Array(itemCount + 1);
  const neighbourItems: number[] = [];
  const similarities: number[] = [];
  const minCount = Math.max(1, options.minCoOccurrence);
  const headMask = options.headMask;

  for (let item = 0; item < itemCount; item++) {
    let touchedCount = 0;
    for (let k = itemUsers.offsets[item]; k < itemUsers.offsets[item + 1]; k++) {
      const user = itemUsers.values[k];
      const userWeight = userWeights[user];
      for (let m = histories.offsets[user]; m < histories.offsets[user + 1]; m++) {
        const other = histories.values[m];
        if (other === item) continue;
        if (userCounts[other] === 0) touched[touchedCount++] = other;
        userCounts[other]++;
        coCounts[other] += userWeight;
      }
    }
    heap.clear();
    const excludeHead = headMask !== undefined && headMask[item] === 0;
    for (let k = 0; k < touchedCount; k++) {
      const other = touched[k];
      const allowed = userCounts[other] >= minCount && !(excludeHead && headMask[other] === 1);
      if (allowed) heap.offer(other, coCounts[other] / (queryNorms[item] * norms[other]));
      coCounts[other] = 0;
      userCounts[other] = 0;
    }
    heap.drainInto(neighbourItems, similarities);
    offsets[item + 1] = neighbourItems.length;
  }
  return { offsets, items: Int32Array.from(neighbourItems), similarities: Float32Array.from(similarities), degrees };
}

interface SparseRows {
  readonly offsets: Int32Array;
  readonly values: Int32Array;
}

function maskedHistories(data: TrainingData, options: NeighbourOptions): SparseRows {
  const { userMask, itemMask } = options;
  const userCount = data.users.size;
  const offsets = new Int32Array(userCount + 1);
  const values: number[] = [];
  for (let user = 0; user < userCount; user++) {
    if (!userMask || userMask[user]) {
      for (let k = data.userOffsets[user]; k < data.userOffsets[user + 1]; k++) {
        const item = data.userItems[k];
        if (!itemMask || itemMask[item]) values.push(item);
      }
    }
    offsets[user + 1] = values.length;
  }
  return { offsets, values: Int32Array.from(values) };
}

function transpose(rows: SparseRows, columnCount: number): SparseRows {
  const offsets = new Int32Array(columnCount + 1);
  for (const column of rows.values) offsets[column + 1]++;
  for (let column = 0; column < columnCount; column++) offsets[column + 1] += offsets[column];
  const fill = offsets.slice(0, columnCount);
  const values = new Int32Array(rows.values.length);
  for (let row = 0; row + 1 < rows.offsets.length; row++) {
    for (let k = rows.offsets[row]; k < rows.offsets[row + 1]; k++) values[fill[rows.values[k]]++] = row;
  }
  return { offsets, values };
}

/** A bounded min-heap that keeps the `capacity` largest (similarity, item) pairs; ties prefer the lower item index. */
class TopHeap {
  private readonly items: Int32Array;
  private readonly keys: Float64Array;
  private size = 0;

  constructor(private readonly capacity: number) {
    this.items = new Int32Array(capacity);
    this.keys = new Float64Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  offer(item: number, key: number): void {
    if (this.size < this.capacity) {
      this.items[this.size] = item;
      this.keys[this.size] = key;
      this.siftUp(this.size++);
    } else if (this.capacity > 0 && this.less(0, item, key)) {
      this.items[0] = item;
      this.keys[0] = key;
      this.siftDown(0);
    }
  }

  /** Appends the kept pairs to the arrays, largest first, and empties the heap. */
  drainInto(items: number[], keys: number[]): void {
    const order = Array.from({ length: this.size }, (_, k) => k);
    order.sort((a, b) => this.keys[b] - this.keys[a] || this.items[a] - this.items[b]);
    for (const k of order) {
      items.push(this.items[k]);
      keys.push(this.keys[k]);
    }
    this.size = 0;
  }

  /** True when the pair at `slot` ranks below (item, key). */
  private less(slot: number, item: number, key: number): boolean {
    return this.keys[slot] < key || (this.keys[slot] === key && this.items[slot] > item);
  }

  private siftUp(slot: number): void {
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      if (!this.less(slot, this.items[parent], this.keys[parent])) break;
      this.swap(slot, parent);
      slot = parent;
    }
  }

  private siftDown(slot: number): void {
    for (;;) {
      const left = 2 * slot + 1;
      const right = left + 1;
      let smallest = slot;
      if (left < this.size && this.less(left, this.items[smallest], this.keys[smallest])) smallest = left;
      if (right < this.size && this.less(right, this.items[smallest], this.keys[smallest])) smallest = right;
      if (smallest === slot) return;
      this.swap(slot, smallest);
      slot = smallest;
    }
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
