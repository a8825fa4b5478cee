/**
 * Creates the MovieLens sample in a Personalize endpoint through the control-plane API, in the order a deployment does:
 * dataset group, schemas, datasets and their imports, solutions and their first versions, campaigns, filters and the
 * event tracker. `npm start` and the end-to-end tests run it against the local emulator.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateCampaignCommand,
  CreateDatasetCommand,
  CreateDatasetGroupCommand,
  CreateDatasetImportJobCommand,
  CreateEventTrackerCommand,
  CreateFilterCommand,
  CreateSchemaCommand,
  CreateSolutionCommand,
  CreateSolutionVersionCommand,
  DescribeCampaignCommand,
  DescribeDatasetCommand,
  DescribeDatasetGroupCommand,
  DescribeDatasetImportJobCommand,
  DescribeEventTrackerCommand,
  DescribeFilterCommand,
  DescribeSolutionCommand,
  DescribeSolutionVersionCommand,
  PersonalizeClient,
} from '@aws-sdk/client-personalize';
import { SAMPLE_DATA_DIR } from '../schema/sample-data';
import {
  DATASET_GROUP_NAME,
  EVENT_TRACKER_NAME,
  NAME_PREFIX,
  SAMPLE_FILTERS,
  SAMPLE_SOLUTIONS,
  filterResourceName,
} from '../lib/movielens-use-case';

/** The bucket name under which the emulator serves `data/movielens/`. */
export const SAMPLE_BUCKET = 'movielens-sample';

/** The ARNs and ids of the provisioned sample, as the Lambda handlers' environment needs them. */
export interface ProvisionedSample {
  readonly datasetGroupArn: string;
  readonly interactionsDatasetArn: string;
  readonly itemsDatasetArn: string;
  readonly trackingId: string;
  readonly campaignArns: Readonly<Record<keyof typeof SAMPLE_SOLUTIONS, string>>;
  /** Filter ARNs by API filter name. */
  readonly filterArns: Readonly<Record<string, string>>;
}

export interface ProvisionOptions {
  /** Called with a line of progress for each step. */
  readonly onProgress?: (message: string) => void;
  /** Time between Describe calls while a resource is being created. */
  readonly pollIntervalMs?: number;
  /** The upper bound on waiting for one resource. */
  readonly timeoutMs?: number;
}

/** The role Personalize would assume to read the bucket; the emulator records it but checks no permissions. */
const LOCAL_ROLE_ARN = 'arn:aws:iam::000000000000:role/personalize-local';

export async function provisionSample(
  client: PersonalizeClient,
  options: ProvisionOptions = {},
): Promise<ProvisionedSample> {
  const progress = options.onProgress ?? (() => undefined);
  const wait = (what: string, describe: () => Promise<StatusView | undefined>) =>
    waitUntilActive(what, describe, options);

  progress('creating the dataset group');
  const { datasetGroupArn } = await client.send(new CreateDatasetGroupCommand({ name: DATASET_GROUP_NAME }));
  await wait(
    'dataset group',
    async () => (await client.send(new DescribeDatasetGroupCommand({ datasetGroupArn }))).datasetGroup,
  );

  const interactionsDatasetArn = await createDataset(
    client,
    datasetGroupArn!,
    'Interactions',
    'interactions',
    progress,
    wait,
  );
  const itemsDatasetArn = await createDataset(client, datasetGroupArn!, 'Items', 'items', progress, wait);

  const campaignArns: Record<string, string> = {};
  for (const [key, sample] of Object.entries(SAMPLE_SOLUTIONS)) {
    progress(`training ${sample.solutionName} (${sample.recipe})`);
    const { solutionArn } = await client.send(
      new CreateSolutionCommand({
        name: sample.solutionName,
        datasetGroupArn,
        recipeArn: `arn:aws:personalize:::recipe/${sample.recipe}`,
        performAutoTraining: false,
      }),
    );
    await wait(`solution ${sample.solutionName}`, async () => {
      return (await client.send(new DescribeSolutionCommand({ solutionArn }))).solution;
    });
    const { solutionVersionArn } = await client.send(
      new CreateSolutionVersionCommand({ solutionArn, trainingMode: 'FULL' }),
    );
    await wait(`solution version of ${sample.solutionName}`, async () => {
      return (await client.send(new DescribeSolutionVersionCommand({ solutionVersionArn }))).solutionVersion;
    });

    progress(`deploying campaign ${sample.campaignName}`);
    const { campaignArn } = await client.send(
      new CreateCampaignCommand({ name: sample.campaignName, solutionVersionArn, minProvisionedTPS: 1 }),
    );
    await wait(
      `campaign ${sample.campaignName}`,
      async () => (await client.send(new DescribeCampaignCommand({ campaignArn }))).campaign,
    );
    campaignArns[key] = campaignArn!;
  }

  const filterArns: Record<string, string> = {};
  for (const [apiName, filterExpression] of Object.entries(SAMPLE_FILTERS)) {
    progress(`creating filter ${apiName}`);
    const { filterArn } = await client.send(
      new CreateFilterCommand({ name: filterResourceName(apiName), datasetGroupArn, filterExpression }),
    );
    await wait(`filter ${apiName}`, async () => (await client.send(new DescribeFilterCommand({ filterArn }))).filter);
    filterArns[apiName] = filterArn!;
  }

  progress('creating the event tracker');
  const { eventTrackerArn, trackingId } = await client.send(
    new CreateEventTrackerCommand({ name: EVENT_TRACKER_NAME, datasetGroupArn }),
  );
  await wait(
    'event tracker',
    async () => (await client.send(new DescribeEventTrackerCommand({ eventTrackerArn }))).eventTracker,
  );

  return {
    datasetGroupArn: datasetGroupArn!,
    interactionsDatasetArn,
    itemsDatasetArn,
    trackingId: trackingId!,
    campaignArns: campaignArns as ProvisionedSample['campaignArns'],
    filterArns,
  };
}

type Wait = (what: string, describe: () => Promise<StatusView | undefined>) => Promise<void>;

async function createDataset(
  client: PersonalizeClient,
  datasetGroupArn: string,
  datasetType: 'Interactions' | 'Items',
  fileStem: string,
  progress: (message: string) => void,
  wait: Wait,
): Promise<string> {
  progress(`importing ${fileStem}.csv`);
  const schema = readFileSync(join(SAMPLE_DATA_DIR, 'schemas', `${fileStem}.json`), 'utf8');
  const { schemaArn } = await client.send(new CreateSchemaCommand({ name: `${NAME_PREFIX}-${fileStem}`, schema }));
  const { datasetArn } = await client.send(
    new CreateDatasetCommand({ name: `${NAME_PREFIX}-${fileStem}`, datasetGroupArn, datasetType, schemaArn }),
  );
  await wait(
    `${fileStem} dataset`,
    async () => (await client.send(new DescribeDatasetCommand({ datasetArn }))).dataset,
  );
  const { datasetImportJobArn } = await client.send(
    new CreateDatasetImportJobCommand({
      jobName: `${NAME_PREFIX}-${fileStem}-import`,
      datasetArn,
      dataSource: { dataLocation: `s3://${SAMPLE_BUCKET}/${fileStem}.csv` },
      roleArn: LOCAL_ROLE_ARN,
      importMode: 'FULL',
    }),
  );
  await wait(`import of ${fileStem}.csv`, async () => {
    return (await client.send(new DescribeDatasetImportJobCommand({ datasetImportJobArn }))).datasetImportJob;
  });
  return datasetArn!;
}

interface StatusView {
  readonly status?: string;
  readonly failureReason?: string;
}

/** Polls `describe` until the resource is ACTIVE; throws with the service's failureReason when creation fails. */
async function waitUntilActive(
  what: string,
  describe: () => Promise<StatusView | undefined>,
  options: ProvisionOptions,
): Promise<void> {
  const interval = options.pollIntervalMs ?? 50;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    const view = await describe();
    if (view?.status === 'ACTIVE') return;
    if (view?.status === 'CREATE FAILED') {
      throw new Error(`creating the ${what} failed: ${view.failureReason ?? 'no failure reason given'}`);
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for the ${what} (last status ${view?.status ?? 'unknown'})`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
