/**
 * A trained solution version as a CloudFormation resource, with training allowed to take up to 12 hours.
 *
 * CloudFormation has no solution version type and custom resources time out after one hour, so training runs
 * in a Step Functions state machine that signals a wait condition. See docs/decisions/solution-version-training.md.
 */
import { createHash } from 'node:crypto';
import { ArnFormat, CfnWaitCondition, CfnWaitConditionHandle, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { ISolution, ISolutionVersion } from './solution';
import { SOLUTION_VERSION_RESOURCE_TYPE, TRAINING_RUN_RESOURCE_TYPE } from '../lambda/lifecycle/training-constants';
import { functionLogGroup, functionRole, lifecycleFunction } from './private/lifecycle-function';
import { encryptedLogGroup } from './private/training-logs';
import { trainingDefinition } from './private/training-state-machine';
import { checkDuration, checkOneOf, MAX_TRAINING_TIMEOUT, throwIfInvalid } from './private/training-validation';

/** A solution given by ARN, for one defined outside this app. A `Solution` construct satisfies it too. */
export interface SolutionReference {
  readonly solutionArn: string;
}

/** Training mode of CreateSolutionVersion. */
export enum TrainingMode {
  /** Retrains the whole model on all data. */
  FULL = 'FULL',
  /** Folds new items and interactions into the latest model without retraining it (user-personalization only). */
  UPDATE = 'UPDATE',
}

export interface SolutionVersionProps {
  /** The solution to train: a `Solution` construct, an object with its ARN, or the ARN. */
  readonly solution: ISolution | SolutionReference | string;

  /** @default TrainingMode.FULL */
  readonly trainingMode?: TrainingMode;

  /**
   * How long the deployment waits for the version to become ACTIVE before it fails.
   * At most 12 hours, the wait condition maximum. CloudFormation cannot update a wait condition's timeout,
   * so a change to this value replaces the wait condition and trains a new version.
   *
   * @default Duration.hours(12)
   */
  readonly trainingTimeout?: Duration;

  /**
   * Time between DescribeSolution and DescribeSolutionVersion polls, 10 seconds to 1 hour.
   *
   * @default Duration.minutes(5)
   */
  readonly pollInterval?: Duration;
}

/**
 * Trains a new solution version on create, and again whenever the solution ARN, training mode or training
 * timeout change.
 *
 * The deployment waits (at most `trainingTimeout`) until the version is ACTIVE, and fails with the service's
 * `failureReason` when training fails. Deleting the resource stops a version that is still training.
 */
export class SolutionVersion extends Construct implements ISolutionVersion {
  /** ARN of the ACTIVE solution version. A resource that references it is created after training finishes. */
  public readonly solutionVersionArn: string;
  /** The trained solution, when it was passed as a construct. */
  public readonly solution?: ISolution;
  /** The state machine that trains the version and signals the wait condition. */
  public readonly trainingStateMachine: sfn.StateMachine;
  /** The wait condition that keeps the deployment waiting until training ends. */
  public readonly waitCondition: CfnWaitCondition;

  constructor(scope: Construct, id: string, props: SolutionVersionProps) {
    super(scope, id);
    const trainingMode = props.trainingMode ?? TrainingMode.FULL;
    const trainingTimeout = props.trainingTimeout ?? MAX_TRAINING_TIMEOUT;
    const pollInterval = props.pollInterval ?? Duration.minutes(5);
    throwIfInvalid(this, [
      checkOneOf('trainingMode', trainingMode, Object.values(TrainingMode)),
      checkDuration('trainingTimeout', trainingTimeout, Duration.minutes(1), MAX_TRAINING_TIMEOUT),
      checkDuration('pollInterval', pollInterval, Duration.seconds(10), Duration.hours(1)),
    ]);
    const solutionArn = typeof props.solution === 'string' ? props.solution : props.solution.solutionArn;
    if (typeof props.solution !== 'string' && Construct.isConstruct(props.solution)) {
      this.solution = props.solution as ISolution;
    }

    const signalFunction = lifecycleFunction(this, 'SignalFunction', 'training-signal.ts', Duration.seconds(30));
    this.trainingStateMachine = new sfn.StateMachine(this, 'TrainingStateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(
        trainingDefinition(this, { solutionArn, signalFunction, pollInterval }),
      ),
      timeout: trainingTimeout,
      // Execution data stays out of the logs because it contains the wait condition handle URL, a presigned
      // URL with which anyone could signal the deployment.
      logs: {
        destination: encryptedLogGroup(this, 'TrainingLogs', logs.RetentionDays.ONE_YEAR),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
    });

    const provider = this.createProvider(solutionArn);
    // A wait condition waits again only under a new handle, and CloudFormation cannot update its timeout, so
    // both take a logical id derived from the training inputs and the timeout. A change to them trains a new
    // version and waits for it.
    // NOTE: the hash covers the template expressions. A solution replaced under the same logical id keeps the
    // same expression, so the deployment does not wait for the version trained on the new solution.
    const suffix = createHash('sha256')
      .update(JSON.stringify(Stack.of(this).resolve([solutionArn, trainingMode, trainingTimeout.toSeconds()])))
      .digest('hex')
      .slice(0, 8)
      .toUpperCase();
    const handle = new CfnWaitConditionHandle(this, `TrainingHandle${suffix}`);
    const run = new CustomResource(this, 'TrainingRun', {
      serviceToken: provider.serviceToken,
      resourceType: TRAINING_RUN_RESOURCE_TYPE,
      properties: { SolutionArn: solutionArn, TrainingMode: trainingMode, SignalUrl: handle.ref },
    });
    const start = this.startTraining({
      SolutionArn: solutionArn,
      TrainingMode: trainingMode,
      VersionName: run.getAttString('VersionName'),
      SignalUrl: handle.ref,
    });
    this.waitCondition = new CfnWaitCondition(this, `Trained${suffix}`, {
      handle: handle.ref,
      timeout: String(trainingTimeout.toSeconds()),
      count: 1,
    });
    this.waitCondition.node.addDependency(start);

    const version = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: SOLUTION_VERSION_RESOURCE_TYPE,
      properties: { WaitConditionData: this.waitCondition.attrData },
    });
    this.solutionVersionArn = version.getAttString('SolutionVersionArn');
  }

  /** Creates the provider whose handler names training runs, stops them on delete and reads the result. */
  private createProvider(solutionArn: string): cr.Provider {
    const onEvent = lifecycleFunction(this, 'ResourceFunction', 'solution-version-resource.ts', Duration.minutes(2));
    onEvent.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['personalize:ListSolutionVersions'], resources: [solutionArn] }),
    );
    onEvent.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['personalize:DescribeSolutionVersion', 'personalize:StopSolutionVersionCreation'],
        resources: [`${solutionArn}/*`],
      }),
    );
    const logGroup = functionLogGroup(this, 'ProviderLogs');
    return new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      logGroup,
      frameworkOnEventRole: functionRole(this, 'ProviderRole', logGroup),
    });
  }

  /** Starts one training execution per training run, and stops it when the run is deleted or replaced. */
  private startTraining(input: Record<string, string>): cr.AwsCustomResource {
    const stateMachine = this.trainingStateMachine;
    const executions = Stack.of(this).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${stateMachine.stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const startExecution: cr.AwsSdkCall = {
      service: 'SFN',
      action: 'StartExecution',
      parameters: { stateMachineArn: stateMachine.stateMachineArn, input: Stack.of(this).toJsonString(input) },
      physicalResourceId: cr.PhysicalResourceId.fromResponse('executionArn'),
    };
    return new cr.AwsCustomResource(this, 'StartTraining', {
      onCreate: startExecution,
      onUpdate: startExecution,
      onDelete: {
        service: 'SFN',
        action: 'StopExecution',
        parameters: { executionArn: new cr.PhysicalResourceIdReference() },
        ignoreErrorCodesMatching: 'ExecutionDoesNotExist',
      },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [stateMachine.stateMachineArn] }),
        new iam.PolicyStatement({ actions: ['states:StopExecution'], resources: [executions] }),
      ]),
      installLatestAwsSdk: false,
    });
  }
}
