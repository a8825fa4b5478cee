import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Campaign, Filter, Recipe, Solution } from '../../lib';
import { movieDatasets } from './fixtures';
import { newStack } from './stack';

const VERSION_ARN = 'arn:aws:personalize:us-east-1:123456789012:solution/for-you/3f1a2b4c';

describe('Campaign', () => {
  test('defaults to one provisioned TPS without warning', () => {
    const stack = newStack();
    new Campaign(stack, 'ForYou', { solutionVersion: VERSION_ARN, campaignName: 'for-you' });

    Template.fromStack(stack).hasResourceProperties('AWS::Personalize::Campaign', {
      Name: 'for-you',
      SolutionVersionArn: VERSION_ARN,
      MinProvisionedTPS: 1,
      CampaignConfig: Match.absent(),
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toHaveLength(0);
  });

  test('campaign config renders exploration as strings', () => {
    const stack = newStack();
    const { datasetGroup } = movieDatasets(stack);
    const solution = new Solution(stack, 'Solution', { datasetGroup, recipe: Recipe.USER_PERSONALIZATION });
    new Campaign(stack, 'ForYou', {
      solutionVersion: { solutionVersionArn: VERSION_ARN, solution },
      explorationWeight: 0.1,
      explorationItemAgeCutOff: Duration.days(14),
      enableMetadataWithRecommendations: true,
      syncWithLatestSolutionVersion: true,
    });

    Template.fromStack(stack).hasResourceProperties('AWS::Personalize::Campaign', {
      CampaignConfig: {
        ItemExplorationConfig: { explorationWeight: '0.1', explorationItemAgeCutOff: '14' },
        EnableMetadataWithRecommendations: true,
        SyncWithLatestSolutionVersion: true,
      },
    });
  });

  test('TPS above one warns with a stable id', () => {
    const stack = newStack();
    new Campaign(stack, 'Busy', { solutionVersion: VERSION_ARN, minProvisionedTps: 5 });

    Annotations.fromStack(stack).hasWarning(
      '/Test/Busy',
      'minProvisionedTps: the campaign is billed for at least 5 transactions per second every hour, got 5; ' +
        '1 is the cheapest and the service scales up with traffic [ack: personalize:campaign-provisioned-tps]',
    );
  });

  test('invalid settings are reported together', () => {
    const stack = newStack();
    const { datasetGroup } = movieDatasets(stack);
    const solution = new Solution(stack, 'Similar', { datasetGroup, recipe: Recipe.SIMS });

    expect(
      () =>
        new Campaign(stack, 'Bad', {
          solutionVersion: { solutionVersionArn: VERSION_ARN, solution },
          minProvisionedTps: 0.5,
          explorationWeight: 1.2,
          explorationItemAgeCutOff: Duration.hours(12),
        }),
    ).toThrow(
      [
        'Test/Bad: 4 problems',
        '  Test/Bad: minProvisionedTps must be a whole number of at least 1, got 0.5',
        '  Test/Bad: explorationWeight must be between 0 and 1, got 1.2',
        '  Test/Bad: explorationItemAgeCutOff must be a whole number of days of at least 1, got 12 hours',
        '  Test/Bad: explorationWeight and explorationItemAgeCutOff apply only to user-personalization recipes, got recipe aws-sims',
      ].join('\n'),
    );
  });

  test('sixth campaign in a dataset group is rejected', () => {
    const stack = newStack();
    const { datasetGroup } = movieDatasets(stack);
    const solution = new Solution(stack, 'Solution', { datasetGroup, recipe: Recipe.POPULARITY_COUNT });
    for (let index = 0; index < 5; index++) {
      new Campaign(stack, `C${index}`, { solutionVersion: { solutionVersionArn: VERSION_ARN, solution } });
    }

    expect(() => new Campaign(stack, 'C5', { solutionVersion: { solutionVersionArn: VERSION_ARN, solution } })).toThrow(
      'Test/C5: solutionVersion: a dataset group can have at most 5 campaigns, got 6 for Test/Group ' +
        '(Test/C0, Test/C1, Test/C2, Test/C3, Test/C4, Test/C5)',
    );
  });

  test('runtime grants name campaign and filters', () => {
    const stack = newStack();
    const { datasetGroup } = movieDatasets(stack);
    const filter = new Filter(stack, 'Unwatched', {
      datasetGroup,
      filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("watch")',
    });
    const campaign = new Campaign(stack, 'ForYou', { solutionVersion: VERSION_ARN });
    const role = new iam.Role(stack, 'Api', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    campaign.grantGetRecommendations(role, filter);
    campaign.grantGetPersonalizedRanking(role);

    const campaignArn = { 'Fn::GetAtt': [stack.getLogicalId(campaign.resource), 'CampaignArn'] };
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Statement: [
          {
            Action: 'personalize:GetRecommendations',
            Effect: 'Allow',
            Resource: [campaignArn, { 'Fn::GetAtt': [stack.getLogicalId(filter.resource), 'FilterArn'] }],
          },
          { Action: 'personalize:GetPersonalizedRanking', Effect: 'Allow', Resource: campaignArn },
        ],
      },
    });
  });

  test('metrics use the CampaignArn dimension', () => {
    const stack = newStack();
    const arn = 'arn:aws:personalize:us-east-1:123456789012:campaign/for-you';
    const campaign = Campaign.fromCampaignArn(stack, 'Imported', arn);

    const latency = campaign.metricGetRecommendationsLatency();
    expect(latency.namespace).toBe('AWS/Personalize');
    expect(latency.metricName).toBe('GetRecommendationsLatency');
    expect(latency.dimensions).toEqual({ CampaignArn: arn });
    expect(latency.statistic).toBe('Average');
    expect(campaign.metricGetRecommendations().statistic).toBe('Sum');
    expect(campaign.metricGetRecommendations().metricName).toBe('GetRecommendations');
    expect(campaign.metricGetRecommendations5xxErrors({ period: Duration.minutes(1) }).period.toMinutes()).toBe(1);
  });
});
