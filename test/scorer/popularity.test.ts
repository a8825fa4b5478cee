import { train } from '../../scorer';
import { interaction, item, SMALL } from './fixtures';

// Counts: c 3 watches, a 2 watches + 2 clicks, b 2 watches, d 1 click.
const data = {
  interactions: [
    interaction('u1', 'a', 1, 'watch'),
    interaction('u2', 'a', 2, 'watch'),
    interaction('u1', 'a', 3, 'click'),
    interaction('u3', 'a', 4, 'click'),
    interaction('u1', 'b', 5, 'watch'),
    interaction('u2', 'b', 6, 'watch'),
    interaction('u1', 'c', 7, 'watch'),
    interaction('u2', 'c', 8, 'watch'),
    interaction('u3', 'c', 9, 'watch'),
    interaction('u3', 'd', 10, 'click'),
  ],
  items: [item('never-watched')],
  users: [],
};

const ids = (list: { itemId: string }[]) => list.map((entry) => entry.itemId);

describe('popularity-count', () => {
  test('orders by interaction count', () => {
    const model = train('aws-popularity-count', data, SMALL);
    expect(model.recommend({ userId: 'u1', numResults: 10 })).toEqual([
      { itemId: 'a' },
      { itemId: 'c' },
      { itemId: 'b' },
      { itemId: 'd' },
    ]);
  });

  test('event type counts only that type', () => {
    const model = train('aws-popularity-count', data, { ...SMALL, eventType: 'watch' });
    expect(ids(model.recommend({ userId: 'u1', numResults: 10 }))).toEqual(['c', 'a', 'b']);
  });

  test('unknown users get the same list', () => {
    const model = train('aws-popularity-count', data, SMALL);
    expect(model.recommend({ userId: 'stranger', numResults: 3 })).toEqual(
      model.recommend({ userId: 'u2', numResults: 3 }),
    );
  });

  test('accept skips items and keeps numResults', () => {
    const model = train('aws-popularity-count', data, SMALL);
    expect(ids(model.recommend({ userId: 'u1', numResults: 2, accept: (id) => id !== 'a' }))).toEqual(['c', 'b']);
  });

  test('events change nothing until retraining', () => {
    const model = train('aws-popularity-count', data, SMALL);
    model.addInteractions(
      [1, 2, 3, 4, 5].map((k) => ({ ...interaction(`n${k}`, 'd', 100 + k), source: 'realtime' as const })),
    );
    expect(ids(model.recommend({ userId: 'u1', numResults: 1 }))).toEqual(['a']);
  });
});
