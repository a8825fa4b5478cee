import fc from 'fast-check';
import { loadSampleData } from '../../schema';
import type { InteractionRecord } from '../../schema/records';
import { computeNeighbours, type NeighbourLists, type NeighbourOptions } from '../../scorer/neighbours';
import {
  indexTrainingData,
  percentileOfSorted,
  usersWithinPercentiles,
  type TrainingData,
} from '../../scorer/training-data';
import { interaction } from './fixtures';
import { computeNeighboursReference } from './reference-neighbours';

/** Returns the first position where two arrays differ, as text, or undefined when they are equal element by element. */
function firstDifference(name: string, actual: ArrayLike<number>, expected: ArrayLike<number>): string | undefined {
  if (actual.length !== expected.length) return `${name}: length ${actual.length}, expected ${expected.length}`;
  for (let k = 0; k < actual.length; k++) {
    if (!Object.is(actual[k], expected[k])) return `${name}[${k}]: ${actual[k]}, expected ${expected[k]}`;
  }
  return undefined;
}

function expectSameNeighbours(data: TrainingData, options: NeighbourOptions): NeighbourLists {
  const actual = computeNeighbours(data, options);
  const expected = computeNeighboursReference(data, options);
  expect(firstDifference('offsets', actual.offsets, expected.offsets)).toBeUndefined();
  expect(firstDifference('items', actual.items, expected.items)).toBeUndefined();
  expect(firstDifference('similarities', actual.similarities, expected.similarities)).toBeUndefined();
  expect(firstDifference('degrees', actual.degrees, expected.degrees)).toBeUndefined();
  return actual;
}

/** Builds the item masks of SIMS: items below the `low` count percentile are out, items above the `high` one are in the head. */
function simsItemMasks(data: TrainingData, low: number, high: number): { itemMask: Uint8Array; headMask: Uint8Array } {
  const sorted = data.itemCounts.filter((count) => count > 0).sort();
  const lowCount = percentileOfSorted(sorted, low);
  const highCount = percentileOfSorted(sorted, high);
  return {
    itemMask: Uint8Array.from(data.itemCounts, (count) => (count > 0 && count >= lowCount ? 1 : 0)),
    headMask: Uint8Array.from(data.itemCounts, (count) => (count > highCount ? 1 : 0)),
  };
}

describe('computeNeighbours on the bundled MovieLens data', () => {
  const records = loadSampleData();
  const data = indexTrainingData(records, records.interactions);
  const allUsers = usersWithinPercentiles(data, 0, 1);

  test('matches reference with personalization settings', () => {
    const lists = expectSameNeighbours(data, {
      maxNeighbours: 200,
      popularityDiscount: 0.6,
      queryDiscount: 0.5,
      userWeightExponent: 0.5,
      minCoOccurrence: 1,
      userMask: allUsers,
    });
    // Most items have the full 200 neighbours, so the comparison covers the selection, not only short lists.
    expect(lists.items.length).toBeGreaterThan(100 * data.items.size);
  });

  test('matches reference with SIMS defaults', () => {
    const { itemMask, headMask } = simsItemMasks(data, 0.01, 0.9);
    expect(headMask.some((flag) => flag === 1)).toBe(true);
    expectSameNeighbours(data, {
      maxNeighbours: 500,
      popularityDiscount: 0.5,
      minCoOccurrence: 3,
      userMask: usersWithinPercentiles(data, 0.005, 0.995),
      itemMask,
      headMask,
    });
  });

  test('matches reference with weighted minimum count', () => {
    expectSameNeighbours(data, {
      maxNeighbours: 20,
      popularityDiscount: 0,
      userWeightExponent: 0.5,
      minCoOccurrence: 4,
    });
  });
});

describe('computeNeighbours on random data', () => {
  /** Few users and items, so that equal similarities (ties) are common and lists overflow small capacities. */
  const histories = fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 14 }), { maxLength: 12 }), {
    minLength: 1,
    maxLength: 25,
  });
  const settings = fc.record({
    maxNeighbours: fc.integer({ min: 0, max: 6 }),
    popularityDiscount: fc.constantFrom(0, 0.5, 0.6, 1),
    queryDiscount: fc.option(fc.constantFrom(0, 0.5, 1), { nil: undefined }),
    userWeightExponent: fc.option(fc.constantFrom(0, 0.5, 1), { nil: undefined }),
    minCoOccurrence: fc.integer({ min: 0, max: 3 }),
    itemMaskSeed: fc.option(fc.integer({ min: 0, max: 1 << 15 }), { nil: undefined }),
    headMaskSeed: fc.option(fc.integer({ min: 0, max: 1 << 15 }), { nil: undefined }),
    userMaskSeed: fc.option(fc.integer({ min: 0, max: (1 << 25) - 1 }), { nil: undefined }),
  });

  function toData(users: number[][]): TrainingData {
    const interactions: InteractionRecord[] = [];
    let time = 1;
    users.forEach((items, user) => {
      for (const item of items) interactions.push(interaction(`u${user}`, `i${item}`, time++));
    });
    return indexTrainingData({ interactions, items: [], users: [] }, interactions);
  }

  const maskOf = (seed: number | undefined, length: number) =>
    seed === undefined ? undefined : Uint8Array.from({ length }, (_, k) => (seed >> (k % 25)) & 1);

  test('matches reference for any settings', () => {
    fc.assert(
      fc.property(histories, settings, (users, chosen) => {
        const data = toData(users);
        expectSameNeighbours(data, {
          maxNeighbours: chosen.maxNeighbours,
          popularityDiscount: chosen.popularityDiscount,
          queryDiscount: chosen.queryDiscount,
          userWeightExponent: chosen.userWeightExponent,
          minCoOccurrence: chosen.minCoOccurrence,
          itemMask: maskOf(chosen.itemMaskSeed, data.items.size),
          headMask: maskOf(chosen.headMaskSeed, data.items.size),
          userMask: maskOf(chosen.userMaskSeed, data.users.size),
        });
      }),
      { numRuns: 300 },
    );
  });
});
