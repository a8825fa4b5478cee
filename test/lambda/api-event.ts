import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

// Handlers log through Powertools at module scope; tests keep the output quiet.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

export interface ApiEventOptions {
  readonly pathParameters?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  /** A raw body, sent as is instead of the JSON of `body`. */
  readonly rawBody?: string;
}

/** Builds a payload format 2.0 event for `routeKey`, filling the path from `pathParameters`. */
export function apiEvent(routeKey: string, options: ApiEventOptions = {}): APIGatewayProxyEventV2 {
  const [method, template] = routeKey.split(' ');
  const path = template.replace(/\{(\w+)\}/g, (_match, name: string) =>
    encodeURIComponent(options.pathParameters?.[name] ?? ''),
  );
  const rawQueryString = new URLSearchParams(options.query ?? {}).toString();
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString,
    headers: { 'content-type': 'application/json' },
    queryStringParameters: options.query,
    pathParameters: options.pathParameters,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: 'request-1',
      routeKey,
      stage: '$default',
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: 1767225600000,
    },
  };
}

/** Parses a handler result's JSON body. */
export function bodyOf(result: APIGatewayProxyStructuredResultV2): unknown {
  return JSON.parse(result.body ?? 'null');
}
