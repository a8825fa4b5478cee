/** A small synthetic data set and the helpers that deploy it to an emulator through the real SDK clients. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateCampaignCommand,
  CreateDatasetCommand,
  CreateDatasetGroupCommand,
  CreateDatasetImportJobCommand,
  CreateSchemaCommand,
  CreateSolutionCommand,
  CreateSolutionVersionCommand,
  DescribeCampaignCommand,
  DescribeDatasetCommand,
  DescribeDatasetGroupCommand,
  DescribeDatasetImportJobCommand,
  DescribeSolutionCommand,
  DescribeSolutionVersionCommand,
  PersonalizeClient,
} from '@aws-sdk/client-personalize';
import { PersonalizeRuntimeClient } from '@aws-sdk/client-personalize-runtime';
import { PersonalizeEventsClient } from '@aws-sdk/client-personalize-events';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../emulator';

export const GENRES = ['Comedy', 'Drama', 'Action'];
export const USER_COUNT = 50;
export const ITEM_COUNT = 60;
/** The latest interaction timestamp of the synthetic data, in epoch seconds. */
export const BASE_TIME = 1_700_000_000;

export const INTERACTIONS_SCHEMA = JSON.stringify({
  type: 'record',
  name: 'Interactions',
  namespace: 'com.amazonaws.personalize.schema',
  fields: [
    { name: 'USER_ID', type: 'string' },
    { name: 'ITEM_ID', type: 'string' },
    { name: 'TIMESTAMP', type: 'long' },
    { name: 'EVENT_TYPE', type: 'string' },
    { name: 'DEVICE', type: ['null', 'string'], categorical: true },
  ],
  version: '1.0',
});

export const ITEMS_SCHEMA = JSON.stringify({
  type: 'record',
  name: 'Items',
  namespace: 'com.amazonaws.personalize.schema',
  fields: [
    { name: 'ITEM_ID', type: 'string' },
    { name: 'GENRES', type: 'string', categorical: true },
    { name: 'CREATION_TIMESTAMP', type: 'long' },
  ],
  version: '1.0',
});

export const USERS_SCHEMA = JSON.stringify({
  type: 'record',
  name: 'Users',
  namespace: 'com.amazonaws.personalize.schema',
  fields: [
    { name: 'USER_ID', type: 'string' },
    { name: 'MEMBERSHIP', type: ['null', 'string'], categorical: true },
  ],
  version: '1.0',
});

export function genreOf(itemId: string): string {
  return GENRES[Number(itemId.slice(1)) % GENRES.length];
}

/** Interactions where user `uN` mostly watches items of genre N mod 3, so each user has a clear taste. */
export function interactionRows(): string[] {
  const rows = ['USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE'];
  let time = BASE_TIME - 100_000;
  for (let user = 0; user < USER_COUNT; user++) {
    const liked = user % GENRES.length;
    for (let item = 0; item < ITEM_COUNT; item++) {
      const ownGenre = item % GENRES.length === liked;
      // 18 of the 20 items of the user's genre, and 7 of the others.
      const picked = ownGenre ? (item + user) % 10 !== 0 : (item + user) % 6 === 0;
      if (picked) rows.push(`u${user},i${item},${time++},watch`);
    }
  }
  return rows;
}

export function itemRows(): string[] {
  const rows = ['ITEM_ID,GENRES,CREATION_TIMESTAMP'];
  for (let item = 0; item < ITEM_COUNT; item++) {
    rows.push(`i${item},${GENRES[item % GENRES.length]},${BASE_TIME - 10_000_000}`);
  }
  return rows;
}

export function userRows(): string[] {
  const rows = ['USER_ID,MEMBERSHIP'];
  for (let user = 0; user < USER_COUNT; user++) rows.push(`u${user},${user % 2 === 0 ? 'gold' : 'basic'}`);
  return rows;
}

/** Writes the synthetic CSV files to a new directory that the tests map to the bucket `test-data`. */
export function writeBucket(): string {
  const directory = mkdtempSync(join(tmpdir(), 'emulator-bucket-'));
  writeFileSync(join(directory, 'interactions.csv'), interactionRows().join('\n') + '\n');
  writeFileSync(join(directory, 'items.csv'), itemRows().join('\n') + '\n');
  writeFileSync(join(directory, 'users.csv'), userRows().join('\n') + '\n');
  return directory;
}

export interface Harness {
  readonly emulator: Emulator;
  readonly control: PersonalizeClient;
  readonly runtime: PersonalizeRuntimeClient;
  readonly events: PersonalizeEventsClient;
  readonly bucket: string;
}

export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const bucket = writeBucket();
  const emulator = await createEmulator({
    statusDelayMs: 1,
    ...options,
    buckets: { 'test-data': bucket, ...options.buckets },
  });
  const config = { endpoint: emulator.url, region: 'us-east-1', maxAttempts: 1 };
  return {
    emulator,
    control: new PersonalizeClient(config),
    runtime: new PersonalizeRuntimeClient(config),
    events: new PersonalizeEventsClient(config),
    bucket,
  };
}

export async function stopHarness(harness: Harness): Promise<void> {
  harness.control.destroy();
  harness.runtime.destroy();
  harness.events.destroy();
  await harness.emulator.close();
  rmSync(harness.bucket, { recursive: true, force: true });
}

/**
 * Polls `read` until it returns one of `statuses`; returns every distinct status seen, in order. It polls quickly at
 * first so short statuses are seen, then every 20 ms; a status that never comes ends in Jest's test timeout.
 */
export async function waitForStatus(
  read: () => Promise<string | undefined>,
  statuses: readonly string[] = ['ACTIVE', 'CREATE FAILED'],
): Promise<string[]> {
  const seen: string[] = [];
  for (let attempt = 0; ; attempt++) {
    const status = (await read()) ?? 'undefined';
    if (seen[seen.length - 1] !== status) seen.push(status);
    if (statuses.includes(status)) return seen;
    await new Promise((resolve) => setTimeout(resolve, attempt < 500 ? 2 : 20));
  }
}

export interface Deployment {
  readonly datasetGroupArn: string;
  readonly datasetArns: Record<'Interactions' | 'Items' | 'Users', string>;
  readonly schemaArns: Record<'Interactions' | 'Items' | 'Users', string>;
}

/** Creates a dataset group with the three datasets and imports the synthetic CSV files into them. */
export async function deployData(harness: Harness, name = 'movies'): Promise<Deployment> {
  const { control } = harness;
  const group = await control.send(new CreateDatasetGroupCommand({ name }));
  const datasetGroupArn = group.datasetGroupArn!;
  await waitForStatus(
    async () => (await control.send(new DescribeDatasetGroupCommand({ datasetGroupArn }))).datasetGroup?.status,
  );
  const sources = {
    Interactions: [INTERACTIONS_SCHEMA, 'interactions.csv'],
    Items: [ITEMS_SCHEMA, 'items.csv'],
    Users: [USERS_SCHEMA, 'users.csv'],
  } as const;
  const datasetArns: Record<string, string> = {};
  const schemaArns: Record<string, string> = {};
  for (const [type, [schema, file]] of Object.entries(sources)) {
    const schemaArn = (await control.send(new CreateSchemaCommand({ name: `${name}-${type}`, schema }))).schemaArn!;
    const datasetArn = (
      await control.send(
        new CreateDatasetCommand({ name: `${name}-${type}`, schemaArn, datasetGroupArn, datasetType: type }),
      )
    ).datasetArn!;
    await waitForStatus(async () => (await control.send(new DescribeDatasetCommand({ datasetArn }))).dataset?.status);
    const job = await control.send(
      new CreateDatasetImportJobCommand({
        jobName: `${name}-${type}-import`,
        datasetArn,
        dataSource: { dataLocation: `s3://test-data/${file}` },
        roleArn: 'arn:aws:iam::000000000000:role/import',
      }),
    );
    const describeJob = () =>
      control.send(new DescribeDatasetImportJobCommand({ datasetImportJobArn: job.datasetImportJobArn }));
    const seen = await waitForStatus(async () => (await describeJob()).datasetImportJob?.status);
    if (seen[seen.length - 1] !== 'ACTIVE') {
      const reason = (await describeJob()).datasetImportJob?.failureReason ?? 'no failure reason';
      throw new Error(`import of ${file} failed (statuses ${seen.join(' > ')}): ${reason}`);
    }
    datasetArns[type] = datasetArn;
    schemaArns[type] = schemaArn;
  }
  return { datasetGroupArn, datasetArns, schemaArns } as Deployment;
}

/** Creates a solution of a recipe, trains a version and deploys it; returns the ARNs. */
export async function deployCampaign(
  harness: Harness,
  datasetGroupArn: string,
  name: string,
  recipe: string,
  campaignConfig?: Record<string, unknown>,
): Promise<{ solutionArn: string; solutionVersionArn: string; campaignArn: string }> {
  const { control } = harness;
  const solutionArn = (
    await control.send(
      new CreateSolutionCommand({
        name,
        datasetGroupArn,
        recipeArn: `arn:aws:personalize:::recipe/${recipe}`,
        performAutoTraining: false,
      }),
    )
  ).solutionArn!;
  await waitForStatus(async () => (await control.send(new DescribeSolutionCommand({ solutionArn }))).solution?.status);
  const solutionVersionArn = (await control.send(new CreateSolutionVersionCommand({ solutionArn })))
    .solutionVersionArn!;
  const trained = await waitForStatus(
    async () =>
      (await control.send(new DescribeSolutionVersionCommand({ solutionVersionArn }))).solutionVersion?.status,
  );
  if (trained[trained.length - 1] !== 'ACTIVE') throw new Error(`training ${name} failed`);
  const campaignArn = (
    await control.send(
      new CreateCampaignCommand({
        name,
        solutionVersionArn,
        minProvisionedTPS: 1,
        ...(campaignConfig ? { campaignConfig } : {}),
      }),
    )
  ).campaignArn!;
  await waitForStatus(async () => (await control.send(new DescribeCampaignCommand({ campaignArn }))).campaign?.status);
  return { solutionArn, solutionVersionArn, campaignArn };
}
