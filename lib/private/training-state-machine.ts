/**
 * The state machine that trains one solution version and signals a CloudFormation wait condition.
 *
 * Execution input: `{ SolutionArn, TrainingMode, VersionName, SignalUrl }`. Every path that does not end in
 * an ACTIVE version signals FAILURE with a reason, so a deployment fails at once instead of waiting for the
 * wait condition to time out. Only an execution timeout or a failed signal leaves the wait condition unsignalled.
 */
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

export interface TrainingDefinitionProps {
  readonly solutionArn: string;
  readonly signalFunction: lambda.IFunction;
  readonly pollInterval: Duration;
}

/** Errors from Personalize that mean "busy, try again later" rather than "this request is wrong". */
const RETRYABLE_ERRORS = ['Personalize.ResourceInUseException', 'Personalize.LimitExceededException'];

function signal(
  scope: Construct,
  id: string,
  fn: lambda.IFunction,
  payload: Record<string, string>,
): sfn.TaskStateBase {
  const task = new tasks.LambdaInvoke(scope, id, {
    lambdaFunction: fn,
    payload: sfn.TaskInput.fromObject(payload),
    payloadResponseOnly: true,
    resultPath: sfn.JsonPath.DISCARD,
  });
  task.addRetry({
    errors: ['Lambda.ServiceException', 'Lambda.TooManyRequestsException', 'Lambda.SdkClientException'],
  });
  return task;
}

/** Builds the failure branch: the `$.failure.reason` text goes to the wait condition, then the execution fails. */
function failureBranch(scope: Construct, fn: lambda.IFunction): sfn.IChainable {
  const signalFailure = signal(scope, 'SignalFailure', fn, {
    url: sfn.JsonPath.stringAt('$.SignalUrl'),
    status: 'FAILURE',
    reason: sfn.JsonPath.stringAt('$.failure.reason'),
  });
  return signalFailure.next(
    new sfn.Fail(scope, 'TrainingFailed', { error: 'TrainingFailed', causePath: '$.failure.reason' }),
  );
}

function failWith(scope: Construct, id: string, reason: string, next: sfn.IChainable): sfn.Pass {
  const pass = new sfn.Pass(scope, id, { parameters: { 'reason.$': reason }, resultPath: '$.failure' });
  pass.next(next);
  return pass;
}

/** Builds the definition, with every state created inside `scope`. */
export function trainingDefinition(scope: Construct, props: TrainingDefinitionProps): sfn.IChainable {
  const onFailure = failureBranch(scope, props.signalFunction);
  const reportError = failWith(
    scope,
    'ReportError',
    "States.Format('{}: {}', $.error.Error, $.error.Cause)",
    onFailure,
  );
  const catchAll = (task: sfn.TaskStateBase) => task.addCatch(reportError, { resultPath: '$.error' });

  const describeSolution = new tasks.CallAwsService(scope, 'DescribeSolution', {
    service: 'personalize',
    action: 'describeSolution',
    parameters: { SolutionArn: sfn.JsonPath.stringAt('$.SolutionArn') },
    iamResources: [props.solutionArn],
    resultSelector: { 'Solution.$': '$.Solution' },
    resultPath: '$.solution',
  });
  catchAll(describeSolution);

  const createVersion = new tasks.CallAwsService(scope, 'CreateSolutionVersion', {
    service: 'personalize',
    action: 'createSolutionVersion',
    parameters: {
      SolutionArn: sfn.JsonPath.stringAt('$.SolutionArn'),
      TrainingMode: sfn.JsonPath.stringAt('$.TrainingMode'),
      Name: sfn.JsonPath.stringAt('$.VersionName'),
    },
    iamResources: [props.solutionArn],
    resultSelector: { 'SolutionVersionArn.$': '$.SolutionVersionArn' },
    resultPath: '$.created',
  });
  createVersion.addRetry({
    errors: RETRYABLE_ERRORS,
    interval: Duration.minutes(1),
    maxAttempts: 10,
    backoffRate: 1.5,
  });
  catchAll(createVersion);

  const describeVersion = new tasks.CallAwsService(scope, 'DescribeSolutionVersion', {
    service: 'personalize',
    action: 'describeSolutionVersion',
    parameters: { SolutionVersionArn: sfn.JsonPath.stringAt('$.created.SolutionVersionArn') },
    iamResources: [`${props.solutionArn}/*`],
    resultSelector: { 'SolutionVersion.$': '$.SolutionVersion' },
    resultPath: '$.version',
  });
  describeVersion.addRetry({ errors: ['Personalize.ThrottlingException'], interval: Duration.seconds(30) });
  catchAll(describeVersion);

  const signalSuccess = signal(scope, 'SignalSuccess', props.signalFunction, {
    url: sfn.JsonPath.stringAt('$.SignalUrl'),
    status: 'SUCCESS',
    reason: sfn.JsonPath.format('solution version {} is ACTIVE', sfn.JsonPath.stringAt('$.created.SolutionVersionArn')),
    data: sfn.JsonPath.stringAt('$.created.SolutionVersionArn'),
  });
  catchAll(signalSuccess);

  const waitForSolution = new sfn.Wait(scope, 'WaitForSolution', { time: sfn.WaitTime.duration(props.pollInterval) });
  const waitForTraining = new sfn.Wait(scope, 'WaitForTraining', { time: sfn.WaitTime.duration(props.pollInterval) });
  waitForSolution.next(describeSolution);
  waitForTraining.next(describeVersion);

  const solutionStatus = '$.solution.Solution.Status';
  const updateStatus = '$.solution.Solution.LatestSolutionUpdate.Status';
  // A comparison on a missing path fails the execution, even inside an Or, so `updateStatus` is compared
  // only in a state that is entered after a rule found it present.
  const updateStatusChoice = new sfn.Choice(scope, 'SolutionUpdateStatus')
    .when(
      sfn.Condition.or(
        sfn.Condition.stringEquals(updateStatus, 'ACTIVE'),
        sfn.Condition.stringEquals(updateStatus, 'CREATE FAILED'),
      ),
      createVersion,
    )
    .otherwise(waitForSolution);
  const updateDone = new sfn.Choice(scope, 'SolutionUpdateDone')
    .when(sfn.Condition.isPresent(updateStatus), updateStatusChoice)
    .otherwise(createVersion);
  const solutionReady = new sfn.Choice(scope, 'SolutionReady')
    .when(sfn.Condition.stringEquals(solutionStatus, 'ACTIVE'), updateDone)
    .when(
      sfn.Condition.or(
        sfn.Condition.stringEquals(solutionStatus, 'CREATE FAILED'),
        sfn.Condition.stringMatches(solutionStatus, 'DELETE*'),
      ),
      failWith(
        scope,
        'SolutionUnusable',
        `States.Format('solution {} cannot be trained because its status is {}', $.SolutionArn, ${solutionStatus})`,
        onFailure,
      ),
    )
    .otherwise(waitForSolution);
  describeSolution.next(solutionReady);
  createVersion.next(describeVersion);

  const versionStatus = '$.version.SolutionVersion.Status';
  const failureReason = '$.version.SolutionVersion.FailureReason';
  const trainingDone = new sfn.Choice(scope, 'TrainingDone')
    .when(sfn.Condition.stringEquals(versionStatus, 'ACTIVE'), signalSuccess.next(new sfn.Succeed(scope, 'Trained')))
    .when(
      sfn.Condition.and(
        sfn.Condition.stringEquals(versionStatus, 'CREATE FAILED'),
        sfn.Condition.isPresent(failureReason),
      ),
      failWith(scope, 'TrainingFailedWithReason', failureReason, onFailure),
    )
    .when(
      sfn.Condition.or(
        sfn.Condition.stringEquals(versionStatus, 'CREATE FAILED'),
        sfn.Condition.stringEquals(versionStatus, 'CREATE STOPPED'),
      ),
      failWith(
        scope,
        'TrainingEnded',
        `States.Format('solution version {} ended with status {}', $.created.SolutionVersionArn, ${versionStatus})`,
        onFailure,
      ),
    )
    .otherwise(waitForTraining);
  describeVersion.next(trainingDone);

  return describeSolution;
}
