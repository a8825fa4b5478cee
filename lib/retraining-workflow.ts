/**
 * Scheduled FULL retraining of a solution, deployed to a campaign only when an offline metric holds up.
 *
 * See docs/retraining.md for the states, how to tune the gate and how to start a run by hand.
 */
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { lifecycleFunction } from './private/lifecycle-function';
import { encryptedLogGroup } from './private/training-logs';
import { workflowDefinition } from './private/training-workflow-definition';
import {
  checkDuration,
  checkFraction,
  checkOneOf,
  SOLUTION_METRIC_NAMES,
  SolutionMetricName,
  throwIfInvalid,
} from './private/training-validation';
import type { SolutionReference } from './solution-version';

export { SOLUTION_METRIC_NAMES, type SolutionMetricName } from './private/training-validation';

/** A campaign given by ARN, for one defined outside this app. A `Campaign` construct satisfies it too. */
export interface CampaignReference {
  readonly campaignArn: string;
}

export interface RetrainingWorkflowProps {
  /** The solution to retrain. */
  readonly solution: string | SolutionReference;
  /** The campaign that receives the new version when it passes the metric gate. */
  readonly campaign: string | CampaignReference;

  /**
   * When the workflow runs. Pass `scheduleEnabled: false` to keep the schedule but pause it.
   *
   * @default ScheduleExpression.rate(Duration.days(7))
   */
  readonly schedule?: scheduler.ScheduleExpression;
  /** @default true */
  readonly scheduleEnabled?: boolean;

  /**
   * The GetSolutionMetrics key that gates deployment. Higher is better for each of them.
   *
   * @default 'normalized_discounted_cumulative_gain_at_10'
   */
  readonly metricName?: SolutionMetricName;
  /**
   * The largest accepted relative drop of the metric against the deployed version, 0 to 1.
   * The new version passes when `new >= deployed * (1 - maxRegression)` and `new >= minimumMetricValue`.
   *
   * @default 0.02
   */
  readonly maxRegression?: number;
  /**
   * The lowest accepted metric value for the new version, 0 to 1, whatever the deployed version scores.
   *
   * @default 0
   */
  readonly minimumMetricValue?: number;

  /**
   * Time between DescribeSolutionVersion and DescribeCampaign polls, 10 seconds to 1 hour.
   *
   * @default Duration.minutes(5)
   */
  readonly pollInterval?: Duration;
  /**
   * How long training may take before the workflow stops it and fails, 1 minute to 7 days.
   *
   * @default Duration.hours(12)
   */
  readonly trainingTimeout?: Duration;
  /**
   * How long the campaign may take to serve the new version, 1 minute to 1 day.
   *
   * @default Duration.hours(2)
   */
  readonly campaignUpdateTimeout?: Duration;

  /** @default false */
  readonly tracingEnabled?: boolean;
}

/**
 * A Step Functions workflow, run on a schedule, that retrains a solution and deploys the new version to a
 * campaign only when it passes a metric gate. A rejected version ends the run in the `MetricGateFailed` state.
 */
export class RetrainingWorkflow extends Construct {
  /** The retraining state machine. Its input is ignored, so `{}` starts a run by hand. */
  public readonly stateMachine: sfn.StateMachine;
  /** The schedule that starts the state machine. */
  public readonly schedule: scheduler.Schedule;
  /** The function that compares the metrics of the new and the deployed version. */
  public readonly gateFunction: lambda.IFunction;

  constructor(scope: Construct, id: string, props: RetrainingWorkflowProps) {
    super(scope, id);
    const metricName = props.metricName ?? 'normalized_discounted_cumulative_gain_at_10';
    const maxRegression = props.maxRegression ?? 0.02;
    const minimumMetricValue = props.minimumMetricValue ?? 0;
    const pollInterval = props.pollInterval ?? Duration.minutes(5);
    const trainingTimeout = props.trainingTimeout ?? Duration.hours(12);
    const campaignUpdateTimeout = props.campaignUpdateTimeout ?? Duration.hours(2);
    throwIfInvalid(this, [
      checkOneOf('metricName', metricName, SOLUTION_METRIC_NAMES),
      checkFraction('maxRegression', maxRegression),
      checkFraction('minimumMetricValue', minimumMetricValue),
      checkDuration('pollInterval', pollInterval, Duration.seconds(10), Duration.hours(1)),
      checkDuration('trainingTimeout', trainingTimeout, Duration.minutes(1), Duration.days(7)),
      checkDuration('campaignUpdateTimeout', campaignUpdateTimeout, Duration.minutes(1), Duration.days(1)),
    ]);

    this.gateFunction = lifecycleFunction(this, 'GateFunction', 'training-metric-gate.ts', Duration.seconds(10), {
      memorySize: 128,
    });

    const maxTrainingPolls = Math.ceil(trainingTimeout.toSeconds() / pollInterval.toSeconds());
    const maxCampaignPolls = Math.ceil(campaignUpdateTimeout.toSeconds() / pollInterval.toSeconds());
    const definition = workflowDefinition(this, {
      solutionArn: typeof props.solution === 'string' ? props.solution : props.solution.solutionArn,
      campaignArn: typeof props.campaign === 'string' ? props.campaign : props.campaign.campaignArn,
      metricName,
      maxRegression,
      minimumMetricValue,
      gateFunction: this.gateFunction,
      pollInterval,
      maxTrainingPolls,
      maxCampaignPolls,
    });
    this.stateMachine = new sfn.StateMachine(this, 'Resource', {
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      // Each polling loop stops on its own count, so this bound only catches a definition error. The 5 hours
      // cover the retries of CreateSolutionVersion and UpdateCampaign on a busy resource (10 attempts from
      // 1 minute with backoff 1.5, about 1.9 hours each) and the time the Personalize calls take.
      timeout: trainingTimeout.plus(campaignUpdateTimeout).plus(Duration.hours(5)),
      tracingEnabled: props.tracingEnabled ?? false,
      // Execution data here is ARNs, statuses and offline metrics, with no user data, and it shows why a gate failed.
      logs: {
        destination: encryptedLogGroup(this, 'Logs', logs.RetentionDays.ONE_YEAR),
        level: sfn.LogLevel.ALL,
        includeExecutionData: true,
      },
    });

    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      schedule: props.schedule ?? scheduler.ScheduleExpression.rate(Duration.days(7)),
      enabled: props.scheduleEnabled ?? true,
      description: `Starts ${this.node.path} retraining`,
      target: new targets.StepFunctionsStartExecution(this.stateMachine, { retryAttempts: 0 }),
    });
  }
}
