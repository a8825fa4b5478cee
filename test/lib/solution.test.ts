import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Dataset, DatasetGroup, Recipe, Schema, Solution } from '../../lib';
import { movieDatasets } from './fixtures';
import { newStack } from './stack';

function updateSolutionCall(template: Template): Record<string, unknown> {
  const [resource] = Object.values(template.findResources('Custom::AWS'));
  const create = resource.Properties.Create as { 'Fn::Join': [string, unknown[]] };
  return JSON.parse(
    create['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : '<ARN>')).join(''),
  ) as Record<string, unknown>;
}

describe('Solution', () => {
  test('hyperparameters render as snake_case strings', () => {
    const stack = newStack();
    const { datasetGroup } = movieDatasets(stack);
    new Solution(stack, 'ForYou', {
      datasetGroup,
      solutionName: 'for-you',
      recipe: Recipe.userPersonalization({
        recencyMask: false,
        minUserHistoryLengthPercentile: 0.05,
        maxUserHistoryLengthPercentile: 0.95,
      }),
      eventType: 'watch',
      eventValueThreshold: 0.5,
    });

    Template.fromStack(stack).hasResourceProperties('AWS::Personalize::Solution', {
      Name: 'for-you',
      RecipeArn: {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':personalize:::recipe/aws-user-personalization']],
      },
      EventType: 'watch',
      PerformHPO: Match.absent(),
      SolutionConfig: {
        AlgorithmHyperParameters: {
          recency_mask: 'false',
          min_user_history_length_percentile: '0.05',
          max_user_history_length_percentile: '0.95',
        },
        EventValueThreshold: '0.5',
      },
    });
  });

  test('SIMS hyperparameters render with service names', () => {
    expect(
      Recipe.sims({
        popularityDiscountFactor: 0.2,
        minCointeractionCount: 5,
        minItemInteractionCountPercentile: 0.02,
        maxItemInteractionCountPercentile: 0.8,
      }).algorithmHyperparameters,
    ).toEqual({
      popularity_discount_factor: '0.2',
      min_cointeraction_count: '5',
      min_item_interaction_count_percentile: '0.02',
      max_item_interaction_count_percentile: '0.8',
    });
  });

  test('automatic training is turned off by default', () => {
    const stack = newStack();
    const { datasetGroup } = movieDatasets(stack);
    const solution = new Solution(stack, 'Popular', { datasetGroup, recipe: Recipe.POPULARITY_COUNT });

    const template = Template.fromStack(stack);
    const call = updateSolutionCall(template);
    expect(call).toEqual({
      service: 'Personalize',
      action: 'UpdateSolution',
      parameters: { solutionArn: '<ARN>', performAutoTraining: false },
      physicalResourceId: { id: `${solution.solutionName}-automatic-training` },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'personalize:UpdateSolution',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [stack.getLogicalId(solution.resource), 'SolutionArn'] },
          },
        ],
      },
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('automaticTraining'))).toHaveLength(0);
  });

  test('automatic training schedule sets rate and warns', () => {
    const stack = newStack();
    const { datasetGroup } = movieDatasets(stack);
    new Solution(stack, 'ForYou', {
      datasetGroup,
      recipe: Recipe.USER_PERSONALIZATION_V2,
      automaticTraining: { schedule: Duration.days(14) },
    });

    const call = updateSolutionCall(Template.fromStack(stack));
    expect(call.parameters).toEqual({
      solutionArn: '<ARN>',
      performAutoTraining: true,
      solutionUpdateConfig: { autoTrainingConfig: { schedulingExpression: 'rate(14 days)' } },
    });
    Annotations.fromStack(stack).hasWarning(
      '/Test/ForYou',
      'automaticTraining: a new solution version is trained and billed every 14 days [ack: personalize:solution-automatic-training]',
    );
  });

  test('HPO renders PascalCase config', () => {
    const stack = newStack();
    const { datasetGroup } = movieDatasets(stack);
    new Solution(stack, 'Similar', {
      datasetGroup,
      recipe: Recipe.SIMS,
      hpo: {
        objective: 'precision_at_25',
        maxNumberOfTrainingJobs: 16,
        maxParallelTrainingJobs: 4,
        continuousRanges: [{ name: 'popularity_discount_factor', minValue: 0.1, maxValue: 0.9 }],
        integerRanges: [{ name: 'min_cointeraction_count', minValue: 1, maxValue: 6 }],
      },
    });

    Template.fromStack(stack).hasResourceProperties('AWS::Personalize::Solution', {
      PerformHPO: true,
      SolutionConfig: {
        HpoConfig: {
          HpoObjective: { Type: 'Maximize', MetricName: 'precision_at_25' },
          HpoResourceConfig: { MaxNumberOfTrainingJobs: '16', MaxParallelTrainingJobs: '4' },
          AlgorithmHyperParameterRanges: {
            IntegerHyperParameterRanges: [{ Name: 'min_cointeraction_count', MinValue: 1, MaxValue: 6 }],
            ContinuousHyperParameterRanges: [{ Name: 'popularity_discount_factor', MinValue: 0.1, MaxValue: 0.9 }],
          },
        },
      },
    });
  });

  test('invalid settings are reported together', () => {
    const stack = newStack();
    const { datasetGroup } = movieDatasets(stack);

    expect(
      () =>
        new Solution(stack, 'Bad', {
          datasetGroup,
          solutionName: 'bad name',
          recipe: Recipe.sims({
            popularityDiscountFactor: 1.5,
            minCointeractionCount: 2.5,
            minUserHistoryLengthPercentile: 0.9,
            maxUserHistoryLengthPercentile: 0.1,
          }),
          hpo: {
            objective: 'coverage',
            maxParallelTrainingJobs: 11,
            continuousRanges: [{ name: 'max_user_history_length_percentile', minValue: 0.9, maxValue: 0.5 }],
          },
          automaticTraining: { schedule: Duration.hours(36) },
        }),
    ).toThrow(
      [
        'Test/Bad: 9 problems',
        "  Test/Bad: solutionName must start with a letter or digit and contain only letters, digits, '-' and '_', got 'bad name'",
        '  Test/Bad: recipe.hyperparameters.popularityDiscountFactor must be a number between 0 and 1, got 1.5',
        '  Test/Bad: recipe.hyperparameters.minCointeractionCount must be a whole number between 0 and 10, got 2.5',
        '  Test/Bad: recipe.hyperparameters.minUserHistoryLengthPercentile must be less than maxUserHistoryLengthPercentile, got 0.9 and 0.1',
        '  Test/Bad: hpo.maxParallelTrainingJobs must be a whole number between 1 and 10, got 11',
        '  Test/Bad: hpo.continuousRanges[0].name: percentile hyperparameters cannot be tuned by HPO, got max_user_history_length_percentile',
        '  Test/Bad: hpo.continuousRanges[0].name: max_user_history_length_percentile is already fixed in recipe hyperparameters, got both',
        '  Test/Bad: hpo.continuousRanges[0]: minValue must not exceed maxValue, got 0.9 and 0.5',
        '  Test/Bad: automaticTraining.schedule must be a whole number of days from 1 to 30, got 1 day 12 hours',
      ].join('\n'),
    );
  });

  test('HPO on popularity count is rejected', () => {
    const stack = newStack();
    const { datasetGroup } = movieDatasets(stack);

    expect(
      () =>
        new Solution(stack, 'Popular', {
          datasetGroup,
          recipe: Recipe.POPULARITY_COUNT,
          hpo: { objective: 'coverage' },
        }),
    ).toThrow('Test/Popular: hpo is not available for recipe aws-popularity-count, which has no hyperparameters');
  });

  test('missing interactions dataset fails at synth', () => {
    const stack = newStack();
    const datasetGroup = new DatasetGroup(stack, 'Empty', { datasetGroupName: 'empty' });
    new Solution(stack, 'Similar', { datasetGroup, recipe: Recipe.SIMS });

    expect(() => Template.fromStack(stack)).toThrow(
      'Validation failed with the following errors:\n' +
        '  [Test/Similar] recipe: aws-sims trains on an Interactions dataset, got a dataset group without one',
    );
  });

  test('eventType needs EVENT_TYPE in the schema', () => {
    const stack = newStack();
    const other = new DatasetGroup(stack, 'Other', { datasetGroupName: 'other' });
    const schema = new Schema(stack, 'PlainInteractions', { definition: Schema.interactions({ fields: [] }) });
    new Dataset(stack, 'PlainDataset', { datasetGroup: other, schema });
    new Solution(stack, 'Watched', { datasetGroup: other, recipe: Recipe.SIMS, eventType: 'watch' });

    expect(() => Template.fromStack(stack)).toThrow(
      '  [Test/Watched] eventType needs an EVENT_TYPE field in the Interactions schema, got fields USER_ID, ITEM_ID, TIMESTAMP',
    );
  });

  test('eleventh solution is rejected', () => {
    const stack = newStack();
    const { datasetGroup } = movieDatasets(stack);
    for (let index = 0; index < 10; index++) {
      new Solution(stack, `S${index}`, { datasetGroup, recipe: Recipe.POPULARITY_COUNT });
    }

    expect(() => new Solution(stack, 'S10', { datasetGroup, recipe: Recipe.POPULARITY_COUNT })).toThrow(
      /^Test\/S10: datasetGroup: a dataset group can have at most 10 solutions, got 11 for Test\/Group \(Test\/S0, .*, Test\/S10\)$/,
    );
  });

  test('fromArn passes hyperparameters through', () => {
    const recipe = Recipe.fromArn('arn:aws:personalize:::recipe/aws-trending-now', { lookback_window: '7' });

    expect(recipe.recipeArn).toBe('arn:aws:personalize:::recipe/aws-trending-now');
    expect(recipe.algorithmHyperparameters).toEqual({ lookback_window: '7' });
  });
});
