/**
 * Training mode UPDATE for user-personalization: the new model keeps the item-to-item similarities of the model it
 * updates and takes every current history, item and impression from the data. Items new since that model have no
 * neighbours, so they reach users through exploration until a FULL training.
 */
import type { IdIndex } from './catalogue';
import type { NeighbourLists } from './neighbours';

/** The trained parameters an UPDATE carries over: the neighbour lists and the item index they refer to. */
export interface TrainedNeighbours {
  readonly neighbours: NeighbourLists;
  readonly items: IdIndex;
}

/**
 * Rewrites `base` into the item indexes of `items`. Items unknown to `base` get empty lists, and neighbours that are
 * no longer in the data (a FULL import can drop items) are left out.
 */
export function remapNeighbours(base: TrainedNeighbours, items: IdIndex): NeighbourLists {
  const toNew = Int32Array.from(base.items.ids, (id) => items.indexOf(id) ?? -1);
  const toOld = Int32Array.from(items.ids, (id) => base.items.indexOf(id) ?? -1);
  const { offsets: oldOffsets, items: oldItems, similarities: oldSimilarities, degrees: oldDegrees } = base.neighbours;

  const offsets = new Int32Array(items.size + 1);
  const degrees = new Float64Array(items.size);
  for (let item = 0; item < items.size; item++) {
    let count = 0;
    const oldIndex = toOld[item];
    if (oldIndex >= 0) {
      degrees[item] = oldDegrees[oldIndex];
      for (let source = oldOffsets[oldIndex]; source < oldOffsets[oldIndex + 1]; source++) {
        if (toNew[oldItems[source]] >= 0) count++;
      }
    }
    offsets[item + 1] = offsets[item] + count;
  }

  const neighbourItems = new Int32Array(offsets[items.size]);
  const similarities = new Float32Array(offsets[items.size]);
  for (let item = 0; item < items.size; item++) {
    const oldIndex = toOld[item];
    if (oldIndex < 0) continue;
    let target = offsets[item];
    for (let source = oldOffsets[oldIndex]; source < oldOffsets[oldIndex + 1]; source++) {
      const neighbour = toNew[oldItems[source]];
      if (neighbour < 0) continue;
      neighbourItems[target] = neighbour;
      similarities[target] = oldSimilarities[source];
      target++;
    }
  }
  return { offsets, items: neighbourItems, similarities, degrees };
}
