import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { MetricAttribution, MetricAttributionMetric, MetricAttributionProps } from '../../lib/metric-attribution';
import { DatasetGroup } from '../../lib/dataset-group';
import { movieDatasets } from './fixtures';
import { newStack } from './stack';

const WATCHES: MetricAttributionMetric = { eventType: 'watch', expression: 'SAMPLECOUNT()', metricName: 'watches' };

function synthesize(props: Partial<MetricAttributionProps> = {}) {
  const stack = newStack();
  const { datasetGroup } = movieDatasets(stack);
  const attribution = new MetricAttribution(stack, 'Attribution', {
    datasetGroup,
    metrics: [WATCHES],
    metricAttributionName: 'movie-metrics',
    ...props,
  });
  return { stack, attribution, template: Template.fromStack(stack) };
}

describe('MetricAttribution', () => {
  test('reports to CloudWatch by default', () => {
    const { template } = synthesize();
    template.hasResourceProperties('AWS::Personalize::MetricAttribution', {
      Name: 'movie-metrics',
      DatasetGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Group'), 'DatasetGroupArn'] },
      Metrics: [{ EventType: 'watch', Expression: 'SAMPLECOUNT()', MetricName: 'watches' }],
      MetricsOutputConfig: {
        RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AttributionRole'), 'Arn'] },
        S3DataDestination: Match.absent(),
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 'cloudwatch:PutMetricData', Effect: 'Allow', Resource: '*' }] },
    });
  });

  test('waits for the role policy and datasets', () => {
    const { template } = synthesize();
    const attributions = template.findResources('AWS::Personalize::MetricAttribution');
    expect(Object.values(attributions)[0].DependsOn).toEqual([
      expect.stringMatching(/^AttributionRoleDefaultPolicy[0-9A-F]{8}$/),
      expect.stringMatching(/^Interactions[0-9A-F]{8}$/),
      expect.stringMatching(/^Items[0-9A-F]{8}$/),
      expect.stringMatching(/^Users[0-9A-F]{8}$/),
    ]);
  });

  test('role trusts Personalize in this account', () => {
    const { template } = synthesize();
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'personalize.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          },
        ],
      },
    });
  });

  test('sums a numeric column', () => {
    const { template } = synthesize({
      metrics: [WATCHES, { eventType: 'watch', expression: 'SUM(Interactions.EVENT_VALUE)', metricName: 'minutes' }],
    });
    template.hasResourceProperties('AWS::Personalize::MetricAttribution', {
      Metrics: [
        { EventType: 'watch', Expression: 'SAMPLECOUNT()', MetricName: 'watches' },
        { EventType: 'watch', Expression: 'SUM(Interactions.EVENT_VALUE)', MetricName: 'minutes' },
      ],
    });
  });

  test('writes reports to the bucket prefix', () => {
    const stack = newStack();
    const { datasetGroup } = movieDatasets(stack);
    const key = new kms.Key(stack, 'Key');
    const bucket = new s3.Bucket(stack, 'Reports', { encryptionKey: key, bucketName: 'movie-reports' });
    new MetricAttribution(stack, 'Attribution', { datasetGroup, metrics: [WATCHES], outputBucket: bucket });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Personalize::MetricAttribution', {
      MetricsOutputConfig: {
        S3DataDestination: {
          Path: { 'Fn::Join': ['', ['s3://', { Ref: Match.stringLikeRegexp('^Reports') }, '/metric-attribution/']] },
          KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
        },
      },
    });
    const policy = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policy).toContain('"s3:PutObject"');
    expect(policy).toContain('/metric-attribution/*"');
    expect(policy).toContain('"s3:ListBucket"');
    expect(policy).toContain('"kms:GenerateDataKey"');
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['s3:PutObject', 's3:ListBucket'],
            Principal: { Service: 'personalize.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          }),
        ]),
      },
    });
  });

  test('generated name comes from the path', () => {
    const { attribution } = synthesize({ metricAttributionName: undefined });
    expect(attribution.metricAttributionName).toMatch(/^Test-Attribution-[0-9A-F]{8}$/);
  });
});

describe('MetricAttribution validation', () => {
  const eleven = Array.from({ length: 11 }, (_, index) => ({ ...WATCHES, metricName: `m${index}` }));

  test.each<[Partial<MetricAttributionProps>, string]>([
    [{ metrics: [] }, 'metrics must contain 1 to 10 metrics, got 0'],
    [{ metrics: eleven }, 'metrics must contain 1 to 10 metrics, got 11'],
    [
      { metrics: [{ ...WATCHES, expression: 'AVG(Items.YEAR)' }] },
      "metrics[0].expression must be SAMPLECOUNT(), SUM(Interactions.COLUMN) or SUM(Items.COLUMN), got 'AVG(Items.YEAR)'",
    ],
    [
      { metrics: [{ ...WATCHES, expression: 'SUM(Users.AGE)' }] },
      "metrics[0].expression must be SAMPLECOUNT(), SUM(Interactions.COLUMN) or SUM(Items.COLUMN), got 'SUM(Users.AGE)'",
    ],
    [
      { metrics: [WATCHES, WATCHES] },
      "metrics[1].metricName must be unique in the metric attribution, got 'watches' twice",
    ],
    [
      { metrics: [{ ...WATCHES, eventType: '' }] },
      'metrics[0].eventType must be 1 to 256 characters long, got 0 characters',
    ],
    [
      { metrics: [{ ...WATCHES, metricName: 'm'.repeat(257) }] },
      'metrics[0].metricName must be 1 to 256 characters long, got 257 characters',
    ],
    [{ outputPrefix: 'reports/' }, "outputPrefix is only valid together with outputBucket, got 'reports/'"],
  ])('rejects %j', (props, message) => {
    expect(() => synthesize(props)).toThrow(`Test/Attribution: ${message}`);
  });

  test('rejects a prefix without a trailing slash', () => {
    const stack = newStack();
    const datasetGroup = new DatasetGroup(stack, 'Group', { datasetGroupName: 'movies' });
    const bucket = s3.Bucket.fromBucketName(stack, 'Reports', 'movie-reports');
    expect(
      () =>
        new MetricAttribution(stack, 'Attribution', {
          datasetGroup,
          metrics: [WATCHES],
          outputBucket: bucket,
          outputPrefix: 'reports',
        }),
    ).toThrow("Test/Attribution: outputPrefix must end with '/' and must not start with '/', got 'reports'");
  });

  test('rejects a second attribution', () => {
    const stack = newStack();
    const datasetGroup = new DatasetGroup(stack, 'Group', { datasetGroupName: 'movies' });
    new MetricAttribution(stack, 'First', { datasetGroup, metrics: [WATCHES] });
    expect(() => new MetricAttribution(stack, 'Second', { datasetGroup, metrics: [WATCHES] })).toThrow(
      'Test/Second: datasetGroup: a dataset group can have at most 1 metric attribution, got 2 for Test/Group (Test/First, Test/Second)',
    );
  });

  test('rejects a missing summed field at synth', () => {
    expect(() =>
      synthesize({ metrics: [{ eventType: 'watch', expression: 'SUM(Items.PRICE)', metricName: 'revenue' }] }),
    ).toThrow(
      'metrics[0].expression: the Items schema has no field PRICE (fields: ITEM_ID, GENRES, YEAR, CREATION_TIMESTAMP)',
    );
  });

  test('rejects a text summed field at synth', () => {
    expect(() =>
      synthesize({ metrics: [{ eventType: 'watch', expression: 'SUM(Items.GENRES)', metricName: 'genres' }] }),
    ).toThrow('metrics[0].expression: SUM needs a numeric field, but Items.GENRES has type string');
  });
});
