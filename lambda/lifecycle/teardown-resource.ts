/**
 * Custom resource handlers behind the `DatasetGroupTeardown` construct (Provider framework, `onEvent` and
 * `isComplete`).
 *
 * Create and Update only record the dataset group. Delete collects the schemas of the group's datasets in `onEvent`,
 * then each `isComplete` call runs one teardown stage (see `teardown-stages.ts`) until the dataset group is gone, or
 * until its datasets are the only resources left when `RetainDatasets` is `true`.
 */
import { PersonalizeClient } from '@aws-sdk/client-personalize';
import { Logger } from '@aws-lambda-powertools/logger';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { schemasInUse, teardownStep, type TeardownTarget } from './teardown-stages';

const logger = new Logger({ serviceName: 'dataset-group-teardown' });
const personalize = new PersonalizeClient({});

/** Separates schema ARNs in the `SchemaArns` attribute; an ARN never contains a comma. */
const SCHEMA_SEPARATOR = ',';

export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

export interface IsCompleteResponse {
  readonly IsComplete: boolean;
}

/** The `isComplete` request: the CloudFormation event merged with the `onEvent` response. */
export type IsCompleteRequest = CloudFormationCustomResourceEvent & { readonly Data?: Record<string, string> };

/** Error for resource properties the construct should never produce; CloudFormation shows the message. */
export class InvalidTeardownPropertiesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTeardownPropertiesError';
  }
}

/** Reads and checks the resource properties that the construct sets. */
export function readTarget(properties: Record<string, unknown>, schemaArns: readonly string[] = []): TeardownTarget {
  const datasetGroupArn = properties.DatasetGroupArn;
  if (typeof datasetGroupArn !== 'string' || !datasetGroupArn.startsWith('arn:')) {
    throw new InvalidTeardownPropertiesError(
      `DatasetGroupArn must be a dataset group ARN, received ${JSON.stringify(datasetGroupArn)}`,
    );
  }
  // CloudFormation passes every resource property as a string.
  const retain = properties.RetainDatasets;
  if (retain !== 'true' && retain !== 'false') {
    throw new InvalidTeardownPropertiesError(
      `RetainDatasets must be 'true' or 'false', received ${JSON.stringify(retain)}`,
    );
  }
  return { datasetGroupArn, retainDatasets: retain === 'true', schemaArns };
}

function parseSchemaArns(data: Record<string, string> | undefined): string[] {
  const joined = data?.SchemaArns ?? '';
  return joined === '' ? [] : joined.split(SCHEMA_SEPARATOR);
}

/** Creates a handler pair that uses `client`, so tests can point it at a local endpoint. */
export function createHandlers(client: PersonalizeClient): {
  onEvent: (event: CloudFormationCustomResourceEvent) => Promise<OnEventResponse>;
  isComplete: (event: IsCompleteRequest) => Promise<IsCompleteResponse>;
} {
  async function onEvent(event: CloudFormationCustomResourceEvent): Promise<OnEventResponse> {
    const target = readTarget(event.ResourceProperties);
    logger.info('teardown event', { requestType: event.RequestType, datasetGroupArn: target.datasetGroupArn });
    if (event.RequestType !== 'Delete') {
      return { PhysicalResourceId: target.datasetGroupArn };
    }
    // The datasets name their schemas only while they exist, so the schemas are read before any stage runs.
    const schemaArns = target.retainDatasets ? [] : await schemasInUse(client, target.datasetGroupArn);
    return { PhysicalResourceId: event.PhysicalResourceId, Data: { SchemaArns: schemaArns.join(SCHEMA_SEPARATOR) } };
  }

  async function isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
    if (event.RequestType !== 'Delete') {
      return { IsComplete: true };
    }
    const target = readTarget(event.ResourceProperties, parseSchemaArns(event.Data));
    const progress = await teardownStep(client, target);
    logger.info(progress.complete ? 'teardown complete' : 'teardown waiting', {
      datasetGroupArn: target.datasetGroupArn,
      stage: progress.stage,
      waitingFor: progress.waitingFor,
    });
    return { IsComplete: progress.complete };
  }

  return { onEvent, isComplete };
}

const handlers = createHandlers(personalize);

export const onEvent = handlers.onEvent;
export const isComplete = handlers.isComplete;
