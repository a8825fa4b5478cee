/**
 * Filter evaluation speed over a MovieLens-sized catalogue: items tested per second by one bound filter, and binds
 * per second (decoding filter values, reading the user's look-back window, building the interaction item set).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileFilter, type FilterDataSource } from '../filter';
import { importCsv } from '../schema/csv-import';
import { loadSampleSchemas, SAMPLE_DATA_DIR } from '../schema/sample-data';
import type { InteractionRecord, ItemRecord } from '../schema/records';
import type { BenchResult } from './types';

const EXPRESSION =
  'INCLUDE ItemID WHERE Items.GENRES IN ($GENRES) AND Items.YEAR >= $FROM | EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("watch", "click")';
const FILTER_VALUES = { GENRES: '"Comedy","Drama","Thriller"', FROM: '1990' };
const GENRES = [
  'Action',
  'Adventure',
  'Animation',
  'Children',
  'Comedy',
  'Crime',
  'Drama',
  'Horror',
  'Sci-Fi',
  'Thriller',
];
const SYNTHETIC_ITEMS = 9_700;
const MEASURE_MS = 1_000;

/** Loads `data/movielens/items.csv` when it is there, else builds 9,700 items with GENRES and YEAR. */
function loadItems(): { items: ItemRecord[]; source: string } {
  try {
    const schema = loadSampleSchemas().items;
    const imported = importCsv(readFileSync(join(SAMPLE_DATA_DIR, 'items.csv'), 'utf8'), schema);
    return { items: imported.records as ItemRecord[], source: 'movielens' };
  } catch {
    const items = Array.from({ length: SYNTHETIC_ITEMS }, (_, index) => ({
      itemId: String(index + 1),
      fields: {
        GENRES: [GENRES[index % 10], GENRES[(index * 7) % 10]].join('|'),
        YEAR: 1920 + (index % 100),
      },
    }));
    return { items, source: 'synthetic' };
  }
}

/** Builds a history that fills both look-back windows: 200 bulk and 100 real-time interactions. */
function history(items: readonly ItemRecord[]): InteractionRecord[] {
  return Array.from({ length: 300 }, (_, index) => ({
    userId: 'u1',
    itemId: items[(index * 31) % items.length].itemId,
    timestamp: 1_700_000_000 + index,
    eventType: index % 2 === 0 ? 'watch' : 'rate',
    source: index < 200 ? 'bulk' : 'realtime',
  }));
}

/** Repeats `work` for about one second and returns how many units it did per second. */
function perSecond(work: () => number): number {
  let units = 0;
  const start = process.hrtime.bigint();
  let elapsedMs = 0;
  while (elapsedMs < MEASURE_MS) {
    units += work();
    elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (units * 1000) / elapsedMs;
}

export default async function run(): Promise<BenchResult[]> {
  const { items, source } = loadItems();
  const byId = new Map(items.map((item) => [item.itemId, item]));
  const interactions = history(items);
  const data: FilterDataSource = {
    item: (itemId) => byId.get(itemId),
    user: () => undefined,
    interactions: () => interactions,
  };
  const ids = items.map((item) => item.itemId);
  const filter = compileFilter(EXPRESSION);
  const binding = { filterValues: FILTER_VALUES, userId: 'u1', data };

  const keep = filter.bind(binding);
  let keptCount = 0;
  perSecond(() => ids.filter(keep).length); // warm-up
  const itemsPerSecond = perSecond(() => {
    keptCount = ids.filter(keep).length;
    return ids.length;
  });
  const bindsPerSecond = perSecond(() => {
    filter.bind(binding);
    return 1;
  });
  if (keptCount === 0) {
    throw new Error(`the benchmark filter kept no items of the ${source} catalogue; the measurement would be empty`);
  }
  return [
    { name: `filter.evaluate.${source}`, value: itemsPerSecond, unit: 'items/s', better: 'higher' },
    { name: `filter.bind.${source}`, value: bindsPerSecond, unit: 'binds/s', better: 'higher' },
  ];
}
