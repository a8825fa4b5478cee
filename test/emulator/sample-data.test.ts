import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateDatasetCommand,
  CreateDatasetGroupCommand,
  CreateDatasetImportJobCommand,
  CreateSchemaCommand,
  DescribeDatasetCommand,
  DescribeDatasetGroupCommand,
  DescribeDatasetImportJobCommand,
} from '@aws-sdk/client-personalize';
import { GetRecommendationsCommand } from '@aws-sdk/client-personalize-runtime';
import { SAMPLE_DATA_DIR } from '../../schema';
import { deployCampaign, startHarness, stopHarness, waitForStatus, type Harness } from './fixtures';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ buckets: { 'sample-data': SAMPLE_DATA_DIR } });
});

afterAll(async () => {
  await stopHarness(harness);
});

async function importSample(datasetGroupArn: string, type: 'Interactions' | 'Items'): Promise<void> {
  const { control } = harness;
  const file = type.toLowerCase();
  const schema = readFileSync(join(SAMPLE_DATA_DIR, 'schemas', `${file}.json`), 'utf8');
  const { schemaArn } = await control.send(new CreateSchemaCommand({ name: `sample-${file}`, schema }));
  const { datasetArn } = await control.send(
    new CreateDatasetCommand({ name: `sample-${file}`, schemaArn, datasetGroupArn, datasetType: type }),
  );
  await waitForStatus(async () => (await control.send(new DescribeDatasetCommand({ datasetArn }))).dataset?.status);
  const { datasetImportJobArn } = await control.send(
    new CreateDatasetImportJobCommand({
      jobName: `sample-${file}`,
      datasetArn,
      dataSource: { dataLocation: `s3://sample-data/${file}.csv` },
    }),
  );
  const seen = await waitForStatus(
    async () =>
      (await control.send(new DescribeDatasetImportJobCommand({ datasetImportJobArn }))).datasetImportJob?.status,
  );
  expect(seen[seen.length - 1]).toBe('ACTIVE');
}

test('bundled sample data imports, trains and recommends', async () => {
  const { datasetGroupArn } = await harness.control.send(new CreateDatasetGroupCommand({ name: 'movielens' }));
  await waitForStatus(
    async () => (await harness.control.send(new DescribeDatasetGroupCommand({ datasetGroupArn }))).datasetGroup?.status,
  );
  await importSample(datasetGroupArn!, 'Interactions');
  await importSample(datasetGroupArn!, 'Items');
  const records = harness.emulator.state.datasetGroup(datasetGroupArn!).records;
  const expectedRows = readFileSync(join(SAMPLE_DATA_DIR, 'interactions.csv'), 'utf8').trim().split('\n').length - 1;
  expect(records.count('Interactions')).toBe(expectedRows);

  const { campaignArn } = await deployCampaign(harness, datasetGroupArn!, 'movielens-user', 'aws-user-personalization');
  const userId = records.snapshot().interactions[0].userId;
  const response = await harness.runtime.send(new GetRecommendationsCommand({ campaignArn, userId, numResults: 10 }));
  expect(response.itemList).toHaveLength(10);
  expect(response.itemList!.every((item) => records.item(item.itemId!) !== undefined)).toBe(true);
});
