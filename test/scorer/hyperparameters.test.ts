import { hyperparameterNames, InvalidInputError, train, type RecipeName } from '../../scorer';
import { clusteredData, SMALL } from './fixtures';

const data = clusteredData();

function trainWith(recipe: RecipeName, hyperparameters: Record<string, string>) {
  return () => train(recipe, data, { ...SMALL, hyperparameters });
}

describe('hyperparameter validation', () => {
  test.each<[RecipeName, Record<string, string>, string]>([
    [
      'aws-sims',
      { popularity_discount_factor: '1.5' },
      'hyperparameter popularity_discount_factor must be a number from 0 to 1, received "1.5"',
    ],
    [
      'aws-sims',
      { min_cointeraction_count: '11' },
      'hyperparameter min_cointeraction_count must be an integer from 0 to 10, received "11"',
    ],
    [
      'aws-sims',
      { min_cointeraction_count: '2.5' },
      'hyperparameter min_cointeraction_count must be an integer from 0 to 10, received "2.5"',
    ],
    [
      'aws-sims',
      { max_item_interaction_count_percentile: '' },
      'hyperparameter max_item_interaction_count_percentile must be a number from 0 to 1, received ""',
    ],
    [
      'aws-user-personalization',
      { recency_mask: 'yes' },
      'hyperparameter recency_mask must be "true" or "false", received "yes"',
    ],
    [
      'aws-user-personalization',
      { exploration_weight: '-0.1' },
      'hyperparameter exploration_weight must be a number from 0 to 1, received "-0.1"',
    ],
    [
      'aws-user-personalization',
      { exploration_item_age_cut_off: '0' },
      'hyperparameter exploration_item_age_cut_off must be a number greater than 0, received "0"',
    ],
    [
      'aws-personalized-ranking',
      { hidden_dimension: '16' },
      'hyperparameter hidden_dimension must be an integer from 32 to 256, received "16"',
    ],
    [
      'aws-user-personalization-v2',
      { max_user_history_length_percentile: 'NaN' },
      'hyperparameter max_user_history_length_percentile must be a number from 0 to 1, received "NaN"',
    ],
  ])('%s rejects %j', (recipe, hyperparameters, message) => {
    expect(trainWith(recipe, hyperparameters)).toThrow(new InvalidInputError(message));
  });

  test('unknown name lists the known names', () => {
    expect(trainWith('aws-sims', { recency_mask: 'true' })).toThrow(
      'unknown hyperparameter "recency_mask" for recipe aws-sims: expected one of popularity_discount_factor, ' +
        'min_cointeraction_count, min_user_history_length_percentile, max_user_history_length_percentile, ' +
        'min_item_interaction_count_percentile, max_item_interaction_count_percentile',
    );
  });

  test('popularity-count takes none', () => {
    expect(trainWith('aws-popularity-count', { popularity_discount_factor: '0.5' })).toThrow(
      'unknown hyperparameter "popularity_discount_factor" for recipe aws-popularity-count: it takes no hyperparameters',
    );
  });

  test('ranking has no exploration settings', () => {
    expect(trainWith('aws-personalized-ranking', { exploration_weight: '0.3' })).toThrow(
      /^unknown hyperparameter "exploration_weight" for recipe aws-personalized-ranking/,
    );
  });

  test('valid values are accepted', () => {
    expect(
      trainWith('aws-user-personalization', {
        recency_mask: 'FALSE',
        hidden_dimension: '256',
        bptt: '2',
        exploration_weight: '0',
        exploration_item_age_cut_off: '0.5',
        min_user_history_length_percentile: '0',
        max_user_history_length_percentile: '1',
      })(),
    ).toMatchObject({ recipe: 'aws-user-personalization', returnsScores: true });
  });

  test('names per recipe', () => {
    expect(hyperparameterNames('aws-personalized-ranking')).toEqual([
      'hidden_dimension',
      'bptt',
      'recency_mask',
      'min_user_history_length_percentile',
      'max_user_history_length_percentile',
    ]);
    expect(hyperparameterNames('aws-popularity-count')).toEqual([]);
  });
});
