import { Aws, Token } from 'aws-cdk-lib';

/** Kind of results that a recipe's models return, which decides the campaign settings it accepts. */
export enum RecipeType {
  /** Items for a user (`GetRecommendations` with `userId`). */
  USER_PERSONALIZATION = 'USER_PERSONALIZATION',
  /** Items similar to an item (`GetRecommendations` with `itemId`). */
  RELATED_ITEMS = 'RELATED_ITEMS',
  /** Popular items across all users. */
  POPULAR_ITEMS = 'POPULAR_ITEMS',
  /** A caller's item list reordered for a user (`GetPersonalizedRanking`). */
  PERSONALIZED_RANKING = 'PERSONALIZED_RANKING',
  /** A recipe given by ARN, which this library does not check. */
  OTHER = 'OTHER',
}

/** Bounds on how much of each user's history training uses, shared by several recipes. */
export interface UserHistoryHyperparameters {
  /**
   * Users whose history length is below this percentile of all users are left out of training, from 0 to 1.
   *
   * @default 0.0
   */
  readonly minUserHistoryLengthPercentile?: number;

  /**
   * Users whose history length is above this percentile of all users are left out of training, from 0 to 1.
   *
   * @default 0.99 (0.995 for SIMS)
   */
  readonly maxUserHistoryLengthPercentile?: number;
}

/** Hyperparameters of the user-personalization recipes. */
export interface UserPersonalizationHyperparameters extends UserHistoryHyperparameters {
  /**
   * Whether the model favours recent popularity trends in the interactions.
   *
   * @default true
   */
  readonly recencyMask?: boolean;
}

/** Hyperparameters of the personalized-ranking recipes. */
export interface PersonalizedRankingHyperparameters extends UserHistoryHyperparameters {
  /**
   * Whether the model favours recent popularity trends in the interactions.
   *
   * @default true
   */
  readonly recencyMask?: boolean;
}

/** Hyperparameters of the SIMS recipe. */
export interface SimsHyperparameters extends UserHistoryHyperparameters {
  /**
   * Discount of popular items when computing similarity, from 0 to 1.
   *
   * @default 0.5
   */
  readonly popularityDiscountFactor?: number;

  /**
   * Minimum number of co-interactions that make two items similar, a whole number from 0 to 10.
   *
   * @default 3
   */
  readonly minCointeractionCount?: number;

  /**
   * Items with fewer interactions than this percentile of all items are left out of training, from 0 to 1.
   *
   * @default 0.01
   */
  readonly minItemInteractionCountPercentile?: number;

  /**
   * Items with more interactions than this percentile of all items are left out of training, from 0 to 1.
   *
   * @default 0.9
   */
  readonly maxItemInteractionCountPercentile?: number;
}

/**
 * A training recipe with its hyperparameters, rendered into the solution's `algorithmHyperParameters`.
 *
 * @example
 * Recipe.userPersonalization({ recencyMask: false, maxUserHistoryLengthPercentile: 0.95 });
 * @see https://docs.aws.amazon.com/personalize/latest/dg/working-with-predefined-recipes.html
 */
export class Recipe {
  /** `aws-user-personalization` with default hyperparameters. */
  public static readonly USER_PERSONALIZATION = Recipe.userPersonalization();
  /** `aws-user-personalization-v2` with default hyperparameters. */
  public static readonly USER_PERSONALIZATION_V2 = Recipe.userPersonalizationV2();
  /** `aws-sims` with default hyperparameters. */
  public static readonly SIMS = Recipe.sims();
  /** `aws-popularity-count`, which has no hyperparameters. */
  public static readonly POPULARITY_COUNT = new Recipe('aws-popularity-count', RecipeType.POPULAR_ITEMS, {}, []);
  /** `aws-personalized-ranking` with default hyperparameters. */
  public static readonly PERSONALIZED_RANKING = Recipe.personalizedRanking();
  /** `aws-personalized-ranking-v2` with default hyperparameters. */
  public static readonly PERSONALIZED_RANKING_V2 = Recipe.personalizedRankingV2();

  /** `aws-user-personalization`: items for a user, exploring new items. */
  public static userPersonalization(hyperparameters: UserPersonalizationHyperparameters = {}): Recipe {
    return Recipe.withRecencyMask('aws-user-personalization', RecipeType.USER_PERSONALIZATION, hyperparameters);
  }

  /** `aws-user-personalization-v2`: items for a user, for larger catalogs and datasets. */
  public static userPersonalizationV2(hyperparameters: UserPersonalizationHyperparameters = {}): Recipe {
    return Recipe.withRecencyMask('aws-user-personalization-v2', RecipeType.USER_PERSONALIZATION, hyperparameters);
  }

  /** `aws-personalized-ranking`: reorders a caller's item list for a user. */
  public static personalizedRanking(hyperparameters: PersonalizedRankingHyperparameters = {}): Recipe {
    return Recipe.withRecencyMask('aws-personalized-ranking', RecipeType.PERSONALIZED_RANKING, hyperparameters);
  }

  /** `aws-personalized-ranking-v2`: reorders a caller's item list for a user, for larger catalogs. */
  public static personalizedRankingV2(hyperparameters: PersonalizedRankingHyperparameters = {}): Recipe {
    return Recipe.withRecencyMask('aws-personalized-ranking-v2', RecipeType.PERSONALIZED_RANKING, hyperparameters);
  }

  /** `aws-sims`: items similar to an item, from co-occurrence in interactions. */
  public static sims(hyperparameters: SimsHyperparameters = {}): Recipe {
    const problems: string[] = [];
    const rendered: Record<string, string> = {};
    addNumber(
      rendered,
      problems,
      'popularityDiscountFactor',
      'popularity_discount_factor',
      hyperparameters.popularityDiscountFactor,
      0,
      1,
    );
    addNumber(
      rendered,
      problems,
      'minCointeractionCount',
      'min_cointeraction_count',
      hyperparameters.minCointeractionCount,
      0,
      10,
      true,
    );
    addHistory(rendered, problems, hyperparameters);
    addPercentilePair(
      rendered,
      problems,
      [
        'minItemInteractionCountPercentile',
        'min_item_interaction_count_percentile',
        hyperparameters.minItemInteractionCountPercentile,
      ],
      [
        'maxItemInteractionCountPercentile',
        'max_item_interaction_count_percentile',
        hyperparameters.maxItemInteractionCountPercentile,
      ],
    );
    return new Recipe('aws-sims', RecipeType.RELATED_ITEMS, rendered, problems);
  }

  /**
   * A recipe given by ARN, with hyperparameters in the service's own names and string values, which are not checked.
   *
   * @example
   * Recipe.fromArn('arn:aws:personalize:::recipe/aws-trending-now', { lookback_window: '7' });
   */
  public static fromArn(recipeArn: string, algorithmHyperparameters: Record<string, string> = {}): Recipe {
    return new Recipe(recipeArn, RecipeType.OTHER, algorithmHyperparameters, [], recipeArn);
  }

  private static withRecencyMask(
    name: string,
    recipeType: RecipeType,
    hyperparameters: UserPersonalizationHyperparameters,
  ): Recipe {
    const problems: string[] = [];
    const rendered: Record<string, string> = {};
    if (hyperparameters.recencyMask !== undefined) {
      rendered.recency_mask = String(hyperparameters.recencyMask);
    }
    addHistory(rendered, problems, hyperparameters);
    return new Recipe(name, recipeType, rendered, problems);
  }

  /** ARN of the recipe, which the solution receives as `recipeArn`. */
  public readonly recipeArn: string;

  /**
   * `algorithmHyperParameters` of the solution: the service's snake_case names with string values, for the
   * hyperparameters that were set.
   */
  public readonly algorithmHyperparameters: Readonly<Record<string, string>>;

  /** Range problems of the hyperparameters; the solution reports them with its construct path. */
  public readonly problems: readonly string[];

  private constructor(
    /** Recipe name, the last part of the ARN, for example `aws-sims`. */
    public readonly recipeName: string,
    /** Kind of results that the recipe's models return. */
    public readonly recipeType: RecipeType,
    algorithmHyperparameters: Record<string, string>,
    problems: string[],
    recipeArn?: string,
  ) {
    this.recipeArn = recipeArn ?? `arn:${Aws.PARTITION}:personalize:::recipe/${recipeName}`;
    this.algorithmHyperparameters = algorithmHyperparameters;
    this.problems = problems;
  }
}

type Percentile = readonly [prop: string, serviceName: string, value: number | undefined];

function addHistory(
  rendered: Record<string, string>,
  problems: string[],
  hyperparameters: UserHistoryHyperparameters,
): void {
  addPercentilePair(
    rendered,
    problems,
    [
      'minUserHistoryLengthPercentile',
      'min_user_history_length_percentile',
      hyperparameters.minUserHistoryLengthPercentile,
    ],
    [
      'maxUserHistoryLengthPercentile',
      'max_user_history_length_percentile',
      hyperparameters.maxUserHistoryLengthPercentile,
    ],
  );
}

/** Adds a minimum and maximum percentile, each in 0..1, and checks that the minimum is below the maximum. */
function addPercentilePair(
  rendered: Record<string, string>,
  problems: string[],
  min: Percentile,
  max: Percentile,
): void {
  const before = problems.length;
  addNumber(rendered, problems, min[0], min[1], min[2], 0, 1);
  addNumber(rendered, problems, max[0], max[1], max[2], 0, 1);
  const [minValue, maxValue] = [min[2], max[2]];
  if (problems.length > before || minValue === undefined || maxValue === undefined) {
    return;
  }
  if (!Token.isUnresolved(minValue) && !Token.isUnresolved(maxValue) && minValue >= maxValue) {
    problems.push(`recipe.hyperparameters.${min[0]} must be less than ${max[0]}, got ${minValue} and ${maxValue}`);
  }
}

function addNumber(
  rendered: Record<string, string>,
  problems: string[],
  prop: string,
  serviceName: string,
  value: number | undefined,
  min: number,
  max: number,
  integer = false,
): void {
  if (value === undefined) {
    return;
  }
  if (!Token.isUnresolved(value)) {
    const inRange = Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
    if (!inRange) {
      const kind = integer ? 'a whole number' : 'a number';
      problems.push(`recipe.hyperparameters.${prop} must be ${kind} between ${min} and ${max}, got ${value}`);
      return;
    }
  }
  rendered[serviceName] = Token.isUnresolved(value) ? Token.asString(value) : String(value);
}
