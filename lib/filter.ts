import { IResource, Resource, Token } from 'aws-cdk-lib';
import { CfnFilter } from 'aws-cdk-lib/aws-personalize';
import { Construct } from 'constructs';
import {
  allComparisons,
  checkDatasetGroupFieldLimit,
  parseFilterExpression,
  validateFilterExpression,
} from '../filter';
import type { DatasetType } from '../schema/model';
import type { FilterProblem, FilterSchemas } from '../filter/types';
import { DatasetGroup, IDatasetGroup } from './dataset-group';
import { checkName, generateName } from './private/names';
import { Problems } from './private/problems';
import { DatasetGroupRegistry } from './private/registry';

/** A Personalize filter, which includes or excludes items from recommendations. */
export interface IFilter extends IResource {
  /**
   * ARN of the filter, which GetRecommendations and GetPersonalizedRanking requests send as `filterArn`.
   *
   * @attribute
   */
  readonly filterArn: string;
}

/** Properties of a `Filter`. */
export interface FilterProps {
  /** Dataset group whose datasets the expression reads. A dataset group has at most 10 filters. */
  readonly datasetGroup: IDatasetGroup;

  /**
   * Filter expression, for example `EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase")`.
   *
   * It is checked at synth against the filter language and against the schemas of the dataset group's datasets that
   * this app defines.
   *
   * @see https://docs.aws.amazon.com/personalize/latest/dg/filter-expressions.html
   */
  readonly filterExpression: string;

  /**
   * Name of the filter: 1 to 63 letters, digits, `-` or `_`, starting with a letter or digit.
   *
   * @default - a name generated from the construct path and a hash of the expression, so that a changed expression
   * gets a new name when CloudFormation replaces the filter
   */
  readonly filterName?: string;
}

/**
 * A filter. The service cannot change a filter, so a changed expression replaces it.
 *
 * Expression problems are reported at synth, after every dataset of the app is known, in one error that lists each
 * problem with its column, token and rule.
 *
 * @resource AWS::Personalize::Filter
 * @see https://docs.aws.amazon.com/personalize/latest/dg/filter.html
 */
export class Filter extends Resource implements IFilter {
  /** Imports a filter made outside this app. */
  public static fromFilterArn(scope: Construct, id: string, filterArn: string): IFilter {
    class Import extends Resource implements IFilter {
      public readonly filterArn = filterArn;
    }
    return new Import(scope, id, { environmentFromArn: filterArn });
  }

  public readonly filterArn: string;
  public readonly filterName: string;
  public readonly filterExpression: string;

  /** The underlying CloudFormation resource. */
  public readonly resource: CfnFilter;

  public constructor(scope: Construct, id: string, props: FilterProps) {
    super(scope, id);

    const registry = DatasetGroupRegistry.of(props.datasetGroup);
    const problems = new Problems();
    checkName(problems, 'filterName', props.filterName);
    const quota = registry.count('filters', this, props.datasetGroup.node.path);
    if (quota !== undefined) {
      problems.add(quota);
    }
    problems.throwIfAny(this);

    this.filterExpression = props.filterExpression;
    this.filterName = props.filterName ?? generateName(this, { expression: props.filterExpression });
    this.resource = new CfnFilter(this, 'Resource', {
      name: this.filterName,
      datasetGroupArn: props.datasetGroup.datasetGroupArn,
      filterExpression: props.filterExpression,
    });
    this.filterArn = this.resource.attrFilterArn;
    registry.addDependant(this);

    const expressionsBefore = registry.filterExpressions();
    registry.addFilterExpression(props.filterExpression);
    this.node.addValidation({
      validate: () => [
        ...validateExpression(props.filterExpression, registry, expressionsBefore),
        ...(props.datasetGroup instanceof DatasetGroup ? missingDatasetProblems(props.filterExpression, registry) : []),
      ],
    });
  }
}

/** Checks an expression against the filter language, the known schemas and the dataset group's field limit. */
function validateExpression(
  expression: string,
  registry: DatasetGroupRegistry,
  expressionsBefore: readonly string[],
): string[] {
  if (Token.isUnresolved(expression)) {
    return [];
  }
  const schemas: FilterSchemas = {
    interactions: registry.dataset('Interactions')?.schema,
    items: registry.dataset('Items')?.schema,
    users: registry.dataset('Users')?.schema,
  };
  const problems = [
    ...validateFilterExpression(expression, schemas),
    ...groupFieldLimitProblems(expression, expressionsBefore),
  ];
  return problems.map(formatFilterProblem);
}

/** Reports the dataset group's distinct-field limit on the filter whose expression first goes over it. */
function groupFieldLimitProblems(expression: string, expressionsBefore: readonly string[]): FilterProblem[] {
  const rule = 'too-many-dataset-group-fields';
  const literalBefore = expressionsBefore.filter((before) => !Token.isUnresolved(before));
  const before = checkDatasetGroupFieldLimit(literalBefore).filter((problem) => problem.rule === rule);
  if (before.length > 0) {
    return [];
  }
  return checkDatasetGroupFieldLimit([...literalBefore, expression]).filter((problem) => problem.rule === rule);
}

/** Dataset that each name before the dot reads; `Users` is rejected by the expression checker instead. */
const DATASET_OF: Readonly<Record<string, DatasetType>> = {
  Items: 'Items',
  Interactions: 'Interactions',
  CurrentUser: 'Users',
};

/**
 * Reports fields of datasets that the dataset group lacks, because the service rejects such a filter. Only run for
 * a dataset group of this app, whose datasets the registry lists completely.
 */
function missingDatasetProblems(expression: string, registry: DatasetGroupRegistry): string[] {
  if (Token.isUnresolved(expression)) {
    return [];
  }
  let comparisons;
  try {
    comparisons = allComparisons(parseFilterExpression(expression));
  } catch {
    // Syntax problems are reported by validateExpression.
    return [];
  }
  const reported = new Set<string>();
  const problems: string[] = [];
  for (const { field } of comparisons) {
    const datasetType = DATASET_OF[field.dataset];
    if (datasetType === undefined || reported.has(field.dataset) || registry.dataset(datasetType) !== undefined) {
      continue;
    }
    reported.add(field.dataset);
    const column = expression.toUpperCase().indexOf(`${field.dataset.toUpperCase()}.`) + 1;
    problems.push(
      `filterExpression: ${field.dataset}.${field.name} needs the ${datasetType} dataset in the dataset group, got none ` +
        `(column ${column}), token '${field.dataset}', rule missing-dataset`,
    );
  }
  return problems;
}

function formatFilterProblem(problem: FilterProblem): string {
  return `filterExpression: ${problem.message}, token '${problem.token}', rule ${problem.rule}`;
}
