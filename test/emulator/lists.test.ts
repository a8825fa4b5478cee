import {
  CreateEventTrackerCommand,
  CreateFilterCommand,
  ListCampaignsCommand,
  ListDatasetGroupsCommand,
  ListDatasetImportJobsCommand,
  ListDatasetsCommand,
  ListEventTrackersCommand,
  ListFiltersCommand,
  ListMetricAttributionsCommand,
  ListRecommendersCommand,
  ListSchemasCommand,
  ListSolutionsCommand,
  ListSolutionVersionsCommand,
} from '@aws-sdk/client-personalize';
import { deployCampaign, deployData, startHarness, stopHarness, type Deployment, type Harness } from './fixtures';

let harness: Harness;
let deployment: Deployment;
let deployed: { solutionArn: string; solutionVersionArn: string; campaignArn: string };
let filterArn: string;
let eventTrackerArn: string;

beforeAll(async () => {
  harness = await startHarness();
  deployment = await deployData(harness);
  deployed = await deployCampaign(harness, deployment.datasetGroupArn, 'popular', 'aws-popularity-count');
  const { datasetGroupArn } = deployment;
  filterArn = (
    await harness.control.send(
      new CreateFilterCommand({
        name: 'unwatched',
        datasetGroupArn,
        filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("watch")',
      }),
    )
  ).filterArn!;
  eventTrackerArn = (await harness.control.send(new CreateEventTrackerCommand({ name: 'tracker', datasetGroupArn })))
    .eventTrackerArn!;
});

afterAll(async () => {
  await stopHarness(harness);
});

test('datasets list with their types', async () => {
  const { datasets } = await harness.control.send(
    new ListDatasetsCommand({ datasetGroupArn: deployment.datasetGroupArn }),
  );
  expect(datasets!.map((dataset) => [dataset.datasetArn, dataset.datasetType, dataset.status])).toEqual([
    [deployment.datasetArns.Users, 'Users', 'ACTIVE'],
    [deployment.datasetArns.Items, 'Items', 'ACTIVE'],
    [deployment.datasetArns.Interactions, 'Interactions', 'ACTIVE'],
  ]);
});

test('pages follow nextToken', async () => {
  const first = await harness.control.send(new ListSchemasCommand({ maxResults: 2 }));
  expect(first.schemas).toHaveLength(2);
  expect(first.nextToken).toBeDefined();
  const second = await harness.control.send(new ListSchemasCommand({ maxResults: 2, nextToken: first.nextToken }));
  expect(second.schemas).toHaveLength(1);
  expect(second.nextToken).toBeUndefined();
  const all = [...first.schemas!, ...second.schemas!].map((schema) => schema.schemaArn).sort();
  expect(all).toEqual(Object.values(deployment.schemaArns).sort());
});

test('children list under their parent', async () => {
  const { datasetGroupArn } = deployment;
  const groups = await harness.control.send(new ListDatasetGroupsCommand({}));
  const solutions = await harness.control.send(new ListSolutionsCommand({ datasetGroupArn }));
  const versions = await harness.control.send(new ListSolutionVersionsCommand({ solutionArn: deployed.solutionArn }));
  const campaigns = await harness.control.send(new ListCampaignsCommand({ solutionArn: deployed.solutionArn }));
  const filters = await harness.control.send(new ListFiltersCommand({ datasetGroupArn }));
  const trackers = await harness.control.send(new ListEventTrackersCommand({ datasetGroupArn }));
  const imports = await harness.control.send(
    new ListDatasetImportJobsCommand({ datasetArn: deployment.datasetArns.Items }),
  );
  expect(groups.datasetGroups!.map((group) => group.datasetGroupArn)).toEqual([datasetGroupArn]);
  expect(solutions.solutions!.map((solution) => [solution.solutionArn, solution.recipeArn])).toEqual([
    [deployed.solutionArn, 'arn:aws:personalize:::recipe/aws-popularity-count'],
  ]);
  expect(versions.solutionVersions!.map((version) => version.solutionVersionArn)).toEqual([
    deployed.solutionVersionArn,
  ]);
  expect(campaigns.campaigns!.map((campaign) => campaign.campaignArn)).toEqual([deployed.campaignArn]);
  expect(filters.Filters!.map((filter) => filter.filterArn)).toEqual([filterArn]);
  expect(trackers.eventTrackers!.map((tracker) => tracker.eventTrackerArn)).toEqual([eventTrackerArn]);
  expect(imports.datasetImportJobs!.map((job) => [job.jobName, job.status, job.importMode])).toEqual([
    ['movies-Items-import', 'ACTIVE', 'FULL'],
  ]);
});

test('unknown parent gives an empty list', async () => {
  const { campaigns } = await harness.control.send(
    new ListCampaignsCommand({ solutionArn: 'arn:aws:personalize:us-east-1:000000000000:solution/none' }),
  );
  expect(campaigns).toEqual([]);
});

test('recommenders and metric attributions list empty', async () => {
  const { datasetGroupArn } = deployment;
  const recommenders = await harness.control.send(new ListRecommendersCommand({ datasetGroupArn }));
  const attributions = await harness.control.send(new ListMetricAttributionsCommand({ datasetGroupArn }));
  expect(recommenders.recommenders).toEqual([]);
  expect(attributions.metricAttributions).toEqual([]);
});

test('maxResults over 100 is rejected', async () => {
  await expect(harness.control.send(new ListDatasetGroupsCommand({ maxResults: 101 }))).rejects.toMatchObject({
    name: 'InvalidInputException',
    message:
      "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100",
  });
});
