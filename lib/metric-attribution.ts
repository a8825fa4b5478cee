import { IResource, Resource, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CfnMetricAttribution } from 'aws-cdk-lib/aws-personalize';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { DatasetType } from '../schema/model';
import { IDatasetGroup } from './dataset-group';
import { checkName, generateName } from './private/names';
import { Problems } from './private/problems';
import { DatasetGroupRegistry } from './private/registry';

/** CreateMetricAttribution takes 1 to 10 metrics. */
export const MAX_METRIC_ATTRIBUTION_METRICS = 10;
/** Event types, expressions and metric names are at most 256 characters long. */
const MAX_MEMBER_LENGTH = 256;
const SUM_PATTERN = /^SUM\((Interactions|Items)\.([A-Za-z_][A-Za-z0-9_]*)\)$/i;
const SAMPLE_COUNT = 'SAMPLECOUNT()';
const NUMERIC_TYPES = new Set(['int', 'long', 'float', 'double']);

/** A Personalize metric attribution, which reports metrics of the events that follow recommendations. */
export interface IMetricAttribution extends IResource {
  /**
   * ARN of the metric attribution.
   *
   * @attribute
   */
  readonly metricAttributionArn: string;
}

/** One metric that a metric attribution reports. */
export interface MetricAttributionMetric {
  /** Event type whose events the metric counts or sums, for example `watch`. At most 256 characters. */
  readonly eventType: string;

  /**
   * `SAMPLECOUNT()`, which counts the events, or `SUM(Interactions.COLUMN)` or `SUM(Items.COLUMN)`, which sums a
   * numeric column of the Interactions or Items dataset over the events. At most 256 characters.
   */
  readonly expression: string;

  /** Name under which CloudWatch and S3 report the metric. At most 256 characters, unique in the attribution. */
  readonly metricName: string;
}

/** Properties of a `MetricAttribution`. */
export interface MetricAttributionProps {
  /** Dataset group whose events the metrics report. A dataset group has at most one metric attribution. */
  readonly datasetGroup: IDatasetGroup;

  /** Metrics to report, 1 to 10. */
  readonly metrics: MetricAttributionMetric[];

  /**
   * Name of the metric attribution: 1 to 63 letters, digits, `-` or `_`, starting with a letter or digit.
   *
   * @default - a name generated from the construct path
   */
  readonly metricAttributionName?: string;

  /**
   * Bucket that receives metric reports for bulk imports of interactions. Metrics of real-time events always go to
   * CloudWatch.
   *
   * @default - no S3 reports
   */
  readonly outputBucket?: s3.IBucket;

  /**
   * Key prefix of the reports in `outputBucket`, ending with `/`. Only valid together with `outputBucket`.
   *
   * @default 'metric-attribution/'
   */
  readonly outputPrefix?: string;

  /**
   * KMS key that encrypts the reports in `outputBucket`.
   *
   * @default - the bucket's encryption key, if it has one
   */
  readonly outputEncryptionKey?: kms.IKey;

  /**
   * Role that Personalize assumes to publish to CloudWatch and write to `outputBucket`.
   *
   * @default - a new role with `cloudwatch:PutMetricData`, and write access to the output prefix when
   * `outputBucket` is set
   */
  readonly role?: iam.IRole;
}

/** Metric attributions counted per dataset group object, against the service's quota of one. */
const attributionCounts = new WeakMap<object, MetricAttribution[]>();

/**
 * A metric attribution. Its metrics and output change in place (UpdateMetricAttribution); a new name or dataset
 * group replaces it. Each metric adds a monthly CloudWatch charge.
 *
 * @resource AWS::Personalize::MetricAttribution
 * @see https://docs.aws.amazon.com/personalize/latest/dg/measuring-recommendation-impact.html
 */
export class MetricAttribution extends Resource implements IMetricAttribution {
  /** Imports a metric attribution made outside this app. */
  public static fromMetricAttributionArn(
    scope: Construct,
    id: string,
    metricAttributionArn: string,
  ): IMetricAttribution {
    class Import extends Resource implements IMetricAttribution {
      public readonly metricAttributionArn = metricAttributionArn;
    }
    return new Import(scope, id, { environmentFromArn: metricAttributionArn });
  }

  public readonly metricAttributionArn: string;
  public readonly metricAttributionName: string;

  /** Role that Personalize assumes to publish the metrics. */
  public readonly role: iam.IRole;

  /** The underlying CloudFormation resource. */
  public readonly resource: CfnMetricAttribution;

  public constructor(scope: Construct, id: string, props: MetricAttributionProps) {
    super(scope, id);

    const prefix = props.outputPrefix ?? 'metric-attribution/';
    const problems = new Problems();
    checkName(problems, 'metricAttributionName', props.metricAttributionName);
    checkMetrics(problems, props.metrics);
    checkOutput(problems, props, prefix);
    checkQuota(problems, this, props.datasetGroup);
    problems.throwIfAny(this);

    this.role = props.role ?? this.createRole();
    this.role.addToPrincipalPolicy(
      // NOTE: PutMetricData takes no resource-level permissions, so it needs "*".
      new iam.PolicyStatement({ actions: ['cloudwatch:PutMetricData'], resources: ['*'] }),
    );
    const destination = props.outputBucket && this.grantOutput(props.outputBucket, prefix, props.outputEncryptionKey);

    this.metricAttributionName = props.metricAttributionName ?? generateName(this);
    this.resource = new CfnMetricAttribution(this, 'Resource', {
      name: this.metricAttributionName,
      datasetGroupArn: props.datasetGroup.datasetGroupArn,
      metrics: props.metrics.map((metric) => ({ ...metric })),
      metricsOutputConfig: { roleArn: this.role.roleArn, s3DataDestination: destination },
    });
    // CloudFormation must attach the role's policy before Personalize checks the role. The ARN reference already
    // orders the role itself, so only its default policy is added.
    const rolePolicy = this.role.node.tryFindChild('DefaultPolicy');
    if (rolePolicy !== undefined) {
      this.resource.node.addDependency(rolePolicy);
    }
    this.metricAttributionArn = this.resource.attrMetricAttributionArn;

    const registry = DatasetGroupRegistry.of(props.datasetGroup);
    registry.addDependant(this);
    this.node.addValidation({ validate: () => checkColumns(registry, props.metrics) });
  }

  private createRole(): iam.Role {
    return new iam.Role(this, 'Role', {
      description: 'Lets Amazon Personalize publish the metrics of a metric attribution',
      assumedBy: new iam.ServicePrincipal('personalize.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
  }

  private grantOutput(
    bucket: s3.IBucket,
    prefix: string,
    key: kms.IKey | undefined,
  ): CfnMetricAttribution.S3DataDestinationProperty {
    bucket.grantPut(this.role, `${prefix}*`);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
    );
    // Personalize also needs the bucket and key policies to allow it; both are skipped for imported resources.
    const service = new iam.ServicePrincipal('personalize.amazonaws.com');
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [service],
        actions: ['s3:PutObject', 's3:ListBucket'],
        resources: [bucket.bucketArn, bucket.arnForObjects(`${prefix}*`)],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    const encryptionKey = key ?? bucket.encryptionKey;
    encryptionKey?.grant(this.role, 'kms:GenerateDataKey', 'kms:Decrypt');
    encryptionKey?.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [service],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
      }),
    );
    return { path: `s3://${bucket.bucketName}/${prefix}`, kmsKeyArn: encryptionKey?.keyArn };
  }
}

function checkMetrics(problems: Problems, metrics: readonly MetricAttributionMetric[]): void {
  if (metrics.length < 1 || metrics.length > MAX_METRIC_ATTRIBUTION_METRICS) {
    problems.add(`metrics must contain 1 to ${MAX_METRIC_ATTRIBUTION_METRICS} metrics, got ${metrics.length}`);
  }
  const names = new Set<string>();
  metrics.forEach((metric, index) => {
    const at = `metrics[${index}]`;
    checkLength(problems, `${at}.eventType`, metric.eventType);
    checkLength(problems, `${at}.metricName`, metric.metricName);
    checkExpression(problems, `${at}.expression`, metric.expression);
    if (!Token.isUnresolved(metric.metricName)) {
      if (names.has(metric.metricName)) {
        problems.add(`${at}.metricName must be unique in the metric attribution, got '${metric.metricName}' twice`);
      }
      names.add(metric.metricName);
    }
  });
}

function checkLength(problems: Problems, prop: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (value.length < 1 || value.length > MAX_MEMBER_LENGTH) {
    problems.add(`${prop} must be 1 to ${MAX_MEMBER_LENGTH} characters long, got ${value.length} characters`);
  }
}

function checkExpression(problems: Problems, prop: string, expression: string): void {
  if (Token.isUnresolved(expression)) return;
  if (expression !== SAMPLE_COUNT && !SUM_PATTERN.test(expression)) {
    problems.add(`${prop} must be SAMPLECOUNT(), SUM(Interactions.COLUMN) or SUM(Items.COLUMN), got '${expression}'`);
  }
}

function checkOutput(problems: Problems, props: MetricAttributionProps, prefix: string): void {
  if (props.outputBucket === undefined) {
    if (props.outputPrefix !== undefined) {
      problems.add(`outputPrefix is only valid together with outputBucket, got '${props.outputPrefix}'`);
    }
    if (props.outputEncryptionKey !== undefined) {
      problems.add('outputEncryptionKey is only valid together with outputBucket, got a key and no outputBucket');
    }
    return;
  }
  if (!Token.isUnresolved(prefix) && (prefix.startsWith('/') || !prefix.endsWith('/'))) {
    problems.add(`outputPrefix must end with '/' and must not start with '/', got '${prefix}'`);
  }
}

function checkQuota(problems: Problems, attribution: MetricAttribution, datasetGroup: IDatasetGroup): void {
  const list = attributionCounts.get(datasetGroup) ?? [];
  list.push(attribution);
  attributionCounts.set(datasetGroup, list);
  if (list.length > 1) {
    problems.add(
      `datasetGroup: a dataset group can have at most 1 metric attribution, ` +
        `got ${list.length} for ${datasetGroup.node.path} (${list.map((item) => item.node.path).join(', ')})`,
    );
  }
}

/** Checks each summed column against the dataset schemas this app defines; runs at synth, after every dataset. */
function checkColumns(registry: DatasetGroupRegistry, metrics: readonly MetricAttributionMetric[]): string[] {
  const problems: string[] = [];
  metrics.forEach((metric, index) => {
    const match = Token.isUnresolved(metric.expression) ? null : SUM_PATTERN.exec(metric.expression);
    if (match === null) return;
    const datasetType = (match[1].toLowerCase() === 'items' ? 'Items' : 'Interactions') satisfies DatasetType;
    const schema = registry.dataset(datasetType)?.schema;
    if (schema === undefined) return;
    const field = schema.fields.find((candidate) => candidate.name === match[2]);
    const at = `metrics[${index}].expression`;
    if (field === undefined) {
      const known = schema.fields.map((candidate) => candidate.name).join(', ');
      problems.push(`${at}: the ${datasetType} schema has no field ${match[2]} (fields: ${known})`);
    } else if (!NUMERIC_TYPES.has(field.type)) {
      problems.push(`${at}: SUM needs a numeric field, but ${datasetType}.${field.name} has type ${field.type}`);
    }
  });
  return problems;
}
