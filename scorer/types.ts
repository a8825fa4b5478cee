/** The contract between the local reference scorer and its callers (the emulator, the benchmarks, the tests). */
import type { DatasetRecords, InteractionRecord, ItemRecord, UserRecord } from '../schema/records';

/** Recipe names, as the suffix of `arn:aws:personalize:::recipe/NAME`. */
export type RecipeName =
  | 'aws-user-personalization'
  | 'aws-user-personalization-v2'
  | 'aws-personalized-ranking'
  | 'aws-personalized-ranking-v2'
  | 'aws-sims'
  | 'aws-popularity-count';

/** Training settings, in the service's own terms. */
export interface TrainingOptions {
  /** Hyperparameters as the service takes them: string values keyed by name. Unknown names are rejected. */
  readonly hyperparameters?: Readonly<Record<string, string>>;
  /** Train only on interactions of this event type (the solution's `eventType`). */
  readonly eventType?: string;
  /** Seed for every random choice, so equal data and seed give equal models. */
  readonly seed?: number;
  /**
   * Skips the service's training minimum (1,000 interactions and 25 users with 2 or more interactions), for unit tests
   * on small data sets. Default: false.
   */
  readonly allowSmallData?: boolean;
  /**
   * Training mode UPDATE (user-personalization only): the model of the solution version being updated. The new model
   * keeps its trained item similarities and folds in the current interactions and items without retraining them.
   * Default: undefined, a FULL training.
   */
  readonly updateFrom?: Model;
}

/** One recommended or ranked item. `score` is absent for recipes that return no scores. */
export interface ScoredItem {
  readonly itemId: string;
  readonly score?: number;
}

/** Per-request exploration settings: the campaign's `itemExplorationConfig`. */
export interface ExplorationSettings {
  /** 0 to 1; the share of results drawn from new items. */
  readonly explorationWeight: number;
  /** Items created within this many days of the latest interaction count as new. */
  readonly explorationItemAgeCutOffDays: number;
}

export interface RecommendRequest {
  /** For user recipes. Unknown users get popular items. */
  readonly userId?: string;
  /** For related-item recipes (SIMS). Unknown items get popular items. */
  readonly itemId?: string;
  /** 1 to 500. */
  readonly numResults: number;
  /** Items for which this returns false are left out, for example a bound filter. */
  readonly accept?: (itemId: string) => boolean;
  /** Contextual metadata by interactions-schema field name, for example `{ DEVICE: 'mobile' }`. */
  readonly context?: Readonly<Record<string, string>>;
  readonly exploration?: ExplorationSettings;
}

export interface RankRequest {
  readonly userId: string;
  /** The caller's items, at most 500. Items unknown to the model come back last, in input order. */
  readonly inputList: readonly string[];
  readonly accept?: (itemId: string) => boolean;
  readonly context?: Readonly<Record<string, string>>;
}

/** A trained model: a solution version's behaviour. */
export interface Model {
  readonly recipe: RecipeName;
  /** True when this recipe's results carry scores. */
  readonly returnsScores: boolean;
  recommend(request: RecommendRequest): ScoredItem[];
  rank(request: RankRequest): ScoredItem[];
  /** Records real-time events (PutEvents) so that the next requests of those users reflect them. */
  addInteractions(interactions: readonly InteractionRecord[]): void;
  /** Adds or replaces items (PutItems); user-personalization can recommend new items at once. */
  putItems(items: readonly ItemRecord[]): void;
  putUsers(users: readonly UserRecord[]): void;
}

/** Offline metrics, with the keys GetSolutionMetrics uses. */
export interface SolutionMetrics {
  readonly coverage: number;
  readonly mean_reciprocal_rank_at_25: number;
  readonly normalized_discounted_cumulative_gain_at_5: number;
  readonly normalized_discounted_cumulative_gain_at_10: number;
  readonly normalized_discounted_cumulative_gain_at_25: number;
  readonly precision_at_5: number;
  readonly precision_at_10: number;
  readonly precision_at_25: number;
}

/** Trains a model of a recipe; exported by `scorer/index.ts` as `train`. */
export type TrainFunction = (recipe: RecipeName, data: DatasetRecords, options?: TrainingOptions) => Model;
