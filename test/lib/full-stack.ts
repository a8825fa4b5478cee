import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Campaign, Dataset, DatasetGroup, EventTracker, Field, Filter, Recipe, Schema, Solution } from '../../lib';

/** Builds one of every construct of the library, wired as an application would use them. */
export function addAllConstructs(stack: Stack) {
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const bucket = new s3.Bucket(stack, 'Data', {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  });

  const datasetGroup = new DatasetGroup(stack, 'Group', { datasetGroupName: 'movies', encryptionKey: key });
  const interactionsSchema = new Schema(stack, 'InteractionsSchema', {
    definition: Schema.interactions({ fields: [Field.eventType(), Field.eventValue(), Field.contextual('DEVICE')] }),
  });
  const itemsSchema = new Schema(stack, 'ItemsSchema', {
    definition: Schema.items({ fields: [Field.categorical('GENRES'), Field.int('YEAR'), Field.creationTimestamp()] }),
  });

  const interactions = new Dataset(stack, 'Interactions', {
    datasetGroup,
    schema: interactionsSchema,
    importFrom: { bucket, key: 'interactions/interactions.csv' },
  });
  const items = new Dataset(stack, 'Items', {
    datasetGroup,
    schema: itemsSchema,
    importFrom: { bucket, prefix: 'items/' },
  });

  const tracker = new EventTracker(stack, 'Tracker', { datasetGroup });
  const filter = new Filter(stack, 'Genre', {
    datasetGroup,
    filterExpression:
      'INCLUDE ItemID WHERE Items.GENRES IN ($GENRE) | EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("watch")',
  });

  const solution = new Solution(stack, 'ForYou', {
    datasetGroup,
    recipe: Recipe.userPersonalization({ maxUserHistoryLengthPercentile: 0.95 }),
    eventType: 'watch',
  });
  const similar = new Solution(stack, 'Similar', {
    datasetGroup,
    recipe: Recipe.sims(),
    hpo: {
      objective: 'precision_at_25',
      maxNumberOfTrainingJobs: 8,
      maxParallelTrainingJobs: 2,
      continuousRanges: [{ name: 'popularity_discount_factor', minValue: 0.1, maxValue: 0.9 }],
      integerRanges: [{ name: 'min_cointeraction_count', minValue: 1, maxValue: 6 }],
      categoricalRanges: [{ name: 'recency_mask', values: ['true', 'false'] }],
    },
    automaticTraining: { schedule: Duration.days(7) },
  });

  const campaign = new Campaign(stack, 'Campaign', {
    solutionVersion: {
      solutionVersionArn: stack.formatArn({
        service: 'personalize',
        resource: 'solution',
        resourceName: 'for-you/1a2b3c4d',
      }),
      solution,
    },
    explorationWeight: 0.2,
  });

  const api = new iam.Role(stack, 'ApiRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  campaign.grantGetRecommendations(api, filter);
  tracker.grantPutEvents(api);
  items.grantPutItems(api);

  return { datasetGroup, interactions, items, tracker, filter, solution, similar, campaign, api };
}
