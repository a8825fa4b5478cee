/**
 * The sample stack as `cdk synth` builds it: cdk-nag's AWS Solutions rules, cfn-lint, the production defaults, and one
 * snapshot of the whole template with asset hashes masked. Bundling is skipped, since asset contents do not change
 * the template beyond the masked hashes.
 */
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { acknowledgeNagFindings } from '../../lib/nag-acknowledgements';
import { PersonalizeStack } from '../../lib/personalize-stack';
import { cfnLintAvailable, runCfnLint } from '../lib/cfn-lint';
import cdkJson from '../../cdk.json';

const ENV = { account: '123456789012', region: 'us-east-1' };

function synthesize(options: {
  acknowledge: boolean;
  retrainingEnabled?: boolean;
  env?: { account?: string; region?: string };
}) {
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const stack = new PersonalizeStack(app, 'MovieLensPersonalize', {
    env: 'env' in options ? options.env : ENV,
    retrainingEnabled: options.retrainingEnabled,
  });
  if (options.acknowledge) acknowledgeNagFindings(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const assembly = app.synth();
  return assembly.getStackByName(stack.stackName).template as Record<string, unknown>;
}

/** Replaces content hashes (asset keys, bundle names) so that the snapshot changes only when the template does. */
function maskAssetHashes(template: unknown): unknown {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}/g, '[ASSET-HASH]'));
}

let template: Record<string, unknown>;

beforeAll(() => {
  template = synthesize({ acknowledge: true });
});

describe('sample stack', () => {
  test('matches the snapshot', () => {
    expect(maskAssetHashes(template)).toMatchSnapshot();
  });

  // Without credentials the CDK CLI resolves the region at most, so ARNs carry <AWS::AccountId> and <AWS::Region> tokens.
  test.each([
    ['no account', { region: 'us-east-1' }],
    ['no environment', undefined],
  ])('synthesizes offline with %s', (_label, env) => {
    expect(() => synthesize({ acknowledge: true, env })).not.toThrow();
  });

  test('cdk-nag fails synth on findings nobody acknowledged', () => {
    expect(() => synthesize({ acknowledge: false })).toThrow(
      /AwsSolutions-IAM5\[Resource::<[A-Za-z0-9]+\.SolutionArn>\/\*\]/,
    );
  });

  const lintTest = cfnLintAvailable() || process.env.CI ? test : test.skip;
  lintTest('passes cfn-lint', () => {
    const findings = runCfnLint(template)
      .output.split('\n')
      .filter((line) => line !== '')
      // aws-cdk-lib gives functions and state machines an explicit DependsOn on their role besides the GetAtt, which
      // cfn-lint reports as redundant (W3005). It changes nothing in the deployment.
      .filter((line) => !/:W3005:'[A-Za-z0-9]+' dependency already enforced by a 'GetAtt'/.test(line));
    expect(findings).toEqual([]);
  });

  test('data bucket is KMS encrypted and TLS only', () => {
    const assertions = Template.fromJSON(template);
    assertions.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() },
            BucketKeyEnabled: true,
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    assertions.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('campaigns run at 1 provisioned TPS', () => {
    const campaigns = Template.fromJSON(template).findResources('AWS::Personalize::Campaign');
    const tps = Object.values(campaigns).map((campaign) => campaign.Properties.MinProvisionedTPS);
    expect(tps).toEqual([1, 1, 1]);
  });

  test('retraining schedules start disabled', () => {
    const schedules = Template.fromJSON(template).findResources('AWS::Scheduler::Schedule');
    const states = Object.values(schedules).map((schedule) => schedule.Properties.State);
    expect(states).toEqual(['DISABLED', 'DISABLED', 'DISABLED']);
  });

  test('retraining context enables the schedules', () => {
    const enabled = synthesize({ acknowledge: true, retrainingEnabled: true });
    const schedules = Template.fromJSON(enabled).findResources('AWS::Scheduler::Schedule');
    const states = Object.values(schedules).map((schedule) => schedule.Properties.State);
    expect(states).toEqual(['ENABLED', 'ENABLED', 'ENABLED']);
  });

  test('project functions run on Node.js 22', () => {
    // The project's functions are ARM64 NodejsFunctions; aws-cdk-lib's own framework functions are left to aws-cdk-lib.
    const functions = Template.fromJSON(template).findResources('AWS::Lambda::Function', {
      Properties: { Architectures: ['arm64'], Runtime: Match.stringLikeRegexp('^nodejs') },
    });
    const runtimes = new Set(Object.values(functions).map((fn) => fn.Properties.Runtime));
    // 5 API handlers, 2 teardown handlers, and per solution 2 training functions and 1 retraining gate.
    expect(Object.keys(functions).length).toBe(5 + 2 + 3 * 3);
    expect([...runtimes]).toEqual(['nodejs22.x']);
  });

  test('API routes require IAM authorization', () => {
    const routes = Template.fromJSON(template).findResources('AWS::ApiGatewayV2::Route');
    const authorization = Object.values(routes).map((route) => route.Properties.AuthorizationType);
    expect(authorization.length).toBe(7);
    expect(new Set(authorization)).toEqual(new Set(['AWS_IAM']));
  });
});

describe('published ARNs', () => {
  test('parameters under the stable prefix', () => {
    const parameters = Template.fromJSON(template).findResources('AWS::SSM::Parameter');
    const names = Object.values(parameters)
      .map((parameter) => parameter.Properties.Name)
      .sort();
    expect(names).toEqual([
      '/personalize/movielens/campaigns/ranking',
      '/personalize/movielens/campaigns/recommendations',
      '/personalize/movielens/campaigns/related-items',
      '/personalize/movielens/datasets/items',
      '/personalize/movielens/event-tracker/tracking-id',
      '/personalize/movielens/filters/genre',
      '/personalize/movielens/filters/unwatched',
      '/personalize/movielens/filters/unwatched-in-genre',
    ]);
  });

  test('filter parameter follows the filter', () => {
    const assertions = Template.fromJSON(template);
    const filters = assertions.findResources('AWS::Personalize::Filter', {
      Properties: { Name: 'movielens-unwatched' },
    });
    const [filterId] = Object.keys(filters);
    assertions.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/personalize/movielens/filters/unwatched',
      Value: { 'Fn::GetAtt': [filterId, 'FilterArn'] },
    });
  });
});
