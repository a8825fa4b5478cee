/** Handler configuration from environment variables, read once at cold start. */
import { FilterCatalog } from '../../sdk/filters';
import { MAX_NUM_RESULTS } from '../../sdk/runtime-checks';

export type Environment = Readonly<Record<string, string | undefined>>;

/** A missing or invalid environment variable; thrown at cold start so the function fails before serving requests. */
export class ConfigurationError extends Error {
  /** The environment variable at fault. */
  readonly variable: string;

  constructor(variable: string, message: string) {
    super(message);
    this.name = 'ConfigurationError';
    this.variable = variable;
  }
}

/** The service's own default for `numResults`. */
export const SERVICE_DEFAULT_NUM_RESULTS = 25;

/** Returns a required variable; `purpose` describes what it must contain, for the error message. */
export function requireVariable(env: Environment, name: string, purpose: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new ConfigurationError(name, `environment variable ${name} is missing; set it to ${purpose}`);
  }
  return value.trim();
}

/** Reads `FILTER_ARNS`, a JSON object of filter name to filter ARN; absent means no named filters. */
export function readFilterArns(env: Environment): Record<string, string> {
  const raw = env.FILTER_ARNS;
  if (raw === undefined || raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new ConfigurationError(
      'FILTER_ARNS',
      `environment variable FILTER_ARNS is not valid JSON: ${(error as Error).message}`,
    );
  }
  const isStringRecord =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((arn) => typeof arn === 'string');
  if (!isStringRecord) {
    throw new ConfigurationError(
      'FILTER_ARNS',
      `environment variable FILTER_ARNS must be a JSON object of filter name to filter ARN (received ${raw.slice(0, 200)})`,
    );
  }
  const filters = parsed as Record<string, string>;
  try {
    new FilterCatalog(filters);
  } catch (error) {
    throw new ConfigurationError(
      'FILTER_ARNS',
      `environment variable FILTER_ARNS is invalid: ${(error as Error).message}`,
    );
  }
  return filters;
}

/** Reads `DEFAULT_NUM_RESULTS`, an integer from 1 to 500. */
export function readDefaultNumResults(env: Environment): number {
  const raw = env.DEFAULT_NUM_RESULTS;
  if (raw === undefined || raw.trim() === '') return SERVICE_DEFAULT_NUM_RESULTS;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < 1 || value > MAX_NUM_RESULTS) {
    throw new ConfigurationError(
      'DEFAULT_NUM_RESULTS',
      `environment variable DEFAULT_NUM_RESULTS must be an integer from 1 to ${MAX_NUM_RESULTS} (received ${JSON.stringify(raw)})`,
    );
  }
  return value;
}

/** Returns a required variable that must be a Personalize ARN. */
export function requireArnVariable(env: Environment, name: string, purpose: string): string {
  const value = requireVariable(env, name, purpose);
  if (!/^arn:[a-z\d-]+:personalize:[^:]*:[^:]*:.+$/.test(value)) {
    throw new ConfigurationError(
      name,
      `environment variable ${name} must be ${purpose} (received ${JSON.stringify(value)})`,
    );
  }
  return value;
}
