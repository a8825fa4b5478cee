import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { RetrainingWorkflow, RetrainingWorkflowProps, SolutionMetricName } from '../../lib/retraining-workflow';
import { newStack } from './stack';

const SOLUTION = 'arn:aws:personalize:us-east-1:123456789012:solution/movies';
const CAMPAIGN = 'arn:aws:personalize:us-east-1:123456789012:campaign/movies';

function synthesize(props: Partial<RetrainingWorkflowProps> = {}) {
  const stack = newStack();
  const workflow = new RetrainingWorkflow(stack, 'Retraining', { solution: SOLUTION, campaign: CAMPAIGN, ...props });
  return { workflow, template: Template.fromStack(stack) };
}

function definitionText(template: Template): string {
  const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0];
  return JSON.stringify(machine.Properties.DefinitionString);
}

describe('RetrainingWorkflow', () => {
  const { template } = synthesize();

  test('runs weekly by default', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(7 days)',
      State: 'ENABLED',
      Target: Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^Retraining') } }),
    });
  });

  test('schedule can be changed and paused', () => {
    const custom = synthesize({
      schedule: scheduler.ScheduleExpression.cron({ weekDay: 'SUN', hour: '3', minute: '0' }),
      scheduleEnabled: false,
    }).template;
    custom.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 3 ? * SUN *)',
      State: 'DISABLED',
    });
  });

  test('gate receives the configured metric', () => {
    const text = definitionText(synthesize({ metricName: 'precision_at_25', maxRegression: 0.1 }).template);
    expect(text).toContain('\\"metricName\\":\\"precision_at_25\\",\\"maxRegression\\":0.1,\\"minimumValue\\":0');
  });

  test('execution timeout leaves room for retries', () => {
    // 12 hours of training, 2 hours of campaign update and 5 hours for retries on a busy resource.
    expect(definitionText(template)).toContain('\\"TimeoutSeconds\\":68400');
  });

  test('defaults gate on NDCG at 10', () => {
    expect(definitionText(template)).toContain(
      '\\"metricName\\":\\"normalized_discounted_cumulative_gain_at_10\\",\\"maxRegression\\":0.02,\\"minimumValue\\":0',
    );
  });

  test('poll limits follow the timeouts', () => {
    const text = definitionText(
      synthesize({ pollInterval: Duration.minutes(10), trainingTimeout: Duration.hours(5) }).template,
    );
    expect(text).toContain('\\"Variable\\":\\"$.polls.count\\",\\"NumericGreaterThanEquals\\":30');
    expect(text).toContain('\\"Variable\\":\\"$.polls.count\\",\\"NumericGreaterThanEquals\\":12');
  });

  test('role may call only those actions on those ARNs', () => {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^RetrainingRole') }] },
    });
    const statements = Object.values(policies)[0].Properties.PolicyDocument.Statement as {
      Action: string | string[];
      Resource: unknown;
    }[];
    const personalize = statements
      .filter((statement) => String(statement.Action).startsWith('personalize:'))
      .map((statement) => [statement.Action, statement.Resource])
      .sort();
    expect(personalize).toEqual([
      ['personalize:createSolutionVersion', SOLUTION],
      ['personalize:describeCampaign', CAMPAIGN],
      ['personalize:describeSolutionVersion', `${SOLUTION}/*`],
      ['personalize:getSolutionMetrics', `${SOLUTION}/*`],
      ['personalize:stopSolutionVersionCreation', `${SOLUTION}/*`],
      ['personalize:updateCampaign', CAMPAIGN],
    ]);
  });

  test('schedule may only start this workflow', () => {
    const schedule = Object.values(template.findResources('AWS::Scheduler::Schedule'))[0];
    const roleId = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0] as string;
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
    const statements = Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([
      {
        Action: 'states:StartExecution',
        Effect: 'Allow',
        Resource: { Ref: expect.stringMatching(/^Retraining[0-9A-F]{8}$/) },
      },
    ]);
  });

  test('log key serves only this account', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logs.us-east-1.amazonaws.com' },
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': {
                  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:123456789012:log-group:*']],
                },
              },
            },
          }),
        ]),
      },
    });
  });

  test('logs are encrypted and complete', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
      TracingConfiguration: { Enabled: false },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RetrainingLogsKey'), 'Arn'] },
    });
  });

  test('tracing can be enabled', () => {
    synthesize({ tracingEnabled: true }).template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      TracingConfiguration: { Enabled: true },
    });
  });

  test.each([
    [
      'unknown metric',
      { metricName: 'ndcg' as SolutionMetricName },
      'metricName must be one of coverage, mean_reciprocal_rank_at_25, normalized_discounted_cumulative_gain_at_5, normalized_discounted_cumulative_gain_at_10, normalized_discounted_cumulative_gain_at_25, precision_at_5, precision_at_10, precision_at_25, received "ndcg"',
    ],
    ['regression above 1', { maxRegression: 1.5 }, 'maxRegression must be between 0 and 1, received 1.5'],
    ['negative regression', { maxRegression: -0.1 }, 'maxRegression must be between 0 and 1, received -0.1'],
    ['floor above 1', { minimumMetricValue: 2 }, 'minimumMetricValue must be between 0 and 1, received 2'],
    [
      'long training',
      { trainingTimeout: Duration.days(8) },
      'trainingTimeout must be between 1 minute and 7 days, received 8 days',
    ],
    [
      'long campaign update',
      { campaignUpdateTimeout: Duration.days(2) },
      'campaignUpdateTimeout must be between 1 minute and 1 day, received 2 days',
    ],
  ])('rejects %s', (_label, props, message) => {
    expect(() => synthesize(props)).toThrow(new Error(`Test/Retraining: ${message}`));
  });
});
