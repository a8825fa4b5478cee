/**
 * A local HTTP server that invokes the API handlers the way an API Gateway HTTP API with Lambda proxy integrations
 * does, so apps and tests can call the real handlers over HTTP without AWS.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { HANDLER_FACTORIES } from '../lambda/api';
import { HANDLER_ENVIRONMENT, ROUTES } from '../lambda/api/routes';
import { buildEvent, writeResult, type MatchedRoute } from './api-gateway-event';

/** Any payload format 2.0 handler. */
export type HttpApiHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>;

/**
 * The largest request body served, 1 MiB. The service accepts at most 10 records per call, each under 32,000
 * characters of properties, so valid requests stay far below it. API Gateway's own limit is 10 MB.
 */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The time a client has to send a whole request, 30 seconds, as API Gateway ends any request after at most 30 seconds.
 * Node's own default is 5 minutes, during which a client that stalls mid-body would hold its request open.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface HttpApiOptions {
  /** @default 0, a free port */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Environment for the handlers (campaign ARNs, endpoint overrides). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Handlers by route key, replacing the project's routes. @default the routes in `lambda/api/routes.ts` */
  readonly handlers?: Readonly<Record<string, HttpApiHandler>>;
  /** @default DEFAULT_MAX_BODY_BYTES */
  readonly maxBodyBytes?: number;
  /** Time allowed to receive a whole request before the server responds 408, in milliseconds. @default DEFAULT_REQUEST_TIMEOUT_MS */
  readonly requestTimeoutMs?: number;
  /** @default a Powertools logger with the service name `local-http-api` */
  readonly logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

export interface RunningHttpApi {
  /** The base URL, for example `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

interface CompiledRoute {
  readonly routeKey: string;
  readonly method: string;
  readonly pattern: RegExp;
  readonly parameterNames: readonly string[];
  readonly handler: HttpApiHandler;
}

/** Compiles `GET /users/{userId}/x` to a matcher; `{name+}` is a greedy parameter that spans segments. */
function compileRoute(routeKey: string, handler: HttpApiHandler): CompiledRoute {
  const [method, path] = routeKey.split(' ');
  const parameterNames: string[] = [];
  const source = path
    .replace(/[.*?^$()|[\]\\]/g, '\\$&')
    .replace(/\{(\w+)(\+?)\}/g, (_match, name: string, greedy: string) => {
      parameterNames.push(name);
      return greedy === '+' ? '(.+)' : '([^/]+)';
    });
  return { routeKey, method, pattern: new RegExp(`^${source}$`), parameterNames, handler };
}

/**
 * Builds the handlers of the project's routes. A route whose required variables are all unset is not served, because
 * `RecommendationApi` creates no route without its resource. A handler whose configuration is invalid responds with
 * 500, as a failed cold start would.
 */
function createProjectHandlers(
  env: Readonly<Record<string, string | undefined>>,
  logger: HttpApiOptions['logger'] & object,
) {
  const handlers: Record<string, HttpApiHandler> = {};
  for (const route of ROUTES) {
    const required = HANDLER_ENVIRONMENT[route.handler].required;
    if (required.every((name) => env[name] === undefined || env[name] === '')) {
      logger.info('route is not served because its resource is not configured', {
        routeKey: route.routeKey,
        unsetVariables: required,
      });
      continue;
    }
    try {
      handlers[route.routeKey] = HANDLER_FACTORIES[route.handler]({ env });
    } catch (error) {
      logger.warn('route is unavailable because its handler failed to initialize', {
        routeKey: route.routeKey,
        error: (error as Error).message,
      });
      handlers[route.routeKey] = () => Promise.reject(error);
    }
  }
  return handlers;
}

/** Starts the server and resolves once it listens. */
export async function startHttpApi(options: HttpApiOptions = {}): Promise<RunningHttpApi> {
  const logger = options.logger ?? new Logger({ serviceName: 'local-http-api' });
  const handlers = options.handlers ?? createProjectHandlers(options.env ?? process.env, logger);
  const routes = Object.entries(handlers).map(([routeKey, handler]) => compileRoute(routeKey, handler));
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const timeouts = {
    requestTimeout,
    headersTimeout: requestTimeout,
    // Node checks the timeouts at this interval, 30 seconds by default, so a short timeout needs a shorter interval.
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(requestTimeout / 2))),
  };
  const server = createServer(timeouts, (request, response) => {
    serve(request, response, routes, maxBodyBytes, logger).catch((error: unknown) => {
      logger.error('request handling failed', { error: error as Error });
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  logger.info('local HTTP API listening', { host, port, routes: routes.map((route) => route.routeKey) });
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
        logger.info('local HTTP API stopped', { port });
      }),
  };
}

function sendMessage(
  response: ServerResponse,
  statusCode: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(statusCode, { 'content-type': 'application/json', ...headers }).end(JSON.stringify({ message }));
}

function matchRoute(routes: readonly CompiledRoute[], method: string, path: string): CompiledRoute | string[] {
  const allowed: string[] = [];
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (match === null) continue;
    if (route.method === method || route.method === 'ANY') return route;
    allowed.push(route.method);
  }
  return allowed;
}

/** Reads the body up to `maxBodyBytes`; returns undefined when it is larger. */
async function readBody(request: IncomingMessage, maxBodyBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A path parameter whose percent-encoding does not decode to UTF-8. */
interface MalformedParameter {
  readonly name: string;
  readonly raw: string;
}

/** The decoded path parameters, or the first parameter with a malformed percent-encoding. */
type DecodedPathParameters =
  { readonly parameters: Record<string, string> } | { readonly malformed: MalformedParameter };

/** Decodes the route's path parameters, or returns the first one with a malformed percent-encoding. */
function decodePathParameters(route: CompiledRoute, path: string): DecodedPathParameters {
  const match = route.pattern.exec(path) as RegExpExecArray;
  const parameters: Record<string, string> = {};
  for (const [index, name] of route.parameterNames.entries()) {
    const raw = match[index + 1];
    try {
      // NOTE: parameters are passed percent-decoded; API Gateway's handling of an encoded slash (%2F) may differ.
      parameters[name] = decodeURIComponent(raw);
    } catch {
      return { malformed: { name, raw } };
    }
  }
  return { parameters };
}

/** Sends the 400 response for a path parameter that does not decode, in the shape of the handlers' errors. */
function sendMalformedParameter(response: ServerResponse, parameter: MalformedParameter): void {
  const body = {
    error: 'ValidationError',
    field: parameter.name,
    rule: 'encoding',
    value: parameter.raw,
    message: `path parameter ${parameter.name} must be percent-encoded UTF-8 (received ${JSON.stringify(parameter.raw)})`,
  };
  response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function serve(
  request: IncomingMessage,
  response: ServerResponse,
  routes: readonly CompiledRoute[],
  maxBodyBytes: number,
  logger: NonNullable<HttpApiOptions['logger']>,
): Promise<void> {
  const method = request.method ?? 'GET';
  const path = (request.url ?? '/').split('?')[0];
  const matched = matchRoute(routes, method, path);
  if (Array.isArray(matched)) {
    if (matched.length === 0) return sendMessage(response, 404, 'Not Found');
    return sendMessage(response, 405, 'Method Not Allowed', { allow: matched.join(', ') });
  }
  const body = await readBody(request, maxBodyBytes);
  if (body === undefined) {
    response.once('finish', () => request.destroy());
    return sendMessage(response, 413, 'Request Entity Too Large', { connection: 'close' });
  }
  const decoded = decodePathParameters(matched, path);
  if ('malformed' in decoded) return sendMalformedParameter(response, decoded.malformed);
  const route: MatchedRoute = { routeKey: matched.routeKey, pathParameters: decoded.parameters };
  const event = buildEvent(request, route, body);
  let result: APIGatewayProxyResultV2;
  try {
    result = await matched.handler(event);
  } catch (error) {
    logger.error('handler failed', {
      routeKey: matched.routeKey,
      requestId: event.requestContext.requestId,
      error: error as Error,
    });
    return sendMessage(response, 500, 'Internal Server Error');
  }
  writeResult(response, result);
}
