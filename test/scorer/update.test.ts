import type { DatasetRecords } from '../../schema/records';
import { train } from '../../scorer';
import { clusteredData, groupOf, interaction, item, itemOf, SMALL } from './fixtures';

/**
 * Adds users who watch items of group 0 and group 1 together to data whose three item groups users never mix. A FULL
 * training turns them into cross-group similarities, and an UPDATE must not.
 */
function withCrossGroupUsers(base: DatasetRecords): DatasetRecords {
  const added = [];
  let timestamp = 1_800_000_000;
  for (let user = 0; user < 40; user++) {
    for (let k = 0; k < 4; k++) {
      added.push(interaction(`cross${user}`, itemOf(0, k), timestamp++));
      added.push(interaction(`cross${user}`, itemOf(1, k), timestamp++));
    }
  }
  return {
    interactions: [...base.interactions, ...added, interaction('u0', 'new-item', timestamp++)],
    items: [...base.items, item('new-item')],
    users: [],
  };
}

/** Groups among the top `count` recommendations of a user whose only history is item 0 of group 0. */
function recommendedGroups(model: ReturnType<typeof train>, count: number): Set<number> {
  model.addInteractions([{ userId: 'probe', itemId: itemOf(0, 0), timestamp: 1_900_000_000, source: 'realtime' }]);
  const items = model.recommend({ userId: 'probe', numResults: count }).map((result) => result.itemId);
  return new Set(items.filter((id) => id.startsWith('g')).map(groupOf));
}

describe('training mode UPDATE', () => {
  const baseData = clusteredData();
  const newData = withCrossGroupUsers(baseData);
  const base = train('aws-user-personalization', baseData, SMALL);

  test('FULL learns the new similarities', () => {
    const full = train('aws-user-personalization', newData, SMALL);
    expect(recommendedGroups(full, 8)).toContain(1);
  });

  test('UPDATE keeps the trained similarities', () => {
    const updated = train('aws-user-personalization', newData, { ...SMALL, updateFrom: base });
    expect([...recommendedGroups(updated, 8)]).toEqual([0]);
  });

  test('UPDATE gives the same answers as its base on unchanged data', () => {
    const updated = train('aws-user-personalization', baseData, { ...SMALL, updateFrom: base });
    for (const userId of ['u0', 'u1', 'u2', 'u17']) {
      expect(updated.recommend({ userId, numResults: 10 })).toEqual(base.recommend({ userId, numResults: 10 }));
    }
  });

  test('UPDATE folds in new histories and items', () => {
    const updated = train('aws-user-personalization', newData, { ...SMALL, updateFrom: base });
    const crossUser = updated.recommend({ userId: 'cross0', numResults: 10 }).map((result) => groupOf(result.itemId));
    expect(base.recommend({ userId: 'cross0', numResults: 10 }).map((result) => groupOf(result.itemId))).not.toEqual(
      crossUser,
    );
    expect(new Set(crossUser)).toEqual(new Set([0, 1]));

    const onlyNew = updated.recommend({ userId: 'u5', numResults: 1, accept: (id) => id === 'new-item' });
    expect(onlyNew.map((result) => result.itemId)).toEqual(['new-item']);
  });

  test('UPDATE drops neighbours no longer in the data', () => {
    const withoutItem = {
      interactions: baseData.interactions.filter((record) => record.itemId !== itemOf(0, 1)),
      items: baseData.items.filter((record) => record.itemId !== itemOf(0, 1)),
      users: [],
    };
    const updated = train('aws-user-personalization', withoutItem, { ...SMALL, updateFrom: base });
    const items = updated.recommend({ userId: 'u0', numResults: 30 }).map((result) => result.itemId);
    expect(items).not.toContain(itemOf(0, 1));
  });

  test('UPDATE rejects other recipes', () => {
    expect(() => train('aws-sims', newData, { ...SMALL, updateFrom: base })).toThrow(
      'training mode UPDATE applies to user-personalization recipes only, not aws-sims',
    );
    const popularity = train('aws-popularity-count', baseData, SMALL);
    expect(() => train('aws-user-personalization', newData, { ...SMALL, updateFrom: popularity })).toThrow(
      'training mode UPDATE needs a trained aws-user-personalization model to update, received aws-popularity-count',
    );
  });
});
