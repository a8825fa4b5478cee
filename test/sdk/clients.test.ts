import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  PersonalizeEvents,
  PersonalizeRuntime,
  createEventsClient,
  createRuntimeClient,
  endpointFromEnvironment,
} from '../../sdk';

interface ReceivedRequest {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly body: unknown;
}

/** Starts a loopback server that records each request and responds with `responseBody`. */
async function startRecordingServer(
  responseBody: unknown,
): Promise<{ server: Server; url: string; received: ReceivedRequest[] }> {
  const received: ReceivedRequest[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method,
        url: request.url,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(responseBody));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, received };
}

describe('endpointFromEnvironment', () => {
  test('prefers the service variable', () => {
    const env = { AWS_ENDPOINT_URL_PERSONALIZE_RUNTIME: 'http://127.0.0.1:1', AWS_ENDPOINT_URL: 'http://127.0.0.1:2' };

    expect(endpointFromEnvironment('AWS_ENDPOINT_URL_PERSONALIZE_RUNTIME', env)).toBe('http://127.0.0.1:1');
  });

  test('falls back to AWS_ENDPOINT_URL', () => {
    expect(
      endpointFromEnvironment('AWS_ENDPOINT_URL_PERSONALIZE_EVENTS', { AWS_ENDPOINT_URL: 'http://127.0.0.1:2' }),
    ).toBe('http://127.0.0.1:2');
  });

  test('ignores empty values', () => {
    expect(
      endpointFromEnvironment('AWS_ENDPOINT_URL_PERSONALIZE_EVENTS', { AWS_ENDPOINT_URL_PERSONALIZE_EVENTS: '' }),
    ).toBeUndefined();
  });
});

describe('default clients', () => {
  test('runtime client sends to the override', async () => {
    const { server, url, received } = await startRecordingServer({
      recommendationId: 'RID-1',
      itemList: [{ itemId: '9' }],
    });
    try {
      const client = createRuntimeClient({ AWS_ENDPOINT_URL_PERSONALIZE_RUNTIME: url });
      const runtime = new PersonalizeRuntime({ client });

      const result = await runtime.getRecommendations({
        campaignArn: 'arn:aws:personalize:us-east-1:123456789012:campaign/movies',
        userId: '42',
      });

      expect(received).toEqual([
        {
          method: 'POST',
          url: '/recommendations',
          body: { campaignArn: 'arn:aws:personalize:us-east-1:123456789012:campaign/movies', userId: '42' },
        },
      ]);
      expect(result).toEqual({ recommendationId: 'RID-1', items: [{ itemId: '9' }] });
    } finally {
      server.close();
    }
  });

  test('events client sends epoch seconds to the override', async () => {
    const { server, url, received } = await startRecordingServer({});
    try {
      const events = new PersonalizeEvents({
        client: createEventsClient({ AWS_ENDPOINT_URL_PERSONALIZE_EVENTS: url }),
      });

      await events.putEvents({
        trackingId: 'tracking-1',
        sessionId: 'session-1',
        events: [{ eventType: 'watch', sentAt: new Date('2026-01-01T00:00:10Z'), properties: { device: 'tv' } }],
      });

      expect(received).toEqual([
        {
          method: 'POST',
          url: '/events',
          body: {
            trackingId: 'tracking-1',
            sessionId: 'session-1',
            eventList: [{ eventType: 'watch', sentAt: 1767225610, properties: '{"device":"tv"}' }],
          },
        },
      ]);
    } finally {
      server.close();
    }
  });
});
