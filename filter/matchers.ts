/** Value matchers: one comparison's operator and resolved values, turned into a fast test on one field value. */
import type { ComparisonOperator } from './ast';
import type { FieldValue } from '../schema/records';

export type ValueMatcher = (value: FieldValue | undefined) => boolean;

/** Split categorical values by their source string; genre strings repeat across a catalogue, so this stays small. */
const splitCache = new Map<string, readonly string[]>();
const SPLIT_CACHE_LIMIT = 50_000;

function categoriesOf(value: string): readonly string[] {
  let parts = splitCache.get(value);
  if (parts === undefined) {
    parts = value.split('|');
    if (splitCache.size >= SPLIT_CACHE_LIMIT) {
      splitCache.clear();
    }
    splitCache.set(value, parts);
  }
  return parts;
}

/** Reads a number from a literal or a quoted request value such as `"1995"`; undefined when it is not one. */
export function asNumber(value: string | number): number | undefined {
  if (typeof value === 'number') {
    return value;
  }
  const trimmed = value.trim();
  const parsed = trimmed === '' ? NaN : Number(trimmed);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * Tests membership: numbers compare as numbers, strings as exact strings. A string field value counts as a match when
 * any of its `|`-joined categories matches, provided `categorical` is true.
 */
function membership(values: readonly (string | number)[], categorical: boolean): ValueMatcher {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  for (const value of values) {
    strings.add(String(value));
    const number = asNumber(value);
    if (number !== undefined) {
      numbers.add(number);
    }
  }
  return (value) => {
    if (typeof value === 'number') {
      return numbers.has(value);
    }
    if (typeof value !== 'string') {
      return false;
    }
    if (!categorical || value.indexOf('|') < 0) {
      return strings.has(value);
    }
    return categoriesOf(value).some((category) => strings.has(category));
  };
}

const ORDERINGS: Readonly<Record<string, (left: number, right: number) => boolean>> = {
  '<': (left, right) => left < right,
  '>': (left, right) => left > right,
  '<=': (left, right) => left <= right,
  '>=': (left, right) => left >= right,
};

/**
 * Builds the test for one comparison. `values` are already resolved (placeholders replaced) and checked: ordering
 * operators get exactly one numeric value. A missing field value matches nothing except NOT IN.
 */
export function buildValueMatcher(
  operator: ComparisonOperator,
  values: readonly (string | number)[],
  categorical: boolean,
): ValueMatcher {
  if (operator === 'IN' || operator === '=') {
    return membership(values, categorical);
  }
  if (operator === 'NOT IN') {
    const isMember = membership(values, categorical);
    return (value) => !isMember(value);
  }
  const order = ORDERINGS[operator];
  const bound = asNumber(values[0]) ?? NaN;
  return (value) => {
    const number = typeof value === 'number' || typeof value === 'string' ? asNumber(value) : undefined;
    return number !== undefined && order(number, bound);
  };
}
