/**
 * The sample application: movie recommendations on MovieLens, deployed as one stack. It contains an encrypted data
 * bucket with the sample CSV files and the whole Personalize graph: datasets and imports, three solutions with trained
 * versions and campaigns, filters and an event tracker. A weekly retraining workflow per campaign and the HTTP API
 * complete it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { SAMPLE_DATA_DIR } from '../schema/sample-data';
import { Campaign, Dataset, DatasetGroup, EventTracker, Filter, Recipe, Schema, Solution } from './index';
import { DatasetGroupTeardown } from './dataset-group-teardown';
import {
  DATASET_GROUP_NAME,
  EVENT_TRACKER_NAME,
  NAME_PREFIX,
  SAMPLE_FILTERS,
  SAMPLE_SOLUTIONS,
  filterResourceName,
  type SampleSolution,
} from './movielens-use-case';
import { RecommendationApi } from './recommendation-api';
import { RetrainingWorkflow } from './retraining-workflow';
import { SolutionVersion } from './solution-version';

/**
 * The SSM parameter path under which the stack publishes the current ARNs. Filters, solutions and event trackers are
 * replaced rather than updated, so apps outside the stack read the ARN here instead of keeping a copy.
 */
export const PARAMETER_PREFIX = `/personalize/${NAME_PREFIX}`;

export interface PersonalizeStackProps extends StackProps {
  /**
   * Whether the weekly retraining schedules start enabled. Each run trains three models, which Personalize bills.
   * @default false
   */
  readonly retrainingEnabled?: boolean;
}

/** Recipes of the sample's solutions, with their hyperparameters at the service defaults. */
const RECIPES: Readonly<Record<keyof typeof SAMPLE_SOLUTIONS, Recipe>> = {
  recommendations: Recipe.USER_PERSONALIZATION,
  relatedItems: Recipe.SIMS,
  ranking: Recipe.PERSONALIZED_RANKING,
};

export class PersonalizeStack extends Stack {
  public readonly api: RecommendationApi;
  public readonly dataBucket: s3.Bucket;
  public readonly campaigns: Readonly<Record<keyof typeof SAMPLE_SOLUTIONS, Campaign>>;

  public constructor(scope: Construct, id: string, props: PersonalizeStackProps = {}) {
    super(scope, id, props);

    const { bucket, upload } = this.createDataBucket();
    this.dataBucket = bucket;

    const datasetGroup = new DatasetGroup(this, 'DatasetGroup', { datasetGroupName: DATASET_GROUP_NAME });
    new DatasetGroupTeardown(this, 'Teardown', { datasetGroup });

    const datasets = this.createDatasets(datasetGroup, bucket);
    for (const dataset of Object.values(datasets)) dataset.node.addDependency(upload);

    const eventTracker = new EventTracker(this, 'EventTracker', { datasetGroup, eventTrackerName: EVENT_TRACKER_NAME });

    const filters: Record<string, Filter> = {};
    for (const [apiName, filterExpression] of Object.entries(SAMPLE_FILTERS)) {
      filters[apiName] = new Filter(this, `Filter-${apiName}`, {
        datasetGroup,
        filterName: filterResourceName(apiName),
        filterExpression,
      });
      filters[apiName].node.addDependency(datasets.interactions, datasets.items);
    }

    const campaigns: Partial<Record<keyof typeof SAMPLE_SOLUTIONS, Campaign>> = {};
    for (const key of Object.keys(SAMPLE_SOLUTIONS) as Array<keyof typeof SAMPLE_SOLUTIONS>) {
      campaigns[key] = this.createCampaign(
        key,
        SAMPLE_SOLUTIONS[key],
        datasetGroup,
        datasets,
        props.retrainingEnabled ?? false,
      );
    }
    this.campaigns = campaigns as Record<keyof typeof SAMPLE_SOLUTIONS, Campaign>;

    this.api = new RecommendationApi(this, 'Api', {
      recommendationsCampaignArn: this.campaigns.recommendations.campaignArn,
      relatedItemsCampaignArn: this.campaigns.relatedItems.campaignArn,
      rankingCampaignArn: this.campaigns.ranking.campaignArn,
      eventTrackingId: eventTracker.trackingId,
      itemsDatasetArn: datasets.items.datasetArn,
      filterArns: Object.fromEntries(Object.entries(filters).map(([name, filter]) => [name, filter.filterArn])),
    });

    this.publishArns({
      'campaigns/recommendations': this.campaigns.recommendations.campaignArn,
      'campaigns/related-items': this.campaigns.relatedItems.campaignArn,
      'campaigns/ranking': this.campaigns.ranking.campaignArn,
      'event-tracker/tracking-id': eventTracker.trackingId,
      'datasets/items': datasets.items.datasetArn,
      ...Object.fromEntries(Object.entries(filters).map(([name, filter]) => [`filters/${name}`, filter.filterArn])),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the recommendations API' });
    new CfnOutput(this, 'DataBucketName', {
      value: bucket.bucketName,
      description: 'Bucket with the imported CSV files',
    });
  }

  /** Writes each value to an SSM parameter under `PARAMETER_PREFIX` and to a stack output. */
  private publishArns(values: Readonly<Record<string, string>>): void {
    for (const [path, value] of Object.entries(values)) {
      const id = path.replace(/(^|[/-])([a-z])/g, (_match, _separator, letter: string) => letter.toUpperCase());
      new ssm.StringParameter(this, `${id}Parameter`, {
        parameterName: `${PARAMETER_PREFIX}/${path}`,
        stringValue: value,
        description: `Current value of ${path} for the MovieLens recommendations stack`,
      });
      new CfnOutput(this, id, { value, description: `Also in SSM parameter ${PARAMETER_PREFIX}/${path}` });
    }
  }

  /** An encrypted, TLS-only, versioned bucket with access logs, holding the sample CSV files under `movielens/`. */
  private createDataBucket(): { bucket: s3.Bucket; upload: s3deploy.BucketDeployment } {
    const accessLogs = new s3.Bucket(this, 'AccessLogBucket', {
      // Server access logs cannot be delivered to a bucket encrypted with a KMS key, so this one uses S3-managed keys.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const key = new kms.Key(this, 'DataKey', {
      enableKeyRotation: true,
      description: 'Encrypts the Personalize training data bucket',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const bucket = new s3.Bucket(this, 'DataBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'data-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const upload = new s3deploy.BucketDeployment(this, 'SampleData', {
      sources: [s3deploy.Source.asset(SAMPLE_DATA_DIR, { exclude: ['*', '!interactions.csv', '!items.csv'] })],
      destinationBucket: bucket,
      destinationKeyPrefix: `${NAME_PREFIX}/`,
      prune: false,
      memoryLimit: 512,
    });
    return { bucket, upload };
  }

  private createDatasets(datasetGroup: DatasetGroup, bucket: s3.IBucket): { interactions: Dataset; items: Dataset } {
    const readSchema = (name: string) => readFileSync(join(SAMPLE_DATA_DIR, 'schemas', `${name}.json`), 'utf8');
    const interactionsSchema = new Schema(this, 'InteractionsSchema', {
      schemaName: `${NAME_PREFIX}-interactions`,
      definition: Schema.fromAvro(readSchema('interactions'), 'Interactions'),
    });
    const itemsSchema = new Schema(this, 'ItemsSchema', {
      schemaName: `${NAME_PREFIX}-items`,
      definition: Schema.fromAvro(readSchema('items'), 'Items'),
    });
    const interactions = new Dataset(this, 'Interactions', {
      datasetGroup,
      schema: interactionsSchema,
      datasetName: `${NAME_PREFIX}-interactions`,
      importFrom: { bucket, key: `${NAME_PREFIX}/interactions.csv` },
    });
    const items = new Dataset(this, 'Items', {
      datasetGroup,
      schema: itemsSchema,
      datasetName: `${NAME_PREFIX}-items`,
      importFrom: { bucket, key: `${NAME_PREFIX}/items.csv` },
    });
    return { interactions, items };
  }

  /** A solution with automatic training off, its first trained version, its campaign and its retraining workflow. */
  private createCampaign(
    key: keyof typeof SAMPLE_SOLUTIONS,
    sample: SampleSolution,
    datasetGroup: DatasetGroup,
    datasets: { interactions: Dataset; items: Dataset },
    retrainingEnabled: boolean,
  ): Campaign {
    const prefix = key.charAt(0).toUpperCase() + key.slice(1);
    const solution = new Solution(this, `${prefix}Solution`, {
      datasetGroup,
      recipe: RECIPES[key],
      solutionName: sample.solutionName,
    });
    solution.node.addDependency(datasets.interactions, datasets.items);

    const version = new SolutionVersion(this, `${prefix}SolutionVersion`, { solution });
    const campaign = new Campaign(this, `${prefix}Campaign`, {
      solutionVersion: version,
      campaignName: sample.campaignName,
      minProvisionedTps: 1,
    });
    new RetrainingWorkflow(this, `${prefix}Retraining`, {
      solution,
      campaign,
      scheduleEnabled: retrainingEnabled,
      trainingTimeout: Duration.hours(12),
    });
    return campaign;
  }
}
