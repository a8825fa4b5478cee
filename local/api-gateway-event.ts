/**
 * Translation between node:http and the HTTP API payload format 2.0, following what API Gateway documents for
 * Lambda proxy integrations: the event it builds from a request and how it turns a handler's result into a response.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isUtf8 } from 'node:buffer';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';

/** Content types sent as text; API Gateway base64-encodes every other body and sets `isBase64Encoded`. */
const TEXT_CONTENT_TYPE = /^(text\/|application\/(json|[\w.+-]+\+json|xml|javascript|x-www-form-urlencoded))/i;

export interface MatchedRoute {
  readonly routeKey: string;
  readonly pathParameters: Record<string, string>;
}

/** Joins repeated request headers with commas and lower-cases names, as payload format 2.0 does. */
function collectHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index].toLowerCase();
    const value = request.rawHeaders[index + 1];
    const joined = Object.hasOwn(headers, name) ? `${headers[name]},${value}` : value;
    Object.defineProperty(headers, name, { value: joined, enumerable: true, writable: true, configurable: true });
  }
  return headers;
}

/** Decodes the query string, joining the values of a repeated key with commas, as payload format 2.0 does. */
export function collectQueryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    const joined = Object.hasOwn(parameters, name) ? `${parameters[name]},${value}` : value;
    // defineProperty keeps a parameter named __proto__ as an own key instead of setting the prototype.
    Object.defineProperty(parameters, name, { value: joined, enumerable: true, writable: true, configurable: true });
  }
  return parameters;
}

/** Formats a time as the `requestContext.time` of payload format 2.0, for example `04/Dec/2026:15:00:00 +0000`. */
function formatRequestTime(time: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (value: number): string => String(value).padStart(2, '0');
  const date = `${pad(time.getUTCDate())}/${months[time.getUTCMonth()]}/${time.getUTCFullYear()}`;
  return `${date}:${pad(time.getUTCHours())}:${pad(time.getUTCMinutes())}:${pad(time.getUTCSeconds())} +0000`;
}

/** Builds the `requestContext` of an event; `rawPath` is the path as the client sent it. */
function buildRequestContext(
  request: IncomingMessage,
  routeKey: string,
  rawPath: string,
  headers: Record<string, string>,
): APIGatewayProxyEventV2['requestContext'] {
  const now = new Date();
  const host = headers.host ?? 'localhost';
  return {
    accountId: 'anonymous',
    apiId: 'local',
    domainName: host,
    domainPrefix: host.split('.')[0],
    http: {
      method: request.method ?? 'GET',
      path: rawPath,
      protocol: `HTTP/${request.httpVersion}`,
      sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: randomUUID(),
    routeKey,
    stage: '$default',
    time: formatRequestTime(now),
    timeEpoch: now.getTime(),
  };
}

/** Builds the payload format 2.0 event for a request that matched `route`. */
export function buildEvent(request: IncomingMessage, route: MatchedRoute, body: Buffer): APIGatewayProxyEventV2 {
  const url = request.url ?? '/';
  const queryStart = url.indexOf('?');
  const rawPath = queryStart === -1 ? url : url.slice(0, queryStart);
  const rawQueryString = queryStart === -1 ? '' : url.slice(queryStart + 1);
  const headers = collectHeaders(request);
  const cookies = headers.cookie?.split(';').map((cookie) => cookie.trim());
  delete headers.cookie;
  // A text body that is not valid UTF-8 is passed base64-encoded, so the handler receives the bytes as sent instead of
  // U+FFFD replacement characters.
  const isText = TEXT_CONTENT_TYPE.test(headers['content-type'] ?? '') && isUtf8(body);

  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath,
    rawQueryString,
    headers,
    requestContext: buildRequestContext(request, route.routeKey, rawPath, headers),
    isBase64Encoded: body.length > 0 && !isText,
  };
  if (cookies !== undefined) event.cookies = cookies;
  const queryStringParameters = collectQueryParameters(rawQueryString);
  if (queryStringParameters !== undefined) event.queryStringParameters = queryStringParameters;
  if (Object.keys(route.pathParameters).length > 0) event.pathParameters = route.pathParameters;
  if (body.length > 0) event.body = isText ? body.toString('utf8') : body.toString('base64');
  return event;
}

/**
 * Writes a handler's result. A structured result (with `statusCode`) is used as is. API Gateway takes any other value
 * as the body of a 200 JSON response with payload format 2.0, and so does this function.
 */
export function writeResult(response: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (typeof result !== 'object' || result === null || result.statusCode === undefined) {
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    return;
  }
  const headers: Record<string, string | number | boolean | string[]> = { ...result.headers };
  if (result.cookies !== undefined && result.cookies.length > 0) headers['set-cookie'] = result.cookies;
  const body = result.body === undefined ? '' : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  response.writeHead(result.statusCode, headers as Record<string, string | string[]>).end(body);
}
