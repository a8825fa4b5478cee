import {
  CreateEventTrackerCommand,
  CreateFilterCommand,
  DeleteDatasetCommand,
  DeleteDatasetGroupCommand,
  DeleteEventTrackerCommand,
  DeleteFilterCommand,
  DeleteSchemaCommand,
  DescribeDatasetCommand,
  DescribeDatasetGroupCommand,
  DescribeEventTrackerCommand,
  DescribeFilterCommand,
  DescribeSchemaCommand,
} from '@aws-sdk/client-personalize';
import { deployData, startHarness, stopHarness, waitForStatus, type Harness } from './fixtures';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await stopHarness(harness);
});

/** Polls a Describe call until it fails with ResourceNotFoundException. */
async function waitUntilGone(describe: () => Promise<string | undefined>): Promise<string[]> {
  return waitForStatus(() => describe().catch((error: Error) => error.name), ['ResourceNotFoundException']);
}

test('dataset group tears down in dependency order', async () => {
  const { control } = harness;
  const { datasetGroupArn, datasetArns, schemaArns } = await deployData(harness, 'teardown');
  const { eventTrackerArn } = await control.send(new CreateEventTrackerCommand({ name: 'tracker', datasetGroupArn }));
  const { filterArn } = await control.send(
    new CreateFilterCommand({
      name: 'unwatched',
      datasetGroupArn,
      filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("watch")',
    }),
  );
  await waitForStatus(async () => (await control.send(new DescribeFilterCommand({ filterArn }))).filter?.status);

  await control.send(new DeleteFilterCommand({ filterArn }));
  await control.send(new DeleteEventTrackerCommand({ eventTrackerArn }));
  await expect(control.send(new DeleteEventTrackerCommand({ eventTrackerArn }))).rejects.toMatchObject({
    name: 'ResourceInUseException',
    // The second delete may land in either delete status, depending on how soon it follows the first.
    message: expect.stringMatching(/^event tracker \S+ is being deleted \(status DELETE (PENDING|IN_PROGRESS)\)$/),
  });
  await waitUntilGone(async () => (await control.send(new DescribeFilterCommand({ filterArn }))).filter?.status);
  await waitUntilGone(
    async () => (await control.send(new DescribeEventTrackerCommand({ eventTrackerArn }))).eventTracker?.status,
  );

  for (const datasetArn of Object.values(datasetArns)) {
    await control.send(new DeleteDatasetCommand({ datasetArn }));
  }
  for (const datasetArn of Object.values(datasetArns)) {
    await waitUntilGone(async () => (await control.send(new DescribeDatasetCommand({ datasetArn }))).dataset?.status);
  }
  expect(harness.emulator.state.datasetGroup(datasetGroupArn).records.count('Interactions')).toBe(0);

  for (const schemaArn of Object.values(schemaArns)) {
    await control.send(new DeleteSchemaCommand({ schemaArn }));
    await expect(control.send(new DescribeSchemaCommand({ schemaArn }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  }

  await control.send(new DeleteDatasetGroupCommand({ datasetGroupArn }));
  const seen = await waitUntilGone(
    async () => (await control.send(new DescribeDatasetGroupCommand({ datasetGroupArn }))).datasetGroup?.status,
  );
  expect(seen[seen.length - 1]).toBe('ResourceNotFoundException');
  await expect(control.send(new DeleteDatasetGroupCommand({ datasetGroupArn }))).rejects.toMatchObject({
    name: 'ResourceNotFoundException',
    message: `dataset group ${datasetGroupArn} does not exist`,
    $metadata: { httpStatusCode: 404 },
  });
});
