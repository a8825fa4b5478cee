import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import {
  createHandlers,
  type IsCompleteRequest,
  type IsCompleteResponse,
} from '../../lambda/lifecycle/dataset-import-resource';
import { deployData, startHarness, stopHarness, type Deployment, type Harness } from '../emulator/fixtures';

const MAX_POLLS = 2000;
const BUCKET = 'import-data';
const ROLE_ARN = 'arn:aws:iam::000000000000:role/import';
const SERVICE_TOKEN = 'arn:aws:lambda:us-east-1:000000000000:function:provider';

type Properties = Record<string, string>;

function baseEvent(properties: Properties, requestId: string) {
  return {
    ServiceToken: SERVICE_TOKEN,
    ResponseURL: 'https://example.invalid/response',
    StackId: 'arn:aws:cloudformation:us-east-1:000000000000:stack/test/1',
    RequestId: requestId,
    LogicalResourceId: 'ItemsImport',
    ResourceType: 'Custom::PersonalizeDatasetImportJob',
    ResourceProperties: { ServiceToken: SERVICE_TOKEN, ...properties },
  };
}

function createEvent(properties: Properties, requestId = 'create-1'): CloudFormationCustomResourceEvent {
  return { ...baseEvent(properties, requestId), RequestType: 'Create' };
}

function updateEvent(
  physicalId: string,
  properties: Properties,
  old: Properties,
  requestId = 'update-1',
): CloudFormationCustomResourceEvent {
  return {
    ...baseEvent(properties, requestId),
    RequestType: 'Update',
    PhysicalResourceId: physicalId,
    OldResourceProperties: { ServiceToken: SERVICE_TOKEN, ...old },
  };
}

function deleteEvent(physicalId: string, properties: Properties): CloudFormationCustomResourceEvent {
  return { ...baseEvent(properties, 'delete-1'), RequestType: 'Delete', PhysicalResourceId: physicalId };
}

/** Runs an event the way the Provider framework does: onEvent once, then isComplete until it reports completion. */
async function run(
  harness: Harness,
  event: CloudFormationCustomResourceEvent,
): Promise<{ physicalId: string; completion: IsCompleteResponse }> {
  const { onEvent, isComplete } = createHandlers(harness.control);
  const response = await onEvent(event);
  const request: IsCompleteRequest = { ...event, ...response };
  for (let polls = 1; polls <= MAX_POLLS; polls++) {
    const completion = await isComplete(request);
    if (completion.IsComplete) return { physicalId: response.PhysicalResourceId, completion };
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`import ${response.PhysicalResourceId} did not complete in ${MAX_POLLS} polls`);
}

function writeFile(directory: string, key: string, rows: string[]): void {
  const file = join(directory, key);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, rows.join('\n') + '\n');
}

describe('dataset import job handlers against the emulator', () => {
  let harness: Harness;
  let bucketDirectory: string;
  let deployment: Deployment;

  function properties(location: string, mode: 'FULL' | 'INCREMENTAL', name?: string): Properties {
    return {
      DatasetArn: deployment.datasetArns.Items,
      DataLocation: `s3://${BUCKET}/${location}`,
      ImportMode: mode,
      RoleArn: ROLE_ARN,
      ...(name === undefined ? { JobNamePrefix: 'Test-ItemsImport' } : { JobName: name }),
    };
  }

  function items() {
    return harness.emulator.state.datasetGroup(deployment.datasetGroupArn).records;
  }

  beforeEach(async () => {
    bucketDirectory = mkdtempSync(join(tmpdir(), 'import-bucket-'));
    writeFile(bucketDirectory, 'full/items.csv', [
      'ITEM_ID,GENRES,CREATION_TIMESTAMP',
      'i1,Comedy,1600000000',
      'i2,Drama,1600000000',
      'i3,Action,1600000000',
    ]);
    writeFile(bucketDirectory, 'more/part-1.csv', ['ITEM_ID,GENRES,CREATION_TIMESTAMP', 'i3,Comedy,1600000001']);
    writeFile(bucketDirectory, 'more/part-2.csv', ['ITEM_ID,GENRES,CREATION_TIMESTAMP', 'i4,Drama,1600000002']);
    writeFile(bucketDirectory, 'bad/items.csv', [
      'ITEM_ID,GENRES,CREATION_TIMESTAMP',
      'i1,Comedy,1600000000',
      'i2,Drama',
    ]);
    harness = await startHarness({ buckets: { [BUCKET]: bucketDirectory } });
    deployment = await deployData(harness);
  });

  afterEach(async () => {
    await stopHarness(harness);
    rmSync(bucketDirectory, { recursive: true, force: true });
  });

  test('full then incremental import', async () => {
    expect(items().count('Items')).toBe(60);

    const full = properties('full/items.csv', 'FULL');
    const created = await run(harness, createEvent(full));

    expect(created.physicalId).toMatch(
      /^arn:aws:personalize:us-east-1:\d{12}:dataset-import-job\/Test-ItemsImport-[0-9a-f]{8}$/,
    );
    expect(created.completion.Data).toEqual({
      JobName: created.physicalId.split('/')[1],
      DatasetImportJobArn: created.physicalId,
    });
    expect(items().count('Items')).toBe(3);
    expect(items().item('i3')?.fields.GENRES).toBe('Action');

    const incremental = properties('more/', 'INCREMENTAL');
    const updated = await run(harness, updateEvent(created.physicalId, incremental, full));

    expect(updated.physicalId).not.toBe(created.physicalId);
    expect(harness.emulator.state.importJob(updated.physicalId).importMode).toBe('INCREMENTAL');
    expect(items().count('Items')).toBe(4);
    expect(items().item('i1')?.fields.GENRES).toBe('Comedy');
    expect(items().item('i3')?.fields.GENRES).toBe('Comedy');
    expect(items().item('i4')?.fields.GENRES).toBe('Drama');
  });

  test('bad CSV fails with the line', async () => {
    const event = createEvent(properties('bad/items.csv', 'FULL'));
    const { onEvent } = createHandlers(harness.control);
    const { PhysicalResourceId } = await onEvent(event);

    const file = join(bucketDirectory, 'bad', 'items.csv');
    await expect(run(harness, event)).rejects.toThrow(
      `dataset import job ${PhysicalResourceId} failed: ${file}: invalid CSV: line 3: expected 3 values as in the ` +
        'header, received 2; correct the data and deploy again, with a new jobName if the construct sets one',
    );
    expect(items().count('Items')).toBe(60);
  });

  test('longest prefix gives a valid name', async () => {
    const event = createEvent({ ...properties('full/items.csv', 'FULL'), JobNamePrefix: 'p'.repeat(54) });

    const { physicalId } = await run(harness, event);

    const jobName = physicalId.split('/')[1];
    expect(jobName).toMatch(/^p{54}-[0-9a-f]{8}$/);
    expect(harness.emulator.state.importJob(physicalId).status).toBe('ACTIVE');
  });

  test('repeated create finds its own job', async () => {
    const event = createEvent(properties('full/items.csv', 'FULL'));
    const jobsBefore = harness.emulator.state.importJobs.size;

    const first = await run(harness, event);
    const second = await run(harness, event);

    expect(second.physicalId).toBe(first.physicalId);
    expect(harness.emulator.state.importJobs.size).toBe(jobsBefore + 1);
  });

  test('new create request gets a new job', async () => {
    const full = properties('full/items.csv', 'FULL');

    const first = await run(harness, createEvent(full, 'create-1'));
    const second = await run(harness, createEvent(full, 'create-2'));

    expect(second.physicalId).not.toBe(first.physicalId);
  });

  test('unchanged update keeps the job', async () => {
    const full = properties('full/items.csv', 'FULL');
    const created = await run(harness, createEvent(full));
    const jobsBefore = harness.emulator.state.importJobs.size;

    const updated = await run(harness, updateEvent(created.physicalId, full, full));

    expect(updated.physicalId).toBe(created.physicalId);
    expect(harness.emulator.state.importJobs.size).toBe(jobsBefore);
  });

  test('fixed name with new inputs conflicts', async () => {
    const full = properties('full/items.csv', 'FULL', 'items-import');
    const created = await run(harness, createEvent(full));
    const changed = properties('more/', 'INCREMENTAL', 'items-import');

    await expect(run(harness, updateEvent(created.physicalId, changed, full))).rejects.toThrow(
      `dataset import job items-import already exists with other inputs (dataset ${deployment.datasetArns.Items}, ` +
        `location s3://${BUCKET}/full/items.csv, mode FULL); job names are unique per account and region and ` +
        'import jobs cannot be deleted, so set a new jobName, or leave jobName unset to generate one',
    );
  });

  test('delete leaves job and records', async () => {
    const full = properties('full/items.csv', 'FULL');
    const created = await run(harness, createEvent(full));
    const jobsBefore = harness.emulator.state.importJobs.size;

    const deleted = await run(harness, deleteEvent(created.physicalId, full));

    expect(deleted.physicalId).toBe(created.physicalId);
    expect(harness.emulator.state.importJob(created.physicalId).status).toBe('ACTIVE');
    expect(harness.emulator.state.importJobs.size).toBe(jobsBefore);
    expect(items().count('Items')).toBe(3);
  });

  test('invalid old properties start a new job', async () => {
    const full = properties('full/items.csv', 'FULL');
    const created = await run(harness, createEvent(full));

    const updated = await run(harness, updateEvent(created.physicalId, full, { ...full, ImportMode: 'APPEND' }));

    expect(updated.physicalId).not.toBe(created.physicalId);
    expect(harness.emulator.state.importJob(updated.physicalId).status).toBe('ACTIVE');
  });

  const invalidProperties: Array<[string, Properties, string]> = [
    ['mode', { ImportMode: 'APPEND' }, `ImportMode must be 'FULL' or 'INCREMENTAL', received "APPEND"`],
    ['dataset', { DatasetArn: 'items' }, 'DatasetArn must be a dataset ARN, received "items"'],
    [
      'location',
      { DataLocation: 'https://example.com/items.csv' },
      'DataLocation must be an s3://BUCKET/KEY location, received "https://example.com/items.csv"',
    ],
    ['role', { RoleArn: 'import' }, 'RoleArn must be an IAM role ARN, received "import"'],
    ['both names', { JobName: 'items-import' }, 'exactly one of JobName and JobNamePrefix must be set, received both'],
    [
      'prefix length',
      { JobNamePrefix: 'p'.repeat(55) },
      `JobNamePrefix must be a prefix of 1 to 54 characters, received "${'p'.repeat(55)}"`,
    ],
  ];

  test.each(invalidProperties)('invalid %s is rejected', async (_name, override, message) => {
    const { onEvent } = createHandlers(harness.control);
    const event = createEvent({ ...properties('full/items.csv', 'FULL'), ...override });

    await expect(onEvent(event)).rejects.toThrow(message);
  });
});
