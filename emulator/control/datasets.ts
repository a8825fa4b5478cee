/** Dataset groups, schemas and datasets: the data side of the control plane. */
import type { DatasetSchema, DatasetType } from '../../schema/model';
import { resourceArn } from '../arns';
import { newTrackedResource, startCreation, startDeletion, statusMembers, type OperationContext } from '../context';
import { alreadyExists, inUse, invalidInput, limitExceeded, ServiceError } from '../errors';
import { GroupRecords } from '../group-records';
import { nowSeconds } from '../lifecycle';
import type { DatasetEntry, DatasetGroupEntry } from '../state';
import { ARN_RULE, MemberChecks, NAME_RULE } from '../validation';

const DATASET_TYPES: readonly DatasetType[] = ['Interactions', 'Items', 'Users'];
/** The service's maximum length of a schema's Avro JSON. */
const MAX_SCHEMA_LENGTH = 20000;
const KMS_ARN_RULE = { maxLength: 2048, pattern: 'arn:aws.*:kms:.*:[0-9]{12}:key/.*' };
const ROLE_ARN_RULE = { maxLength: 256, pattern: 'arn:([a-z\\d-]+):iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+' };

export function createDatasetGroup(context: OperationContext, body: Record<string, unknown>): unknown {
  const checks = new MemberChecks();
  const name = checks.string(body.name, 'name', NAME_RULE);
  const roleArn = checks.string(body.roleArn, 'roleArn', ROLE_ARN_RULE);
  const kmsKeyArn = checks.string(body.kmsKeyArn, 'kmsKeyArn', KMS_ARN_RULE);
  checks.string(body.domain, 'domain', { values: ['ECOMMERCE', 'VIDEO_ON_DEMAND'] });
  checks.tags(body.tags);
  checks.throwIfInvalid();
  if (body.domain !== undefined) {
    throw invalidInput(`domain: domain dataset groups are not emulated; received '${String(body.domain)}'`);
  }
  if (kmsKeyArn !== undefined && roleArn === undefined) {
    throw invalidInput('roleArn: a role is required when kmsKeyArn is set, so the service can use the key');
  }
  const arn = resourceArn(context.state.scope, 'dataset-group', name!);
  if (context.state.datasetGroups.has(arn)) throw alreadyExists('dataset group', arn);

  const group: DatasetGroupEntry = {
    ...newTrackedResource(arn, name!),
    ...(roleArn === undefined ? {} : { roleArn }),
    ...(kmsKeyArn === undefined ? {} : { kmsKeyArn }),
    records: new GroupRecords(),
  };
  context.state.datasetGroups.set(arn, group);
  startCreation(context, group);
  return { datasetGroupArn: arn };
}

export function describeDatasetGroup(context: OperationContext, body: Record<string, unknown>): unknown {
  const group = context.state.datasetGroup(requiredArn(body, 'datasetGroupArn'));
  return {
    datasetGroup: {
      name: group.name,
      datasetGroupArn: group.arn,
      ...(group.roleArn === undefined ? {} : { roleArn: group.roleArn }),
      ...(group.kmsKeyArn === undefined ? {} : { kmsKeyArn: group.kmsKeyArn }),
      ...statusMembers(group),
    },
  };
}

export function deleteDatasetGroup(context: OperationContext, body: Record<string, unknown>): unknown {
  const { state } = context;
  const group = state.datasetGroup(requiredArn(body, 'datasetGroupArn'));
  assertNotDeleting(group.status, 'dataset group', group.arn);
  const dependants = [
    ...[...state.datasets.values()].filter((entry) => entry.datasetGroupArn === group.arn).map((entry) => entry.arn),
    ...[...state.solutions.values()].filter((entry) => entry.datasetGroupArn === group.arn).map((entry) => entry.arn),
    ...[...state.filters.values()].filter((entry) => entry.datasetGroupArn === group.arn).map((entry) => entry.arn),
    ...[...state.eventTrackers.values()]
      .filter((entry) => entry.datasetGroupArn === group.arn)
      .map((entry) => entry.arn),
  ];
  if (dependants.length > 0) {
    throw inUse(`dataset group ${group.arn} still has resources; delete them first: ${dependants.join(', ')}`);
  }
  startDeletion(context, group, () => state.datasetGroups.delete(group.arn));
  return {};
}

export function createSchema(context: OperationContext, body: Record<string, unknown>): unknown {
  const checks = new MemberChecks();
  const name = checks.string(body.name, 'name', NAME_RULE);
  const schema = checks.string(body.schema, 'schema', { required: true, maxLength: MAX_SCHEMA_LENGTH });
  checks.string(body.domain, 'domain', { values: ['ECOMMERCE', 'VIDEO_ON_DEMAND'] });
  checks.throwIfInvalid();
  if (body.domain !== undefined) {
    throw invalidInput(`domain: domain schemas are not emulated; received '${String(body.domain)}'`);
  }
  const arn = resourceArn(context.state.scope, 'schema', name!);
  if (context.state.schemas.has(arn)) throw alreadyExists('schema', arn);

  const datasetType = guessDatasetType(schema!);
  const parsed = parseFor(context, schema!, datasetType);
  context.state.schemas.set(arn, {
    arn,
    name: name!,
    schema: schema!,
    creationDateTime: nowSeconds(),
    parsed: new Map([[datasetType, parsed]]),
  });
  return { schemaArn: arn };
}

export function describeSchema(context: OperationContext, body: Record<string, unknown>): unknown {
  const schema = context.state.schema(requiredArn(body, 'schemaArn'));
  return {
    schema: {
      name: schema.name,
      schemaArn: schema.arn,
      schema: schema.schema,
      creationDateTime: schema.creationDateTime,
      lastUpdatedDateTime: schema.creationDateTime,
    },
  };
}

export function deleteSchema(context: OperationContext, body: Record<string, unknown>): unknown {
  const schema = context.state.schema(requiredArn(body, 'schemaArn'));
  const users = [...context.state.datasets.values()].filter((dataset) => dataset.schemaArn === schema.arn);
  if (users.length > 0) {
    throw inUse(`schema ${schema.arn} is used by ${users.map((dataset) => dataset.arn).join(', ')}`);
  }
  context.state.schemas.delete(schema.arn);
  return {};
}

export function createDataset(context: OperationContext, body: Record<string, unknown>): unknown {
  const { state } = context;
  const checks = new MemberChecks();
  const name = checks.string(body.name, 'name', NAME_RULE);
  const schemaArn = checks.string(body.schemaArn, 'schemaArn', ARN_RULE);
  const groupArn = checks.string(body.datasetGroupArn, 'datasetGroupArn', ARN_RULE);
  const datasetType = checks.string(body.datasetType, 'datasetType', {
    required: true,
    maxLength: 256,
    pattern: '^[A-Za-z_]+$',
  });
  checks.tags(body.tags);
  checks.throwIfInvalid();

  const type = resolveDatasetType(datasetType!);
  const group = state.datasetGroup(groupArn!);
  assertNotDeleting(group.status, 'dataset group', group.arn);
  const schemaEntry = state.schema(schemaArn!);
  const existing = state.groupDataset(group.arn, type);
  if (existing !== undefined) {
    throw new ServiceError(
      'ResourceAlreadyExistsException',
      `dataset group ${group.arn} already has a ${type} dataset: ${existing.arn}`,
    );
  }
  const parsed = schemaEntry.parsed.get(type) ?? parseFor(context, schemaEntry.schema, type);
  schemaEntry.parsed.set(type, parsed);

  // The service names datasets after their group and type, so `name` does not appear in the ARN.
  const arn = resourceArn(state.scope, 'dataset', `${group.name}/${type.toUpperCase()}`);
  const dataset: DatasetEntry = {
    ...newTrackedResource(arn, name!),
    datasetGroupArn: group.arn,
    datasetType: type,
    schemaArn: schemaEntry.arn,
    schema: parsed,
  };
  state.datasets.set(arn, dataset);
  startCreation(context, dataset);
  return { datasetArn: arn };
}

export function describeDataset(context: OperationContext, body: Record<string, unknown>): unknown {
  const dataset = context.state.dataset(requiredArn(body, 'datasetArn'));
  const tracker = [...context.state.eventTrackers.values()].find(
    (entry) => entry.datasetGroupArn === dataset.datasetGroupArn,
  );
  return {
    dataset: {
      name: dataset.name,
      datasetArn: dataset.arn,
      datasetGroupArn: dataset.datasetGroupArn,
      datasetType: dataset.datasetType,
      schemaArn: dataset.schemaArn,
      ...statusMembers(dataset),
      ...(dataset.datasetType === 'Interactions' && tracker !== undefined ? { trackingId: tracker.trackingId } : {}),
    },
  };
}

export function deleteDataset(context: OperationContext, body: Record<string, unknown>): unknown {
  const { state } = context;
  const dataset = state.dataset(requiredArn(body, 'datasetArn'));
  assertNotDeleting(dataset.status, 'dataset', dataset.arn);
  const runningJobs = [...state.importJobs.values()].filter(
    (job) => job.datasetArn === dataset.arn && job.status.startsWith('CREATE ') && job.status !== 'CREATE FAILED',
  );
  if (runningJobs.length > 0) {
    throw inUse(`dataset ${dataset.arn} has import jobs in progress: ${runningJobs.map((job) => job.arn).join(', ')}`);
  }
  startDeletion(context, dataset, () => {
    state.datasets.delete(dataset.arn);
    state.datasetGroups.get(dataset.datasetGroupArn)?.records.clear(dataset.datasetType);
  });
  return {};
}

/** Reads an ARN member that is the whole request of Describe and Delete calls. */
export function requiredArn(body: Record<string, unknown>, member: string): string {
  const checks = new MemberChecks();
  const arn = checks.string(body[member], member, ARN_RULE);
  checks.throwIfInvalid();
  return arn!;
}

/** Rejects a call on a resource that is being deleted, which the service reports as in use. */
export function assertNotDeleting(status: string, kind: string, arn: string): void {
  if (status === 'DELETE PENDING' || status === 'DELETE IN_PROGRESS') {
    throw inUse(`${kind} ${arn} is being deleted (status ${status})`);
  }
}

/** Checks a quota of resources per dataset group. */
export function assertBelowQuota(count: number, quota: number, kind: string, groupArn: string): void {
  if (count >= quota) {
    throw limitExceeded(`dataset group ${groupArn} already has ${count} ${kind}; the quota is ${quota}`);
  }
}

/** Matches CreateDataset's `datasetType` case-insensitively, as the service does. */
function resolveDatasetType(datasetType: string): DatasetType {
  const type = DATASET_TYPES.find((candidate) => candidate.toLowerCase() === datasetType.toLowerCase());
  if (type === undefined) {
    throw invalidInput(`datasetType: must be one of ${DATASET_TYPES.join(', ')}; received '${datasetType}'`);
  }
  return type;
}

/** Reads the record's fields to pick the dataset type a schema is meant for, so CreateSchema can check it. */
function guessDatasetType(schema: string): DatasetType {
  let names: string[] = [];
  try {
    const parsed = JSON.parse(schema) as { fields?: { name?: unknown }[] };
    names = Array.isArray(parsed.fields) ? parsed.fields.map((field) => String(field?.name)) : [];
  } catch {
    // parseFor reports the JSON error with the parser's message.
  }
  if (names.includes('TIMESTAMP') && names.includes('USER_ID') && names.includes('ITEM_ID')) return 'Interactions';
  if (names.includes('ITEM_ID')) return 'Items';
  return names.includes('USER_ID') ? 'Users' : 'Items';
}

function parseFor(context: OperationContext, schema: string, datasetType: DatasetType): DatasetSchema {
  try {
    return context.engines.parseSchema(schema, datasetType);
  } catch (error) {
    throw invalidInput(`schema: ${error instanceof Error ? error.message : String(error)}`);
  }
}
