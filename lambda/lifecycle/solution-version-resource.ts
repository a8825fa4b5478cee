/**
 * Custom resource handler behind the `SolutionVersion` construct (Provider framework, `onEvent` only).
 *
 * Two resource types share it:
 * - `Custom::PersonalizeTrainingRun` names one training run. Its physical id is the solution version name the
 *   training state machine passes to CreateSolutionVersion, so on Delete (a rollback, a replaced run, or a
 *   deleted stack) it can find that version and stop it if it is still training.
 * - `Custom::PersonalizeSolutionVersion` reads the ARN that the training state machine sent to the wait
 *   condition, checks that the version is ACTIVE and returns it as the `SolutionVersionArn` attribute.
 */
import {
  DescribeSolutionVersionCommand,
  ListSolutionVersionsCommand,
  PersonalizeClient,
  ResourceInUseException,
  ResourceNotFoundException,
  StopSolutionVersionCreationCommand,
} from '@aws-sdk/client-personalize';
import { Logger } from '@aws-lambda-powertools/logger';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { SIGNAL_UNIQUE_ID, SOLUTION_VERSION_RESOURCE_TYPE, TRAINING_RUN_RESOURCE_TYPE } from './training-constants';

const logger = new Logger({ serviceName: 'solution-version-training' });
const personalize = new PersonalizeClient({});

/** Statuses in which StopSolutionVersionCreation applies. */
const IN_FLIGHT_STATUSES = new Set(['CREATE PENDING', 'CREATE IN_PROGRESS']);

export interface HandlerResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

/** Error for resource properties the construct should never produce; CloudFormation shows the message. */
export class InvalidPropertiesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPropertiesError';
  }
}

function requireString(properties: Record<string, unknown>, key: string): string {
  const value = properties[key];
  if (typeof value !== 'string' || value === '') {
    throw new InvalidPropertiesError(`${key} must be a non-empty string, received ${JSON.stringify(value)}`);
  }
  return value;
}

/** Derives a solution version name (1 to 63 of `[a-zA-Z0-9_-]`) that is unique to one CloudFormation request. */
export function versionNameFor(requestId: string): string {
  return `cfn-${requestId.replace(/[^a-zA-Z0-9]/g, '')}`.slice(0, 63);
}

/** True when a property change needs a new training run. */
function trainingInputsChanged(event: CloudFormationCustomResourceEvent): boolean {
  if (event.RequestType !== 'Update') return false;
  const keys = ['SolutionArn', 'TrainingMode', 'SignalUrl'];
  return keys.some((key) => event.ResourceProperties[key] !== event.OldResourceProperties[key]);
}

async function onTrainingRun(event: CloudFormationCustomResourceEvent): Promise<HandlerResponse> {
  const solutionArn = requireString(event.ResourceProperties, 'SolutionArn');
  if (event.RequestType === 'Delete') {
    await stopTraining(solutionArn, event.PhysicalResourceId);
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  requireString(event.ResourceProperties, 'TrainingMode');
  requireString(event.ResourceProperties, 'SignalUrl');
  const keep = event.RequestType === 'Update' && !trainingInputsChanged(event);
  const versionName = keep ? event.PhysicalResourceId : versionNameFor(event.RequestId);
  logger.info(keep ? 'training run kept' : 'training run named', { solutionArn, versionName });
  return { PhysicalResourceId: versionName, Data: { VersionName: versionName } };
}

/** Stops the in-flight version named `versionName` of `solutionArn`, if any. A missing solution counts as done. */
export async function stopTraining(
  solutionArn: string,
  versionName: string,
  client: PersonalizeClient = personalize,
): Promise<void> {
  try {
    const arn = await findInFlightVersion(client, solutionArn, versionName);
    if (arn === undefined) {
      logger.info('no training in flight', { solutionArn, versionName });
      return;
    }
    await client.send(new StopSolutionVersionCreationCommand({ solutionVersionArn: arn }));
    logger.info('training stopped', { solutionVersionArn: arn });
  } catch (error) {
    // Not found: the solution or version is gone. In use: the version left the in-flight states meanwhile.
    if (error instanceof ResourceNotFoundException || error instanceof ResourceInUseException) {
      logger.info('nothing to stop', { solutionArn, versionName, reason: error.name });
      return;
    }
    throw error;
  }
}

async function findInFlightVersion(
  client: PersonalizeClient,
  solutionArn: string,
  versionName: string,
): Promise<string | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListSolutionVersionsCommand({ solutionArn, nextToken }));
    for (const summary of page.solutionVersions ?? []) {
      if (summary.solutionVersionArn === undefined || !IN_FLIGHT_STATUSES.has(summary.status ?? '')) continue;
      // The summaries carry no name, so each in-flight version (at most 20 per region) is described.
      const described = await client.send(
        new DescribeSolutionVersionCommand({ solutionVersionArn: summary.solutionVersionArn }),
      );
      if (described.solutionVersion?.name === versionName) return summary.solutionVersionArn;
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return undefined;
}

/** Extracts the solution version ARN from a wait condition's `Data` attribute, `{"<UniqueId>":"<data>"}`. */
export function parseWaitConditionData(data: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new InvalidPropertiesError(`WaitConditionData must be JSON, received ${JSON.stringify(data)}`);
  }
  const arn = (parsed as Record<string, unknown> | null)?.[SIGNAL_UNIQUE_ID];
  if (typeof arn !== 'string' || arn === '') {
    throw new InvalidPropertiesError(
      `WaitConditionData must contain a ${SIGNAL_UNIQUE_ID} entry with the solution version ARN, received ${data}`,
    );
  }
  return arn;
}

async function onSolutionVersion(event: CloudFormationCustomResourceEvent): Promise<HandlerResponse> {
  if (event.RequestType === 'Delete') {
    // Personalize has no DeleteSolutionVersion: a version goes when its solution is deleted.
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const solutionVersionArn = parseWaitConditionData(requireString(event.ResourceProperties, 'WaitConditionData'));
  const described = await personalize.send(new DescribeSolutionVersionCommand({ solutionVersionArn }));
  const status = described.solutionVersion?.status;
  if (status !== 'ACTIVE') {
    throw new Error(`solution version ${solutionVersionArn} must be ACTIVE, but its status is ${status}`);
  }
  return { PhysicalResourceId: solutionVersionArn, Data: { SolutionVersionArn: solutionVersionArn } };
}

export async function handler(event: CloudFormationCustomResourceEvent): Promise<HandlerResponse> {
  logger.info('custom resource event', { requestType: event.RequestType, resourceType: event.ResourceType });
  switch (event.ResourceType) {
    case TRAINING_RUN_RESOURCE_TYPE:
      return onTrainingRun(event);
    case SOLUTION_VERSION_RESOURCE_TYPE:
      return onSolutionVersion(event);
    default:
      throw new InvalidPropertiesError(
        `ResourceType must be ${TRAINING_RUN_RESOURCE_TYPE} or ${SOLUTION_VERSION_RESOURCE_TYPE}, received ${event.ResourceType}`,
      );
  }
}
