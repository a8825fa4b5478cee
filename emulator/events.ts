/**
 * The events API: PutEvents records interactions and passes them to every model of the dataset group, so the next
 * recommendations reflect them. PutItems and PutUsers update the dataset and the models.
 */
import type { DatasetType } from '../schema/model';
import type { InteractionRecord, ItemRecord, UserRecord } from '../schema/records';
import type { OperationContext } from './context';
import { invalidInput, ServiceError } from './errors';
import { completeFields, readProperties } from './properties';
import type { DatasetEntry } from './state';
import { ARN_RULE, MemberChecks } from './validation';
import { INTERACTION_MEMBER_FIELDS } from '../schema/csv-import';

/** Property keys PutEvents rejects, because they are members of the event or of the request. */
const FORBIDDEN_EVENT_KEYS = ['userId', 'sessionId', 'eventType', 'timestamp', 'recommendationId', 'impression'];
const ID_RULE = { minLength: 1, maxLength: 256 };
/** The service's maximum lengths of the properties string of an item and of a user. */
const MAX_ITEM_PROPERTIES = 24262;
const MAX_USER_PROPERTIES = 4096;

export function putEvents(context: OperationContext, body: Record<string, unknown>): unknown {
  const checks = new MemberChecks();
  const trackingId = checks.string(body.trackingId, 'trackingId', { required: true, maxLength: 256 });
  const sessionId = checks.string(body.sessionId, 'sessionId', { ...ID_RULE, required: true });
  const userId = checks.string(body.userId, 'userId', ID_RULE);
  const events = checks.list(body.eventList, 'eventList', { required: true, minLength: 1, maxLength: 10 }) ?? [];
  events.forEach((event, index) => checkEvent(checks, event, `eventList.${index + 1}.member`));
  checks.throwIfInvalid();
  const withoutItem = events.findIndex((event) => (event as Record<string, unknown>).itemId === undefined);
  if (withoutItem >= 0) {
    // NOTE: the service's model lets itemId be absent; the emulator records interactions only, which need an item.
    throw invalidInput(
      `eventList.${withoutItem + 1}.member.itemId: required, because every recorded interaction needs an item id`,
    );
  }

  const tracker = context.state.trackerByTrackingId(trackingId!);
  if (tracker === undefined) {
    throw new ServiceError('ResourceNotFoundException', `trackingId '${trackingId}' does not match an event tracker`);
  }
  const schema = context.state.groupDataset(tracker.datasetGroupArn, 'Interactions')?.schema;
  // Events without a userId are recorded with the session id as the anonymous user's id.
  const recordUserId = userId ?? sessionId!;
  const records = events.map((event, index) =>
    toInteraction(event as Record<string, unknown>, recordUserId, schema, `eventList.${index + 1}.member`),
  );
  context.state.datasetGroup(tracker.datasetGroupArn).records.addInteractions(records);
  for (const model of context.state.groupModels(tracker.datasetGroupArn)) model.addInteractions(records);
  context.logger.debug('events recorded', { trackingId, count: records.length });
  return {};
}

export function putItems(context: OperationContext, body: Record<string, unknown>): unknown {
  const { dataset, entries } = readRecordRequest(context, body, 'items', 'Items', 'itemId', MAX_ITEM_PROPERTIES);
  const records: ItemRecord[] = entries.map(({ id, fields }) => ({ itemId: id, fields }));
  context.state.datasetGroup(dataset.datasetGroupArn).records.putItems(records);
  for (const model of context.state.groupModels(dataset.datasetGroupArn)) model.putItems(records);
  return {};
}

export function putUsers(context: OperationContext, body: Record<string, unknown>): unknown {
  const { dataset, entries } = readRecordRequest(context, body, 'users', 'Users', 'userId', MAX_USER_PROPERTIES);
  const records: UserRecord[] = entries.map(({ id, fields }) => ({ userId: id, fields }));
  context.state.datasetGroup(dataset.datasetGroupArn).records.putUsers(records);
  for (const model of context.state.groupModels(dataset.datasetGroupArn)) model.putUsers(records);
  return {};
}

function checkEvent(checks: MemberChecks, value: unknown, path: string): void {
  const event = checks.map(value, path, { required: true });
  if (event === undefined) return;
  checks.string(event.eventType, `${path}.eventType`, { ...ID_RULE, required: true });
  checks.number(event.sentAt, `${path}.sentAt`, { required: true, min: 0 });
  checks.string(event.eventId, `${path}.eventId`, ID_RULE);
  checks.number(event.eventValue, `${path}.eventValue`, {});
  checks.string(event.itemId, `${path}.itemId`, ID_RULE);
  checks.string(event.properties, `${path}.properties`, { minLength: 1, maxLength: 1024 });
  checks.string(event.recommendationId, `${path}.recommendationId`, { minLength: 1, maxLength: 40 });
  const impression = checks.list(event.impression, `${path}.impression`, { minLength: 1, maxLength: 25 });
  impression?.forEach((itemId, index) =>
    checks.string(itemId, `${path}.impression.${index + 1}.member`, { ...ID_RULE, required: true }),
  );
  if (event.metricAttribution !== undefined) {
    checks.fail(
      `${path}.metricAttribution`,
      event.metricAttribution,
      'be absent, because metric attribution is not emulated',
    );
  }
}

function toInteraction(
  event: Record<string, unknown>,
  userId: string,
  schema: DatasetEntry['schema'] | undefined,
  path: string,
): InteractionRecord {
  const contextFields: Record<string, string> = {};
  if (typeof event.properties === 'string') {
    const keys = Object.keys(safeParse(event.properties));
    const forbidden = keys.filter((key) =>
      FORBIDDEN_EVENT_KEYS.some((name) => name.toLowerCase() === key.toLowerCase()),
    );
    if (forbidden.length > 0) {
      throw invalidInput(
        `${path}.properties: key '${forbidden[0]}' is not allowed; ${FORBIDDEN_EVENT_KEYS.join(', ')} are event or request members`,
      );
    }
    const values = readProperties(event.properties, `${path}.properties`, schema, INTERACTION_MEMBER_FIELDS);
    for (const [field, value] of Object.entries(values)) if (value !== null) contextFields[field] = String(value);
  }
  return {
    userId,
    itemId: event.itemId as string,
    timestamp: Math.floor(event.sentAt as number),
    eventType: event.eventType as string,
    ...(event.eventValue === undefined ? {} : { eventValue: event.eventValue as number }),
    ...(event.impression === undefined ? {} : { impression: event.impression as string[] }),
    ...(event.recommendationId === undefined ? {} : { recommendationId: event.recommendationId as string }),
    ...(Object.keys(contextFields).length === 0 ? {} : { context: contextFields }),
    source: 'realtime',
  };
}

/** Parses for the forbidden-key check only; readProperties reports invalid JSON. */
function safeParse(json: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

interface RecordEntry {
  readonly id: string;
  readonly fields: Record<string, ItemRecord['fields'][string]>;
}

/** Checks a PutItems or PutUsers request and maps each record's properties to schema fields. */
function readRecordRequest(
  context: OperationContext,
  body: Record<string, unknown>,
  listMember: 'items' | 'users',
  datasetType: DatasetType,
  idMember: 'itemId' | 'userId',
  maxPropertiesLength: number,
): { dataset: DatasetEntry; entries: RecordEntry[] } {
  const checks = new MemberChecks();
  const datasetArn = checks.string(body.datasetArn, 'datasetArn', ARN_RULE);
  const list = checks.list(body[listMember], listMember, { required: true, minLength: 1, maxLength: 10 }) ?? [];
  list.forEach((value, index) => {
    const path = `${listMember}.${index + 1}.member`;
    const entry = checks.map(value, path, { required: true });
    checks.string(entry?.[idMember], `${path}.${idMember}`, { ...ID_RULE, required: true });
    checks.string(entry?.properties, `${path}.properties`, { minLength: 1, maxLength: maxPropertiesLength });
  });
  checks.throwIfInvalid();

  const dataset = context.state.dataset(datasetArn!);
  if (dataset.datasetType !== datasetType) {
    throw invalidInput(
      `datasetArn: ${dataset.arn} has dataset type ${dataset.datasetType}; this call needs a ${datasetType} dataset`,
    );
  }
  const idField = datasetType === 'Items' ? 'ITEM_ID' : 'USER_ID';
  const entries = list.map((value, index) => {
    const entry = value as Record<string, unknown>;
    const path = `${listMember}.${index + 1}.member.properties`;
    const values =
      typeof entry.properties === 'string' ? readProperties(entry.properties, path, dataset.schema, [idField]) : {};
    return { id: entry[idMember] as string, fields: completeFields(values, dataset.schema, [idField], path) };
  });
  return { dataset, entries };
}
