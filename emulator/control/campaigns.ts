/** Campaigns: deployed solution versions that the runtime API serves. */
import { resourceArn } from '../arns';
import { newTrackedResource, startCreation, startDeletion, statusMembers, type OperationContext } from '../context';
import { alreadyExists, inUse, invalidInput } from '../errors';
import { nowSeconds } from '../lifecycle';
import type { CampaignEntry, CampaignSettings, CampaignUpdate } from '../state';
import { ARN_RULE, MemberChecks, NAME_RULE } from '../validation';
import { assertBelowQuota, assertNotDeleting, requiredArn } from './datasets';

/** The service's quota of campaigns per dataset group. */
const MAX_CAMPAIGNS_PER_GROUP = 5;
const EXPLORATION_KEYS = ['explorationWeight', 'explorationItemAgeCutOff'];

export function createCampaign(context: OperationContext, body: Record<string, unknown>): unknown {
  const { state } = context;
  const checks = new MemberChecks();
  const name = checks.string(body.name, 'name', NAME_RULE);
  const solutionVersionArn = checks.string(body.solutionVersionArn, 'solutionVersionArn', ARN_RULE);
  const minProvisionedTPS = checks.number(body.minProvisionedTPS, 'minProvisionedTPS', { integer: true, min: 1 });
  const campaignConfig = readCampaignConfig(checks, body.campaignConfig);
  checks.tags(body.tags);
  checks.throwIfInvalid();

  const groupArn = checkDeployable(context, solutionVersionArn!, campaignConfig);
  const count = [...state.campaigns.values()].filter(
    (campaign) => campaignGroup(context, campaign) === groupArn,
  ).length;
  assertBelowQuota(count, MAX_CAMPAIGNS_PER_GROUP, 'campaigns', groupArn);
  const arn = resourceArn(state.scope, 'campaign', name!);
  if (state.campaigns.has(arn)) throw alreadyExists('campaign', arn);

  const campaign: CampaignEntry = {
    ...newTrackedResource(arn, name!),
    settings: {
      solutionVersionArn: solutionVersionArn!,
      minProvisionedTPS: minProvisionedTPS ?? 1,
      ...(campaignConfig === undefined ? {} : { campaignConfig }),
    },
  };
  state.campaigns.set(arn, campaign);
  startCreation(context, campaign);
  return { campaignArn: arn };
}

export function describeCampaign(context: OperationContext, body: Record<string, unknown>): unknown {
  const campaign = context.state.campaign(requiredArn(body, 'campaignArn'));
  const update = campaign.latestUpdate;
  return {
    campaign: {
      name: campaign.name,
      campaignArn: campaign.arn,
      ...settingsMembers(campaign.settings),
      ...statusMembers(campaign),
      ...(update === undefined
        ? {}
        : {
            latestCampaignUpdate: {
              ...settingsMembers(update),
              status: update.status,
              ...(update.failureReason === undefined ? {} : { failureReason: update.failureReason }),
              creationDateTime: update.creationDateTime,
              lastUpdatedDateTime: update.lastUpdatedDateTime,
            },
          }),
    },
  };
}

/** Deploys new settings; the campaign keeps serving its current settings until the update is ACTIVE. */
export function updateCampaign(context: OperationContext, body: Record<string, unknown>): unknown {
  const checks = new MemberChecks();
  const campaignArn = checks.string(body.campaignArn, 'campaignArn', ARN_RULE);
  const solutionVersionArn = checks.string(body.solutionVersionArn, 'solutionVersionArn', {
    ...ARN_RULE,
    required: false,
  });
  const minProvisionedTPS = checks.number(body.minProvisionedTPS, 'minProvisionedTPS', { integer: true, min: 1 });
  const campaignConfig = readCampaignConfig(checks, body.campaignConfig);
  checks.throwIfInvalid();

  const campaign = context.state.campaign(campaignArn!);
  if (campaign.status !== 'ACTIVE' && campaign.status !== 'CREATE FAILED') {
    throw inUse(`campaign ${campaign.arn} is ${campaign.status}; it must be ACTIVE or CREATE FAILED to update`);
  }
  const running = campaign.latestUpdate?.status;
  if (running === 'CREATE PENDING' || running === 'CREATE IN_PROGRESS') {
    throw inUse(`campaign ${campaign.arn} has an update in progress (status ${running})`);
  }
  const settings: CampaignSettings = {
    solutionVersionArn: solutionVersionArn ?? campaign.settings.solutionVersionArn,
    minProvisionedTPS: minProvisionedTPS ?? campaign.settings.minProvisionedTPS,
    ...(campaignConfig !== undefined
      ? { campaignConfig }
      : campaign.settings.campaignConfig === undefined
        ? {}
        : { campaignConfig: campaign.settings.campaignConfig }),
  };
  const groupArn = checkDeployable(context, settings.solutionVersionArn, settings.campaignConfig);
  if (groupArn !== campaignGroup(context, campaign)) {
    throw invalidInput(`solutionVersionArn: ${settings.solutionVersionArn} belongs to another dataset group`);
  }
  startUpdate(context, campaign, settings);
  return { campaignArn: campaign.arn };
}

export function deleteCampaign(context: OperationContext, body: Record<string, unknown>): unknown {
  const campaign = context.state.campaign(requiredArn(body, 'campaignArn'));
  assertNotDeleting(campaign.status, 'campaign', campaign.arn);
  startDeletion(context, campaign, () => context.state.campaigns.delete(campaign.arn));
  return {};
}

/** Finds the dataset group of the campaign's solution version. */
function campaignGroup(context: OperationContext, campaign: CampaignEntry): string | undefined {
  const version = context.state.solutionVersions.get(campaign.settings.solutionVersionArn);
  return version === undefined ? undefined : context.state.solutions.get(version.solutionArn)?.datasetGroupArn;
}

function startUpdate(context: OperationContext, campaign: CampaignEntry, settings: CampaignSettings): void {
  const now = nowSeconds();
  const update: CampaignUpdate = {
    ...settings,
    status: 'CREATE PENDING',
    creationDateTime: now,
    lastUpdatedDateTime: now,
  };
  campaign.latestUpdate = update;
  campaign.lastUpdatedDateTime = now;
  campaign.pending = context.scheduler.run([
    () => {
      update.status = 'CREATE IN_PROGRESS';
      update.lastUpdatedDateTime = nowSeconds();
    },
    () => {
      update.status = 'ACTIVE';
      update.lastUpdatedDateTime = nowSeconds();
      campaign.settings = settings;
      campaign.status = 'ACTIVE';
      delete campaign.failureReason;
      campaign.lastUpdatedDateTime = update.lastUpdatedDateTime;
      campaign.pending = undefined;
    },
  ]);
}

/** Checks that a solution version can serve a campaign; returns its dataset group. */
function checkDeployable(
  context: OperationContext,
  solutionVersionArn: string,
  campaignConfig: Record<string, unknown> | undefined,
): string {
  const version = context.state.solutionVersion(solutionVersionArn);
  if (version.status !== 'ACTIVE') {
    throw inUse(`solution version ${version.arn} is ${version.status}; a campaign needs an ACTIVE solution version`);
  }
  const solution = context.state.solution(version.solutionArn);
  if (campaignConfig?.itemExplorationConfig !== undefined && !solution.recipe.startsWith('aws-user-personalization')) {
    throw invalidInput(
      `campaignConfig.itemExplorationConfig: only User-Personalization solutions explore items; ${version.arn} uses ${solution.recipe}`,
    );
  }
  return solution.datasetGroupArn;
}

function readCampaignConfig(checks: MemberChecks, value: unknown): Record<string, unknown> | undefined {
  const config = checks.map(value, 'campaignConfig', {});
  if (config === undefined) return undefined;
  const unsupported = Object.keys(config).filter(
    (key) => key !== 'itemExplorationConfig' && key !== 'enableMetadataWithRecommendations',
  );
  if (unsupported.length > 0) {
    throw invalidInput(
      `campaignConfig: ${unsupported.join(', ')} not emulated; the emulator supports itemExplorationConfig and enableMetadataWithRecommendations`,
    );
  }
  checks.boolean(config.enableMetadataWithRecommendations, 'campaignConfig.enableMetadataWithRecommendations');
  const exploration = checks.stringMap(
    config.itemExplorationConfig,
    'campaignConfig.itemExplorationConfig',
    { maxLength: 100 },
    { maxLength: 256 },
    { maxLength: 1000 },
  );
  if (exploration !== undefined) checkExploration(exploration);
  return config;
}

/** Checks the two exploration settings, which the service takes as strings. */
function checkExploration(exploration: Record<string, string>): void {
  for (const key of Object.keys(exploration)) {
    if (!EXPLORATION_KEYS.includes(key)) {
      throw invalidInput(
        `campaignConfig.itemExplorationConfig: unknown key '${key}'; the keys are ${EXPLORATION_KEYS.join(', ')}`,
      );
    }
  }
  const weight = exploration.explorationWeight;
  if (weight !== undefined && !(Number(weight) >= 0 && Number(weight) <= 1 && weight.trim() !== '')) {
    throw invalidInput(
      `campaignConfig.itemExplorationConfig.explorationWeight: must be a number from 0 to 1; received '${weight}'`,
    );
  }
  const cutOff = exploration.explorationItemAgeCutOff;
  if (cutOff !== undefined && !(Number(cutOff) > 0 && cutOff.trim() !== '')) {
    throw invalidInput(
      `campaignConfig.itemExplorationConfig.explorationItemAgeCutOff: must be a number of days greater than 0; received '${cutOff}'`,
    );
  }
}

function settingsMembers(settings: CampaignSettings): Record<string, unknown> {
  return {
    solutionVersionArn: settings.solutionVersionArn,
    minProvisionedTPS: settings.minProvisionedTPS,
    ...(settings.campaignConfig === undefined ? {} : { campaignConfig: settings.campaignConfig }),
  };
}
