/**
 * Serves the List calls that the emulator lacks from the emulator's own state, and records every call
 * that changes state, so that teardown tests can run the real SDK client against the emulator.
 *
 * The emulator serves ListSolutionVersions itself. It has no recommenders or metric attributions, so their lists
 * are always empty. Every list here is one page.
 */
import { ResourceNotFoundException, type PersonalizeClient } from '@aws-sdk/client-personalize';
import type { EmulatorState } from '../../emulator';

type ListAnswer = (state: EmulatorState, input: Record<string, unknown>) => Record<string, unknown>;

function inGroup(input: Record<string, unknown>, datasetGroupArn: string): boolean {
  return input.datasetGroupArn === undefined || input.datasetGroupArn === datasetGroupArn;
}

function listCampaigns(state: EmulatorState, input: Record<string, unknown>): Record<string, unknown> {
  return {
    campaigns: [...state.campaigns.values()]
      .filter((campaign) => {
        const version = state.solutionVersions.get(campaign.settings.solutionVersionArn);
        return input.solutionArn === undefined || version?.solutionArn === input.solutionArn;
      })
      .map((campaign) => ({ campaignArn: campaign.arn, name: campaign.name, status: campaign.status })),
  };
}

const LIST_ANSWERS: Readonly<Record<string, ListAnswer>> = {
  ListSolutionsCommand: (state, input) => ({
    solutions: [...state.solutions.values()]
      .filter((solution) => inGroup(input, solution.datasetGroupArn))
      .map((solution) => ({ solutionArn: solution.arn, name: solution.name, status: solution.status })),
  }),
  ListCampaignsCommand: (state, input) => {
    if (typeof input.solutionArn === 'string' && !state.solutions.has(input.solutionArn)) {
      throw new ResourceNotFoundException({ message: `solution ${input.solutionArn} does not exist`, $metadata: {} });
    }
    return listCampaigns(state, input);
  },
  ListEventTrackersCommand: (state, input) => ({
    eventTrackers: [...state.eventTrackers.values()]
      .filter((tracker) => inGroup(input, tracker.datasetGroupArn))
      .map((tracker) => ({ eventTrackerArn: tracker.arn, name: tracker.name, status: tracker.status })),
  }),
  ListFiltersCommand: (state, input) => ({
    Filters: [...state.filters.values()]
      .filter((filter) => inGroup(input, filter.datasetGroupArn))
      .map((filter) => ({ filterArn: filter.arn, name: filter.name, status: filter.status })),
  }),
  ListDatasetsCommand: (state, input) => ({
    datasets: [...state.datasets.values()]
      .filter((dataset) => inGroup(input, dataset.datasetGroupArn))
      .map((dataset) => ({ datasetArn: dataset.arn, name: dataset.name, status: dataset.status })),
  }),
  ListRecommendersCommand: () => ({ recommenders: [] }),
  ListMetricAttributionsCommand: () => ({ metricAttributions: [] }),
};

/** One call that changes state, with the ARN it named and the emulator's resource counts just before it. */
export interface RecordedCall {
  readonly command: string;
  readonly arn: string;
  readonly before: ResourceCounts;
}

export interface ResourceCounts {
  readonly campaigns: number;
  readonly trainingVersions: number;
  readonly solutions: number;
  readonly eventTrackers: number;
  readonly filters: number;
  readonly datasets: number;
}

export function countResources(state: EmulatorState): ResourceCounts {
  const training = [...state.solutionVersions.values()].filter((version) =>
    ['CREATE PENDING', 'CREATE IN_PROGRESS', 'CREATE STOPPING'].includes(version.status),
  );
  return {
    campaigns: state.campaigns.size,
    trainingVersions: training.length,
    solutions: state.solutions.size,
    eventTrackers: state.eventTrackers.size,
    filters: state.filters.size,
    datasets: state.datasets.size,
  };
}

/**
 * Adds middleware to `client` that serves the List calls from `state` and records Delete and Stop calls.
 *
 * `failOn` makes the first call of that command fail before it reaches the emulator, to leave a teardown half done.
 * `staleSolutionArn` is added to ListSolutions responses, at most `staleListings` times and never after a delete of it
 * was sent, as if the solution had been deleted between that listing and the next call. `beforeList` runs before each List call that this middleware
 * serves. Those calls fail with not found for a dataset group that does not exist.
 */
export function attachListCalls(
  client: PersonalizeClient,
  state: EmulatorState,
  options: {
    failOn?: string;
    staleSolutionArn?: string;
    staleListings?: number;
    beforeList?: (command: string) => void;
  } = {},
): RecordedCall[] {
  const calls: RecordedCall[] = [];
  let failOn = options.failOn;
  let staleListings = options.staleListings ?? 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? '';
      const input = args.input as Record<string, unknown>;
      const answer = LIST_ANSWERS[command];
      if (answer !== undefined) {
        options.beforeList?.(command);
        const groupArn = input.datasetGroupArn;
        if (typeof groupArn === 'string' && !state.datasetGroups.has(groupArn)) {
          throw new ResourceNotFoundException({ message: `dataset group ${groupArn} does not exist`, $metadata: {} });
        }
        const output = answer(state, input);
        if (command === 'ListSolutionsCommand' && options.staleSolutionArn !== undefined && staleListings > 0) {
          staleListings--;
          const solutions = output.solutions as Record<string, unknown>[];
          output.solutions = [...solutions, { solutionArn: options.staleSolutionArn, status: 'ACTIVE' }];
        }
        return { output: { $metadata: {}, ...output }, response: {} };
      }
      if (command === failOn) {
        failOn = undefined;
        throw new Error(`injected failure of ${command}`);
      }
      if (command.startsWith('Delete') || command.startsWith('StopSolutionVersion')) {
        const arn = Object.entries(input).find(([key]) => key.endsWith('Arn'))?.[1];
        if (arn === options.staleSolutionArn) staleListings = 0;
        calls.push({ command: command.replace(/Command$/, ''), arn: String(arn), before: countResources(state) });
      }
      return next(args);
    },
    { step: 'initialize', name: 'teardownListCalls' },
  );
  return calls;
}
