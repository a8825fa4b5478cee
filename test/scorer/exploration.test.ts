import type { ItemRecord } from '../../schema/records';
import { InvalidInputError, train, type ExplorationSettings, type Model } from '../../scorer';
import { clusteredData, SMALL } from './fixtures';

const DAY = 86_400;
const base = clusteredData();
const latest = Math.max(...base.interactions.map((record) => record.timestamp));
// Old catalogue items, created a year before the newest interaction; eight new items, created 5 days before it.
const oldItems: ItemRecord[] = base.items.map((item) => ({
  ...item,
  fields: { CREATION_TIMESTAMP: latest - 365 * DAY },
}));
const newItems: ItemRecord[] = Array.from({ length: 8 }, (_, k) => ({
  itemId: `new${k}`,
  fields: { CREATION_TIMESTAMP: latest - 5 * DAY },
}));
const data = { ...base, items: [...oldItems, ...newItems] };
const isNew = (itemId: string) => itemId.startsWith('new');

/** Measures the share of result slots that went to new items over many requests of several users. */
function newShare(model: Model, exploration?: ExplorationSettings): number {
  let slots = 0;
  let explored = 0;
  for (let request = 0; request < 40; request++) {
    for (const userId of ['u0', 'u1', 'u2', 'u3', 'u4']) {
      const result = model.recommend({ userId, numResults: 10, exploration });
      slots += result.length;
      explored += result.filter((entry) => isNew(entry.itemId)).length;
    }
  }
  return explored / slots;
}

describe('exploration', () => {
  test('weight 0.3 gives about 30% new items', () => {
    const model = train('aws-user-personalization', data, SMALL);
    const share = newShare(model, { explorationWeight: 0.3, explorationItemAgeCutOffDays: 30 });
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);
  });

  test('weight 0 never explores', () => {
    const model = train('aws-user-personalization', data, SMALL);
    expect(newShare(model, { explorationWeight: 0, explorationItemAgeCutOffDays: 30 })).toBe(0);
  });

  test('no settings means no exploration', () => {
    expect(newShare(train('aws-user-personalization', data, SMALL))).toBe(0);
  });

  test('hyperparameters set the default', () => {
    const hyperparameters = { exploration_weight: '0.5', exploration_item_age_cut_off: '30' };
    const share = newShare(train('aws-user-personalization', data, { ...SMALL, hyperparameters }));
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.55);
  });

  test('weight 1 explores only new or cold items', () => {
    const model = train('aws-user-personalization', data, SMALL);
    const result = model.recommend({
      userId: 'u1',
      numResults: 8,
      exploration: { explorationWeight: 1, explorationItemAgeCutOffDays: 30 },
    });
    expect(result.map((entry) => entry.itemId).sort()).toEqual(newItems.map((item) => item.itemId).sort());
  });

  test('returns scores best first', () => {
    const model = train('aws-user-personalization', data, SMALL);
    const exploration = { explorationWeight: 0.3, explorationItemAgeCutOffDays: 30 };
    let explored = 0;
    for (let request = 0; request < 10; request++) {
      for (const userId of ['u0', 'u1', 'u2']) {
        const result = model.recommend({ userId, numResults: 10, exploration });
        const scores = result.map((entry) => entry.score ?? Number.NaN);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
        explored += result.filter((entry) => isNew(entry.itemId)).length;
      }
    }
    // Sorting moves explored items, but the share of slots they take stays.
    expect(explored).toBeGreaterThan(0);
  });

  test('equal scores follow popularity order', () => {
    // The new items have no interactions, so their scores are equal and popularity orders them by item id.
    const model = train('aws-user-personalization', data, SMALL);
    const result = model.recommend({
      userId: 'u1',
      numResults: 8,
      exploration: { explorationWeight: 1, explorationItemAgeCutOffDays: 30 },
    });
    expect(new Set(result.map((entry) => entry.score)).size).toBe(1);
    expect(result.map((entry) => entry.itemId)).toEqual(newItems.map((item) => item.itemId));
  });

  test('age cut-off limits which interacted items are new', () => {
    // Each new item has one training interaction, so it is not cold, and only its age can make it a candidate.
    const interacted = newItems.map((item, k) => ({
      userId: `w${k}`,
      itemId: item.itemId,
      timestamp: latest,
      source: 'bulk' as const,
    }));
    const model = train(
      'aws-user-personalization',
      { ...data, interactions: [...data.interactions, ...interacted] },
      SMALL,
    );
    const explore = (days: number) =>
      model
        .recommend({
          userId: 'u1',
          numResults: 8,
          exploration: { explorationWeight: 1, explorationItemAgeCutOffDays: days },
        })
        .filter((entry) => isNew(entry.itemId));
    expect(explore(30)).toHaveLength(8);
    expect(explore(1)).toHaveLength(0);
  });

  test('requests vary and stay reproducible', () => {
    const settings = { explorationWeight: 0.5, explorationItemAgeCutOffDays: 30 };
    const first = train('aws-user-personalization', data, { ...SMALL, seed: 3 });
    const second = train('aws-user-personalization', data, { ...SMALL, seed: 3 });
    const run = (model: Model) =>
      [1, 2, 3].map(() => model.recommend({ userId: 'u1', numResults: 10, exploration: settings }));
    const firstRun = run(first);
    expect(run(second)).toEqual(firstRun);
    expect(new Set(firstRun.map((list) => JSON.stringify(list))).size).toBeGreaterThan(1);
  });

  test('items added with putItems are explored', () => {
    const model = train('aws-user-personalization', base, SMALL);
    model.putItems([{ itemId: 'launch', fields: { CREATION_TIMESTAMP: latest } }]);
    const result = model.recommend({
      userId: 'u1',
      numResults: 1,
      exploration: { explorationWeight: 1, explorationItemAgeCutOffDays: 30 },
    });
    expect(result.map((entry) => entry.itemId)).toEqual(['launch']);
  });

  test.each<[ExplorationSettings, string]>([
    [
      { explorationWeight: 1.5, explorationItemAgeCutOffDays: 30 },
      'explorationWeight must be a number from 0 to 1, received 1.5',
    ],
    [
      { explorationWeight: 0.3, explorationItemAgeCutOffDays: 0 },
      'explorationItemAgeCutOffDays must be a number greater than 0, received 0',
    ],
  ])('rejects %j', (exploration, message) => {
    const model = train('aws-user-personalization', data, SMALL);
    expect(() => model.recommend({ userId: 'u1', numResults: 5, exploration })).toThrow(new InvalidInputError(message));
  });
});
