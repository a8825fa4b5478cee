/**
 * Local scorer figures: training time, offline metrics under the GetSolutionMetrics protocol on the bundled MovieLens
 * data, and request speed with a filter. When `ML100K_DIR` names a folder with `u.data`, also MovieLens 100K
 * precision@10. Last, training time and memory on a seeded synthetic data set of 1 million interactions.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadSampleData } from '../schema/sample-data';
import type { DatasetRecords, InteractionRecord } from '../schema/records';
import { GroupRecords } from '../emulator/group-records';
import { compileFilter, type CompiledFilter } from '../filter';
import { createRandom, evaluate, train, type Model, type RecipeName } from '../scorer';
import { trainEvaluable } from '../scorer/train';
import type { BenchResult } from './types';

const TRAINED: readonly RecipeName[] = [
  'aws-popularity-count',
  'aws-sims',
  'aws-user-personalization',
  'aws-personalized-ranking',
];
const EVALUATED: readonly RecipeName[] = ['aws-popularity-count', 'aws-sims', 'aws-user-personalization'];
const MEASURE_MS = 1_000;
/** Slices per model when two request paths are measured against each other. */
const ALTERNATING_ROUNDS = 10;
const LATENCY_REQUESTS = 2_000;
const NUM_RESULTS = 25;
/** Every interaction of the bundled data is a watch, so this removes each user's own history from the results. */
const WATCH_FILTER = 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("watch")';
const SYNTHETIC_INTERACTIONS = 1_000_000;
const SYNTHETIC_ITEMS = 10_000;

export default async function run(): Promise<BenchResult[]> {
  const data = loadSampleData();
  const results: BenchResult[] = [...measureTraining(data), ...measureQuality(data), ...measureRequests(data)];
  const ml100k = process.env.ML100K_DIR;
  if (ml100k !== undefined && existsSync(join(ml100k, 'u.data'))) results.push(...measureMovieLens100k(ml100k));
  results.push(...(await measureSynthetic()));
  return results;
}

function measureTraining(data: DatasetRecords): BenchResult[] {
  return TRAINED.map((recipe) => {
    const started = performance.now();
    train(recipe, data);
    const value = performance.now() - started;
    return { name: `scorer.train.${recipe}.ms`, value, unit: 'ms', better: 'lower' };
  });
}

function measureQuality(data: DatasetRecords): BenchResult[] {
  const results: BenchResult[] = [];
  const metrics = new Map(EVALUATED.map((recipe) => [recipe, evaluate(recipe, data)]));
  const baseline = metrics.get('aws-popularity-count')!;
  for (const [recipe, values] of metrics) {
    const ndcgTarget = recipe === 'aws-user-personalization' ? { target: '>= 1.5 x popularity-count' } : {};
    const coverageTarget = recipe === 'aws-popularity-count' ? {} : { target: '>= 3 x popularity-count' };
    const name = `scorer.movielens.${recipe}`;
    results.push(
      {
        name: `${name}.ndcg_at_10`,
        value: values.normalized_discounted_cumulative_gain_at_10,
        unit: '',
        better: 'higher',
        ...ndcgTarget,
      },
      { name: `${name}.precision_at_10`, value: values.precision_at_10, unit: '', better: 'higher' },
      { name: `${name}.coverage`, value: values.coverage, unit: '', better: 'higher', ...coverageTarget },
    );
  }
  const personalized = metrics.get('aws-user-personalization')!;
  results.push({
    name: 'scorer.movielens.ndcg_at_10_ratio_to_popularity',
    value:
      personalized.normalized_discounted_cumulative_gain_at_10 / baseline.normalized_discounted_cumulative_gain_at_10,
    unit: 'x',
    better: 'higher',
    target: '>= 1.5',
  });
  return results;
}

/** The requests GetRecommendations sends the scorer: the watch filter bound for each request, as the emulator binds it. */
interface RequestStream {
  readonly records: GroupRecords;
  readonly filter: CompiledFilter;
  readonly userIds: readonly string[];
}

function requestStream(data: DatasetRecords): RequestStream {
  const records = new GroupRecords();
  records.addInteractions(data.interactions);
  records.putItems(data.items);
  const userIds = [...new Set(data.interactions.map((record) => record.userId))];
  return { records, filter: compileFilter(WATCH_FILTER), userIds };
}

function send(model: Model, stream: RequestStream, userId: string): void {
  const accept = stream.filter.bind({ userId, data: stream.records });
  model.recommend({ userId, numResults: NUM_RESULTS, accept });
}

/**
 * Measures user-personalization requests with a filter, cycling through every user of the data. The cached path is
 * measured after one pass over all users, which is the steady state of a stream of requests from these users: every
 * user's ranking is cached. The cold figure is each user's first request to a new model. The straightforward path
 * (the request path before the cache) is measured in the same run, alternating with the cached one, so that their
 * ratio holds on a shared machine.
 */
function measureRequests(data: DatasetRecords): BenchResult[] {
  const stream = requestStream(data);
  const cached = trainEvaluable('aws-user-personalization', data);
  const straightforward = trainEvaluable('aws-user-personalization', data, {}, 'straightforward');
  for (const userId of stream.userIds) send(cached, stream, userId);
  const [cachedRate, straightforwardRate] = measureAlternating([cached, straightforward], stream);
  const cold = measureColdRequests(data, stream);
  const name = 'scorer.recommend_with_filter';
  return [
    { name: `${name}.per_second`, value: cachedRate, unit: 'requests/s', better: 'higher', target: '>= 10000' },
    { name: `${name}.p50_ms`, value: medianLatency(cached, stream), unit: 'ms', better: 'lower', target: '< 0.5' },
    { name: `${name}.cold_cache.per_second`, value: cold.perSecond, unit: 'requests/s', better: 'higher' },
    { name: `${name}.cold_cache.p50_ms`, value: cold.medianMs, unit: 'ms', better: 'lower' },
    {
      name: `${name}.straightforward.per_second`,
      value: straightforwardRate,
      unit: 'requests/s',
      better: 'higher',
    },
    {
      name: `${name}.straightforward.p50_ms`,
      value: medianLatency(straightforward, stream),
      unit: 'ms',
      better: 'lower',
    },
    { name: `${name}.speedup`, value: cachedRate / straightforwardRate, unit: 'x', better: 'higher' },
    { name: 'scorer.filter_bind.per_second', value: measureBinds(stream), unit: 'binds/s', better: 'higher' },
  ];
}

/** Returns each model's requests per second, measured in alternating slices of the same length. */
function measureAlternating(models: readonly Model[], stream: RequestStream): number[] {
  const requests = models.map(() => 0);
  const elapsed = models.map(() => 0);
  for (let round = 0; round < ALTERNATING_ROUNDS; round++) {
    models.forEach((model, m) => {
      const started = performance.now();
      while (performance.now() - started < MEASURE_MS / ALTERNATING_ROUNDS) {
        send(model, stream, stream.userIds[requests[m] % stream.userIds.length]);
        requests[m]++;
      }
      elapsed[m] += performance.now() - started;
    });
  }
  return models.map((_, m) => (requests[m] * 1000) / elapsed[m]);
}

/** Times the first request of every user to a newly trained model, so that every request misses the cache. */
function measureColdRequests(data: DatasetRecords, stream: RequestStream): { perSecond: number; medianMs: number } {
  const model = trainEvaluable('aws-user-personalization', data);
  const latencies = stream.userIds.map((userId) => {
    const started = performance.now();
    send(model, stream, userId);
    return performance.now() - started;
  });
  const total = latencies.reduce((sum, latency) => sum + latency, 0);
  return { perSecond: (latencies.length * 1000) / total, medianMs: median(latencies) };
}

function medianLatency(model: Model, stream: RequestStream): number {
  const latencies: number[] = [];
  for (let k = 0; k < LATENCY_REQUESTS; k++) {
    const started = performance.now();
    send(model, stream, stream.userIds[k % stream.userIds.length]);
    latencies.push(performance.now() - started);
  }
  return median(latencies);
}

function median(values: readonly number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Measures binding the filter alone, the share of each request that the scorer does not control. */
function measureBinds(stream: RequestStream): number {
  let binds = 0;
  const started = performance.now();
  while (performance.now() - started < MEASURE_MS / 2) {
    const userId = stream.userIds[binds % stream.userIds.length];
    stream.filter.bind({ userId, data: stream.records });
    binds++;
  }
  return (binds * 1000) / (performance.now() - started);
}

/**
 * Measures precision@10 on MovieLens 100K with a seeded random 80/20 split of the ratings. Each user's training items
 * are excluded from their recommendations, as published top-N results on this data set do.
 */
function measureMovieLens100k(directory: string): BenchResult[] {
  const random = createRandom(7);
  const training: InteractionRecord[] = [];
  const test = new Map<string, Set<string>>();
  for (const line of readFileSync(join(directory, 'u.data'), 'utf8').trim().split('\n')) {
    const [userId, itemId, , timestamp] = line.split('\t');
    if (random() < 0.8) {
      training.push({ userId, itemId, timestamp: Number(timestamp), source: 'bulk' });
    } else {
      const relevant = test.get(userId) ?? new Set<string>();
      relevant.add(itemId);
      test.set(userId, relevant);
    }
  }
  const seen = new Map<string, Set<string>>();
  for (const record of training) seen.set(record.userId, (seen.get(record.userId) ?? new Set()).add(record.itemId));
  const data = { interactions: training, items: [], users: [] };
  const settings: [RecipeName, Record<string, string>, string][] = [
    ['aws-user-personalization', { recency_mask: 'false' }, '>= 0.32'],
    ['aws-popularity-count', {}, ''],
  ];
  return settings.map(([recipe, hyperparameters, target]) => {
    const model = train(recipe, data, { hyperparameters });
    let total = 0;
    for (const [userId, relevant] of test) {
      const own = seen.get(userId) ?? new Set<string>();
      const list = model.recommend({ userId, numResults: 10, accept: (itemId) => !own.has(itemId) });
      total += list.filter((entry) => relevant.has(entry.itemId)).length / 10;
    }
    const result: BenchResult = {
      name: `scorer.ml100k.${recipe}.precision_at_10`,
      value: total / test.size,
      unit: '',
      better: 'higher',
    };
    return target ? { ...result, target } : result;
  });
}

/**
 * Builds exactly 1,000,000 interactions of users with 10 to 89 interactions each (about 20,000 users), items drawn with a
 * skewed popularity from 10,000.
 */
function syntheticData(): DatasetRecords {
  const random = createRandom(11);
  const interactions: InteractionRecord[] = [];
  let timestamp = 1_600_000_000;
  for (let user = 0; interactions.length < SYNTHETIC_INTERACTIONS; user++) {
    const length = 10 + Math.floor(random() * 80);
    const taste = Math.floor(random() * 20) * (SYNTHETIC_ITEMS / 20);
    for (let k = 0; k < length && interactions.length < SYNTHETIC_INTERACTIONS; k++) {
      // Half from the user's taste block, half from the whole catalogue; both favour low item numbers.
      const fromTaste = random() < 0.5;
      const item = fromTaste
        ? taste + Math.floor((SYNTHETIC_ITEMS / 20) * random() ** 2)
        : Math.floor(SYNTHETIC_ITEMS * random() ** 3);
      interactions.push({ userId: `s${user}`, itemId: `i${item}`, timestamp: timestamp++, source: 'bulk' });
    }
  }
  return { interactions, items: [], users: [] };
}

async function measureSynthetic(): Promise<BenchResult[]> {
  const data = syntheticData();
  const collectGarbage = exposeGarbageCollector();

  // Array buffers of the models measured before are released after a collection, not during it, so `external` only
  // drops once that has happened.
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 100));
  collectGarbage();
  const before = process.memoryUsage();
  const started = performance.now();
  const model = train('aws-user-personalization', data);
  const seconds = (performance.now() - started) / 1000;

  // The model is still referenced below, so these are the memory it retains, not the peak during training. Typed
  // arrays keep their contents outside the V8 heap, in `external`. The scratch buffers of training are released after
  // a collection, not during it, so the figures are read after a pause and a second collection.
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 100));
  collectGarbage();
  const after = process.memoryUsage();
  const heapDelta = (after.heapUsed - before.heapUsed) / 2 ** 20;
  const totalDelta = (after.heapUsed + after.external - before.heapUsed - before.external) / 2 ** 20;
  model.recommend({ userId: 's0', numResults: 1 });

  return [
    {
      name: 'scorer.synthetic_1m.interactions',
      value: data.interactions.length,
      unit: 'interactions',
      better: 'higher',
    },
    {
      name: 'scorer.synthetic_1m.train_user_personalization.s',
      value: seconds,
      unit: 's',
      better: 'lower',
      target: '<= 15',
    },
    { name: 'scorer.synthetic_1m.model_heap_used_mb', value: heapDelta, unit: 'MiB', better: 'lower' },
    { name: 'scorer.synthetic_1m.model_heap_and_external_mb', value: totalDelta, unit: 'MiB', better: 'lower' },
  ];
}

/** Returns V8's garbage collector, exposed at run time so that heap figures do not depend on when it last ran. */
function exposeGarbageCollector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
