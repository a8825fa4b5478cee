/**
 * Starts the whole local stack on free ports, as `npm start` does, and uses it over HTTP as a client app would:
 * handlers, SDK, real AWS SDK clients, emulator, scorer and filters, all on the bundled MovieLens sample.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { startLocalStack, type LocalStack } from '../../local/start';
import { loadSampleData } from '../../schema';
import type { DatasetRecords } from '../../schema';

interface RecommendationsBody {
  readonly userId: string;
  readonly recommendationId: string;
  readonly items: ReadonlyArray<{ itemId: string; score?: number }>;
}

let stack: LocalStack;
let sample: DatasetRecords;

beforeAll(async () => {
  sample = loadSampleData();
  stack = await startLocalStack({ port: 0, emulatorPort: 0, host: '127.0.0.1', apiLogger: silentLogger() });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

function silentLogger() {
  return { info: () => undefined, warn: () => undefined, error: () => undefined };
}

async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${stack.apiUrl}${path}`);
  return { status: response.status, body: (await response.json()) as T };
}

async function post<T>(path: string, body: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** Movie ids that a MovieLens user rated in the sample data. */
function watchedBy(userId: string): Set<string> {
  const watched = sample.interactions
    .filter((interaction) => interaction.userId === userId)
    .map((interaction) => interaction.itemId);
  return new Set(watched);
}

describe('local stack', () => {
  test('recommends 25 scored items by default', async () => {
    const { status, body } = await get<RecommendationsBody>('/users/1/recommendations');
    expect(status).toBe(200);
    expect(body.userId).toBe('1');
    expect(body.recommendationId).toMatch(/^RID-/);
    expect(body.items).toHaveLength(25);
    for (const item of body.items) expect(item.score).toBeGreaterThanOrEqual(0);
    const scores = body.items.map((item) => item.score ?? 0);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  test('unwatched filter excludes the history', async () => {
    const watched = watchedBy('1');
    const { status, body } = await get<RecommendationsBody>('/users/1/recommendations?numResults=100&filter=unwatched');
    expect(status).toBe(200);
    expect(body.items).toHaveLength(100);
    expect(body.items.filter((item) => watched.has(item.itemId))).toEqual([]);
  });

  test('genre filter keeps only that genre', async () => {
    const genres = new Map(sample.items.map((item) => [item.itemId, String(item.fields.GENRES ?? '')]));
    const { status, body } = await post<RecommendationsBody>('/users/1/recommendations', {
      numResults: 20,
      filter: 'genre',
      filterValues: { GENRES: ['Comedy'] },
    });
    expect(status).toBe(200);
    expect(body.items).toHaveLength(20);
    for (const item of body.items) expect(genres.get(item.itemId)?.split('|')).toContain('Comedy');
  });

  test('related items exclude the movie itself', async () => {
    const { status, body } = await get<RecommendationsBody>('/items/1/related?numResults=10');
    expect(status).toBe(200);
    expect(body.items).toHaveLength(10);
    expect(body.items.map((item) => item.itemId)).not.toContain('1');
  });

  test('ranking appends unknown items last', async () => {
    const itemIds = ['1', '260', '1196', '2571', 'not-a-movie'];
    const { status, body } = await post<RecommendationsBody>('/users/1/ranking', { itemIds });
    expect(status).toBe(200);
    expect(body.items.map((item) => item.itemId).sort()).toEqual([...itemIds].sort());
    expect(body.items[body.items.length - 1].itemId).toBe('not-a-movie');
  });

  test('recorded event changes the next recommendations', async () => {
    const before = await get<RecommendationsBody>('/users/42/recommendations?numResults=50&filter=unwatched');
    const target = before.body.items[0].itemId;

    const recorded = await post<{ recorded: number }>('/users/42/events', {
      events: [{ eventType: 'watch', itemId: target }],
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body.recorded).toBe(1);

    const after = await get<RecommendationsBody>('/users/42/recommendations?numResults=50&filter=unwatched');
    expect(after.body.items.map((item) => item.itemId)).not.toContain(target);
  });

  test('invalid numResults answers 400 naming the field', async () => {
    const { status, body } = await get<Record<string, unknown>>('/users/1/recommendations?numResults=501');
    expect(status).toBe(400);
    expect(body.field).toBe('numResults');
    expect(String(body.value)).toBe('501');
  });

  test('unknown filter answers 404', async () => {
    const { status, body } = await get<Record<string, unknown>>('/users/1/recommendations?filter=no-such-filter');
    expect(status).toBe(404);
    expect(String(body.message)).toContain('no-such-filter');
  });

  test('README SDK example runs against the emulator', async () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain("endpoint: 'http://127.0.0.1:3001'");

    const source = example!
      .replace('http://127.0.0.1:3001', stack.emulatorUrl)
      .replace(/^main\(\);$/m, 'module.exports = main();');
    const { code } = transformSync(source, { loader: 'ts', format: 'cjs' });
    const logged: unknown[] = [];
    const module = { exports: undefined as unknown };
    new Function('require', 'module', 'console', code)(require, module, {
      log: (value: unknown) => logged.push(value),
    });
    await module.exports;

    const items = logged[0] as Array<{ itemId: string; score: number }>;
    expect(items).toHaveLength(25);
    expect(items[0].score).toBeGreaterThan(0);
  });
});
