import { request } from 'node:http';
import { connect } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { startHttpApi, type HttpApiHandler, type RunningHttpApi } from '../../local/http-api';

const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A handler that records each event and returns `result`. */
function recordingHandler(result: APIGatewayProxyResultV2): {
  handler: HttpApiHandler;
  events: APIGatewayProxyEventV2[];
} {
  const events: APIGatewayProxyEventV2[] = [];
  return {
    events,
    handler: async (event) => {
      events.push(event);
      return result;
    },
  };
}

describe('startHttpApi with fake handlers', () => {
  const recommendations = recordingHandler({
    statusCode: 201,
    headers: { 'x-result': 'ok' },
    body: '{"done":true}',
    cookies: ['session=abc; Path=/'],
  });
  const events = recordingHandler({
    statusCode: 200,
    body: Buffer.from('binary').toString('base64'),
    isBase64Encoded: true,
  });
  const plain = recordingHandler({ hello: 'world' } as unknown as APIGatewayProxyResultV2);
  let api: RunningHttpApi;

  beforeAll(async () => {
    api = await startHttpApi({
      logger: silentLogger,
      maxBodyBytes: 64,
      handlers: {
        'GET /users/{userId}/recommendations': recommendations.handler,
        'POST /users/{userId}/events': events.handler,
        'GET /plain': plain.handler,
        'GET /failing': () => Promise.reject(new Error('boom')),
      },
    });
  });

  afterAll(async () => {
    await api.close();
  });

  beforeEach(() => {
    recommendations.events.length = 0;
    events.events.length = 0;
  });

  test('builds a payload 2.0 event', async () => {
    await fetch(`${api.url}/users/user%201/recommendations?numResults=5&tag=a&tag=b`, {
      headers: { 'X-Custom': 'one', cookie: 'a=1; b=2' },
    });

    expect(recommendations.events).toHaveLength(1);
    const event = recommendations.events[0];
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('GET /users/{userId}/recommendations');
    expect(event.rawPath).toBe('/users/user%201/recommendations');
    expect(event.rawQueryString).toBe('numResults=5&tag=a&tag=b');
    expect(event.queryStringParameters).toEqual({ numResults: '5', tag: 'a,b' });
    expect(event.pathParameters).toEqual({ userId: 'user 1' });
    expect(event.headers['x-custom']).toBe('one');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.body).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext.http).toMatchObject({
      method: 'GET',
      path: '/users/user%201/recommendations',
      sourceIp: '127.0.0.1',
    });
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.requestContext.routeKey).toBe(event.routeKey);
    expect(typeof event.requestContext.timeEpoch).toBe('number');
  });

  test('writes status, headers, cookies and body', async () => {
    const response = await fetch(`${api.url}/users/42/recommendations`);

    expect(response.status).toBe(201);
    expect(response.headers.get('x-result')).toBe('ok');
    expect(response.headers.get('set-cookie')).toBe('session=abc; Path=/');
    expect(await response.text()).toBe('{"done":true}');
  });

  test('passes JSON bodies as text', async () => {
    await fetch(`${api.url}/users/42/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"events":[]}',
    });

    expect(events.events[0].body).toBe('{"events":[]}');
    expect(events.events[0].isBase64Encoded).toBe(false);
  });

  test('base64-encodes binary bodies', async () => {
    await fetch(`${api.url}/users/42/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from([0, 1, 2]),
    });

    expect(events.events[0].body).toBe('AAEC');
    expect(events.events[0].isBase64Encoded).toBe(true);
  });

  test('decodes base64 result bodies', async () => {
    const response = await fetch(`${api.url}/users/42/events`, { method: 'POST' });

    expect(await response.text()).toBe('binary');
  });

  test('wraps unstructured results as JSON', async () => {
    const response = await fetch(`${api.url}/plain`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ hello: 'world' });
  });

  test('answers 404 for unknown paths', async () => {
    const response = await fetch(`${api.url}/nothing`);

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
  });

  test('answers 405 for a wrong method', async () => {
    const response = await fetch(`${api.url}/users/42/recommendations`, { method: 'DELETE' });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(await response.json()).toEqual({ message: 'Method Not Allowed' });
  });

  test('answers 413 for large bodies', async () => {
    const response = await fetch(`${api.url}/users/42/events`, { method: 'POST', body: 'x'.repeat(65) });

    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'Request Entity Too Large' });
    expect(events.events).toHaveLength(0);
  });

  test('answers 500 when a handler throws', async () => {
    const response = await fetch(`${api.url}/failing`);

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });

  test('answers 400 for malformed path encoding', async () => {
    const response = await fetch(`${api.url}/users/%E0%A4%A/recommendations`);

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'ValidationError',
      field: 'userId',
      rule: 'encoding',
      value: '%E0%A4%A',
      message: 'path parameter userId must be percent-encoded UTF-8 (received "%E0%A4%A")',
    });
    expect(recommendations.events).toHaveLength(0);
  });

  test('keeps a query parameter named __proto__', async () => {
    await fetch(`${api.url}/users/1/recommendations?__proto__=x&__proto__=y`);

    const parameters = recommendations.events[0].queryStringParameters ?? {};
    expect(Object.keys(parameters)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(parameters, '__proto__')?.value).toBe('x,y');
  });

  test('keeps a header named __proto__', async () => {
    // fetch leaves out a header of this name, so the request goes through node:http.
    await new Promise<void>((resolve, reject) => {
      const outgoing = request(`${api.url}/users/1/recommendations`, (response) => {
        response.resume();
        response.on('end', resolve);
      });
      outgoing.setHeader('__proto__', 'x');
      outgoing.on('error', reject);
      outgoing.end();
    });

    const headers = recommendations.events[0].headers;
    expect(Object.getOwnPropertyDescriptor(headers, '__proto__')?.value).toBe('x');
  });

  test('passes a JSON body that is not UTF-8 as base64', async () => {
    const bytes = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    await fetch(`${api.url}/users/1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bytes,
    });

    const event = events.events[0];
    expect(event.isBase64Encoded).toBe(true);
    expect(event.body).toBe(bytes.toString('base64'));
  });
});

describe('startHttpApi with the project handlers', () => {
  test('routes without their resource are not served', async () => {
    const api = await startHttpApi({ logger: silentLogger, env: {} });
    try {
      const response = await fetch(`${api.url}/users/42/recommendations`);

      expect(response.status).toBe(404);
    } finally {
      await api.close();
    }
  });

  test('invalid configuration answers 500', async () => {
    const api = await startHttpApi({ logger: silentLogger, env: { RECOMMENDATIONS_CAMPAIGN_ARN: 'not-an-arn' } });
    try {
      const response = await fetch(`${api.url}/users/42/recommendations`);

      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ message: 'Internal Server Error' });
    } finally {
      await api.close();
    }
  });

  test('validation errors reach the client', async () => {
    const api = await startHttpApi({
      logger: silentLogger,
      env: { RECOMMENDATIONS_CAMPAIGN_ARN: 'arn:aws:personalize:us-east-1:123456789012:campaign/movies' },
    });
    try {
      const response = await fetch(`${api.url}/users/42/recommendations?numResults=501`);

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: 'ValidationError',
        field: 'numResults',
        rule: 'range',
        value: 501,
        message: 'numResults must be an integer from 1 to 500 (received 501)',
      });
    } finally {
      await api.close();
    }
  });
});

describe('startHttpApi with a client that stalls', () => {
  test('answers 408 when the body stops arriving', async () => {
    const api = await startHttpApi({
      logger: silentLogger,
      requestTimeoutMs: 200,
      handlers: { 'POST /echo': async () => ({ statusCode: 200, body: 'ok' }) },
    });
    try {
      const statusLine = await new Promise<string>((resolve, reject) => {
        const socket = connect(api.port, '127.0.0.1', () => {
          socket.write('POST /echo HTTP/1.1\r\nHost: local\r\nContent-Length: 100\r\n\r\n{"partial":');
        });
        socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1').split('\r\n')[0]));
        socket.once('error', reject);
      });

      expect(statusLine).toBe('HTTP/1.1 408 Request Timeout');
    } finally {
      await api.close();
    }
  });
});
