/** Settings of hyperparameter optimization (HPO) for a solution. */

/** Offline metrics that hyperparameter optimization can maximize. */
export type HpoMetric =
  | 'coverage'
  | 'mean_reciprocal_rank_at_25'
  | 'normalized_discounted_cumulative_gain_at_5'
  | 'normalized_discounted_cumulative_gain_at_10'
  | 'normalized_discounted_cumulative_gain_at_25'
  | 'precision_at_5'
  | 'precision_at_10'
  | 'precision_at_25';

/** A range of a numeric hyperparameter to search, by the service's snake_case name. */
export interface HpoNumericRange {
  readonly name: string;
  readonly minValue: number;
  readonly maxValue: number;
}

/** Values of a categorical hyperparameter to search, by the service's snake_case name. */
export interface HpoCategoricalRange {
  readonly name: string;
  readonly values: readonly string[];
}

/** Hyperparameter optimization settings of a solution. */
export interface HpoSettings {
  /** Offline metric to maximize. */
  readonly objective: HpoMetric;

  /**
   * Training jobs per solution version, from 1 to 40.
   *
   * @default - the service's default
   */
  readonly maxNumberOfTrainingJobs?: number;

  /**
   * Training jobs that run at once, from 1 to 10.
   *
   * @default - the service's default
   */
  readonly maxParallelTrainingJobs?: number;

  /**
   * Ranges of integer hyperparameters to search.
   *
   * @default - the recipe's default ranges
   */
  readonly integerRanges?: readonly HpoNumericRange[];

  /**
   * Ranges of continuous hyperparameters to search.
   *
   * @default - the recipe's default ranges
   */
  readonly continuousRanges?: readonly HpoNumericRange[];

  /**
   * Values of categorical hyperparameters to search.
   *
   * @default - the recipe's default values
   */
  readonly categoricalRanges?: readonly HpoCategoricalRange[];
}
