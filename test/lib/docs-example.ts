import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Campaign, Dataset, DatasetGroup, EventTracker, Field, Filter, Recipe, Schema, Solution } from '../../lib';

export function addRecommendations(stack: Stack, apiRole: iam.IRole): Campaign {
  const datasetGroup = new DatasetGroup(stack, 'Group', { datasetGroupName: 'movies' });
  const bucket = s3.Bucket.fromBucketName(stack, 'Data', 'my-training-data');

  const interactionsSchema = new Schema(stack, 'InteractionsSchema', {
    definition: Schema.interactions({ fields: [Field.eventType(), Field.eventValue()] }),
  });
  new Dataset(stack, 'Interactions', {
    datasetGroup,
    schema: interactionsSchema,
    importFrom: { bucket, key: 'interactions.csv' },
  });
  const itemsSchema = new Schema(stack, 'ItemsSchema', {
    definition: Schema.items({ fields: [Field.categorical('GENRES'), Field.creationTimestamp()] }),
  });
  new Dataset(stack, 'Items', { datasetGroup, schema: itemsSchema, importFrom: { bucket, prefix: 'items/' } });

  const tracker = new EventTracker(stack, 'Tracker', { datasetGroup });
  const unwatched = new Filter(stack, 'Unwatched', {
    datasetGroup,
    filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("watch")',
  });
  const solution = new Solution(stack, 'ForYou', {
    datasetGroup,
    recipe: Recipe.userPersonalization({ recencyMask: false }),
    automaticTraining: { schedule: Duration.days(7) },
  });

  // A SolutionVersion construct (lib/solution-version.ts) trains the model; here it was trained elsewhere.
  const campaign = new Campaign(stack, 'Campaign', {
    solutionVersion: { solutionVersionArn: `${solution.solutionArn}/abcd1234`, solution },
    explorationWeight: 0.2,
  });
  campaign.grantGetRecommendations(apiRole, unwatched);
  tracker.grantPutEvents(apiRole);
  return campaign;
}
