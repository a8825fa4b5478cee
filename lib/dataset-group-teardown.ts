import { Aspects, CfnResource, CustomResource, Duration, IAspect, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { lifecycleFunction } from './private/lifecycle-function';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { IDatasetGroup } from './dataset-group';
import { personalizeArn } from './private/arns';
import { checkDuration, Problems } from './private/problems';

/** CloudFormation type of the teardown custom resource. */
export const TEARDOWN_RESOURCE_TYPE = 'Custom::PersonalizeDatasetGroupTeardown';

/** The Provider framework waits at most one hour for `isComplete`. */
const MAX_TOTAL_TIMEOUT = Duration.hours(1);
const MIN_QUERY_INTERVAL = Duration.seconds(5);
const MAX_QUERY_INTERVAL = Duration.minutes(15);

/** Properties of a `DatasetGroupTeardown`. */
export interface DatasetGroupTeardownProps {
  /** Dataset group whose resources the stack deletion removes, in the order the service requires. */
  readonly datasetGroup: IDatasetGroup;

  /**
   * Leaves the datasets, their schemas and the dataset group in place, with their data.
   *
   * Campaigns, recommenders, solutions, event trackers, filters and metric attributions are still deleted.
   * CloudFormation then still tries to delete the datasets and the dataset group that the stack defines, unless
   * their removal policy is `RETAIN`.
   *
   * @default false
   */
  readonly retainDatasets?: boolean;

  /**
   * Time between two `isComplete` calls, each of which checks the current stage and starts the deletes it needs.
   * 5 seconds to 15 minutes.
   *
   * @default Duration.seconds(30)
   */
  readonly queryInterval?: Duration;

  /**
   * How long the stack deletion waits for the teardown before it fails. At most 1 hour, the Provider framework's
   * limit; a failed teardown can be re-run by deleting the stack again.
   *
   * @default Duration.hours(1)
   */
  readonly totalTimeout?: Duration;

  /**
   * Makes the teardown depend on every Personalize resource of the stack that belongs to the dataset group, and on
   * every campaign and schema of the stack, so that CloudFormation deletes the teardown first.
   *
   * Resources in other stacks, and resources that the stack defines through custom resources, are not found; pass
   * them to `protect`.
   *
   * @default true
   */
  readonly protectStackResources?: boolean;
}

/**
 * Deletes every resource of a dataset group, in the order the service requires, when the stack is deleted.
 *
 * CloudFormation deletes dependants before their dependencies and does not wait for Personalize's asynchronous
 * deletes, so a stack deletion otherwise fails. A dataset group cannot be deleted while its solutions are still
 * being deleted, and a solution cannot be deleted while a version is training. The teardown is a custom resource
 * whose Delete runs first, because it depends on every other Personalize resource. It deletes campaigns and
 * recommenders, stops training solution versions, then deletes solutions, event trackers, filters, metric
 * attributions, datasets, their schemas (unless another dataset uses one) and the dataset group, waiting for each
 * stage to finish. CloudFormation then finds those resources gone.
 *
 * Removing this construct from the app, or replacing the dataset group, also runs the teardown of that group.
 */
export class DatasetGroupTeardown extends Construct {
  /** The custom resource whose Delete runs the teardown. */
  public readonly resource: CustomResource;

  /** The Provider framework that runs the handlers and waits for completion. */
  public readonly provider: cr.Provider;

  private readonly datasetGroup: IDatasetGroup;

  public constructor(scope: Construct, id: string, props: DatasetGroupTeardownProps) {
    super(scope, id);
    const queryInterval = props.queryInterval ?? Duration.seconds(30);
    const totalTimeout = props.totalTimeout ?? MAX_TOTAL_TIMEOUT;
    const retainDatasets = props.retainDatasets ?? false;
    const problems = new Problems();
    checkDuration(problems, 'queryInterval', queryInterval, MIN_QUERY_INTERVAL, MAX_QUERY_INTERVAL);
    checkDuration(problems, 'totalTimeout', totalTimeout, Duration.minutes(1), MAX_TOTAL_TIMEOUT);
    problems.throwIfAny(this);

    this.datasetGroup = props.datasetGroup;
    const onEvent = this.createFunction('OnEventFunction', 'onEvent');
    const isComplete = this.createFunction('IsCompleteFunction', 'isComplete');
    for (const statement of readStatements(this, props.datasetGroup)) {
      onEvent.addToRolePolicy(statement);
    }
    for (const statement of teardownStatements(this, props.datasetGroup, retainDatasets)) {
      isComplete.addToRolePolicy(statement);
    }

    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval,
      totalTimeout,
      logGroup: new logs.LogGroup(this, 'ProviderLogs', { retention: logs.RetentionDays.ONE_YEAR }),
    });
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.provider.serviceToken,
      resourceType: TEARDOWN_RESOURCE_TYPE,
      properties: { DatasetGroupArn: props.datasetGroup.datasetGroupArn, RetainDatasets: String(retainDatasets) },
    });

    if (props.protectStackResources ?? true) {
      Aspects.of(Stack.of(this)).add(new ProtectStackResources(this));
    }
  }

  /**
   * Makes the teardown depend on each construct, so that CloudFormation creates it after them and deletes it before
   * them. Pass the constructs that the teardown must remove before CloudFormation deletes them.
   */
  public protect(...constructs: IConstruct[]): void {
    for (const construct of constructs) {
      this.resource.node.addDependency(construct);
    }
  }

  /** True when `resource` belongs to this teardown's dataset group, as far as its properties show. */
  public belongsToGroup(resource: CfnResource): boolean {
    const type = resource.cfnResourceType;
    if (!type.startsWith('AWS::Personalize::') || type === 'AWS::Personalize::DatasetGroup') {
      return false;
    }
    const groupArn = (resource as CfnResource & { datasetGroupArn?: unknown }).datasetGroupArn;
    if (groupArn === undefined) {
      // Campaigns and schemas name no dataset group; deleting the teardown before them is harmless.
      return true;
    }
    const stack = Stack.of(this);
    return JSON.stringify(stack.resolve(groupArn)) === JSON.stringify(stack.resolve(this.datasetGroup.datasetGroupArn));
  }

  private createFunction(id: string, handler: string): nodejs.NodejsFunction {
    return lifecycleFunction(this, id, 'teardown-resource.ts', Duration.minutes(2), { handler });
  }
}

/** Adds the teardown's dependencies on the Personalize resources of its stack. */
class ProtectStackResources implements IAspect {
  public constructor(private readonly teardown: DatasetGroupTeardown) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof CfnResource) || Stack.of(node) !== Stack.of(this.teardown)) {
      return;
    }
    if (this.teardown.belongsToGroup(node)) {
      this.teardown.protect(node);
    }
  }
}

/** Lets `onEvent` read the schemas of the group's datasets. */
function readStatements(scope: Construct, datasetGroup: IDatasetGroup): iam.PolicyStatement[] {
  return [
    // NOTE: Personalize List actions take no resource-level permissions, so they need "*".
    new iam.PolicyStatement({ actions: ['personalize:ListDatasets'], resources: ['*'] }),
    new iam.PolicyStatement({
      actions: ['personalize:DescribeDataset'],
      resources: [personalizeArn(scope, 'dataset', `${datasetGroup.datasetGroupName}/*`)],
    }),
  ];
}

/**
 * Lets `isComplete` list and delete the group's resources.
 *
 * Dataset ARNs contain the dataset group name, so dataset actions are scoped to the group. The other resource types
 * have name-based ARNs that do not, so their actions are scoped to the resource type in the stack's account and
 * region.
 */
function teardownStatements(
  scope: Construct,
  datasetGroup: IDatasetGroup,
  retainDatasets: boolean,
): iam.PolicyStatement[] {
  const arn = (resource: string, name = '*'): string => personalizeArn(scope, resource, name);
  const statements = [
    new iam.PolicyStatement({
      actions: [
        'personalize:ListCampaigns',
        'personalize:ListDatasets',
        'personalize:ListEventTrackers',
        'personalize:ListFilters',
        'personalize:ListMetricAttributions',
        'personalize:ListRecommenders',
        'personalize:ListSolutionVersions',
        'personalize:ListSolutions',
      ],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      actions: ['personalize:DescribeDatasetGroup'],
      resources: [datasetGroup.datasetGroupArn],
    }),
    new iam.PolicyStatement({ actions: ['personalize:DeleteCampaign'], resources: [arn('campaign')] }),
    new iam.PolicyStatement({ actions: ['personalize:DeleteRecommender'], resources: [arn('recommender')] }),
    new iam.PolicyStatement({
      actions: ['personalize:StopSolutionVersionCreation'],
      resources: [arn('solution', '*/*')],
    }),
    new iam.PolicyStatement({ actions: ['personalize:DeleteSolution'], resources: [arn('solution')] }),
    new iam.PolicyStatement({ actions: ['personalize:DeleteEventTracker'], resources: [arn('event-tracker')] }),
    new iam.PolicyStatement({ actions: ['personalize:DeleteFilter'], resources: [arn('filter')] }),
    new iam.PolicyStatement({
      actions: ['personalize:DeleteMetricAttribution'],
      resources: [arn('metric-attribution')],
    }),
  ];
  if (!retainDatasets) {
    statements.push(
      new iam.PolicyStatement({
        actions: ['personalize:DeleteDataset'],
        resources: [arn('dataset', `${datasetGroup.datasetGroupName}/*`)],
      }),
      new iam.PolicyStatement({ actions: ['personalize:DeleteSchema'], resources: [arn('schema')] }),
      new iam.PolicyStatement({
        actions: ['personalize:DeleteDatasetGroup'],
        resources: [datasetGroup.datasetGroupArn],
      }),
    );
  }
  return statements;
}
