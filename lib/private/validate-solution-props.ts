import { Duration, Token } from 'aws-cdk-lib';
import { Recipe, RecipeType } from '../recipe';
import { checkInteger, Problems } from './problems';
import { DatasetGroupRegistry } from './registry';
import type { HpoNumericRange, HpoSettings } from '../hpo';

/** Checks HPO settings: job counts, and range names that the recipe can tune. */
export function validateHpo(problems: Problems, hpo: HpoSettings | undefined, recipe: Recipe): void {
  if (hpo === undefined) {
    return;
  }
  if (recipe.recipeType === RecipeType.POPULAR_ITEMS) {
    problems.add(`hpo is not available for recipe ${recipe.recipeName}, which has no hyperparameters`);
  }
  checkInteger(problems, 'hpo.maxNumberOfTrainingJobs', hpo.maxNumberOfTrainingJobs, 1, 40);
  checkInteger(problems, 'hpo.maxParallelTrainingJobs', hpo.maxParallelTrainingJobs, 1, 10);
  const ranges: Array<[string, readonly { name: string }[] | undefined]> = [
    ['hpo.integerRanges', hpo.integerRanges],
    ['hpo.continuousRanges', hpo.continuousRanges],
    ['hpo.categoricalRanges', hpo.categoricalRanges],
  ];
  for (const [prop, list] of ranges) {
    (list ?? []).forEach((range, index) => {
      if (range.name.endsWith('_percentile')) {
        problems.add(`${prop}[${index}].name: percentile hyperparameters cannot be tuned by HPO, got ${range.name}`);
      }
      if (range.name in recipe.algorithmHyperparameters) {
        problems.add(`${prop}[${index}].name: ${range.name} is already fixed in recipe hyperparameters, got both`);
      }
    });
  }
  for (const [prop, list] of [
    ['hpo.integerRanges', hpo.integerRanges],
    ['hpo.continuousRanges', hpo.continuousRanges],
  ] as const) {
    (list ?? []).forEach((range, index) => {
      if (
        !Token.isUnresolved(range.minValue) &&
        !Token.isUnresolved(range.maxValue) &&
        range.minValue > range.maxValue
      ) {
        problems.add(
          `${prop}[${index}]: minValue must not exceed maxValue, got ${range.minValue} and ${range.maxValue}`,
        );
      }
    });
  }
}

/** Renders HPO settings in CloudFormation's PascalCase, because `HpoConfig` is untyped in the CDK's L1. */
export function renderHpoConfig(hpo: HpoSettings): Record<string, unknown> {
  const numeric = (ranges: readonly HpoNumericRange[] | undefined) =>
    ranges?.map((range) => ({ Name: range.name, MinValue: range.minValue, MaxValue: range.maxValue }));
  const resourceConfig = {
    MaxNumberOfTrainingJobs: hpo.maxNumberOfTrainingJobs?.toString(),
    MaxParallelTrainingJobs: hpo.maxParallelTrainingJobs?.toString(),
  };
  const hasRanges = [hpo.integerRanges, hpo.continuousRanges, hpo.categoricalRanges].some((list) => list !== undefined);
  return {
    HpoObjective: { Type: 'Maximize', MetricName: hpo.objective },
    HpoResourceConfig: Object.values(resourceConfig).some((value) => value !== undefined) ? resourceConfig : undefined,
    AlgorithmHyperParameterRanges: hasRanges
      ? {
          IntegerHyperParameterRanges: numeric(hpo.integerRanges),
          ContinuousHyperParameterRanges: numeric(hpo.continuousRanges),
          CategoricalHyperParameterRanges: hpo.categoricalRanges?.map((range) => ({
            Name: range.name,
            Values: [...range.values],
          })),
        }
      : undefined,
  };
}

/** Checks that an automatic training schedule is a whole number of days from 1 to 30. */
export function validateSchedule(problems: Problems, schedule: Duration | undefined): void {
  if (schedule === undefined || schedule.isUnresolved()) {
    return;
  }
  const days = schedule.toDays({ integral: false });
  if (!Number.isInteger(days) || days < 1 || days > 30) {
    problems.add(
      `automaticTraining.schedule must be a whole number of days from 1 to 30, got ${schedule.toHumanString()}`,
    );
  }
}

/** Props of a solution that its dataset checks need. */
interface SolutionDatasetProps {
  readonly recipe: Recipe;
  readonly eventType?: string;
  readonly eventValueThreshold?: number;
}

/** Checks, at synth, that the dataset group has the datasets and fields the solution needs. */
export function checkSolutionDatasets(registry: DatasetGroupRegistry, props: SolutionDatasetProps): string[] {
  const interactions = registry.dataset('Interactions');
  if (interactions === undefined) {
    return [`recipe: ${props.recipe.recipeName} trains on an Interactions dataset, got a dataset group without one`];
  }
  const problems: string[] = [];
  const fields = interactions.schema?.fields.map((field) => field.name);
  if (fields !== undefined && props.eventType !== undefined && !fields.includes('EVENT_TYPE')) {
    problems.push(`eventType needs an EVENT_TYPE field in the Interactions schema, got fields ${fields.join(', ')}`);
  }
  if (fields !== undefined && props.eventValueThreshold !== undefined && !fields.includes('EVENT_VALUE')) {
    problems.push(
      `eventValueThreshold needs an EVENT_VALUE field in the Interactions schema, got fields ${fields.join(', ')}`,
    );
  }
  return problems;
}
