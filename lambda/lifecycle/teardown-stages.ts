/**
 * Deletes the resources of a dataset group in the order the service requires, one stage per call.
 *
 * Every call reads the current state from the service, so a call can repeat after any failure. Each stage lists what
 * is left, starts a delete for each resource not yet deleting, and reports the stage as pending until the list is
 * empty. A `ResourceNotFoundException` on delete means the resource is gone. A `ResourceInUseException` means that
 * it is already deleting or still has a dependant that is deleting, so the stage waits.
 */
import {
  DeleteCampaignCommand,
  DeleteDatasetCommand,
  DeleteDatasetGroupCommand,
  DeleteEventTrackerCommand,
  DeleteFilterCommand,
  DeleteMetricAttributionCommand,
  DeleteRecommenderCommand,
  DeleteSchemaCommand,
  DeleteSolutionCommand,
  DescribeDatasetCommand,
  DescribeDatasetGroupCommand,
  ListCampaignsCommand,
  ListDatasetsCommand,
  ListEventTrackersCommand,
  ListFiltersCommand,
  ListMetricAttributionsCommand,
  ListRecommendersCommand,
  ListSolutionsCommand,
  ListSolutionVersionsCommand,
  PersonalizeClient,
  ResourceInUseException,
  ResourceNotFoundException,
  StopSolutionVersionCreationCommand,
} from '@aws-sdk/client-personalize';

/** Stages in the order they run. */
export type TeardownStage =
  | 'campaigns and recommenders'
  | 'training solution versions'
  | 'solutions'
  | 'event trackers'
  | 'filters'
  | 'metric attributions'
  | 'datasets'
  | 'schemas'
  | 'dataset group'
  | 'done';

/** The dataset group to tear down, and how far. */
export interface TeardownTarget {
  readonly datasetGroupArn: string;
  /** Leaves the datasets, their schemas and the dataset group in place. */
  readonly retainDatasets: boolean;
  /** Schemas to delete once the datasets are gone; a schema that another dataset still uses is kept. */
  readonly schemaArns: readonly string[];
}

/** The outcome of one teardown call. */
export interface TeardownProgress {
  /** True once every stage has finished. */
  readonly complete: boolean;
  /** The stage that is still pending, or `done`. */
  readonly stage: TeardownStage;
  /** ARNs of the resources the pending stage waits for. */
  readonly waitingFor: readonly string[];
}

/** A resource as a List call returns it. */
interface Listed {
  readonly arn: string;
  readonly status?: string;
}

/** Statuses in which StopSolutionVersionCreation applies. */
const TRAINING_STATUSES = new Set(['CREATE PENDING', 'CREATE IN_PROGRESS']);
const DELETING_STATUSES = new Set(['DELETE PENDING', 'DELETE IN_PROGRESS']);

/** Reads every page of a paginated List call. */
async function listAll<T>(
  fetchPage: (nextToken: string | undefined) => Promise<{ items?: T[]; nextToken?: string }>,
): Promise<T[]> {
  const all: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await fetchPage(nextToken);
    all.push(...(page.items ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return all;
}

/** Reads every page of a List call scoped to one solution, which is empty once the solution is gone. */
async function listAllOfSolution<T>(
  fetchPage: (nextToken: string | undefined) => Promise<{ items?: T[]; nextToken?: string }>,
): Promise<T[]> {
  try {
    return await listAll(fetchPage);
  } catch (error) {
    // The solution was deleted between ListSolutions and this call.
    if (error instanceof ResourceNotFoundException) return [];
    throw error;
  }
}

function listed(arn: string | undefined, status: string | undefined): Listed[] {
  return arn === undefined ? [] : [{ arn, status }];
}

/** Runs `call`, counting a missing resource as success and a resource in use as a reason to wait. */
async function tolerate(call: () => Promise<unknown>): Promise<'done' | 'in-use'> {
  try {
    await call();
    return 'done';
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return 'done';
    if (error instanceof ResourceInUseException) return 'in-use';
    throw error;
  }
}

/** Starts deletes for the listed resources that are not yet deleting, and returns the ARNs still present. */
async function deleteEach(resources: readonly Listed[], remove: (arn: string) => Promise<unknown>): Promise<string[]> {
  for (const resource of resources) {
    if (!DELETING_STATUSES.has(resource.status ?? '')) {
      await tolerate(() => remove(resource.arn));
    }
  }
  return resources.map((resource) => resource.arn);
}

async function listSolutions(client: PersonalizeClient, datasetGroupArn: string): Promise<Listed[]> {
  const summaries = await listAll(async (nextToken) => {
    const page = await client.send(new ListSolutionsCommand({ datasetGroupArn, nextToken }));
    return { items: page.solutions, nextToken: page.nextToken };
  });
  return summaries.flatMap((summary) => listed(summary.solutionArn, summary.status));
}

async function listCampaigns(client: PersonalizeClient, solutionArn: string): Promise<Listed[]> {
  const summaries = await listAllOfSolution(async (nextToken) => {
    const page = await client.send(new ListCampaignsCommand({ solutionArn, nextToken }));
    return { items: page.campaigns, nextToken: page.nextToken };
  });
  return summaries.flatMap((summary) => listed(summary.campaignArn, summary.status));
}

async function deleteCampaignsAndRecommenders(client: PersonalizeClient, datasetGroupArn: string): Promise<string[]> {
  const campaigns: Listed[] = [];
  for (const solution of await listSolutions(client, datasetGroupArn)) {
    campaigns.push(...(await listCampaigns(client, solution.arn)));
  }
  const recommenders = await listAll(async (nextToken) => {
    const page = await client.send(new ListRecommendersCommand({ datasetGroupArn, nextToken }));
    return { items: page.recommenders, nextToken: page.nextToken };
  });
  return [
    ...(await deleteEach(campaigns, (arn) => client.send(new DeleteCampaignCommand({ campaignArn: arn })))),
    ...(await deleteEach(
      recommenders.flatMap((summary) => listed(summary.recommenderArn, summary.status)),
      (arn) => client.send(new DeleteRecommenderCommand({ recommenderArn: arn })),
    )),
  ];
}

/** Stops every version still training and returns the versions that are training or stopping. */
async function stopTraining(client: PersonalizeClient, datasetGroupArn: string): Promise<string[]> {
  const waitingFor: string[] = [];
  for (const solution of await listSolutions(client, datasetGroupArn)) {
    const versions = await listAllOfSolution(async (nextToken) => {
      const page = await client.send(new ListSolutionVersionsCommand({ solutionArn: solution.arn, nextToken }));
      return { items: page.solutionVersions, nextToken: page.nextToken };
    });
    for (const version of versions) {
      const arn = version.solutionVersionArn;
      if (arn === undefined) continue;
      if (TRAINING_STATUSES.has(version.status ?? '')) {
        // In use here means the version left the training statuses since it was listed.
        await tolerate(() => client.send(new StopSolutionVersionCreationCommand({ solutionVersionArn: arn })));
        waitingFor.push(arn);
      } else if (version.status === 'CREATE STOPPING') {
        waitingFor.push(arn);
      }
    }
  }
  return waitingFor;
}

async function deleteSolutions(client: PersonalizeClient, datasetGroupArn: string): Promise<string[]> {
  const solutions = await listSolutions(client, datasetGroupArn);
  return deleteEach(solutions, (arn) => client.send(new DeleteSolutionCommand({ solutionArn: arn })));
}

async function deleteEventTrackers(client: PersonalizeClient, datasetGroupArn: string): Promise<string[]> {
  const trackers = await listAll(async (nextToken) => {
    const page = await client.send(new ListEventTrackersCommand({ datasetGroupArn, nextToken }));
    return { items: page.eventTrackers, nextToken: page.nextToken };
  });
  return deleteEach(
    trackers.flatMap((summary) => listed(summary.eventTrackerArn, summary.status)),
    (arn) => client.send(new DeleteEventTrackerCommand({ eventTrackerArn: arn })),
  );
}

async function deleteFilters(client: PersonalizeClient, datasetGroupArn: string): Promise<string[]> {
  const filters = await listAll(async (nextToken) => {
    const page = await client.send(new ListFiltersCommand({ datasetGroupArn, nextToken }));
    return { items: page.Filters, nextToken: page.nextToken };
  });
  return deleteEach(
    filters.flatMap((summary) => listed(summary.filterArn, summary.status)),
    (arn) => client.send(new DeleteFilterCommand({ filterArn: arn })),
  );
}

async function deleteMetricAttributions(client: PersonalizeClient, datasetGroupArn: string): Promise<string[]> {
  const attributions = await listAll(async (nextToken) => {
    const page = await client.send(new ListMetricAttributionsCommand({ datasetGroupArn, nextToken }));
    return { items: page.metricAttributions, nextToken: page.nextToken };
  });
  return deleteEach(
    attributions.flatMap((summary) => listed(summary.metricAttributionArn, summary.status)),
    (arn) => client.send(new DeleteMetricAttributionCommand({ metricAttributionArn: arn })),
  );
}

async function listDatasets(client: PersonalizeClient, datasetGroupArn: string): Promise<Listed[]> {
  const summaries = await listAll(async (nextToken) => {
    const page = await client.send(new ListDatasetsCommand({ datasetGroupArn, nextToken }));
    return { items: page.datasets, nextToken: page.nextToken };
  });
  return summaries.flatMap((summary) => listed(summary.datasetArn, summary.status));
}

async function deleteDatasets(client: PersonalizeClient, datasetGroupArn: string): Promise<string[]> {
  const datasets = await listDatasets(client, datasetGroupArn);
  return deleteEach(datasets, (arn) => client.send(new DeleteDatasetCommand({ datasetArn: arn })));
}

/** Returns the schema ARN of each dataset in the group, without duplicates. */
export async function schemasInUse(client: PersonalizeClient, datasetGroupArn: string): Promise<string[]> {
  const schemaArns = new Set<string>();
  let datasets: Listed[];
  try {
    datasets = await listDatasets(client, datasetGroupArn);
  } catch (error) {
    // A dataset group that does not exist has no datasets.
    if (error instanceof ResourceNotFoundException) return [];
    throw error;
  }
  for (const dataset of datasets) {
    try {
      const described = await client.send(new DescribeDatasetCommand({ datasetArn: dataset.arn }));
      const schemaArn = described.dataset?.schemaArn;
      if (schemaArn !== undefined) schemaArns.add(schemaArn);
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
  return [...schemaArns];
}

/** Deletes each schema; a schema that another dataset still uses stays, which DeleteSchema reports as in use. */
async function deleteSchemas(client: PersonalizeClient, schemaArns: readonly string[]): Promise<string[]> {
  for (const schemaArn of schemaArns) {
    await tolerate(() => client.send(new DeleteSchemaCommand({ schemaArn })));
  }
  return [];
}

/** Returns the dataset group's status, or undefined when it does not exist. */
async function datasetGroupStatus(client: PersonalizeClient, datasetGroupArn: string): Promise<string | undefined> {
  try {
    const described = await client.send(new DescribeDatasetGroupCommand({ datasetGroupArn }));
    return described.datasetGroup?.status ?? 'UNKNOWN';
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function deleteDatasetGroup(client: PersonalizeClient, datasetGroupArn: string): Promise<string[]> {
  const status = await datasetGroupStatus(client, datasetGroupArn);
  if (status === undefined) return [];
  if (!DELETING_STATUSES.has(status)) {
    await tolerate(() => client.send(new DeleteDatasetGroupCommand({ datasetGroupArn })));
  }
  return [datasetGroupArn];
}

type StageRun = (client: PersonalizeClient, target: TeardownTarget) => Promise<string[]>;

/** Stages before the datasets: these always run. */
const RESOURCE_STAGES: readonly (readonly [TeardownStage, StageRun])[] = [
  ['campaigns and recommenders', (client, target) => deleteCampaignsAndRecommenders(client, target.datasetGroupArn)],
  ['training solution versions', (client, target) => stopTraining(client, target.datasetGroupArn)],
  ['solutions', (client, target) => deleteSolutions(client, target.datasetGroupArn)],
  ['event trackers', (client, target) => deleteEventTrackers(client, target.datasetGroupArn)],
  ['filters', (client, target) => deleteFilters(client, target.datasetGroupArn)],
  ['metric attributions', (client, target) => deleteMetricAttributions(client, target.datasetGroupArn)],
];

/** Stages that `retainDatasets` skips. */
const DATA_STAGES: readonly (readonly [TeardownStage, StageRun])[] = [
  ['datasets', (client, target) => deleteDatasets(client, target.datasetGroupArn)],
  ['schemas', (client, target) => deleteSchemas(client, target.schemaArns)],
  ['dataset group', (client, target) => deleteDatasetGroup(client, target.datasetGroupArn)],
];

/**
 * Runs the first stage that has resources left, and reports whether the teardown is complete.
 *
 * A dataset group that does not exist counts as torn down.
 */
export async function teardownStep(client: PersonalizeClient, target: TeardownTarget): Promise<TeardownProgress> {
  if ((await datasetGroupStatus(client, target.datasetGroupArn)) === undefined) {
    return { complete: true, stage: 'done', waitingFor: [] };
  }
  const stages = target.retainDatasets ? RESOURCE_STAGES : [...RESOURCE_STAGES, ...DATA_STAGES];
  for (const [stage, run] of stages) {
    let waitingFor: string[];
    try {
      waitingFor = await run(client, target);
    } catch (error) {
      // A List call for a dataset group that finished deleting after the status check above.
      const groupDeleted = error instanceof ResourceNotFoundException && !(await datasetGroupExists(client, target));
      if (groupDeleted) return { complete: true, stage: 'done', waitingFor: [] };
      throw error;
    }
    if (waitingFor.length > 0) {
      return { complete: false, stage, waitingFor };
    }
  }
  return { complete: true, stage: 'done', waitingFor: [] };
}

async function datasetGroupExists(client: PersonalizeClient, target: TeardownTarget): Promise<boolean> {
  return (await datasetGroupStatus(client, target.datasetGroupArn)) !== undefined;
}
