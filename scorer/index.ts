/** The local reference scorer: trains and evaluates models of the service's custom recipes offline. */
export * from './types';
export { train, isRecipeName, DEFAULT_SEED, RECIPE_NAMES } from './train';
export { evaluate, EVALUATED_USER_SHARE, HELD_OUT_SHARE } from './evaluate';
export { InvalidInputError, InsufficientDataError } from './errors';
export { hyperparameterNames } from './hyperparameters';
export { precisionAtK, reciprocalRankAtK, ndcgAtK } from './metrics';
export { createRandom, hashSeed, shuffleInPlace } from './random';
export type { RandomSource } from './random';
export { MAX_NUM_RESULTS, MAX_INPUT_LIST } from './requests';
export { MIN_TRAINING_INTERACTIONS, MIN_TRAINING_USERS } from './training-data';
export { RECENCY_HALF_LIFE, SCORE_SHARPNESS } from './affinity';
