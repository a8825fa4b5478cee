/** Small synthetic data sets for the scorer tests. */
import type { DatasetRecords, InteractionRecord, ItemRecord } from '../../schema/records';
import { createRandom } from '../../scorer';

export function interaction(userId: string, itemId: string, timestamp: number, eventType?: string): InteractionRecord {
  return { userId, itemId, timestamp, eventType, source: 'bulk' };
}

export function item(itemId: string, fields: ItemRecord['fields'] = {}): ItemRecord {
  return { itemId, fields };
}

export interface ClusteredOptions {
  readonly users?: number;
  readonly groups?: number;
  readonly itemsPerGroup?: number;
  readonly perUser?: number;
  readonly seed?: number;
}

/** Item id of item `k` of group `group`. */
export const itemOf = (group: number, k: number): string => `g${group}-i${String(k).padStart(2, '0')}`;

/** The group of an item id made by `itemOf`. */
export const groupOf = (itemId: string): number => Number(itemId.slice(1, itemId.indexOf('-')));

/**
 * Builds users `u0`, `u1`, ... where each belongs to group `index % groups` and interacts with `perUser` distinct random
 * items of that group, one per second. The items of group `g` are `g{g}-i00`, `g{g}-i01`, ...
 */
export function clusteredData(options: ClusteredOptions = {}): DatasetRecords {
  const { users = 60, groups = 3, itemsPerGroup = 12, perUser = 6, seed = 1 } = options;
  const random = createRandom(seed);
  const interactions: InteractionRecord[] = [];
  let timestamp = 1_700_000_000;
  for (let user = 0; user < users; user++) {
    const group = user % groups;
    const pool = Array.from({ length: itemsPerGroup }, (_, k) => k);
    for (let n = 0; n < perUser; n++) {
      const pick = pool.splice(Math.floor(random() * pool.length), 1)[0];
      interactions.push(interaction(`u${user}`, itemOf(group, pick), timestamp++));
    }
  }
  const items: ItemRecord[] = [];
  for (let group = 0; group < groups; group++) {
    for (let k = 0; k < itemsPerGroup; k++) items.push(item(itemOf(group, k)));
  }
  return { interactions, items, users: [] };
}

export const SMALL = { allowSmallData: true } as const;
