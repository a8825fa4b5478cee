import { Stack } from 'aws-cdk-lib';
import { Dataset, DatasetGroup, Field, Schema } from '../../lib';

/** Creates a dataset group with Interactions (with EVENT_TYPE and EVENT_VALUE), Items and Users datasets. */
export function movieDatasets(stack: Stack) {
  const datasetGroup = new DatasetGroup(stack, 'Group', { datasetGroupName: 'movies' });
  const interactionsSchema = new Schema(stack, 'InteractionsSchema', {
    schemaName: 'movie-interactions',
    definition: Schema.interactions({ fields: [Field.eventType(), Field.eventValue()] }),
  });
  const itemsSchema = new Schema(stack, 'ItemsSchema', {
    schemaName: 'movie-items',
    definition: Schema.items({ fields: [Field.categorical('GENRES'), Field.int('YEAR'), Field.creationTimestamp()] }),
  });
  const usersSchema = new Schema(stack, 'UsersSchema', {
    schemaName: 'movie-users',
    definition: Schema.users({ fields: [Field.categorical('MEMBERSHIP')] }),
  });
  const interactions = new Dataset(stack, 'Interactions', { datasetGroup, schema: interactionsSchema });
  const items = new Dataset(stack, 'Items', { datasetGroup, schema: itemsSchema });
  const users = new Dataset(stack, 'Users', { datasetGroup, schema: usersSchema });
  return { datasetGroup, interactions, items, users, interactionsSchema, itemsSchema, usersSchema };
}
