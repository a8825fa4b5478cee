/**
 * Runs every `bench/*.bench.ts` module, prints each figure beside the stored baseline, and writes the results.
 *
 * Usage: `npm run bench [-- --only NAME] [-- --write-baseline]`. Figures are compared as ratios to `bench/baseline.json`
 * measured on the same kind of machine, because absolute times vary between runs on a shared machine.
 */
import { readdirSync, existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import type { Benchmark, BenchResult } from './types';

const BENCH_DIR = __dirname;
const BASELINE_PATH = join(BENCH_DIR, 'baseline.json');
const RESULTS_DIR = join(BENCH_DIR, 'results');

interface Baseline {
  readonly machine: string;
  readonly results: Record<string, number>;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const files = readdirSync(BENCH_DIR)
    .filter((file) => file.endsWith('.bench.ts'))
    .filter((file) => only === undefined || file.startsWith(only))
    .sort();
  if (files.length === 0) throw new Error(`no benchmark matches ${only ?? '*'} in ${BENCH_DIR}`);

  const baseline = readBaseline();
  const results: BenchResult[] = [];
  for (const file of files) {
    console.log(`\n## ${file}`);
    const module = (await import(join(BENCH_DIR, file))) as { default: Benchmark };
    for (const result of await module.default()) {
      results.push(result);
      console.log(formatRow(result, baseline?.results[result.name]));
    }
  }

  mkdirSync(RESULTS_DIR, { recursive: true });
  const machine = describeMachine();
  writeFileSync(
    join(RESULTS_DIR, 'latest.json'),
    JSON.stringify({ machine, date: new Date().toISOString(), results }, null, 2) + '\n',
  );
  if (args.includes('--write-baseline')) {
    const values = Object.fromEntries(results.map((result) => [result.name, result.value]));
    writeFileSync(BASELINE_PATH, JSON.stringify({ machine, results: values }, null, 2) + '\n');
    console.log(`\nwrote ${BASELINE_PATH}`);
  }
}

function readBaseline(): Baseline | undefined {
  return existsSync(BASELINE_PATH) ? (JSON.parse(readFileSync(BASELINE_PATH, 'utf8')) as Baseline) : undefined;
}

/** Formats one figure; the ratio is oriented so that above 1 always means better than the baseline. */
function formatRow(result: BenchResult, baselineValue: number | undefined): string {
  const value = `${formatNumber(result.value)} ${result.unit}`;
  const target = result.target === undefined ? '' : `  target ${result.target}`;
  if (baselineValue === undefined || baselineValue === 0 || result.value === 0)
    return `${result.name}: ${value}${target}`;
  const ratio = result.better === 'higher' ? result.value / baselineValue : baselineValue / result.value;
  return `${result.name}: ${value}${target}  (x${ratio.toFixed(2)} vs baseline ${formatNumber(baselineValue)})`;
}

function formatNumber(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : Number(value.toPrecision(4)).toString();
}

function describeMachine(): string {
  return `${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${cpus()[0]?.model ?? 'unknown CPU'}, Node.js ${process.version}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
