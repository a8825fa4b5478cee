/**
 * The retraining state machine: train a FULL version, gate it on an offline metric against the version the
 * campaign serves, and only then switch the campaign to it.
 */
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

export interface WorkflowDefinitionProps {
  readonly solutionArn: string;
  readonly campaignArn: string;
  readonly metricName: string;
  readonly maxRegression: number;
  readonly minimumMetricValue: number;
  readonly gateFunction: lambda.IFunction;
  readonly pollInterval: Duration;
  /** DescribeSolutionVersion calls before training counts as timed out. */
  readonly maxTrainingPolls: number;
  /** DescribeCampaign calls before the campaign update counts as timed out. */
  readonly maxCampaignPolls: number;
}

const BUSY_ERRORS = ['Personalize.ResourceInUseException', 'Personalize.LimitExceededException'];

function personalizeCall(
  scope: Construct,
  id: string,
  action: string,
  parameters: Record<string, unknown>,
  iamResources: string[],
  resultSelector?: Record<string, string>,
  resultPath: string = sfn.JsonPath.DISCARD,
): tasks.CallAwsService {
  const task = new tasks.CallAwsService(scope, id, {
    service: 'personalize',
    action,
    parameters,
    iamResources,
    resultSelector,
    resultPath,
  });
  task.addRetry({ errors: ['Personalize.ThrottlingException'], interval: Duration.seconds(30), maxAttempts: 5 });
  return task;
}

function resetPolls(scope: Construct, id: string): sfn.Pass {
  return new sfn.Pass(scope, id, { parameters: { count: 0 }, resultPath: '$.polls' });
}

function countPoll(scope: Construct, id: string): sfn.Pass {
  return new sfn.Pass(scope, id, {
    parameters: { 'count.$': 'States.MathAdd($.polls.count, 1)' },
    resultPath: '$.polls',
  });
}

/** Builds the choice after each poll: go on when ACTIVE, fail on a failed or stopped version, stop at the poll limit. */
function trainingStatus(
  scope: Construct,
  props: WorkflowDefinitionProps,
  onActive: sfn.IChainable,
  wait: sfn.Wait,
): sfn.Choice {
  const versions = `${props.solutionArn}/*`;
  const stop = personalizeCall(
    scope,
    'StopTraining',
    'stopSolutionVersionCreation',
    {
      'SolutionVersionArn.$': '$.training.SolutionVersionArn',
    },
    [versions],
  );
  const timedOut = new sfn.Fail(scope, 'TrainingTimedOut', {
    error: 'TrainingTimedOut',
    cause: `the solution version was not ACTIVE after ${props.maxTrainingPolls} polls ${props.pollInterval.toHumanString()} apart, so its training was stopped`,
  });
  const status = '$.version.SolutionVersion.Status';
  const reason = '$.version.SolutionVersion.FailureReason';
  return new sfn.Choice(scope, 'TrainingStatus')
    .when(sfn.Condition.stringEquals(status, 'ACTIVE'), onActive)
    .when(
      sfn.Condition.and(sfn.Condition.stringEquals(status, 'CREATE FAILED'), sfn.Condition.isPresent(reason)),
      new sfn.Fail(scope, 'TrainingFailed', { error: 'TrainingFailed', causePath: reason }),
    )
    .when(
      sfn.Condition.or(
        sfn.Condition.stringEquals(status, 'CREATE FAILED'),
        sfn.Condition.stringEquals(status, 'CREATE STOPPED'),
      ),
      new sfn.Fail(scope, 'TrainingEnded', { error: 'TrainingFailed', causePath: status }),
    )
    .when(sfn.Condition.numberGreaterThanEquals('$.polls.count', props.maxTrainingPolls), stop.next(timedOut))
    .otherwise(wait);
}

/** Builds the training half: CreateSolutionVersion, then poll until ACTIVE, failed or timed out. */
function trainingSteps(scope: Construct, props: WorkflowDefinitionProps, onActive: sfn.IChainable): sfn.IChainable {
  const versions = `${props.solutionArn}/*`;
  const create = personalizeCall(
    scope,
    'CreateSolutionVersion',
    'createSolutionVersion',
    { SolutionArn: props.solutionArn, TrainingMode: 'FULL' },
    [props.solutionArn],
    { 'SolutionVersionArn.$': '$.SolutionVersionArn' },
    '$.training',
  );
  create.addRetry({ errors: BUSY_ERRORS, interval: Duration.minutes(1), maxAttempts: 10, backoffRate: 1.5 });
  const describe = personalizeCall(
    scope,
    'DescribeSolutionVersion',
    'describeSolutionVersion',
    { 'SolutionVersionArn.$': '$.training.SolutionVersionArn' },
    [versions],
    { 'SolutionVersion.$': '$.SolutionVersion' },
    '$.version',
  );
  const wait = new sfn.Wait(scope, 'WaitForTraining', { time: sfn.WaitTime.duration(props.pollInterval) });
  const choice = trainingStatus(scope, props, onActive, wait);
  wait.next(describe);
  describe.next(countPoll(scope, 'CountTrainingPoll')).next(choice);
  return create.next(resetPolls(scope, 'StartTrainingPolls')).next(wait);
}

/** Builds the gate: metrics of both versions, compared by the gate function. */
function gateSteps(scope: Construct, props: WorkflowDefinitionProps, onPass: sfn.IChainable): sfn.IChainable {
  const versions = `${props.solutionArn}/*`;
  const newMetrics = personalizeCall(
    scope,
    'GetNewVersionMetrics',
    'getSolutionMetrics',
    { 'SolutionVersionArn.$': '$.training.SolutionVersionArn' },
    [versions],
    { 'Metrics.$': '$.Metrics' },
    '$.newMetrics',
  );
  const campaign = personalizeCall(
    scope,
    'DescribeCampaign',
    'describeCampaign',
    { CampaignArn: props.campaignArn },
    [props.campaignArn],
    { 'SolutionVersionArn.$': '$.Campaign.SolutionVersionArn', 'MinProvisionedTPS.$': '$.Campaign.MinProvisionedTPS' },
    '$.campaign',
  );
  const currentMetrics = personalizeCall(
    scope,
    'GetDeployedVersionMetrics',
    'getSolutionMetrics',
    { 'SolutionVersionArn.$': '$.campaign.SolutionVersionArn' },
    [versions],
    { 'Metrics.$': '$.Metrics' },
    '$.currentMetrics',
  );
  const evaluate = new tasks.LambdaInvoke(scope, 'EvaluateMetricGate', {
    lambdaFunction: props.gateFunction,
    payload: sfn.TaskInput.fromObject({
      metricName: props.metricName,
      maxRegression: props.maxRegression,
      minimumValue: props.minimumMetricValue,
      newSolutionVersionArn: sfn.JsonPath.stringAt('$.training.SolutionVersionArn'),
      currentSolutionVersionArn: sfn.JsonPath.stringAt('$.campaign.SolutionVersionArn'),
      newMetrics: sfn.JsonPath.objectAt('$.newMetrics.Metrics'),
      currentMetrics: sfn.JsonPath.objectAt('$.currentMetrics.Metrics'),
    }),
    payloadResponseOnly: true,
    resultPath: '$.gate',
  });
  evaluate.addRetry({
    errors: ['Lambda.ServiceException', 'Lambda.TooManyRequestsException', 'Lambda.SdkClientException'],
  });
  const gate = new sfn.Choice(scope, 'MetricGate')
    .when(sfn.Condition.booleanEquals('$.gate.passed', true), onPass)
    .otherwise(new sfn.Fail(scope, 'MetricGateFailed', { error: 'MetricGateFailed', causePath: '$.gate.cause' }));
  return newMetrics.next(campaign).next(currentMetrics).next(evaluate).next(gate);
}

/** Builds the choice after each campaign poll: succeed when the update is ACTIVE, fail when it failed or timed out. */
function campaignStatus(scope: Construct, props: WorkflowDefinitionProps, wait: sfn.Wait): sfn.Choice {
  const status = '$.deployment.Campaign.LatestCampaignUpdate.Status';
  const reason = '$.deployment.Campaign.LatestCampaignUpdate.FailureReason';
  // A comparison on a missing path fails the execution, so `status` is compared only in a state that is
  // entered after a rule found it present.
  const updateStatus = new sfn.Choice(scope, 'CampaignUpdateStatus')
    .when(sfn.Condition.stringEquals(status, 'ACTIVE'), new sfn.Succeed(scope, 'Deployed'))
    .when(
      sfn.Condition.and(sfn.Condition.stringEquals(status, 'CREATE FAILED'), sfn.Condition.isPresent(reason)),
      new sfn.Fail(scope, 'CampaignUpdateFailed', { error: 'CampaignUpdateFailed', causePath: reason }),
    )
    .when(
      sfn.Condition.stringEquals(status, 'CREATE FAILED'),
      new sfn.Fail(scope, 'CampaignUpdateEnded', { error: 'CampaignUpdateFailed', causePath: status }),
    )
    .otherwise(wait);
  return new sfn.Choice(scope, 'CampaignStatus')
    .when(
      sfn.Condition.numberGreaterThanEquals('$.polls.count', props.maxCampaignPolls),
      new sfn.Fail(scope, 'CampaignUpdateTimedOut', {
        error: 'CampaignUpdateTimedOut',
        cause: `the campaign update was not ACTIVE after ${props.maxCampaignPolls} polls ${props.pollInterval.toHumanString()} apart`,
      }),
    )
    .when(sfn.Condition.isPresent(status), updateStatus)
    .otherwise(wait);
}

/** Builds the deployment: UpdateCampaign, then poll the campaign's latest update until ACTIVE, failed or timed out. */
function deploySteps(scope: Construct, props: WorkflowDefinitionProps): sfn.IChainable {
  const update = personalizeCall(
    scope,
    'UpdateCampaign',
    'updateCampaign',
    {
      CampaignArn: props.campaignArn,
      'SolutionVersionArn.$': '$.training.SolutionVersionArn',
      'MinProvisionedTPS.$': '$.campaign.MinProvisionedTPS',
    },
    [props.campaignArn],
  );
  update.addRetry({ errors: BUSY_ERRORS, interval: Duration.minutes(1), maxAttempts: 10, backoffRate: 1.5 });
  const describe = personalizeCall(
    scope,
    'DescribeUpdatedCampaign',
    'describeCampaign',
    { CampaignArn: props.campaignArn },
    [props.campaignArn],
    { 'Campaign.$': '$.Campaign' },
    '$.deployment',
  );
  const wait = new sfn.Wait(scope, 'WaitForCampaign', { time: sfn.WaitTime.duration(props.pollInterval) });
  const choice = campaignStatus(scope, props, wait);
  wait.next(describe);
  describe.next(countPoll(scope, 'CountCampaignPoll')).next(choice);
  return update.next(resetPolls(scope, 'StartCampaignPolls')).next(wait);
}

/** Builds the whole definition, with every state created inside `scope`. */
export function workflowDefinition(scope: Construct, props: WorkflowDefinitionProps): sfn.IChainable {
  const deploy = deploySteps(scope, props);
  const gate = gateSteps(scope, props, deploy);
  const training = trainingSteps(scope, props, gate);
  return campaignCheck(scope, props, training);
}

/**
 * Builds the check that runs before training: the campaign exists and does not sync with the latest version.
 * A campaign with `syncWithLatestSolutionVersion` serves every new version on its own, so the gate would
 * decide nothing, and training for it would only cost money.
 */
function campaignCheck(scope: Construct, props: WorkflowDefinitionProps, onPass: sfn.IChainable): sfn.IChainable {
  const check = personalizeCall(
    scope,
    'CheckCampaign',
    'describeCampaign',
    { CampaignArn: props.campaignArn },
    [props.campaignArn],
    { 'Campaign.$': '$.Campaign' },
    '$.check',
  );
  const sync = '$.check.Campaign.CampaignConfig.SyncWithLatestSolutionVersion';
  const syncSetting = new sfn.Choice(scope, 'CampaignSyncSetting')
    .when(
      sfn.Condition.booleanEquals(sync, true),
      new sfn.Fail(scope, 'CampaignSyncsLatestVersion', {
        error: 'CampaignSyncsLatestVersion',
        cause:
          'the campaign has syncWithLatestSolutionVersion set, so it would serve every new version without the ' +
          'metric gate. Turn the setting off to use this workflow',
      }),
    )
    .otherwise(onPass);
  // The setting is compared only after a rule found it present, because a comparison on a missing path fails.
  const syncPresent = new sfn.Choice(scope, 'CampaignSyncPresent')
    .when(sfn.Condition.isPresent(sync), syncSetting)
    .otherwise(onPass);
  return check.next(syncPresent);
}
