import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Campaign } from '../../lib/campaign';
import { DatasetGroup } from '../../lib/dataset-group';
import { DatasetGroupTeardown, DatasetGroupTeardownProps } from '../../lib/dataset-group-teardown';
import { EventTracker } from '../../lib/event-tracker';
import { Filter } from '../../lib/filter';
import { Recipe } from '../../lib/recipe';
import { Solution } from '../../lib/solution';
import { movieDatasets } from './fixtures';
import { newStack } from './stack';

const VERSION_ARN = 'arn:aws:personalize:us-east-1:123456789012:solution/movies-ranking/abc123';

function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as never);
}

function synthesize(props: Partial<DatasetGroupTeardownProps> = {}) {
  const stack = newStack();
  const movies = movieDatasets(stack);
  const solution = new Solution(stack, 'Solution', { datasetGroup: movies.datasetGroup, recipe: Recipe.SIMS });
  const tracker = new EventTracker(stack, 'Tracker', { datasetGroup: movies.datasetGroup });
  const filter = new Filter(stack, 'Unseen', {
    datasetGroup: movies.datasetGroup,
    filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("watch")',
  });
  const campaign = new Campaign(stack, 'Campaign', { solutionVersion: VERSION_ARN });
  const otherGroup = new DatasetGroup(stack, 'OtherGroup', { datasetGroupName: 'other' });
  const otherTracker = new EventTracker(stack, 'OtherTracker', { datasetGroup: otherGroup });
  const teardown = new DatasetGroupTeardown(stack, 'Teardown', { datasetGroup: movies.datasetGroup, ...props });
  const template = Template.fromStack(stack);
  return { stack, template, teardown, movies, solution, tracker, filter, campaign, otherGroup, otherTracker };
}

/** The log-writing statement that every lifecycle function's policy starts with, for the function `prefix`. */
function logStatement(template: Template, prefix: string): unknown {
  const [logGroupId] = Object.keys(template.findResources('AWS::Logs::LogGroup', {})).filter((id) =>
    id.startsWith(`${prefix}Logs`),
  );
  return {
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Effect: 'Allow',
    Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
  };
}

/**
 * The statements of the one IAM policy attached to the role of a function whose logical id starts with `prefix`,
 * after the statement that lets it write its own logs, which is checked here.
 */
function statementsOf(template: Template, prefix: string): unknown[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${prefix}Role`) }] },
  });
  const documents = Object.values(policies).map((policy) => policy.Properties.PolicyDocument.Statement);
  expect(documents).toHaveLength(1);
  expect(documents[0][0]).toEqual(logStatement(template, prefix));
  return documents[0].slice(1);
}

describe('DatasetGroupTeardown', () => {
  const synthesized = synthesize();
  const { stack, template, movies } = synthesized;
  const groupArn = { 'Fn::GetAtt': [logicalId(stack, movies.datasetGroup), 'DatasetGroupArn'] };

  test('custom resource names the group', () => {
    template.hasResourceProperties('Custom::PersonalizeDatasetGroupTeardown', {
      DatasetGroupArn: groupArn,
      RetainDatasets: 'false',
    });
  });

  test('depends on the group resources', () => {
    const resources = template.findResources('Custom::PersonalizeDatasetGroupTeardown');
    const dependsOn: string[] = Object.values(resources)[0].DependsOn;
    const expected = [
      synthesized.solution,
      synthesized.tracker,
      synthesized.filter,
      synthesized.campaign,
      movies.interactions,
      movies.items,
      movies.users,
      movies.interactionsSchema,
      movies.itemsSchema,
      movies.usersSchema,
    ].map((construct) => logicalId(stack, construct));
    expect(dependsOn).toEqual(expect.arrayContaining(expected));
    expect(dependsOn).not.toContain(logicalId(stack, movies.datasetGroup));
    expect(dependsOn).not.toContain(logicalId(stack, synthesized.otherTracker));
  });

  test('waiter polls every 30 seconds for an hour', () => {
    const machines = template.findResources('AWS::StepFunctions::StateMachine');
    const definition = JSON.stringify(Object.values(machines)[0].Properties.DefinitionString);
    expect(definition).toContain('\\"IntervalSeconds\\":30');
    expect(definition).toContain('\\"MaxAttempts\\":120');
  });

  test('onEvent may only read datasets of the group', () => {
    expect(statementsOf(template, 'TeardownOnEventFunction')).toEqual([
      { Action: 'personalize:ListDatasets', Effect: 'Allow', Resource: '*' },
      {
        Action: 'personalize:DescribeDataset',
        Effect: 'Allow',
        Resource: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':personalize:us-east-1:123456789012:dataset/movies/*']],
        },
      },
    ]);
  });

  test('isComplete may delete the group resources', () => {
    const statements = statementsOf(template, 'TeardownIsCompleteFunction');
    const scoped = (resource: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:personalize:us-east-1:123456789012:${resource}`]],
    });
    expect(statements).toEqual([
      {
        Action: [
          'personalize:ListCampaigns',
          'personalize:ListDatasets',
          'personalize:ListEventTrackers',
          'personalize:ListFilters',
          'personalize:ListMetricAttributions',
          'personalize:ListRecommenders',
          'personalize:ListSolutionVersions',
          'personalize:ListSolutions',
        ],
        Effect: 'Allow',
        Resource: '*',
      },
      { Action: 'personalize:DescribeDatasetGroup', Effect: 'Allow', Resource: groupArn },
      { Action: 'personalize:DeleteCampaign', Effect: 'Allow', Resource: scoped('campaign/*') },
      { Action: 'personalize:DeleteRecommender', Effect: 'Allow', Resource: scoped('recommender/*') },
      { Action: 'personalize:StopSolutionVersionCreation', Effect: 'Allow', Resource: scoped('solution/*/*') },
      { Action: 'personalize:DeleteSolution', Effect: 'Allow', Resource: scoped('solution/*') },
      { Action: 'personalize:DeleteEventTracker', Effect: 'Allow', Resource: scoped('event-tracker/*') },
      { Action: 'personalize:DeleteFilter', Effect: 'Allow', Resource: scoped('filter/*') },
      { Action: 'personalize:DeleteMetricAttribution', Effect: 'Allow', Resource: scoped('metric-attribution/*') },
      { Action: 'personalize:DeleteDataset', Effect: 'Allow', Resource: scoped('dataset/movies/*') },
      { Action: 'personalize:DeleteSchema', Effect: 'Allow', Resource: scoped('schema/*') },
      { Action: 'personalize:DeleteDatasetGroup', Effect: 'Allow', Resource: groupArn },
    ]);
  });

  test('handlers run on Node.js 22', () => {
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { Runtime: 'nodejs22.x', Handler: Match.stringLikeRegexp('^index\\.(onEvent|isComplete)$') },
      2,
    );
  });
});

describe('DatasetGroupTeardown options', () => {
  test('retainDatasets drops the data deletes', () => {
    const { template } = synthesize({ retainDatasets: true });
    template.hasResourceProperties('Custom::PersonalizeDatasetGroupTeardown', { RetainDatasets: 'true' });
    const actions = JSON.stringify(statementsOf(template, 'TeardownIsCompleteFunction'));
    expect(actions).not.toContain('personalize:DeleteDataset');
    expect(actions).not.toContain('personalize:DeleteSchema');
    expect(actions).not.toContain('personalize:DeleteDatasetGroup');
    expect(actions).toContain('personalize:DeleteSolution');
  });

  test('protectStackResources false adds no dependencies', () => {
    const { template } = synthesize({ protectStackResources: false });
    const resources = template.findResources('Custom::PersonalizeDatasetGroupTeardown');
    expect(Object.values(resources)[0].DependsOn).toBeUndefined();
  });

  test('protect adds a dependency', () => {
    const stack = newStack();
    const datasetGroup = new DatasetGroup(stack, 'Group', { datasetGroupName: 'shop' });
    const teardown = new DatasetGroupTeardown(stack, 'Teardown', { datasetGroup, protectStackResources: false });
    const tracker = new EventTracker(stack, 'Tracker', { datasetGroup });
    teardown.protect(tracker);
    const resources = Template.fromStack(stack).findResources('Custom::PersonalizeDatasetGroupTeardown');
    expect(Object.values(resources)[0].DependsOn).toEqual([logicalId(stack, tracker)]);
  });

  test('custom intervals reach the waiter', () => {
    const { template } = synthesize({ queryInterval: Duration.minutes(1), totalTimeout: Duration.minutes(30) });
    const machines = template.findResources('AWS::StepFunctions::StateMachine');
    const definition = JSON.stringify(Object.values(machines)[0].Properties.DefinitionString);
    expect(definition).toContain('\\"IntervalSeconds\\":60');
    expect(definition).toContain('\\"MaxAttempts\\":30');
  });

  test.each([
    [{ queryInterval: Duration.seconds(2) }, 'queryInterval must be between 5 and 900 seconds, got 2 seconds'],
    [{ queryInterval: Duration.minutes(20) }, 'queryInterval must be between 5 and 900 seconds, got 1200 seconds'],
    [{ totalTimeout: Duration.hours(2) }, 'totalTimeout must be between 60 and 3600 seconds, got 7200 seconds'],
  ])('rejects %j', (props, message) => {
    const stack = newStack();
    const datasetGroup = new DatasetGroup(stack, 'Group', { datasetGroupName: 'shop' });
    expect(() => new DatasetGroupTeardown(stack, 'Teardown', { datasetGroup, ...props })).toThrow(
      `Test/Teardown: ${message}`,
    );
  });
});
