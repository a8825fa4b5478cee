import { Annotations, Duration, IResource, Resource, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnSolution } from 'aws-cdk-lib/aws-personalize';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { DatasetGroup, IDatasetGroup } from './dataset-group';
import { checkName, generateName } from './private/names';
import { Problems } from './private/problems';
import { DatasetGroupRegistry } from './private/registry';
import { HpoSettings } from './hpo';
import {
  checkSolutionDatasets,
  renderHpoConfig,
  validateHpo,
  validateSchedule,
} from './private/validate-solution-props';
import { Recipe } from './recipe';

/** A Personalize solution: a recipe and its configuration, from which solution versions are trained. */
export interface ISolution extends IResource {
  /**
   * ARN of the solution.
   *
   * @attribute
   */
  readonly solutionArn: string;

  /** The solution's recipe, where this app defines the solution. */
  readonly recipe?: Recipe;
}

/**
 * A trained model of a solution, which a campaign deploys.
 *
 * The `SolutionVersion` construct implements it; `{ solutionVersionArn: '...' }` names one trained elsewhere.
 */
export interface ISolutionVersion {
  /** ARN of the solution version: the solution's ARN followed by a generated id. */
  readonly solutionVersionArn: string;

  /** The solution the version belongs to, where this app defines it; campaigns check their settings against it. */
  readonly solution?: ISolution;
}

/** The schedule of automatic training. */
export interface AutomaticTrainingProps {
  /** Time between automatically trained solution versions, a whole number of days from 1 to 30. */
  readonly schedule: Duration;
}

/** Properties of a `Solution`. */
export interface SolutionProps {
  /** Dataset group whose data the solution trains on. A dataset group has at most 10 solutions. */
  readonly datasetGroup: IDatasetGroup;

  /** Recipe and hyperparameters, for example `Recipe.userPersonalization({ recencyMask: false })`. */
  readonly recipe: Recipe;

  /**
   * Name of the solution: 1 to 63 letters, digits, `-` or `_`, starting with a letter or digit.
   *
   * @default - a name generated from the construct path and a hash of the configuration, so that a changed
   * configuration gets a new name when CloudFormation replaces the solution
   */
  readonly solutionName?: string;

  /**
   * Event type to train on; interactions of other types are ignored. Needs an `EVENT_TYPE` field in the
   * Interactions schema.
   *
   * @default - all interactions
   */
  readonly eventType?: string;

  /**
   * Interactions with an `EVENT_VALUE` below this value are ignored in training. Needs an `EVENT_VALUE` field in
   * the Interactions schema.
   *
   * @default - no threshold
   */
  readonly eventValueThreshold?: number;

  /**
   * Hyperparameter optimization, which trains several models per solution version and keeps the best.
   *
   * @default - no hyperparameter optimization
   */
  readonly hpo?: HpoSettings;

  /**
   * Automatic training of a new solution version on a schedule, which bills for each training.
   *
   * The service turns automatic training on (every 7 days) for every new solution and AWS::Personalize::Solution
   * cannot change that, so this construct calls UpdateSolution after creation through a custom resource: with
   * `performAutoTraining=false` when this prop is absent, or with this schedule.
   *
   * @default - automatic training off
   */
  readonly automaticTraining?: AutomaticTrainingProps;
}

/**
 * A solution. The service cannot change a solution's recipe or configuration, so a change replaces it.
 *
 * @resource AWS::Personalize::Solution
 * @see https://docs.aws.amazon.com/personalize/latest/dg/customizing-solution-config.html
 */
export class Solution extends Resource implements ISolution {
  /** Imports a solution made outside this app. */
  public static fromSolutionArn(scope: Construct, id: string, solutionArn: string): ISolution {
    class Import extends Resource implements ISolution {
      public readonly solutionArn = solutionArn;
    }
    return new Import(scope, id, { environmentFromArn: solutionArn });
  }

  public readonly solutionArn: string;
  public readonly solutionName: string;
  public readonly recipe: Recipe;
  public readonly datasetGroup: IDatasetGroup;

  /** The underlying CloudFormation resource. */
  public readonly resource: CfnSolution;

  public constructor(scope: Construct, id: string, props: SolutionProps) {
    super(scope, id);

    const registry = DatasetGroupRegistry.of(props.datasetGroup);
    const problems = new Problems();
    checkName(problems, 'solutionName', props.solutionName);
    problems.addAll(props.recipe.problems);
    validateHpo(problems, props.hpo, props.recipe);
    validateSchedule(problems, props.automaticTraining?.schedule);
    if (props.eventType !== undefined && !Token.isUnresolved(props.eventType) && props.eventType.length === 0) {
      problems.add("eventType must not be empty, got ''");
    }
    const quota = registry.count('solutions', this, props.datasetGroup.node.path);
    if (quota !== undefined) {
      problems.add(quota);
    }
    problems.throwIfAny(this);

    this.recipe = props.recipe;
    this.datasetGroup = props.datasetGroup;
    const solutionConfig = renderSolutionConfig(props);
    this.solutionName =
      props.solutionName ??
      generateName(this, {
        recipe: props.recipe.recipeArn,
        eventType: props.eventType,
        solutionConfig,
        hpo: props.hpo !== undefined,
      });
    this.resource = new CfnSolution(this, 'Resource', {
      name: this.solutionName,
      datasetGroupArn: props.datasetGroup.datasetGroupArn,
      recipeArn: props.recipe.recipeArn,
      eventType: props.eventType,
      performHpo: props.hpo !== undefined ? true : undefined,
      solutionConfig,
    });
    this.solutionArn = this.resource.attrSolutionArn;
    registry.addDependant(this);
    this.configureAutomaticTraining(props.automaticTraining);

    if (props.datasetGroup instanceof DatasetGroup) {
      this.node.addValidation({ validate: () => checkSolutionDatasets(registry, props) });
    }
  }

  private configureAutomaticTraining(automaticTraining: AutomaticTrainingProps | undefined): void {
    const parameters: Record<string, unknown> = { solutionArn: this.solutionArn, performAutoTraining: false };
    if (automaticTraining !== undefined) {
      const days = automaticTraining.schedule.toDays();
      parameters.performAutoTraining = true;
      parameters.solutionUpdateConfig = { autoTrainingConfig: { schedulingExpression: `rate(${days} days)` } };
      Annotations.of(this).addWarningV2(
        'personalize:solution-automatic-training',
        `automaticTraining: a new solution version is trained and billed every ${days} days`,
      );
    }
    const call: cr.AwsSdkCall = {
      service: 'Personalize',
      action: 'UpdateSolution',
      parameters,
      physicalResourceId: cr.PhysicalResourceId.of(`${this.solutionName}-automatic-training`),
    };
    // NOTE: UpdateSolution needs an ACTIVE solution. This relies on CloudFormation's handler for
    // AWS::Personalize::Solution returning only once the solution is ACTIVE; a solution still being created would
    // fail this call with ResourceInUseException and roll the stack back.
    new cr.AwsCustomResource(this, 'AutomaticTraining', {
      onCreate: call,
      onUpdate: call,
      installLatestAwsSdk: false,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['personalize:UpdateSolution'], resources: [this.solutionArn] }),
      ]),
    });
  }
}

function renderSolutionConfig(props: SolutionProps): CfnSolution.SolutionConfigProperty | undefined {
  const hyperparameters = props.recipe.algorithmHyperparameters;
  const config: CfnSolution.SolutionConfigProperty = {
    algorithmHyperParameters: Object.keys(hyperparameters).length > 0 ? { ...hyperparameters } : undefined,
    eventValueThreshold: props.eventValueThreshold === undefined ? undefined : String(props.eventValueThreshold),
    hpoConfig: props.hpo === undefined ? undefined : renderHpoConfig(props.hpo),
  };
  const isEmpty = Object.values(config).every((value) => value === undefined);
  return isEmpty ? undefined : config;
}
