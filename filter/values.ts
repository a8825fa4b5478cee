/**
 * Request-time `filterValues`: encoding typed values to the wire strings GetRecommendations takes, and decoding them.
 *
 * On the wire each value is a comma-separated list: strings in double quotes, for example `"Comedy","Drama"`.
 * NOTE: the service documents only quoted strings. Numbers are encoded bare, as number literals are written in
 * expressions. The decoder also accepts a quoted number wherever a number is expected. Revisit the encoding if the
 * service requires quotes around numbers too.
 */
import { FilterValuesError } from './errors';
import { MAX_FILTER_VALUE_KEYS, MAX_FILTER_VALUE_KEY_LENGTH, MAX_FILTER_VALUE_LENGTH } from './limits';
import { quoteString } from './printer';
import type { TypedFilterValue, TypedFilterValues } from './types';

const KEY_PATTERN = /^[A-Za-z0-9_]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Checks a `filterValues` key against the request model: `[A-Za-z0-9_]+`, at most 50 characters. */
export function checkFilterValueKey(key: string): void {
  if (!KEY_PATTERN.test(key) || key.length > MAX_FILTER_VALUE_KEY_LENGTH) {
    throw new FilterValuesError(
      'ValidationException',
      `filterValues key ${JSON.stringify(key)} must match [A-Za-z0-9_]+ and be 1 to ${MAX_FILTER_VALUE_KEY_LENGTH} characters long`,
      key,
    );
  }
}

/** Checks the number of keys and each key and value length, as the request model does before any filter runs. */
export function checkFilterValuesShape(values: Readonly<Record<string, string>>): void {
  const keys = Object.keys(values);
  if (keys.length > MAX_FILTER_VALUE_KEYS) {
    throw new FilterValuesError(
      'ValidationException',
      `filterValues has ${keys.length} keys but the maximum is ${MAX_FILTER_VALUE_KEYS}`,
    );
  }
  for (const key of keys) {
    checkFilterValueKey(key);
    checkEncodedLength(key, values[key]);
  }
}

function checkEncodedLength(key: string, encoded: string): void {
  if (encoded.length > MAX_FILTER_VALUE_LENGTH) {
    throw new FilterValuesError(
      'ValidationException',
      `filterValues key ${key} has a value of ${encoded.length} characters but the maximum is ${MAX_FILTER_VALUE_LENGTH}`,
      key,
    );
  }
}

function encodeOne(key: string, value: string | number | boolean): string {
  if (typeof value === 'boolean') {
    // Filters cannot use boolean fields, and the service's advice is to store them as the strings "True" and "False".
    return value ? '"True"' : '"False"';
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new FilterValuesError(
        'ValidationException',
        `filterValues key ${key} has the non-finite number ${value}`,
        key,
      );
    }
    return String(value);
  }
  const control = CONTROL_CHARACTER.exec(value);
  if (control !== null) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new FilterValuesError(
      'ValidationException',
      `filterValues key ${key} has the value ${JSON.stringify(value)}, which contains the control character U+${code}`,
      key,
    );
  }
  return quoteString(value);
}

function encodeValue(key: string, value: TypedFilterValue): string {
  const list: readonly (string | number | boolean)[] = Array.isArray(value) ? value : [value as string];
  if (list.length === 0) {
    throw new FilterValuesError(
      'ValidationException',
      `filterValues key ${key} has an empty list; give at least one value`,
      key,
    );
  }
  return list.map((item) => encodeOne(key, item)).join(',');
}

/**
 * Encodes typed values to wire `filterValues`: `{ GENRE: ['Comedy', 'Drama'] }` becomes `{ GENRE: '"Comedy","Drama"' }`.
 * Throws `FilterValuesError` (ValidationException) for values the request model would reject.
 */
export function encodeFilterValues(values: TypedFilterValues): Record<string, string> {
  const keys = Object.keys(values);
  if (keys.length > MAX_FILTER_VALUE_KEYS) {
    throw new FilterValuesError(
      'ValidationException',
      `filterValues has ${keys.length} keys but the maximum is ${MAX_FILTER_VALUE_KEYS}`,
    );
  }
  const encoded: Record<string, string> = {};
  for (const key of keys) {
    checkFilterValueKey(key);
    encoded[key] = encodeValue(key, values[key]);
    checkEncodedLength(key, encoded[key]);
  }
  return encoded;
}

type WireRead = { values: Array<string | number> } | { at: number; expected: string };

/** Reads a double-quoted string that starts at `start`; returns its text and the index after the closing quote. */
function readQuoted(wire: string, start: number): { text: string; next: number } | undefined {
  let text = '';
  let index = start + 1;
  while (index < wire.length && wire[index] !== '"') {
    if (wire[index] === '\\' && (wire[index + 1] === '"' || wire[index + 1] === '\\')) {
      index += 1;
    }
    text += wire[index];
    index += 1;
  }
  return index < wire.length ? { text, next: index + 1 } : undefined;
}

function skipSpaces(wire: string, start: number): number {
  let index = start;
  while (wire[index] === ' ') {
    index += 1;
  }
  return index;
}

/** Reads one wire value; `at` is the 0-based position of the first problem when the value is malformed. */
function readWireValue(wire: string): WireRead {
  const values: Array<string | number> = [];
  let index = 0;
  for (;;) {
    index = skipSpaces(wire, index);
    if (wire[index] === '"') {
      const quoted = readQuoted(wire, index);
      if (quoted === undefined) {
        return { at: wire.length, expected: 'a closing double quote' };
      }
      values.push(quoted.text);
      index = quoted.next;
    } else {
      const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(wire.slice(index));
      if (match === null) {
        return { at: index, expected: 'a double-quoted string or a number' };
      }
      values.push(Number(match[0]));
      index += match[0].length;
    }
    index = skipSpaces(wire, index);
    if (index === wire.length) {
      return { values };
    }
    if (wire[index] !== ',') {
      return { at: index, expected: "',' between values" };
    }
    index += 1;
  }
}

/** Decodes a wire value for the named key, throwing InvalidInputException with the key, the rule and the value. */
export function decodeFilterValueFor(key: string | undefined, wire: string): Array<string | number> {
  const result = readWireValue(wire);
  if ('values' in result) {
    return result.values;
  }
  const subject = key === undefined ? 'filter value' : `filterValues key ${key}`;
  throw new FilterValuesError(
    'InvalidInputException',
    `${subject} must be a comma-separated list of double-quoted strings or numbers but received ${JSON.stringify(wire)} (expected ${result.expected} at character ${result.at + 1})`,
    key,
  );
}

/** Decodes one wire value, the inverse of `encodeFilterValues` for one key: `'"a","b"'` becomes `['a', 'b']`. */
export function decodeFilterValue(wire: string): Array<string | number> {
  return decodeFilterValueFor(undefined, wire);
}
