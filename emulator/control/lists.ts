/**
 * The List operations. Each returns summaries newest first and pages with `nextToken`. A parent ARN that does not
 * exist gives an empty list, because the service models declare no ResourceNotFoundException for these calls; only
 * ListSolutionVersions declares one.
 */
import { statusMembers, type OperationContext } from '../context';
import { ServiceError } from '../errors';
import type { CampaignEntry, TrackedResource } from '../state';
import { MemberChecks, OPTIONAL_ARN_RULE } from '../validation';

/** The service's largest page size, which the emulator also uses when `maxResults` is absent. */
const MAX_RESULTS = 100;

interface PageRequest {
  readonly parentArn?: string;
  readonly nextToken?: string;
  readonly maxResults: number;
}

/** Checks the paging members and the optional parent ARN member. */
export function readPageRequest(body: Record<string, unknown>, parentMember?: string): PageRequest {
  const checks = new MemberChecks();
  const parentArn =
    parentMember === undefined ? undefined : checks.string(body[parentMember], parentMember, OPTIONAL_ARN_RULE);
  const nextToken = checks.string(body.nextToken, 'nextToken', { maxLength: 1500 });
  const maxResults = checks.number(body.maxResults, 'maxResults', { integer: true, min: 1, max: MAX_RESULTS });
  checks.throwIfInvalid();
  return {
    ...(parentArn === undefined ? {} : { parentArn }),
    ...(nextToken === undefined ? {} : { nextToken }),
    maxResults: maxResults ?? MAX_RESULTS,
  };
}

/** Returns one page of `entries` (oldest first, as the registry keeps them) as `{ [member]: summaries, nextToken }`. */
export function page<T>(
  entries: readonly T[],
  request: PageRequest,
  member: string,
  summarize: (entry: T) => Record<string, unknown>,
): Record<string, unknown> {
  const newestFirst = [...entries].reverse();
  const start = request.nextToken === undefined ? 0 : Number(request.nextToken);
  if (!Number.isInteger(start) || start < 0 || start > newestFirst.length) {
    throw new ServiceError(
      'InvalidNextTokenException',
      `nextToken: '${request.nextToken}' is not a token this call returned`,
    );
  }
  const slice = newestFirst.slice(start, start + request.maxResults);
  const end = start + slice.length;
  return { [member]: slice.map(summarize), ...(end < newestFirst.length ? { nextToken: String(end) } : {}) };
}

function summary(resource: TrackedResource, arnMember: string): Record<string, unknown> {
  return { name: resource.name, [arnMember]: resource.arn, ...statusMembers(resource) };
}

export function listDatasetGroups(context: OperationContext, body: Record<string, unknown>): unknown {
  const request = readPageRequest(body);
  return page([...context.state.datasetGroups.values()], request, 'datasetGroups', (group) =>
    summary(group, 'datasetGroupArn'),
  );
}

export function listSchemas(context: OperationContext, body: Record<string, unknown>): unknown {
  const request = readPageRequest(body);
  return page([...context.state.schemas.values()], request, 'schemas', (schema) => ({
    name: schema.name,
    schemaArn: schema.arn,
    creationDateTime: schema.creationDateTime,
    lastUpdatedDateTime: schema.creationDateTime,
  }));
}

export function listDatasets(context: OperationContext, body: Record<string, unknown>): unknown {
  const request = readPageRequest(body, 'datasetGroupArn');
  const datasets = [...context.state.datasets.values()].filter(
    (dataset) => request.parentArn === undefined || dataset.datasetGroupArn === request.parentArn,
  );
  return page(datasets, request, 'datasets', (dataset) => ({
    ...summary(dataset, 'datasetArn'),
    datasetType: dataset.datasetType,
  }));
}

export function listDatasetImportJobs(context: OperationContext, body: Record<string, unknown>): unknown {
  const request = readPageRequest(body, 'datasetArn');
  const jobs = [...context.state.importJobs.values()].filter(
    (job) => request.parentArn === undefined || job.datasetArn === request.parentArn,
  );
  return page(jobs, request, 'datasetImportJobs', (job) => ({
    jobName: job.name,
    datasetImportJobArn: job.arn,
    importMode: job.importMode,
    ...statusMembers(job),
  }));
}

export function listSolutions(context: OperationContext, body: Record<string, unknown>): unknown {
  const request = readPageRequest(body, 'datasetGroupArn');
  const solutions = [...context.state.solutions.values()].filter(
    (solution) => request.parentArn === undefined || solution.datasetGroupArn === request.parentArn,
  );
  return page(solutions, request, 'solutions', (solution) => ({
    ...summary(solution, 'solutionArn'),
    recipeArn: solution.recipeArn,
  }));
}

export function listCampaigns(context: OperationContext, body: Record<string, unknown>): unknown {
  const request = readPageRequest(body, 'solutionArn');
  const campaigns = [...context.state.campaigns.values()].filter(
    (campaign) => request.parentArn === undefined || campaignSolution(context, campaign) === request.parentArn,
  );
  return page(campaigns, request, 'campaigns', (campaign) => summary(campaign, 'campaignArn'));
}

export function listFilters(context: OperationContext, body: Record<string, unknown>): unknown {
  const request = readPageRequest(body, 'datasetGroupArn');
  const filters = [...context.state.filters.values()].filter(
    (filter) => request.parentArn === undefined || filter.datasetGroupArn === request.parentArn,
  );
  // The service model spells this response member with a capital F.
  return page(filters, request, 'Filters', (filter) => ({
    ...summary(filter, 'filterArn'),
    datasetGroupArn: filter.datasetGroupArn,
  }));
}

export function listEventTrackers(context: OperationContext, body: Record<string, unknown>): unknown {
  const request = readPageRequest(body, 'datasetGroupArn');
  const trackers = [...context.state.eventTrackers.values()].filter(
    (tracker) => request.parentArn === undefined || tracker.datasetGroupArn === request.parentArn,
  );
  return page(trackers, request, 'eventTrackers', (tracker) => summary(tracker, 'eventTrackerArn'));
}

/** Lists recommenders, of which the emulator has none, so teardown code that lists them works unchanged. */
export function listRecommenders(_context: OperationContext, body: Record<string, unknown>): unknown {
  return page([], readPageRequest(body, 'datasetGroupArn'), 'recommenders', () => ({}));
}

/** Lists metric attributions, of which the emulator has none. */
export function listMetricAttributions(_context: OperationContext, body: Record<string, unknown>): unknown {
  return page([], readPageRequest(body, 'datasetGroupArn'), 'metricAttributions', () => ({}));
}

function campaignSolution(context: OperationContext, campaign: CampaignEntry): string | undefined {
  return context.state.solutionVersions.get(campaign.settings.solutionVersionArn)?.solutionArn;
}
