/** The HTTP server: one port that serves the control plane, runtime and events APIs with their wire protocols. */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTROL_OPERATIONS } from './control';
import type { EmulatorLogger, OperationContext, OperationHandler } from './context';
import { DEFAULT_ENGINES } from './default-engines';
import type { EmulatorEngines } from './engines';
import { ServiceError } from './errors';
import { putEvents, putItems, putUsers } from './events';
import { Scheduler } from './lifecycle';
import { getPersonalizedRanking, getRecommendations } from './runtime';
import { EmulatorState } from './state';

export interface EmulatorOptions {
  /** @default 0, a free port */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Region in ARNs. @default 'us-east-1' */
  readonly region?: string;
  /** Account id in ARNs. @default '000000000000' */
  readonly account?: string;
  /** Local directory of each emulated S3 bucket, for import jobs: `{ 'sample-data': '/path/to/dir' }`. @default {} */
  readonly buckets?: Readonly<Record<string, string>>;
  /** Time between two statuses of an asynchronous resource, in milliseconds. @default 10 */
  readonly statusDelayMs?: number;
  /** Replacements for the schema, filter and scorer modules. @default the project's own modules */
  readonly engines?: Partial<EmulatorEngines>;
  /** @default a logger that discards everything */
  readonly logger?: EmulatorLogger;
  /** Largest request body accepted, in bytes. @default 5 MiB */
  readonly maxBodyBytes?: number;
}

export interface Emulator {
  /** The base URL to pass as `endpoint` to the SDK clients, for example `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly port: number;
  readonly state: EmulatorState;
  /** Stops the server and every pending status change. */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
const KEEP_ALIVE_TIMEOUT_MS = 120_000;
const CONTROL_TARGET_PREFIX = 'AmazonPersonalize.';
const JSON_1_1 = 'application/x-amz-json-1.1';
const REST_JSON = 'application/json';

const REST_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  '/recommendations': getRecommendations,
  '/personalize-ranking': getPersonalizedRanking,
  '/events': putEvents,
  '/items': putItems,
  '/users': putUsers,
};

const SILENT_LOGGER: EmulatorLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Starts an emulator on 127.0.0.1 and resolves once it listens. */
export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const scheduler = new Scheduler(options.statusDelayMs ?? 10);
  const context: OperationContext = {
    state: new EmulatorState({ region: options.region ?? 'us-east-1', account: options.account ?? '000000000000' }),
    engines: { ...DEFAULT_ENGINES, ...options.engines },
    scheduler,
    logger: options.logger ?? SILENT_LOGGER,
    buckets: options.buckets ?? {},
  };
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const server = createServer((request, response) => {
    handle(context, maxBodyBytes, request, response).catch((error: unknown) => {
      context.logger.error('request handling failed', { error: String(error) });
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  // Training blocks the event loop for seconds. With Node's 5-second default, idle keep-alive sockets would be closed
  // as soon as the loop resumes, racing with the clients' next request on them and failing it with ECONNRESET.
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  context.logger.info('emulator listening', { host, port });
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    state: context.state,
    close: () => stop(server, scheduler, context.logger),
  };
}

async function handle(
  context: OperationContext,
  maxBodyBytes: number,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  const target = request.headers['x-amz-target'];
  const isControl = path === '/' && typeof target === 'string';
  const contentType = isControl ? JSON_1_1 : REST_JSON;
  let operation = isControl ? String(target) : path;
  try {
    const handler = route(request.method ?? 'GET', path, target);
    operation = handler.name;
    const body = parseBody(await readBody(request, maxBodyBytes));
    const result = handler(context, body);
    send(response, 200, contentType, result);
  } catch (error) {
    const serviceError = asServiceError(error);
    if (serviceError.status >= 500) {
      context.logger.error('operation failed', { operation, error: String(error) });
    } else {
      context.logger.debug('operation rejected', { operation, errorType: serviceError.errorType });
    }
    send(
      response,
      serviceError.status,
      contentType,
      { __type: serviceError.errorType, message: serviceError.message },
      {
        'x-amzn-errortype': serviceError.errorType,
      },
    );
  }
}

function route(method: string, path: string, target: string | string[] | undefined): OperationHandler {
  if (method !== 'POST') {
    throw new ServiceError(
      'UnknownOperationException',
      `${method} ${path} is not an operation; every operation is a POST`,
    );
  }
  if (path === '/' && typeof target === 'string') {
    const name = target.startsWith(CONTROL_TARGET_PREFIX) ? target.slice(CONTROL_TARGET_PREFIX.length) : undefined;
    // Own keys only, so that a target such as AmazonPersonalize.constructor cannot reach Object.prototype.
    const handler =
      name === undefined || !Object.hasOwn(CONTROL_OPERATIONS, name) ? undefined : CONTROL_OPERATIONS[name];
    if (handler === undefined) {
      throw new ServiceError(
        'UnknownOperationException',
        `X-Amz-Target '${target}' is not an emulated operation; see docs/emulator.md for the list`,
      );
    }
    return handler;
  }
  const handler = Object.hasOwn(REST_OPERATIONS, path) ? REST_OPERATIONS[path] : undefined;
  if (handler === undefined) {
    throw new ServiceError('UnknownOperationException', `POST ${path} is not an emulated operation`);
  }
  return handler;
}

/** Reads the whole body; past `maxBodyBytes` it keeps draining the stream but stores nothing more. */
function readBody(request: IncomingMessage, maxBodyBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > maxBodyBytes) {
        reject(
          new ServiceError(
            'RequestEntityTooLargeException',
            `request body has ${size} bytes; the emulator accepts at most ${maxBodyBytes}`,
          ),
        );
      } else {
        resolve(Buffer.concat(chunks));
      }
    });
    request.on('error', reject);
  });
}

function parseBody(bytes: Buffer): Record<string, unknown> {
  let text: string;
  try {
    // A fatal decoder rejects bytes that are not UTF-8 instead of replacing them with U+FFFD.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ServiceError('SerializationException', 'request body is not valid UTF-8');
  }
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ServiceError('SerializationException', `request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ServiceError(
      'SerializationException',
      `request body must be a JSON object; received ${text.slice(0, 100)}`,
    );
  }
  return parsed as Record<string, unknown>;
}

function asServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  return new ServiceError(
    'InternalFailure',
    `internal emulator error: ${error instanceof Error ? error.message : String(error)}`,
  );
}

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body ?? {});
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  response.end(text);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function stop(server: Server, scheduler: Scheduler, logger: EmulatorLogger): Promise<void> {
  scheduler.close();
  return new Promise((resolve, reject) => {
    server.close((error) => {
      if (error === undefined) {
        logger.info('emulator stopped');
        resolve();
      } else {
        reject(error);
      }
    });
    server.closeAllConnections();
  });
}
