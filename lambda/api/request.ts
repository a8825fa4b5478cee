/** Typed input parsing for payload format 2.0 events: path parameters, query parameters and JSON bodies. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { RequestValidationError } from '../../sdk/errors';
import { reject, rejectUnknownKeys, requireObject } from '../../sdk/validate';

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
    if (value !== undefined) parameters[name] = value;
  }
  rejectUnknownKeys('', parameters, allowed, 'query parameter');
  return parameters;
}

/** Parses a decimal integer query parameter; the caller checks its range. Returns the raw text when it is not one. */
export function integerParameter(raw: string | undefined): number | string | undefined {
  if (raw === undefined) return undefined;
  return /^-?\d+$/.test(raw) ? Number(raw) : raw;
}

/** Parses the JSON body as an object and rejects members not in `allowed`. */
export function jsonBody(event: APIGatewayProxyEventV2, allowed: readonly string[]): Record<string, unknown> {
  if (event.body === undefined || event.body === '') reject('body', 'required', undefined, 'a JSON body is required');
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RequestValidationError('body', 'json', undefined, `body must be valid JSON: ${(error as Error).message}`);
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
