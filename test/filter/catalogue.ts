/** A small in-memory dataset group for evaluation tests. */
import type { FilterDataSource } from '../../filter';
import type { InteractionRecord, InteractionSource, ItemRecord, UserRecord } from '../../schema/records';

export const ITEMS: readonly ItemRecord[] = [
  { itemId: 'm1', fields: { GENRES: 'Comedy|Drama', YEAR: 1994, RATING: 4.1 } },
  { itemId: 'm2', fields: { GENRES: 'Horror', YEAR: 1980, RATING: 3 } },
  { itemId: 'm3', fields: { GENRES: 'Drama', YEAR: 2001, RATING: null } },
  { itemId: 'm4', fields: { GENRES: 'Comedy', YEAR: 2010, RATING: 4.5 } },
  { itemId: 'm5', fields: { GENRES: 'Action|Thriller', YEAR: 1999 } },
];

/** Candidate item ids: the catalogue plus `ghost`, which has no Items record. */
export const CANDIDATES: readonly string[] = [...ITEMS.map((item) => item.itemId), 'ghost'];

export const USERS: readonly UserRecord[] = [
  { userId: 'u1', fields: { AGE: 15, TIER: 'gold' } },
  { userId: 'u2', fields: { AGE: 40, TIER: 'basic' } },
  { userId: 'u3', fields: {} },
];

let clock = 1_700_000_000;

function event(userId: string, itemId: string, eventType: string, source: InteractionSource): InteractionRecord {
  clock += 1;
  return { userId, itemId, eventType, source, timestamp: clock };
}

function series(userId: string, prefix: string, count: number, eventType: string, source: InteractionSource) {
  return Array.from({ length: count }, (_, index) => event(userId, `${prefix}${index}`, eventType, source));
}

/**
 * Histories, oldest first. `w` overflows both windows by exactly one or two: its bulk `watch` of m1 and its real-time
 * `click` of m2 are older than the 200 bulk and 100 real-time interactions that follow. `v` has one bulk interaction
 * followed by 250 real-time ones, which must not push it out.
 */
export const INTERACTIONS: Readonly<Record<string, readonly InteractionRecord[]>> = {
  u1: [event('u1', 'm1', 'click', 'realtime'), event('u1', 'm2', 'watch', 'bulk')],
  w: [
    event('w', 'm1', 'watch', 'bulk'),
    event('w', 'm2', 'click', 'realtime'),
    ...series('w', 'f', 200, 'watch', 'bulk'),
    event('w', 'm3', 'purchase', 'bulk'),
    ...series('w', 'r', 99, 'click', 'realtime'),
    event('w', 'm4', 'Click', 'realtime'),
  ],
  v: [event('v', 'm5', 'watch', 'bulk'), ...series('v', 'c', 250, 'click', 'realtime')],
};

export const DATA: FilterDataSource = {
  item: (itemId) => ITEMS.find((item) => item.itemId === itemId),
  user: (userId) => USERS.find((user) => user.userId === userId),
  interactions: (userId) => INTERACTIONS[userId] ?? [],
};
