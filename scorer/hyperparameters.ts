/** Hyperparameters per recipe, with the service's defaults and ranges, and their validation. */
import { InvalidInputError } from './errors';
import type { RecipeName } from './types';

interface NumberSpec {
  readonly kind: 'float' | 'integer';
  readonly defaultValue: number;
  readonly min: number;
  /** True when `min` itself is not allowed (a positive number). */
  readonly minExclusive?: boolean;
  readonly max: number;
}

interface BooleanSpec {
  readonly kind: 'boolean';
  readonly defaultValue: boolean;
}

type HyperparameterSpec = NumberSpec | BooleanSpec;

const percentile = (defaultValue: number): NumberSpec => ({ kind: 'float', defaultValue, min: 0, max: 1 });

/**
 * `hidden_dimension` and `bptt` size the service's recurrent network. They are validated so that a solution config
 * that the service accepts is accepted here too, but the local item-neighbourhood model has nothing they could size.
 */
const NETWORK_SPECS = {
  hidden_dimension: { kind: 'integer', defaultValue: 149, min: 32, max: 256 },
  bptt: { kind: 'integer', defaultValue: 32, min: 2, max: 32 },
} as const satisfies Record<string, HyperparameterSpec>;

const HISTORY_SPECS = {
  recency_mask: { kind: 'boolean', defaultValue: true },
  min_user_history_length_percentile: percentile(0),
  max_user_history_length_percentile: percentile(0.99),
} as const satisfies Record<string, HyperparameterSpec>;

const USER_PERSONALIZATION_SPECS = {
  ...NETWORK_SPECS,
  ...HISTORY_SPECS,
  exploration_weight: percentile(0.3),
  exploration_item_age_cut_off: {
    kind: 'float',
    defaultValue: 30,
    min: 0,
    minExclusive: true,
    max: Number.MAX_VALUE,
  },
} as const satisfies Record<string, HyperparameterSpec>;

const RANKING_SPECS = { ...NETWORK_SPECS, ...HISTORY_SPECS } as const satisfies Record<string, HyperparameterSpec>;

const SIMS_SPECS = {
  popularity_discount_factor: percentile(0.5),
  min_cointeraction_count: { kind: 'integer', defaultValue: 3, min: 0, max: 10 },
  min_user_history_length_percentile: percentile(0.005),
  max_user_history_length_percentile: percentile(0.995),
  min_item_interaction_count_percentile: percentile(0.01),
  max_item_interaction_count_percentile: percentile(0.9),
} as const satisfies Record<string, HyperparameterSpec>;

const SPECS_BY_RECIPE: Readonly<Record<RecipeName, Readonly<Record<string, HyperparameterSpec>>>> = {
  'aws-user-personalization': USER_PERSONALIZATION_SPECS,
  'aws-user-personalization-v2': USER_PERSONALIZATION_SPECS,
  'aws-personalized-ranking': RANKING_SPECS,
  'aws-personalized-ranking-v2': RANKING_SPECS,
  'aws-sims': SIMS_SPECS,
  'aws-popularity-count': {},
};

type ValueOf<S> = S extends BooleanSpec ? boolean : number;
type Parsed<T> = { readonly [K in keyof T]: ValueOf<T[K]> };

export type UserPersonalizationHyperparameters = Parsed<typeof USER_PERSONALIZATION_SPECS> & {
  /** The names the caller set, because exploration settings apply only when set explicitly. */
  readonly explicit: ReadonlySet<string>;
};
export type SimsHyperparameters = Parsed<typeof SIMS_SPECS>;

/** Lists the hyperparameter names a recipe takes. */
export function hyperparameterNames(recipe: RecipeName): string[] {
  return Object.keys(SPECS_BY_RECIPE[recipe]);
}

/** Parses the user-personalization or personalized-ranking hyperparameters; ranking has no exploration settings. */
export function parseUserPersonalizationHyperparameters(
  recipe: RecipeName,
  raw: Readonly<Record<string, string>> = {},
): UserPersonalizationHyperparameters {
  const values = parseHyperparameters(recipe, raw);
  return {
    ...(values as unknown as Parsed<typeof USER_PERSONALIZATION_SPECS>),
    explicit: new Set(Object.keys(raw)),
  };
}

export function parseSimsHyperparameters(raw: Readonly<Record<string, string>> = {}): SimsHyperparameters {
  return parseHyperparameters('aws-sims', raw) as unknown as SimsHyperparameters;
}

/**
 * Validates `raw` against the recipe's hyperparameters and returns every hyperparameter of the recipe, with defaults
 * for the ones not set. Unknown names and invalid values raise `InvalidInputError`.
 */
export function parseHyperparameters(
  recipe: RecipeName,
  raw: Readonly<Record<string, string>> = {},
): Record<string, number | boolean> {
  const specs = SPECS_BY_RECIPE[recipe];
  for (const name of Object.keys(raw)) {
    if (!Object.hasOwn(specs, name)) {
      const known = Object.keys(specs);
      const expected = known.length === 0 ? 'it takes no hyperparameters' : `expected one of ${known.join(', ')}`;
      throw new InvalidInputError(`unknown hyperparameter "${name}" for recipe ${recipe}: ${expected}`);
    }
  }
  const values: Record<string, number | boolean> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const text = raw[name];
    values[name] = text === undefined ? spec.defaultValue : parseValue(name, spec, text);
  }
  return values;
}

function parseValue(name: string, spec: HyperparameterSpec, text: string): number | boolean {
  if (spec.kind === 'boolean') {
    const lower = text.trim().toLowerCase();
    if (lower === 'true' || lower === 'false') {
      return lower === 'true';
    }
    throw new InvalidInputError(`hyperparameter ${name} must be "true" or "false", received "${text}"`);
  }
  const value = text.trim() === '' ? Number.NaN : Number(text);
  const inRange = (spec.minExclusive ? value > spec.min : value >= spec.min) && value <= spec.max;
  const isInteger = spec.kind === 'integer' ? Number.isInteger(value) : Number.isFinite(value);
  if (!inRange || !isInteger) {
    throw new InvalidInputError(`hyperparameter ${name} must be ${describeRange(spec)}, received "${text}"`);
  }
  return value;
}

function describeRange(spec: NumberSpec): string {
  const noun = spec.kind === 'integer' ? 'an integer' : 'a number';
  if (spec.max === Number.MAX_VALUE) {
    return spec.minExclusive ? `${noun} greater than ${spec.min}` : `${noun} of at least ${spec.min}`;
  }
  return `${noun} from ${spec.min} to ${spec.max}`;
}
