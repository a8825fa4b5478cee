/** The runtime API: GetRecommendations and GetPersonalizedRanking against a campaign's trained model. */
import { randomUUID } from 'node:crypto';
import type { ExplorationSettings, Model, ScoredItem } from '../scorer/types';
import type { OperationContext } from './context';
import { invalidInput, ServiceError, type ErrorType } from './errors';
import type { CampaignEntry, SolutionEntry } from './state';
import { MemberChecks, OPTIONAL_ARN_RULE } from './validation';

const ID_RULE = { maxLength: 256 };
/** The service's defaults for User-Personalization campaigns without an itemExplorationConfig. */
const DEFAULT_EXPLORATION: ExplorationSettings = { explorationWeight: 0.3, explorationItemAgeCutOffDays: 30 };
const MAX_RESULTS_WITH_METADATA = 50;

interface CommonRequest {
  readonly campaign: CampaignEntry;
  readonly solution: SolutionEntry;
  readonly model: Model;
  readonly userId?: string;
  readonly accept?: (itemId: string) => boolean;
  readonly context?: Record<string, string>;
  readonly metadataColumns?: string[];
}

export function getRecommendations(context: OperationContext, body: Record<string, unknown>): unknown {
  const checks = new MemberChecks();
  const itemId = checks.string(body.itemId, 'itemId', ID_RULE);
  const numResults = checks.number(body.numResults, 'numResults', { integer: true, min: 0, max: 500 }) ?? 25;
  checks.string(body.recommenderArn, 'recommenderArn', OPTIONAL_ARN_RULE);
  checks.list(body.promotions, 'promotions', { maxLength: 1 });
  const common = readCommon(context, checks, body);
  checkRecommendationRequest(body, common, itemId, numResults);

  const recipe = common.solution.recipe;
  const items =
    numResults === 0
      ? []
      : runModel(() =>
          common.model.recommend({
            ...(recipe === 'aws-sims' ? { itemId } : { userId: common.userId }),
            numResults,
            ...(common.accept === undefined ? {} : { accept: common.accept }),
            ...(common.context === undefined ? {} : { context: common.context }),
            ...explorationOf(common),
          }),
        );
  return { itemList: items.map((item) => present(context, common, item)), recommendationId: newRecommendationId() };
}

/** Rejects what GetRecommendations cannot serve: unemulated members and ids the campaign's recipe does not take. */
function checkRecommendationRequest(
  body: Record<string, unknown>,
  common: CommonRequest,
  itemId: string | undefined,
  numResults: number,
): void {
  if (body.recommenderArn !== undefined) {
    throw invalidInput('recommenderArn: recommenders are not emulated; deploy a campaign and send campaignArn');
  }
  if (body.promotions !== undefined) throw invalidInput('promotions: not emulated; leave promotions out');
  if (common.metadataColumns !== undefined && numResults > MAX_RESULTS_WITH_METADATA) {
    throw invalidInput(
      `numResults: at most ${MAX_RESULTS_WITH_METADATA} when metadataColumns is set; received ${numResults}`,
    );
  }

  const recipe = common.solution.recipe;
  if (recipe.startsWith('aws-personalized-ranking')) {
    throw invalidInput(
      `campaignArn: campaigns of recipe ${recipe} serve GetPersonalizedRanking, not GetRecommendations`,
    );
  }
  if (recipe === 'aws-sims' && itemId === undefined) {
    throw invalidInput(`itemId: required for campaigns of recipe ${recipe}`);
  }
  if (recipe !== 'aws-sims' && common.userId === undefined) {
    throw invalidInput(`userId: required for campaigns of recipe ${recipe}`);
  }
}

export function getPersonalizedRanking(context: OperationContext, body: Record<string, unknown>): unknown {
  const checks = new MemberChecks();
  const inputList = checks.list(body.inputList, 'inputList', { required: true, maxLength: 500 });
  inputList?.forEach((itemId, index) =>
    checks.string(itemId, `inputList.${index + 1}.member`, { ...ID_RULE, required: true }),
  );
  if (body.userId === undefined) checks.fail('userId', undefined, 'not be null');
  const common = readCommon(context, checks, body);
  const recipe = common.solution.recipe;
  if (!recipe.startsWith('aws-personalized-ranking')) {
    throw invalidInput(
      `campaignArn: campaigns of recipe ${recipe} serve GetRecommendations; ranking needs aws-personalized-ranking`,
    );
  }
  const items = runModel(() =>
    common.model.rank({
      userId: common.userId!,
      inputList: inputList as string[],
      ...(common.accept === undefined ? {} : { accept: common.accept }),
      ...(common.context === undefined ? {} : { context: common.context }),
    }),
  );
  return {
    personalizedRanking: items.map((item) => present(context, common, item)),
    recommendationId: newRecommendationId(),
  };
}

/** Checks the members both calls share and resolves the campaign, its model and the bound filter. */
function readCommon(context: OperationContext, checks: MemberChecks, body: Record<string, unknown>): CommonRequest {
  const campaignArn = checks.string(body.campaignArn, 'campaignArn', OPTIONAL_ARN_RULE);
  const userId = checks.string(body.userId, 'userId', ID_RULE);
  const filterArn = checks.string(body.filterArn, 'filterArn', OPTIONAL_ARN_RULE);
  const filterValues = checks.stringMap(body.filterValues, 'filterValues', {}, {}, {});
  const requestContext = checks.stringMap(
    body.context,
    'context',
    { maxLength: 150 },
    { maxLength: 150, pattern: '[A-Za-z\\d_]+' },
    { maxLength: 1000 },
  );
  const metadataColumns = readMetadataColumns(checks, body.metadataColumns);
  checks.throwIfInvalid();

  if (campaignArn === undefined) {
    throw invalidInput(
      body.recommenderArn === undefined
        ? 'campaignArn: required; send the ARN of an ACTIVE campaign'
        : 'recommenderArn: recommenders are not emulated; send campaignArn',
    );
  }
  const campaign = servingCampaign(context, campaignArn);
  const version = context.state.solutionVersion(campaign.settings.solutionVersionArn);
  const solution = context.state.solution(version.solutionArn);
  if (metadataColumns !== undefined && campaign.settings.campaignConfig?.enableMetadataWithRecommendations !== true) {
    throw invalidInput(
      `metadataColumns: campaign ${campaign.arn} was created without campaignConfig.enableMetadataWithRecommendations`,
    );
  }

  const accept = bindFilter(context, solution.datasetGroupArn, filterArn, filterValues, userId);
  return {
    campaign,
    solution,
    model: version.model!,
    ...(userId === undefined ? {} : { userId }),
    ...(accept === undefined ? {} : { accept }),
    ...(requestContext === undefined ? {} : { context: requestContext }),
    ...(metadataColumns === undefined ? {} : { metadataColumns }),
  };
}

function servingCampaign(context: OperationContext, campaignArn: string): CampaignEntry {
  const campaign = context.state.campaign(campaignArn);
  if (campaign.status !== 'ACTIVE') {
    throw new ServiceError(
      'ResourceNotFoundException',
      `campaign ${campaign.arn} is ${campaign.status}; it serves requests once it is ACTIVE`,
    );
  }
  return campaign;
}

function bindFilter(
  context: OperationContext,
  groupArn: string,
  filterArn: string | undefined,
  filterValues: Record<string, string> | undefined,
  userId: string | undefined,
): ((itemId: string) => boolean) | undefined {
  if (filterArn === undefined) {
    if (filterValues !== undefined) throw invalidInput('filterValues: sent without a filterArn to apply them to');
    return undefined;
  }
  const filter = context.state.filter(filterArn);
  if (filter.datasetGroupArn !== groupArn) {
    throw invalidInput(`filterArn: filter ${filter.arn} belongs to another dataset group than the campaign`);
  }
  if (filter.status !== 'ACTIVE') {
    throw invalidInput(`filterArn: filter ${filter.arn} is ${filter.status}; it applies once it is ACTIVE`);
  }
  const data = context.state.datasetGroup(groupArn).records;
  try {
    return filter.compiled.bind({
      ...(filterValues === undefined ? {} : { filterValues }),
      ...(userId === undefined ? {} : { userId }),
      data,
    });
  } catch (error) {
    const errorType = (error as { errorType?: unknown }).errorType;
    if (errorType === 'InvalidInputException' || errorType === 'ValidationException') {
      throw new ServiceError(errorType as ErrorType, (error as Error).message);
    }
    throw error;
  }
}

/** The only `metadataColumns` key the service documents: `ITEMS`, for the Items dataset's columns. */
const METADATA_COLUMNS_KEY = 'ITEMS';

/** Reads metadataColumns; only the Items dataset has metadata columns. */
function readMetadataColumns(checks: MemberChecks, value: unknown): string[] | undefined {
  const map = checks.map(value, 'metadataColumns', { maxLength: 1 });
  if (map === undefined) return undefined;
  const unknownKeys = Object.keys(map).filter((key) => key !== METADATA_COLUMNS_KEY);
  if (unknownKeys.length > 0) {
    throw invalidInput(
      `metadataColumns: the only key is ${METADATA_COLUMNS_KEY}, for the Items dataset; received ${unknownKeys.join(', ')}`,
    );
  }
  const path = `metadataColumns.${METADATA_COLUMNS_KEY}`;
  const columns = checks.list(map[METADATA_COLUMNS_KEY], path, { required: true, maxLength: 99 });
  columns?.forEach((column, index) =>
    checks.string(column, `${path}.${index + 1}.member`, { required: true, maxLength: 150 }),
  );
  return columns as string[] | undefined;
}

function explorationOf(request: CommonRequest): { exploration?: ExplorationSettings } {
  if (!request.solution.recipe.startsWith('aws-user-personalization')) return {};
  const config = request.campaign.settings.campaignConfig?.itemExplorationConfig as Record<string, string> | undefined;
  return {
    exploration: {
      explorationWeight:
        config?.explorationWeight === undefined
          ? DEFAULT_EXPLORATION.explorationWeight
          : Number(config.explorationWeight),
      explorationItemAgeCutOffDays:
        config?.explorationItemAgeCutOff === undefined
          ? DEFAULT_EXPLORATION.explorationItemAgeCutOffDays
          : Number(config.explorationItemAgeCutOff),
    },
  };
}

/** Turns the scorer's request errors into the service's InvalidInputException. */
function runModel(call: () => ScoredItem[]): ScoredItem[] {
  try {
    return call();
  } catch (error) {
    if (error instanceof Error && error.name === 'InvalidInputError') throw invalidInput(error.message);
    throw error;
  }
}

function present(context: OperationContext, request: CommonRequest, item: ScoredItem): Record<string, unknown> {
  const result: Record<string, unknown> = { itemId: item.itemId };
  if (request.model.returnsScores && item.score !== undefined) result.score = item.score;
  if (request.metadataColumns !== undefined) {
    const record = context.state.datasetGroup(request.solution.datasetGroupArn).records.item(item.itemId);
    const metadata: Record<string, string> = {};
    for (const column of request.metadataColumns) {
      const value = record?.fields[column];
      if (value !== undefined && value !== null) metadata[column] = String(value);
    }
    result.metadata = metadata;
  }
  return result;
}

/** Creates a recommendation id in the service's form, `RID-` and a UUID. */
function newRecommendationId(): string {
  return `RID-${randomUUID()}`;
}
