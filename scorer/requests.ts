/** Request validation and result assembly shared by every recipe. */
import { InvalidInputError } from './errors';
import type { RecipeName } from './types';

/** The service's bounds for `numResults` and for a ranking request's `inputList`. */
export const MAX_NUM_RESULTS = 500;
export const MAX_INPUT_LIST = 500;

export function checkNumResults(numResults: number): void {
  if (!Number.isInteger(numResults) || numResults < 1 || numResults > MAX_NUM_RESULTS) {
    throw new InvalidInputError(
      `numResults must be an integer from 1 to ${MAX_NUM_RESULTS}, received ${String(numResults)}`,
    );
  }
}

export function checkInputList(inputList: readonly string[]): void {
  if (inputList.length < 1 || inputList.length > MAX_INPUT_LIST) {
    throw new InvalidInputError(`inputList must contain 1 to ${MAX_INPUT_LIST} item ids, received ${inputList.length}`);
  }
}

export function requireField(value: string | undefined, field: 'userId' | 'itemId', recipe: RecipeName): string {
  if (value === undefined || value === '') {
    throw new InvalidInputError(`${field} is required for recipe ${recipe}`);
  }
  return value;
}

export function unsupportedRanking(recipe: RecipeName): InvalidInputError {
  return new InvalidInputError(
    `recipe ${recipe} does not rank an input list; personalized ranking needs aws-personalized-ranking or aws-personalized-ranking-v2`,
  );
}

export function unsupportedRecommendations(recipe: RecipeName): InvalidInputError {
  return new InvalidInputError(`recipe ${recipe} only ranks an input list; call rank with a userId and an inputList`);
}

/**
 * Walks item indexes in ranking order and keeps the first `count` that are new to `listed` and accepted, so that a
 * filter that rejects items pulls results from further down the ranking.
 */
export function collectAccepted(
  order: Iterable<number>,
  count: number,
  listed: Set<number>,
  accept: (item: number) => boolean,
  into: number[] = [],
): number[] {
  if (into.length >= count) return into;
  for (const item of order) {
    if (listed.has(item) || !accept(item)) continue;
    listed.add(item);
    into.push(item);
    if (into.length >= count) break;
  }
  return into;
}
