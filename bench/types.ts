/** One measured figure of a benchmark. */
export interface BenchResult {
  /** Stable name, used as the key in the baseline file. */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The direction of an improvement. */
  readonly better: 'lower' | 'higher';
  /** An optional target the figure should meet, for example `>= 0.32`, shown beside it. */
  readonly target?: string;
}

/** A benchmark module's default export. */
export type Benchmark = () => Promise<BenchResult[]>;
