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

/** Returns a JSON-like description of a value for messages, which `JSON.stringify` cannot give for every value. */
function describeValue(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol' || typeof value === 'function' || value === undefined) return String(value);
  const json = JSON.stringify(value);
  return json.length <= 60 ? json : `${json.slice(0, 57)}...`;
}

/** Checks that `values` is a plain object, so that a string or an array is not read as a map of indexes. */
function checkValuesObject(values: unknown): void {
  const isObject = typeof values === 'object' && values !== null && !Array.isArray(values);
  if (!isObject) {
    throw new FilterValuesError(
      'ValidationException',
      `filterValues must be an object of placeholder names to values but received ${describeValue(values)}`,
    );
  }
}

/** Sets an own property, so that a key such as `__proto__` is stored as data instead of changing the prototype. */
function setOwn(target: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Checks the number of keys, each key, and each value's type and length, as the request model does before any filter
 * runs.
 */
export function checkFilterValuesShape(values: Readonly<Record<string, string>>): void {
  checkValuesObject(values);
  const keys = Object.keys(values);
  if (keys.length > MAX_FILTER_VALUE_KEYS) {
    throw new FilterValuesError(
      'ValidationException',
      `filterValues has ${keys.length} keys but the maximum is ${MAX_FILTER_VALUE_KEYS}`,
    );
  }
  for (const key of keys) {
    checkFilterValueKey(key);
    const wire: unknown = values[key];
    if (typeof wire !== 'string') {
      throw new FilterValuesError(
        'ValidationException',
        `filterValues key ${key} must have a string value but received ${describeValue(wire)}`,
        key,
      );
    }
    checkEncodedLength(key, wire);
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
  const type: string = typeof value;
  if (type !== 'string' && type !== 'number' && type !== 'boolean') {
    throw new FilterValuesError(
      'ValidationException',
      `filterValues key ${key} has the value ${describeValue(value)}, but each value must be a string, a number or a boolean`,
      key,
    );
  }
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
  checkValuesObject(values);
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
    const wire = encodeValue(key, values[key]);
    checkEncodedLength(key, wire);
    setOwn(encoded, key, wire);
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
      const number = Number(match[0]);
      if (!Number.isFinite(number)) {
        return { at: index, expected: 'a number within the range of a double' };
      }
      values.push(number);
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
