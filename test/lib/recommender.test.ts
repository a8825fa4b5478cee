import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DatasetGroup, DatasetGroupDomain } from '../../lib/dataset-group';
import { Filter } from '../../lib/filter';
import { Recommender, RecommenderProps, RecommenderUseCase } from '../../lib/recommender';
import { newStack } from './stack';

function videoGroup() {
  const stack = newStack();
  const datasetGroup = new DatasetGroup(stack, 'Group', {
    datasetGroupName: 'videos',
    domain: DatasetGroupDomain.VIDEO_ON_DEMAND,
  });
  return { stack, datasetGroup };
}

describe('Recommender', () => {
  test('defaults to one request per second', () => {
    const { stack, datasetGroup } = videoGroup();
    new Recommender(stack, 'TopPicks', {
      datasetGroup,
      useCase: RecommenderUseCase.VIDEO_ON_DEMAND_TOP_PICKS,
      recommenderName: 'top-picks',
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Personalize::Recommender', {
      Name: 'top-picks',
      DatasetGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Group'), 'DatasetGroupArn'] },
      RecipeArn: 'arn:aws:personalize:::recipe/aws-vod-top-picks',
      RecommenderConfig: { MinRecommendationRequestsPerSecond: 1, EnableMetadataWithRecommendations: false },
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('rate above 1 warns with a stable id', () => {
    const { stack, datasetGroup } = videoGroup();
    new Recommender(stack, 'Busy', {
      datasetGroup,
      useCase: RecommenderUseCase.VIDEO_ON_DEMAND_MORE_LIKE_X,
      minRecommendationRequestsPerSecond: 4,
    });
    Annotations.fromStack(stack).hasWarning(
      '/Test/Busy',
      'minRecommendationRequestsPerSecond: the recommender is billed for at least 4 requests per second every hour it is active, got 4; 1 is the cheapest and the service scales up with traffic [ack: personalize:recommender-request-rate]',
    );
  });

  test('grant names the recommender and filters', () => {
    const { stack, datasetGroup } = videoGroup();
    const recommender = new Recommender(stack, 'Popular', {
      datasetGroup,
      useCase: RecommenderUseCase.VIDEO_ON_DEMAND_MOST_POPULAR,
    });
    const filter = Filter.fromFilterArn(stack, 'Filter', 'arn:aws:personalize:us-east-1:123456789012:filter/kids');
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    recommender.grantGetRecommendations(role, filter);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'personalize:GetRecommendations',
            Effect: 'Allow',
            Resource: [
              { 'Fn::GetAtt': [Match.stringLikeRegexp('^Popular'), 'RecommenderArn'] },
              'arn:aws:personalize:us-east-1:123456789012:filter/kids',
            ],
          },
        ],
      },
    });
  });

  test('generated name comes from the path', () => {
    const { stack, datasetGroup } = videoGroup();
    const recommender = new Recommender(stack, 'Trending', {
      datasetGroup,
      useCase: RecommenderUseCase.VIDEO_ON_DEMAND_TRENDING_NOW,
    });
    expect(recommender.recommenderName).toMatch(/^Test-Trending-[0-9A-F]{8}$/);
  });

  test('imported dataset group skips the domain check', () => {
    const stack = newStack();
    const datasetGroup = DatasetGroup.fromDatasetGroupArn(
      stack,
      'Imported',
      'arn:aws:personalize:us-east-1:123456789012:dataset-group/shop',
    );
    new Recommender(stack, 'ForYou', { datasetGroup, useCase: RecommenderUseCase.ECOMMERCE_RECOMMENDED_FOR_YOU });
    Template.fromStack(stack).hasResourceProperties('AWS::Personalize::Recommender', {
      DatasetGroupArn: 'arn:aws:personalize:us-east-1:123456789012:dataset-group/shop',
      RecipeArn: 'arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you',
    });
  });

  test('unlisted use case keeps its recipe', () => {
    const useCase = RecommenderUseCase.of(DatasetGroupDomain.ECOMMERCE, 'aws-ecomm-new-use-case');
    expect(useCase.recipeArn).toBe('arn:aws:personalize:::recipe/aws-ecomm-new-use-case');
    expect(useCase.domain).toBe(DatasetGroupDomain.ECOMMERCE);
  });
});

describe('Recommender validation', () => {
  test.each<[Partial<RecommenderProps>, string]>([
    [
      { minRecommendationRequestsPerSecond: 0 },
      'minRecommendationRequestsPerSecond must be a whole number of at least 1, got 0',
    ],
    [
      { minRecommendationRequestsPerSecond: 1.5 },
      'minRecommendationRequestsPerSecond must be a whole number of at least 1, got 1.5',
    ],
    [
      { recommenderName: '-top' },
      "recommenderName must start with a letter or digit and contain only letters, digits, '-' and '_', got '-top'",
    ],
    [
      { useCase: RecommenderUseCase.ECOMMERCE_BEST_SELLERS },
      'useCase: aws-ecomm-popular-items-by-purchases belongs to the ECOMMERCE domain, but dataset group Test/Group has domain VIDEO_ON_DEMAND',
    ],
  ])('rejects %j', (props, message) => {
    const { stack, datasetGroup } = videoGroup();
    expect(
      () =>
        new Recommender(stack, 'Bad', {
          datasetGroup,
          useCase: RecommenderUseCase.VIDEO_ON_DEMAND_TOP_PICKS,
          ...props,
        }),
    ).toThrow(`Test/Bad: ${message}`);
  });

  test('rejects a custom dataset group', () => {
    const stack = newStack();
    const datasetGroup = new DatasetGroup(stack, 'Custom', { datasetGroupName: 'custom' });
    expect(
      () => new Recommender(stack, 'Bad', { datasetGroup, useCase: RecommenderUseCase.VIDEO_ON_DEMAND_TOP_PICKS }),
    ).toThrow(
      'Test/Bad: datasetGroup: recommenders need a domain dataset group (ECOMMERCE or VIDEO_ON_DEMAND), got the custom dataset group Test/Custom',
    );
  });

  test('rejects a sixth recommender', () => {
    const { stack, datasetGroup } = videoGroup();
    const useCase = RecommenderUseCase.VIDEO_ON_DEMAND_TOP_PICKS;
    for (let index = 1; index <= 5; index++) {
      new Recommender(stack, `R${index}`, { datasetGroup, useCase });
    }
    expect(() => new Recommender(stack, 'R6', { datasetGroup, useCase })).toThrow(
      'Test/R6: datasetGroup: a dataset group can have at most 5 recommenders, got 6 for Test/Group (Test/R1, Test/R2, Test/R3, Test/R4, Test/R5, Test/R6)',
    );
  });
});
