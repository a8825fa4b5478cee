import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RecommendationApi, type RecommendationApiProps } from '../../lib/recommendation-api';
import { cfnLintAvailable, runCfnLint } from './cfn-lint';

const ARN_PREFIX = 'arn:aws:personalize:us-east-1:123456789012';
const FULL_PROPS: RecommendationApiProps = {
  recommendationsCampaignArn: `${ARN_PREFIX}:campaign/movies`,
  relatedItemsCampaignArn: `${ARN_PREFIX}:campaign/similar-movies`,
  rankingCampaignArn: `${ARN_PREFIX}:campaign/ranking`,
  eventTrackingId: 'a1b2c3d4-tracking',
  itemsDatasetArn: `${ARN_PREFIX}:dataset/movies/ITEMS`,
  usersDatasetArn: `${ARN_PREFIX}:dataset/movies/USERS`,
  filterArns: { 'by-genre': `${ARN_PREFIX}:filter/by-genre` },
};

/** Creates a stack with a fixed environment whose NodejsFunctions skip bundling, so tests need no esbuild run. */
function newStack(): Stack {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return new Stack(app, 'Test', { env: { account: '123456789012', region: 'us-east-1' } });
}

function synth(props: RecommendationApiProps): { template: Template; api: RecommendationApi } {
  const stack = newStack();
  const api = new RecommendationApi(stack, 'Api', props);
  return { template: Template.fromStack(stack), api };
}

function isPersonalizeStatement(statement: unknown): boolean {
  return String((statement as { Action: unknown }).Action).startsWith('personalize:');
}

/** The Personalize statements of the role of the function whose logical id starts with `functionId`. */
function personalizeStatementsOf(template: Template, functionId: string): unknown[] {
  return statementsOf(template, functionId).filter(isPersonalizeStatement);
}

/** The policy statements of the role of the function whose logical id starts with `functionId`. */
function statementsOf(template: Template, functionId: string): unknown[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^Api${functionId}Role`) }] },
  });
  return Object.values(policies).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: unknown[] } } }).Properties.PolicyDocument.Statement,
  );
}

describe('RecommendationApi', () => {
  const { template } = synth(FULL_PROPS);

  test('creates one ARM64 Node.js 22 function per handler', () => {
    template.resourceCountIs('AWS::Lambda::Function', 6);
    template.allResourcesProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x', Architectures: ['arm64'] });
  });

  test('routes use IAM authorization', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 8);
    template.allResourcesProperties('AWS::ApiGatewayV2::Route', { AuthorizationType: 'AWS_IAM' });
    for (const routeKey of [
      'GET /users/{userId}/recommendations',
      'POST /users/{userId}/recommendations',
      'GET /items/{itemId}/related',
      'POST /items/{itemId}/related',
      'POST /users/{userId}/ranking',
      'POST /users/{userId}/events',
      'POST /items',
      'POST /users',
    ]) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey });
    }
  });

  test('stage throttles and writes access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('requestId'),
      },
    });
  });

  test('access logs omit paths', () => {
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0] as {
      Properties: { AccessLogSettings: { Format: string } };
    };
    const fields = Object.values(JSON.parse(stage.Properties.AccessLogSettings.Format) as Record<string, string>);

    expect(fields).not.toContain('$context.path');
    expect(fields).toContain('$context.routeKey');
  });

  test('log groups are encrypted', () => {
    template.resourceCountIs('AWS::Logs::LogGroup', 7);
    template.allResourcesProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiLogKey'), 'Arn'] },
      RetentionInDays: 30,
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('recommendations function gets its configuration', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          RECOMMENDATIONS_CAMPAIGN_ARN: `${ARN_PREFIX}:campaign/movies`,
          FILTER_ARNS: JSON.stringify({ 'by-genre': `${ARN_PREFIX}:filter/by-genre` }),
          DEFAULT_NUM_RESULTS: '25',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  test('functions write only their own logs', () => {
    const logStatements = statementsOf(template, 'PutItems').filter((statement) => !isPersonalizeStatement(statement));

    expect(logStatements).toEqual([
      {
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ApiPutItemsLogs/), 'Arn'] },
      },
    ]);
    template.resourcePropertiesCountIs('AWS::IAM::Role', { ManagedPolicyArns: Match.anyValue() }, 0);
  });

  test('functions get least-privilege grants', () => {
    expect(personalizeStatementsOf(template, 'GetRecommendations')).toEqual([
      {
        Action: 'personalize:GetRecommendations',
        Effect: 'Allow',
        Resource: [`${ARN_PREFIX}:campaign/movies`, `${ARN_PREFIX}:filter/by-genre`],
      },
    ]);
    expect(personalizeStatementsOf(template, 'RankItems')).toEqual([
      {
        Action: 'personalize:GetPersonalizedRanking',
        Effect: 'Allow',
        Resource: [`${ARN_PREFIX}:campaign/ranking`, `${ARN_PREFIX}:filter/by-genre`],
      },
    ]);
    expect(personalizeStatementsOf(template, 'PutEvents')).toEqual([
      { Action: 'personalize:PutEvents', Effect: 'Allow', Resource: '*' },
    ]);
    expect(personalizeStatementsOf(template, 'PutItems')).toEqual([
      { Action: 'personalize:PutItems', Effect: 'Allow', Resource: `${ARN_PREFIX}:dataset/movies/ITEMS` },
    ]);
    expect(personalizeStatementsOf(template, 'PutUsers')).toEqual([
      { Action: 'personalize:PutUsers', Effect: 'Allow', Resource: `${ARN_PREFIX}:dataset/movies/USERS` },
    ]);
  });
});

describe('RecommendationApi options', () => {
  test('creates only configured routes', () => {
    const { template, api } = synth({ recommendationsCampaignArn: `${ARN_PREFIX}:campaign/movies` });

    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 2);
    expect(Object.keys(api.functions)).toEqual(['get-recommendations']);
  });

  test('accepts another authorizer', () => {
    const { template } = synth({ ...FULL_PROPS, authorizer: new HttpNoneAuthorizer() });

    template.allResourcesProperties('AWS::ApiGatewayV2::Route', { AuthorizationType: 'NONE' });
  });

  test('grantInvoke allows execute-api:Invoke', () => {
    const stack = newStack();
    const api = new RecommendationApi(stack, 'Api', FULL_PROPS);
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });

    api.grantInvoke(role);

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Caller') }],
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'execute-api:Invoke', Effect: 'Allow' })] },
    });
  });

  test('reports every invalid prop', () => {
    expect(() =>
      synth({
        recommendationsCampaignArn: 'movies',
        filterArns: { 'by genre': 'filter/x' },
        defaultNumResults: 600,
        throttlingBurstLimit: 1.5,
      }),
    ).toThrow(
      [
        'Test/Api: 5 problems',
        '  Test/Api: recommendationsCampaignArn must be a Personalize ARN, got "movies"',
        '  Test/Api: filterArns key "by genre" must be 1 to 63 letters, digits, - or _, starting with a letter or digit',
        '  Test/Api: filterArns.by genre must be a Personalize ARN, got "filter/x"',
        '  Test/Api: defaultNumResults must be a whole number between 1 and 500, got 600',
        '  Test/Api: throttlingBurstLimit must be a whole number between 0 and 5000, got 1.5',
      ].join('\n'),
    );
  });

  test('requires at least one resource', () => {
    expect(() => synth({})).toThrow(
      'Test/Api: at least one of recommendationsCampaignArn, relatedItemsCampaignArn, rankingCampaignArn, itemsDatasetArn, usersDatasetArn, eventTrackingId is required, because each one enables its routes',
    );
  });
});

describe('RecommendationApi with cdk-nag', () => {
  function nagApp(acknowledge: boolean): App {
    const stack = newStack();
    const api = new RecommendationApi(stack, 'Api', FULL_PROPS);
    const app = stack.node.root as App;
    if (acknowledge) {
      Validations.of(api.node.findChild('PutEventsRole')).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason: 'The PutEvents documentation requires the * resource for calls from Lambda functions',
      });
      Validations.of(api).acknowledge({
        id: 'AwsSolutions::AwsSolutions-L1',
        reason: 'The handlers target the Node.js 22 runtime on purpose',
      });
    }
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    return app;
  }

  test('finds nothing else', () => {
    expect(() => nagApp(true).synth()).not.toThrow();
  });

  test('reports the PutEvents wildcard', () => {
    expect(() => nagApp(false).synth()).toThrow(/AwsSolutions-IAM5\[Resource::\*\]/);
  });
});

/**
 * A finding on what aws-cdk-lib's `lambda.Function` generates: it lists its role in DependsOn although it also reads
 * the role's ARN.
 */
const FUNCTION_ROLE_DEPENDENCY =
  /W3005:'Api\w+Role[0-9A-F]{8}' dependency already enforced by a 'GetAtt' at 'Resources\/Api\w+\/Properties\/Role'/;

describe('RecommendationApi template', () => {
  const lintTest = cfnLintAvailable() ? test : test.skip;

  lintTest('passes cfn-lint', () => {
    const { template } = synth(FULL_PROPS);

    const result = runCfnLint(template.toJSON());
    const findings = result.output.split('\n').filter((line) => line !== '' && !FUNCTION_ROLE_DEPENDENCY.test(line));

    expect(findings).toEqual([]);
  });
});
