import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { BatchInferenceJob } from '../../lib/batch-inference-job';
import { DatasetGroup, DatasetGroupDomain } from '../../lib/dataset-group';
import { DatasetGroupTeardown } from '../../lib/dataset-group-teardown';
import { MetricAttribution } from '../../lib/metric-attribution';
import { Recommender, RecommenderUseCase } from '../../lib/recommender';
import { cfnLintAvailable, runCfnLint } from './cfn-lint';
import { movieDatasets } from './fixtures';

/** Builds a stack with a teardown, a recommender, a metric attribution and a scheduled batch inference job. */
function lifecycleStack(): { app: App; stack: Stack } {
  const app = new App();
  const stack = new Stack(app, 'Lifecycle', { env: { account: '123456789012', region: 'us-east-1' } });
  const { datasetGroup } = movieDatasets(stack);
  const bucket = new s3.Bucket(stack, 'Data', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  });
  new MetricAttribution(stack, 'Metrics', {
    datasetGroup,
    metrics: [{ eventType: 'watch', expression: 'SUM(Interactions.EVENT_VALUE)', metricName: 'minutes' }],
    outputBucket: bucket,
  });
  new BatchInferenceJob(stack, 'Nightly', {
    solutionVersion: 'arn:aws:personalize:us-east-1:123456789012:solution/movies/abc123',
    schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '2' }),
    inputBucket: bucket,
    inputKey: 'batch/users.json',
  });
  new DatasetGroupTeardown(stack, 'Teardown', { datasetGroup });
  const videos = new DatasetGroup(stack, 'Videos', { domain: DatasetGroupDomain.VIDEO_ON_DEMAND });
  new Recommender(stack, 'TopPicks', { datasetGroup: videos, useCase: RecommenderUseCase.VIDEO_ON_DEMAND_TOP_PICKS });
  return { app, stack };
}

/**
 * Findings that aws-cdk-lib causes or that cfn-lint's data gets wrong:
 * - Lambda functions and the Provider framework's state machine list their role in DependsOn although they also
 *   reference its ARN.
 * - cfn-lint 1.58 lists no AWS::Personalize::Recommender in any region, although aws-cdk-lib 2.278 generates
 *   CfnRecommender from the CloudFormation resource specification.
 */
const KNOWN_FINDINGS = [
  /W3005:'[A-Za-z0-9]+Role[0-9A-F]{8}' dependency already enforced by a 'GetAtt' at 'Resources\/[A-Za-z0-9]+\/Properties\/Role(Arn)?'$/,
  /E3006:Resource type 'AWS::Personalize::Recommender' does not exist in 'us-east-1'$/,
];

describe('lifecycle constructs template', () => {
  if (!cfnLintAvailable()) {
    console.warn('cfn-lint is not installed in .venv; run `npm run setup:python` to run the template lint test');
  }
  const lintTest = cfnLintAvailable() ? test : test.skip;

  lintTest('passes cfn-lint', () => {
    const { app, stack } = lifecycleStack();
    const template = app.synth().getStackByName(stack.stackName).template;

    const result = runCfnLint(template);

    const findings = result.output
      .split('\n')
      .filter((line) => line !== '' && !KNOWN_FINDINGS.some((known) => known.test(line)));
    expect(findings).toEqual([]);
  });
});
