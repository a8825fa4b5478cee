import { InsufficientDataError, InvalidInputError, train, type RecipeName, type RecommendRequest } from '../../scorer';
import { clusteredData, interaction, SMALL } from './fixtures';

const RECIPES: RecipeName[] = [
  'aws-user-personalization',
  'aws-user-personalization-v2',
  'aws-personalized-ranking',
  'aws-personalized-ranking-v2',
  'aws-sims',
  'aws-popularity-count',
];

describe('training minimum', () => {
  test('rejects fewer than 1000 interactions', () => {
    const data = clusteredData();
    expect(() => train('aws-sims', data)).toThrow(
      new InsufficientDataError('training data must contain at least 1000 interactions, received 360'),
    );
  });

  test('rejects fewer than 25 users with 2 interactions', () => {
    // 1,000 interactions of 20 users with 50 each, plus 10 users with a single interaction.
    const data = clusteredData({ users: 20, groups: 1, itemsPerGroup: 50, perUser: 50 });
    const extra = Array.from({ length: 10 }, (_, k) => interaction(`single${k}`, 'g0-i00', 1));
    expect(() => train('aws-popularity-count', { ...data, interactions: [...data.interactions, ...extra] })).toThrow(
      'training data must contain at least 25 users with 2 or more interactions, received 20',
    );
  });

  test('counts only the event type', () => {
    const data = clusteredData({ users: 30, groups: 1, itemsPerGroup: 40, perUser: 40 });
    expect(() => train('aws-popularity-count', data, { eventType: 'click' })).toThrow(
      'training data must contain at least 1000 interactions of event type "click", received 0',
    );
  });

  test('passes at the minimum', () => {
    const data = clusteredData({ users: 25, groups: 1, itemsPerGroup: 40, perUser: 40 });
    expect(train('aws-popularity-count', data).recipe).toBe('aws-popularity-count');
  });

  test('allowSmallData skips it', () => {
    expect(train('aws-sims', clusteredData(), SMALL).recipe).toBe('aws-sims');
  });
});

describe('train', () => {
  const data = clusteredData();

  test('rejects unknown recipe', () => {
    expect(() => train('aws-hrnn' as RecipeName, data, SMALL)).toThrow(
      new InvalidInputError(
        'unknown recipe "aws-hrnn": expected one of aws-user-personalization, aws-user-personalization-v2, ' +
          'aws-personalized-ranking, aws-personalized-ranking-v2, aws-sims, aws-popularity-count',
      ),
    );
  });

  test.each(RECIPES)('%s is deterministic', (recipe) => {
    const request = (model: ReturnType<typeof train>) =>
      recipe.startsWith('aws-personalized-ranking')
        ? model.rank({ userId: 'u4', inputList: ['g1-i00', 'g0-i03', 'g2-i05', 'g1-i07', 'missing'] })
        : model.recommend({
            userId: 'u4',
            itemId: 'g1-i02',
            numResults: 10,
            exploration: { explorationWeight: 0.5, explorationItemAgeCutOffDays: 30 },
          });
    const first = train(recipe, data, { ...SMALL, seed: 7 });
    const second = train(recipe, data, { ...SMALL, seed: 7 });
    expect(request(first)).toEqual(request(second));
    expect(request(first)).toEqual(request(second));
  });

  test.each<[number, string]>([
    [0, 'numResults must be an integer from 1 to 500, received 0'],
    [501, 'numResults must be an integer from 1 to 500, received 501'],
    [2.5, 'numResults must be an integer from 1 to 500, received 2.5'],
  ])('numResults %p is rejected', (numResults, message) => {
    for (const recipe of ['aws-user-personalization', 'aws-sims', 'aws-popularity-count'] as const) {
      const request: RecommendRequest = { userId: 'u1', itemId: 'g0-i01', numResults };
      expect(() => train(recipe, data, SMALL).recommend(request)).toThrow(new InvalidInputError(message));
    }
  });

  test('returnsScores per recipe', () => {
    const scores = RECIPES.map((recipe) => train(recipe, data, SMALL).returnsScores);
    expect(scores).toEqual([true, true, true, true, false, false]);
  });

  test('required request fields', () => {
    expect(() => train('aws-sims', data, SMALL).recommend({ userId: 'u1', numResults: 5 })).toThrow(
      'itemId is required for recipe aws-sims',
    );
    expect(() => train('aws-user-personalization', data, SMALL).recommend({ itemId: 'g0-i01', numResults: 5 })).toThrow(
      'userId is required for recipe aws-user-personalization',
    );
  });

  test('recipes reject the other operation', () => {
    expect(() => train('aws-user-personalization', data, SMALL).rank({ userId: 'u1', inputList: ['g0-i01'] })).toThrow(
      'recipe aws-user-personalization does not rank an input list; personalized ranking needs ' +
        'aws-personalized-ranking or aws-personalized-ranking-v2',
    );
    expect(() => train('aws-personalized-ranking', data, SMALL).recommend({ userId: 'u1', numResults: 5 })).toThrow(
      'recipe aws-personalized-ranking only ranks an input list; call rank with a userId and an inputList',
    );
  });
});
