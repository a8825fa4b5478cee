/**
 * The cached request path of user-personalization against the straightforward one, which builds, sorts and normalizes
 * the whole affinity vector on every request. Both models see the same operations and must return identical lists.
 */
import fc from 'fast-check';
import { GroupRecords } from '../../emulator/group-records';
import { compileFilter } from '../../filter';
import { loadSampleData } from '../../schema';
import type { DatasetRecords, InteractionRecord, ItemRecord } from '../../schema/records';
import type { RecommendRequest, ScoredItem, TrainingOptions } from '../../scorer';
import { PersonalizationModel } from '../../scorer/personalization';
import { trainEvaluable } from '../../scorer/train';
import { clusteredData, itemOf, SMALL } from './fixtures';

const DAY = 86_400;

interface Twins {
  readonly optimized: PersonalizationModel;
  readonly reference: PersonalizationModel;
}

function trainTwins(data: DatasetRecords, options: TrainingOptions = {}): Twins {
  const optimized = trainEvaluable('aws-user-personalization', data, options, 'optimized');
  const reference = trainEvaluable('aws-user-personalization', data, options, 'straightforward');
  return { optimized: optimized as PersonalizationModel, reference: reference as PersonalizationModel };
}

/** Sends one request to both models, which counts as one request of the user in each, and returns the result. */
function expectSameResults(twins: Twins, request: RecommendRequest): ScoredItem[] {
  const expected = twins.reference.recommend(request);
  const result = twins.optimized.recommend(request);
  expect(result).toEqual(expected);
  return result;
}

describe('request path on MovieLens', () => {
  const data = loadSampleData();
  const twins = trainTwins(data);
  const records = new GroupRecords();
  records.addInteractions(data.interactions);
  records.putItems(data.items);
  const watched = compileFilter('EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("watch")');
  const userIds = [...new Set(data.interactions.map((record) => record.userId))];
  const latest = Math.max(...data.interactions.map((record) => record.timestamp));
  const evenIds = (itemId: string) => itemId.charCodeAt(itemId.length - 1) % 2 === 0;
  // About 1% of the catalogue, so that long lists run out of ranked items and fall back to popular ones.
  const rareIds = (itemId: string) => itemId.endsWith('00');

  test('every user with the watch filter, twice', () => {
    for (let round = 0; round < 2; round++) {
      for (const userId of userIds) {
        expectSameResults(twins, { userId, numResults: 25, accept: watched.bind({ userId, data: records }) });
      }
    }
    expect(twins.optimized.cachedAffinityUsers).toBe(userIds.length);
    expect(twins.reference.cachedAffinityUsers).toBe(0);
  });

  test('half and most of the catalogue rejected', () => {
    for (const userId of userIds.filter((_, k) => k % 3 === 0)) {
      expectSameResults(twins, { userId, numResults: 100, accept: evenIds });
    }
    for (const userId of userIds.filter((_, k) => k % 30 === 0)) {
      const result = expectSameResults(twins, { userId, numResults: 500, accept: rareIds });
      expect(result.length).toBeGreaterThan(0);
      expect(result.length).toBeLessThan(500);
      expect(result.every((entry) => rareIds(entry.itemId))).toBe(true);
    }
  });

  test('unknown user and no filter', () => {
    expectSameResults(twins, { userId: 'nobody', numResults: 500 });
    expectSameResults(twins, { userId: 'nobody', numResults: 30, accept: evenIds });
    expectSameResults(twins, { userId: userIds[0], numResults: 500 });
  });

  test('events after cached requests', () => {
    const changed = userIds.filter((_, k) => k % 20 === 0);
    for (const userId of changed) expectSameResults(twins, { userId, numResults: 25 });
    const events: InteractionRecord[] = changed.flatMap((userId, k) => [
      realtime(userId, '1', latest + k),
      realtime(userId, `event-item-${k}`, latest + k + 1),
      { ...realtime(userId, '260', latest + k + 2), impression: ['260', '1196', '2571', '356'] },
    ]);
    events.push(realtime('newcomer', '318', latest + 100), realtime('newcomer', '858', latest + 101));
    for (const model of [twins.optimized, twins.reference]) model.addInteractions(events);
    records.addInteractions(events);
    for (const userId of [...changed, 'newcomer', userIds[1]]) {
      expectSameResults(twins, { userId, numResults: 25 });
      expectSameResults(twins, { userId, numResults: 50, accept: watched.bind({ userId, data: records }) });
    }
  });

  test('new items and exploration', () => {
    const items: ItemRecord[] = Array.from({ length: 20 }, (_, k) => ({
      itemId: `put-item-${k}`,
      fields: { CREATION_TIMESTAMP: latest - DAY },
    }));
    for (const model of [twins.optimized, twins.reference]) model.putItems(items);
    records.putItems(items);
    for (const explorationWeight of [0, 0.3, 1]) {
      const exploration = { explorationWeight, explorationItemAgeCutOffDays: 30 };
      for (const userId of [...userIds.filter((_, k) => k % 12 === 0), 'newcomer', 'nobody']) {
        const accept = watched.bind({ userId, data: records });
        expectSameResults(twins, { userId, numResults: 25, accept, exploration });
        expectSameResults(twins, { userId, numResults: 25, exploration });
      }
    }
  });
});

type Operation =
  | { kind: 'recommend'; request: RecommendRequest }
  | { kind: 'events'; records: InteractionRecord[] }
  | { kind: 'items'; records: ItemRecord[] };

const GROUPS = 3;
const ITEMS_PER_GROUP = 12;
const USERS = 30;
const LATEST = 1_700_000_000 + 6 * USERS;

const filters: Record<string, ((itemId: string) => boolean) | undefined> = {
  none: undefined,
  group1: (itemId) => itemId.startsWith('g1'),
  notGroup0: (itemId) => !itemId.startsWith('g0'),
  addedOnly: (itemId) => !itemId.startsWith('g'),
  nothing: () => false,
};

const userIdArbitrary = fc.oneof(
  fc.integer({ min: 0, max: USERS - 1 }).map((k) => `u${k}`),
  fc.constantFrom('new-a', 'new-b', 'stranger'),
);
const itemIdArbitrary = fc.oneof(
  fc
    .record({ group: fc.integer({ min: 0, max: GROUPS - 1 }), k: fc.integer({ min: 0, max: ITEMS_PER_GROUP - 1 }) })
    .map(({ group, k }) => itemOf(group, k)),
  fc.integer({ min: 0, max: 5 }).map((k) => `added-${k}`),
);

const recommendArbitrary: fc.Arbitrary<Operation> = fc
  .record({
    userId: userIdArbitrary,
    numResults: fc.integer({ min: 1, max: 60 }),
    filter: fc.constantFrom(...Object.keys(filters)),
    explorationWeight: fc.option(fc.constantFrom(0, 0.25, 0.5, 1), { nil: undefined }),
    context: fc.option(fc.constant({ DEVICE: 'tv' }), { nil: undefined }),
  })
  .map(({ userId, numResults, filter, explorationWeight, context }) => ({
    kind: 'recommend',
    request: {
      userId,
      numResults,
      ...(filters[filter] === undefined ? {} : { accept: filters[filter] }),
      ...(explorationWeight === undefined
        ? {}
        : { exploration: { explorationWeight, explorationItemAgeCutOffDays: 10 } }),
      ...(context === undefined ? {} : { context }),
    },
  }));

const eventsArbitrary: fc.Arbitrary<Operation> = fc
  .array(
    fc.record({
      userId: userIdArbitrary,
      itemId: itemIdArbitrary,
      impression: fc.option(fc.array(itemIdArbitrary, { minLength: 1, maxLength: 4 }), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((list) => ({
    kind: 'events',
    records: list.map(({ userId, itemId, impression }, k) => ({
      ...realtime(userId, itemId, LATEST + k),
      ...(impression === undefined ? {} : { impression: [itemId, ...impression] }),
    })),
  }));

const itemsArbitrary: fc.Arbitrary<Operation> = fc
  .array(fc.record({ itemId: itemIdArbitrary, ageDays: fc.option(fc.constantFrom(1, 100), { nil: undefined }) }), {
    minLength: 1,
    maxLength: 3,
  })
  .map((list) => ({
    kind: 'items',
    records: list.map(({ itemId, ageDays }): ItemRecord => ({
      itemId,
      fields: ageDays === undefined ? {} : { CREATION_TIMESTAMP: LATEST - ageDays * DAY },
    })),
  }));

describe('request path under random operations', () => {
  const data = clusteredData({ users: USERS, groups: GROUPS, itemsPerGroup: ITEMS_PER_GROUP });

  test('matches the straightforward path', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ arbitrary: recommendArbitrary, weight: 4 }, eventsArbitrary, itemsArbitrary), {
          minLength: 1,
          maxLength: 30,
        }),
        (operations) => {
          const twins = trainTwins(data, SMALL);
          for (const operation of operations) {
            if (operation.kind === 'recommend') {
              expect(twins.optimized.recommend(operation.request)).toEqual(
                twins.reference.recommend(operation.request),
              );
            } else {
              for (const model of [twins.optimized, twins.reference]) {
                if (operation.kind === 'events') model.addInteractions(operation.records);
                else model.putItems(operation.records);
              }
            }
          }
        },
      ),
      { numRuns: 150, seed: 20_261_204 },
    );
  });
});

function realtime(userId: string, itemId: string, timestamp: number): InteractionRecord {
  return { userId, itemId, timestamp, eventType: 'watch', source: 'realtime' };
}
