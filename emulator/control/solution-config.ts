/** The parts of solutionConfig the emulator supports, and UpdateSolution. */
import { nowSeconds } from '../lifecycle';
import { invalidInput } from '../errors';
import type { OperationContext } from '../context';
import type { SolutionEntry } from '../state';
import { MemberChecks } from '../validation';
import { assertNotDeleting, requiredArn } from './datasets';

/** Members of solutionConfig that training in the emulator honours; any other member is rejected. */
const SUPPORTED_CONFIG = ['algorithmHyperParameters', 'autoTrainingConfig'];
/** The service's schedule form for automatic training: every 1 to 30 days. */
const SCHEDULE_PATTERN = 'rate\\(([1-9]|[12][0-9]|30) days?\\)';

export interface SolutionConfigInput {
  readonly raw?: Record<string, unknown>;
  readonly hyperparameters: Record<string, string>;
}

/** Checks solutionConfig; hyperparameter names and values are checked by the scorer when a version trains. */
export function readSolutionConfig(checks: MemberChecks, value: unknown): SolutionConfigInput {
  const config = checks.map(value, 'solutionConfig', {});
  if (config === undefined) return { hyperparameters: {} };
  const unsupported = Object.keys(config).filter((key) => !SUPPORTED_CONFIG.includes(key));
  if (unsupported.length > 0) {
    throw invalidInput(
      `solutionConfig: ${unsupported.join(', ')} not emulated; the emulator supports ${SUPPORTED_CONFIG.join(', ')}`,
    );
  }
  const hyperparameters =
    checks.stringMap(
      config.algorithmHyperParameters,
      'solutionConfig.algorithmHyperParameters',
      { maxLength: 100 },
      { maxLength: 256 },
      { maxLength: 1000 },
    ) ?? {};
  readAutoTrainingConfig(checks, config.autoTrainingConfig, 'solutionConfig.autoTrainingConfig');
  return { raw: config, hyperparameters };
}

export function updateSolution(context: OperationContext, body: Record<string, unknown>): unknown {
  const solution = context.state.solution(requiredArn(body, 'solutionArn'));
  const checks = new MemberChecks();
  const performAutoTraining = checks.boolean(body.performAutoTraining, 'performAutoTraining');
  const incremental = checks.boolean(body.performIncrementalUpdate, 'performIncrementalUpdate');
  const updateConfig = checks.map(body.solutionUpdateConfig, 'solutionUpdateConfig', {});
  const unsupported = Object.keys(updateConfig ?? {}).filter((key) => key !== 'autoTrainingConfig');
  const schedulingExpression = readAutoTrainingConfig(
    checks,
    updateConfig?.autoTrainingConfig,
    'solutionUpdateConfig.autoTrainingConfig',
  );
  checks.throwIfInvalid();
  if (incremental === true)
    throw invalidInput('performIncrementalUpdate: not emulated; set it to false or leave it out');
  if (unsupported.length > 0) {
    throw invalidInput(`solutionUpdateConfig: ${unsupported.join(', ')} not emulated; only autoTrainingConfig is`);
  }
  assertNotDeleting(solution.status, 'solution', solution.arn);
  if (solution.status !== 'ACTIVE') {
    throw invalidInput(`solution ${solution.arn} is ${solution.status}; only ACTIVE solutions can be updated`);
  }
  if (performAutoTraining !== undefined) solution.performAutoTraining = performAutoTraining;
  solution.lastUpdatedDateTime = nowSeconds();
  solution.latestUpdate = {
    performAutoTraining: solution.performAutoTraining,
    ...(schedulingExpression === undefined ? {} : { schedulingExpression }),
    creationDateTime: solution.lastUpdatedDateTime,
  };
  return { solutionArn: solution.arn };
}

/** Builds DescribeSolution's latestSolutionUpdate member, which is ACTIVE because the emulator applies updates at once. */
export function solutionUpdateSummary(solution: SolutionEntry): Record<string, unknown> {
  const update = solution.latestUpdate;
  if (update === undefined) return {};
  return {
    latestSolutionUpdate: {
      ...(update.schedulingExpression === undefined
        ? {}
        : { solutionUpdateConfig: { autoTrainingConfig: { schedulingExpression: update.schedulingExpression } } }),
      status: 'ACTIVE',
      performAutoTraining: update.performAutoTraining,
      performIncrementalUpdate: false,
      creationDateTime: update.creationDateTime,
      lastUpdatedDateTime: update.creationDateTime,
    },
  };
}

function readAutoTrainingConfig(checks: MemberChecks, value: unknown, path: string): string | undefined {
  const config = checks.map(value, path, {});
  if (config === undefined) return undefined;
  return checks.string(config.schedulingExpression, `${path}.schedulingExpression`, {
    maxLength: 16,
    pattern: SCHEDULE_PATTERN,
  });
}
