/** Typed input parsing for payload format 2.0 events: path parameters, query parameters and JSON bodies. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { RequestValidationError } from '../../sdk/errors';
import { reject, rejectUnknownKeys, requireObject } from '../../sdk/validate';
import { findRepeatedMember } from './json-duplicates';

/** Returns a path parameter; API Gateway only routes requests that have it, so absence is a routing error. */
export function pathParameter(event: APIGatewayProxyEventV2, name: string): string {
  const value = event.pathParameters?.[name];
  if (value === undefined) reject(name, 'required', value, `path parameter ${name} is required`);
  return value;
}

/** Returns the query parameters after rejecting any that are not in `allowed`. */
export function queryParameters(event: APIGatewayProxyEventV2, allowed: readonly string[]): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    // defineProperty keeps a parameter named __proto__ as an own key, so the unknown-key check below finds it.
    if (value !== undefined) Object.defineProperty(parameters, name, { value, enumerable: true, writable: true });
  }
  rejectUnknownKeys('', parameters, allowed, 'query parameter');
  return parameters;
}

/** Parses a decimal integer query parameter; the caller checks its range. Returns the raw text when it is not one. */
export function integerParameter(raw: string | undefined): number | string | undefined {
  if (raw === undefined) return undefined;
  return /^-?\d+$/.test(raw) ? Number(raw) : raw;
}

/** Rejects a request body where a route reads none, so that options sent in it are not ignored. */
export function rejectBody(event: APIGatewayProxyEventV2, instead: string): void {
  if (event.body === undefined || event.body === '') return;
  const method = event.requestContext.http.method;
  throw new RequestValidationError(
    'body',
    'unknown-field',
    undefined,
    `a ${method} request takes no body (received ${Buffer.byteLength(event.body)} bytes); ${instead}`,
  );
}

/** Decodes a base64 body as UTF-8, rejecting invalid byte sequences instead of replacing them with U+FFFD. */
function decodeUtf8(base64: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(base64, 'base64'));
  } catch {
    throw new RequestValidationError('body', 'json', undefined, 'body must be JSON encoded as UTF-8');
  }
}

/** Parses the JSON body as an object and rejects members not in `allowed`. */
export function jsonBody(event: APIGatewayProxyEventV2, allowed: readonly string[]): Record<string, unknown> {
  if (event.body === undefined || event.body === '') reject('body', 'required', undefined, 'a JSON body is required');
  const text = event.isBase64Encoded ? decodeUtf8(event.body) : event.body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RequestValidationError('body', 'json', undefined, `body must be valid JSON: ${(error as Error).message}`);
  }
  const repeated = findRepeatedMember(text);
  if (repeated !== undefined) {
    const message = `body must name each member once, but ${repeated} appears more than once`;
    throw new RequestValidationError(repeated, 'json', undefined, message);
  }
  const body = requireObject('body', parsed);
  rejectUnknownKeys('', body, allowed);
  return body;
}

/**
 * Re-labels a validation error from SDK member names to the names the HTTP API uses, for example `inputList[3]` to
 * `itemIds[3]`. Other errors pass through unchanged.
 */
export function renameField(error: unknown, sdkName: string, httpName: string): unknown {
  if (!(error instanceof RequestValidationError) || !error.field.startsWith(sdkName)) return error;
  const rename = (text: string): string => (text.startsWith(sdkName) ? httpName + text.slice(sdkName.length) : text);
  return new RequestValidationError(rename(error.field), error.rule, error.value, rename(error.message), {
    cause: error,
  });
}
