/** Trains a model of any supported recipe. */
import type { DatasetRecords } from '../schema/records';
import type { EvaluableModel } from './evaluable';
import { InvalidInputError } from './errors';
import {
  parseHyperparameters,
  parseSimsHyperparameters,
  parseUserPersonalizationHyperparameters,
} from './hyperparameters';
import { PersonalizationModel, type PersonalizationSettings } from './personalization';
import { PopularityModel } from './popularity';
import { SimsModel } from './sims';
import { checkTrainingMinimum, indexTrainingData, selectInteractions } from './training-data';
import type { Model, RecipeName, TrainFunction, TrainingOptions } from './types';
import type { TrainedNeighbours } from './update';

/** The seed used when `TrainingOptions.seed` is not set. */
export const DEFAULT_SEED = 42;

/** Every recipe the scorer trains. */
export const RECIPE_NAMES: readonly RecipeName[] = [
  'aws-user-personalization',
  'aws-user-personalization-v2',
  'aws-personalized-ranking',
  'aws-personalized-ranking-v2',
  'aws-sims',
  'aws-popularity-count',
];

/** True for the recipe names the scorer trains. */
export function isRecipeName(name: string): name is RecipeName {
  return (RECIPE_NAMES as readonly string[]).includes(name);
}

/**
 * Trains a model. Raises `InvalidInputError` for an unknown recipe or invalid hyperparameters, and
 * `InsufficientDataError` when the interactions (of `eventType`, when set) are below the service's training minimum.
 */
export const train: TrainFunction = (recipe, data, options) => trainEvaluable(recipe, data, options);

/**
 * Trains a model with the evaluation view. `requestPath` selects how user-personalization serves requests (see
 * `PersonalizationSettings`); tests set `straightforward` to get the reference that the default path must match.
 */
export function trainEvaluable(
  recipe: RecipeName,
  data: DatasetRecords,
  options: TrainingOptions = {},
  requestPath: PersonalizationSettings['requestPath'] = 'optimized',
): EvaluableModel {
  if (!isRecipeName(recipe)) {
    throw new InvalidInputError(`unknown recipe "${String(recipe)}": expected one of ${RECIPE_NAMES.join(', ')}`);
  }
  if (options.updateFrom !== undefined && !recipe.startsWith('aws-user-personalization')) {
    throw new InvalidInputError(`training mode UPDATE applies to user-personalization recipes only, not ${recipe}`);
  }
  const raw = options.hyperparameters ?? {};
  // Validate before touching the data, so that bad hyperparameters fail the same way on any data.
  parseHyperparameters(recipe, raw);
  const interactions = selectInteractions(data.interactions, options.eventType);
  if (!options.allowSmallData) checkTrainingMinimum(interactions, options.eventType);
  const indexed = indexTrainingData(data, interactions);
  switch (recipe) {
    case 'aws-popularity-count':
      return new PopularityModel(indexed);
    case 'aws-sims':
      return new SimsModel(indexed, parseSimsHyperparameters(raw));
    default:
      return new PersonalizationModel(
        indexed,
        {
          recipe,
          hyperparameters: parseUserPersonalizationHyperparameters(recipe, raw),
          eventType: options.eventType,
          seed: options.seed ?? DEFAULT_SEED,
          requestPath,
          ...(options.updateFrom === undefined ? {} : { updateFrom: updatedNeighbours(recipe, options.updateFrom) }),
        },
        data.items,
        interactions,
      );
  }
}

export type { Model };

/** Reads the neighbours an UPDATE carries over; the model updated must be of the same recipe. */
function updatedNeighbours(recipe: RecipeName, model: Model): TrainedNeighbours {
  if (!(model instanceof PersonalizationModel) || model.recipe !== recipe) {
    throw new InvalidInputError(
      `training mode UPDATE needs a trained ${recipe} model to update, received ${model.recipe}`,
    );
  }
  return model.trainedNeighbours;
}
