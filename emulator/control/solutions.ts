/** Solutions and solution versions: training through the project's scorer. */
import type { DatasetRecords } from '../../schema/records';
import type { Model, RecipeName, SolutionMetrics, TrainingOptions } from '../../scorer/types';
import { RECIPE_ARN_PREFIX, resourceArn, solutionVersionArn } from '../arns';
import {
  newTrackedResource,
  setStatus,
  startCreation,
  startDeletion,
  statusMembers,
  type OperationContext,
} from '../context';
import { alreadyExists, inUse, invalidInput } from '../errors';
import type { SolutionEntry, SolutionVersionEntry, TrainingMode } from '../state';
import { ARN_RULE, MemberChecks, NAME_RULE } from '../validation';
import { RECIPE_NAMES } from '../../scorer/train';
import { assertBelowQuota, assertNotDeleting, requiredArn } from './datasets';
import { page, readPageRequest } from './lists';
import { readSolutionConfig, solutionUpdateSummary, updateSolution } from './solution-config';

export { updateSolution };

/** The service's quota of solutions per dataset group. */
const MAX_SOLUTIONS_PER_GROUP = 10;

export function createSolution(context: OperationContext, body: Record<string, unknown>): unknown {
  const { state } = context;
  const checks = new MemberChecks();
  const name = checks.string(body.name, 'name', NAME_RULE);
  const groupArn = checks.string(body.datasetGroupArn, 'datasetGroupArn', ARN_RULE);
  const recipeArn = checks.string(body.recipeArn, 'recipeArn', { ...ARN_RULE, required: false });
  const eventType = checks.string(body.eventType, 'eventType', { maxLength: 256 });
  const performAutoTraining = checks.boolean(body.performAutoTraining, 'performAutoTraining');
  const unsupported = ['performHPO', 'performAutoML', 'performIncrementalUpdate'].filter(
    (member) => checks.boolean(body[member], member) === true,
  );
  const config = readSolutionConfig(checks, body.solutionConfig);
  checks.tags(body.tags);
  checks.throwIfInvalid();
  if (unsupported.length > 0) {
    throw invalidInput(`${unsupported.join(', ')}: not emulated; set to false or leave out`);
  }
  const recipe = recipeName(recipeArn);
  checkHyperparameters(context, recipe, config.hyperparameters);

  const group = state.datasetGroup(groupArn!);
  assertNotDeleting(group.status, 'dataset group', group.arn);
  const count = [...state.solutions.values()].filter((entry) => entry.datasetGroupArn === group.arn).length;
  assertBelowQuota(count, MAX_SOLUTIONS_PER_GROUP, 'solutions', group.arn);
  const arn = resourceArn(state.scope, 'solution', name!);
  if (state.solutions.has(arn)) throw alreadyExists('solution', arn);

  const solution: SolutionEntry = {
    ...newTrackedResource(arn, name!),
    datasetGroupArn: group.arn,
    recipeArn: recipeArn!,
    recipe,
    ...(eventType === undefined ? {} : { eventType }),
    ...(config.raw === undefined ? {} : { solutionConfig: config.raw }),
    hyperparameters: config.hyperparameters,
    // The service's default: a new solution trains a version every 7 days until automatic training is turned off.
    performAutoTraining: performAutoTraining ?? true,
    performHPO: false,
  };
  state.solutions.set(arn, solution);
  startCreation(context, solution);
  return { solutionArn: arn };
}

export function describeSolution(context: OperationContext, body: Record<string, unknown>): unknown {
  const solution = context.state.solution(requiredArn(body, 'solutionArn'));
  const latest = versionsOf(context, solution.arn)[0];
  return {
    solution: {
      name: solution.name,
      solutionArn: solution.arn,
      performHPO: false,
      performAutoML: false,
      performAutoTraining: solution.performAutoTraining,
      recipeArn: solution.recipeArn,
      datasetGroupArn: solution.datasetGroupArn,
      ...(solution.eventType === undefined ? {} : { eventType: solution.eventType }),
      ...(solution.solutionConfig === undefined ? {} : { solutionConfig: solution.solutionConfig }),
      ...statusMembers(solution),
      ...(latest === undefined ? {} : { latestSolutionVersion: versionSummary(latest) }),
      ...solutionUpdateSummary(solution),
    },
  };
}

export function deleteSolution(context: OperationContext, body: Record<string, unknown>): unknown {
  const { state } = context;
  const solution = state.solution(requiredArn(body, 'solutionArn'));
  assertNotDeleting(solution.status, 'solution', solution.arn);
  const versions = versionsOf(context, solution.arn);
  const training = versions.filter((version) => isTraining(version));
  if (training.length > 0) {
    throw inUse(`solution ${solution.arn} has solution versions in training; stop them first: ${arns(training)}`);
  }
  const versionArns = new Set(versions.map((version) => version.arn));
  const campaigns = [...state.campaigns.values()].filter(
    (campaign) =>
      versionArns.has(campaign.settings.solutionVersionArn) ||
      (campaign.latestUpdate !== undefined && versionArns.has(campaign.latestUpdate.solutionVersionArn)),
  );
  if (campaigns.length > 0) {
    throw inUse(`solution ${solution.arn} has versions deployed in campaigns; delete them first: ${arns(campaigns)}`);
  }
  startDeletion(context, solution, () => {
    for (const arn of versionArns) state.solutionVersions.delete(arn);
    state.solutions.delete(solution.arn);
  });
  return {};
}

export function createSolutionVersion(context: OperationContext, body: Record<string, unknown>): unknown {
  const { state } = context;
  const checks = new MemberChecks();
  const solutionArn = checks.string(body.solutionArn, 'solutionArn', ARN_RULE);
  const name = checks.string(body.name, 'name', { ...NAME_RULE, required: false });
  const mode = checks.string(body.trainingMode, 'trainingMode', { values: ['FULL', 'UPDATE', 'AUTOTRAIN'] });
  checks.tags(body.tags);
  checks.throwIfInvalid();

  const solution = state.solution(solutionArn!);
  assertNotDeleting(solution.status, 'solution', solution.arn);
  // A solution still being created is accepted, as the service does: its creation ends before the version trains.
  if (solution.status === 'CREATE FAILED') {
    throw invalidInput(`solution ${solution.arn} is CREATE FAILED (${solution.failureReason}); create a new solution`);
  }
  const trainingMode = checkTrainingMode(context, solution, (mode ?? 'FULL') as TrainingMode);
  const running = versionsOf(context, solution.arn).filter((version) => isTraining(version));
  if (running.length > 0) {
    throw inUse(`solution ${solution.arn} already has a solution version in training: ${arns(running)}`);
  }
  const arn = solutionVersionArn(solution.arn);
  const version: SolutionVersionEntry = {
    ...newTrackedResource(arn, name ?? arn),
    solutionArn: solution.arn,
    trainingMode,
  };
  state.solutionVersions.set(arn, version);
  startCreation(context, version, () => trainVersion(context, solution, version));
  return { solutionVersionArn: arn };
}

export function describeSolutionVersion(context: OperationContext, body: Record<string, unknown>): unknown {
  const version = context.state.solutionVersion(requiredArn(body, 'solutionVersionArn'));
  const solution = context.state.solution(version.solutionArn);
  return {
    solutionVersion: {
      ...(version.name === version.arn ? {} : { name: version.name }),
      solutionVersionArn: version.arn,
      solutionArn: solution.arn,
      performHPO: false,
      performAutoML: false,
      recipeArn: solution.recipeArn,
      ...(solution.eventType === undefined ? {} : { eventType: solution.eventType }),
      datasetGroupArn: solution.datasetGroupArn,
      ...(solution.solutionConfig === undefined ? {} : { solutionConfig: solution.solutionConfig }),
      trainingMode: version.trainingMode,
      ...(version.trainingHours === undefined ? {} : { trainingHours: version.trainingHours }),
      ...statusMembers(version),
    },
  };
}

export function listSolutionVersions(context: OperationContext, body: Record<string, unknown>): unknown {
  const request = readPageRequest(body, 'solutionArn');
  if (request.parentArn !== undefined) context.state.solution(request.parentArn);
  const versions = [...context.state.solutionVersions.values()].filter(
    (version) => request.parentArn === undefined || version.solutionArn === request.parentArn,
  );
  return page(versions, request, 'solutionVersions', versionSummary);
}

export function stopSolutionVersionCreation(context: OperationContext, body: Record<string, unknown>): unknown {
  const version = context.state.solutionVersion(requiredArn(body, 'solutionVersionArn'));
  if (!isTraining(version)) {
    throw inUse(
      `solution version ${version.arn} is ${version.status}; only CREATE PENDING or CREATE IN_PROGRESS versions can be stopped`,
    );
  }
  version.pending?.cancel();
  setStatus(version, 'CREATE STOPPING');
  version.pending = context.scheduler.run([() => setStatus(version, 'CREATE STOPPED')]);
  return {};
}

export function getSolutionMetrics(context: OperationContext, body: Record<string, unknown>): unknown {
  const version = context.state.solutionVersion(requiredArn(body, 'solutionVersionArn'));
  if (version.status !== 'ACTIVE') {
    throw inUse(`solution version ${version.arn} is ${version.status}; metrics exist once it is ACTIVE`);
  }
  return { solutionVersionArn: version.arn, metrics: { ...(version.metrics ?? {}) } };
}

/** Lists the solution's versions, newest first. */
export function versionsOf(context: OperationContext, solutionArn: string): SolutionVersionEntry[] {
  // The registry keeps creation order, which also orders versions created within the same millisecond.
  return [...context.state.solutionVersions.values()]
    .filter((version) => version.solutionArn === solutionArn)
    .reverse();
}

function trainVersion(context: OperationContext, solution: SolutionEntry, version: SolutionVersionEntry): void {
  const data = context.state.datasetGroup(solution.datasetGroupArn).records.snapshot();
  const options = {
    hyperparameters: solution.hyperparameters,
    ...(solution.eventType === undefined ? {} : { eventType: solution.eventType }),
  };
  const started = Date.now();
  const updateFrom = version.trainingMode === 'UPDATE' ? latestActiveModel(context, solution, version) : undefined;
  version.model = context.engines.train(solution.recipe, data, { ...options, ...(updateFrom ? { updateFrom } : {}) });
  const metrics = evaluateVersion(context, solution, version, data, options);
  if (metrics !== undefined) version.metrics = metrics;
  version.trainingHours = (Date.now() - started) / 3_600_000;
  context.logger.info('solution version trained', { arn: version.arn, recipe: solution.recipe });
}

/** Returns the model of the solution's newest ACTIVE version other than `version`: the one an UPDATE folds data into. */
function latestActiveModel(context: OperationContext, solution: SolutionEntry, version: SolutionVersionEntry): Model {
  // versionsOf lists the newest first.
  const latest = versionsOf(context, solution.arn).find(
    (candidate) => candidate !== version && candidate.status === 'ACTIVE' && candidate.model !== undefined,
  );
  if (latest === undefined) {
    throw new Error(`trainingMode UPDATE found no ACTIVE solution version of ${solution.arn} to update`);
  }
  return latest.model!;
}

/**
 * Computes offline metrics. A failure here does not fail the trained version, because the metrics only report on the
 * model. The failure is logged, and GetSolutionMetrics then returns an empty map.
 */
function evaluateVersion(
  context: OperationContext,
  solution: SolutionEntry,
  version: SolutionVersionEntry,
  data: DatasetRecords,
  options: TrainingOptions,
): SolutionMetrics | undefined {
  try {
    return context.engines.evaluate?.(solution.recipe, data, options);
  } catch (error) {
    context.logger.warn('solution metrics failed', { arn: version.arn, error: String(error) });
    return undefined;
  }
}

function checkHyperparameters(
  context: OperationContext,
  recipe: RecipeName,
  hyperparameters: Readonly<Record<string, string>>,
): void {
  try {
    context.engines.checkHyperparameters?.(recipe, hyperparameters);
  } catch (error) {
    throw invalidInput(
      `solutionConfig.algorithmHyperParameters: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function checkTrainingMode(context: OperationContext, solution: SolutionEntry, mode: TrainingMode): TrainingMode {
  if (mode === 'AUTOTRAIN') {
    throw invalidInput("trainingMode: AUTOTRAIN is set by the service's automatic training; use FULL or UPDATE");
  }
  if (mode === 'UPDATE') {
    if (!solution.recipe.startsWith('aws-user-personalization')) {
      throw invalidInput(
        `trainingMode: UPDATE requires a User-Personalization recipe; the solution uses ${solution.recipe}`,
      );
    }
    if (!versionsOf(context, solution.arn).some((version) => version.status === 'ACTIVE')) {
      throw invalidInput(
        `trainingMode: UPDATE requires an ACTIVE solution version of ${solution.arn}; train FULL first`,
      );
    }
  }
  return mode;
}

function recipeName(recipeArn: string | undefined): RecipeName {
  if (recipeArn === undefined) {
    throw invalidInput('recipeArn: required, because automatic recipe selection (performAutoML) is not emulated');
  }
  const name = recipeArn.startsWith(RECIPE_ARN_PREFIX) ? recipeArn.slice(RECIPE_ARN_PREFIX.length) : undefined;
  const recipe = RECIPE_NAMES.find((candidate) => candidate === name);
  if (recipe === undefined) {
    throw invalidInput(
      `recipeArn: must be ${RECIPE_ARN_PREFIX}NAME with NAME one of ${RECIPE_NAMES.join(', ')}; received '${recipeArn}'`,
    );
  }
  return recipe;
}

function isTraining(version: SolutionVersionEntry): boolean {
  return version.status === 'CREATE PENDING' || version.status === 'CREATE IN_PROGRESS';
}

function versionSummary(version: SolutionVersionEntry): Record<string, unknown> {
  return { solutionVersionArn: version.arn, trainingMode: version.trainingMode, ...statusMembers(version) };
}

function arns(resources: readonly { arn: string }[]): string {
  return resources.map((resource) => resource.arn).join(', ');
}
