/** Filters and event trackers, the two resources the runtime and events APIs look up by ARN or tracking id. */
import { randomUUID } from 'node:crypto';
import type { FilterSchemas } from '../../filter/types';
import { resourceArn } from '../arns';
import { newTrackedResource, startCreation, startDeletion, statusMembers, type OperationContext } from '../context';
import { alreadyExists, invalidInput, limitExceeded } from '../errors';
import type { FilterEntry } from '../state';
import { ARN_RULE, MemberChecks, NAME_RULE } from '../validation';
import { assertBelowQuota, assertNotDeleting, requiredArn } from './datasets';

/** The service's quotas per dataset group. */
const MAX_FILTERS_PER_GROUP = 10;
const MAX_EVENT_TRACKERS_PER_GROUP = 1;
const MAX_FILTER_EXPRESSION_LENGTH = 2500;
const SCHEMA_KEYS = { Interactions: 'interactions', Items: 'items', Users: 'users' } as const;

export function createFilter(context: OperationContext, body: Record<string, unknown>): unknown {
  const { state } = context;
  const checks = new MemberChecks();
  const name = checks.string(body.name, 'name', NAME_RULE);
  const groupArn = checks.string(body.datasetGroupArn, 'datasetGroupArn', ARN_RULE);
  const expression = checks.string(body.filterExpression, 'filterExpression', {
    required: true,
    minLength: 1,
    maxLength: MAX_FILTER_EXPRESSION_LENGTH,
  });
  checks.tags(body.tags);
  checks.throwIfInvalid();

  const group = state.datasetGroup(groupArn!);
  assertNotDeleting(group.status, 'dataset group', group.arn);
  const count = [...state.filters.values()].filter((filter) => filter.datasetGroupArn === group.arn).length;
  assertBelowQuota(count, MAX_FILTERS_PER_GROUP, 'filters', group.arn);
  const arn = resourceArn(state.scope, 'filter', name!);
  if (state.filters.has(arn)) throw alreadyExists('filter', arn);

  const compiled = compile(context, expression!, group.arn);
  checkGroupLimits(context, group.arn, expression!);
  const filter: FilterEntry = {
    ...newTrackedResource(arn, name!),
    datasetGroupArn: group.arn,
    filterExpression: expression!,
    compiled,
  };
  state.filters.set(arn, filter);
  startCreation(context, filter);
  return { filterArn: arn };
}

export function describeFilter(context: OperationContext, body: Record<string, unknown>): unknown {
  const filter = context.state.filter(requiredArn(body, 'filterArn'));
  return {
    filter: {
      name: filter.name,
      filterArn: filter.arn,
      datasetGroupArn: filter.datasetGroupArn,
      filterExpression: filter.filterExpression,
      ...statusMembers(filter),
    },
  };
}

export function deleteFilter(context: OperationContext, body: Record<string, unknown>): unknown {
  const filter = context.state.filter(requiredArn(body, 'filterArn'));
  assertNotDeleting(filter.status, 'filter', filter.arn);
  startDeletion(context, filter, () => context.state.filters.delete(filter.arn));
  return {};
}

export function createEventTracker(context: OperationContext, body: Record<string, unknown>): unknown {
  const { state } = context;
  const checks = new MemberChecks();
  const name = checks.string(body.name, 'name', NAME_RULE);
  const groupArn = checks.string(body.datasetGroupArn, 'datasetGroupArn', ARN_RULE);
  checks.tags(body.tags);
  checks.throwIfInvalid();

  const group = state.datasetGroup(groupArn!);
  assertNotDeleting(group.status, 'dataset group', group.arn);
  const count = [...state.eventTrackers.values()].filter((tracker) => tracker.datasetGroupArn === group.arn).length;
  assertBelowQuota(count, MAX_EVENT_TRACKERS_PER_GROUP, 'event trackers', group.arn);
  const arn = resourceArn(state.scope, 'event-tracker', name!);
  if (state.eventTrackers.has(arn)) throw alreadyExists('event tracker', arn);

  const tracker = { ...newTrackedResource(arn, name!), datasetGroupArn: group.arn, trackingId: randomUUID() };
  state.eventTrackers.set(arn, tracker);
  startCreation(context, tracker);
  return { eventTrackerArn: arn, trackingId: tracker.trackingId };
}

export function describeEventTracker(context: OperationContext, body: Record<string, unknown>): unknown {
  const tracker = context.state.eventTracker(requiredArn(body, 'eventTrackerArn'));
  return {
    eventTracker: {
      name: tracker.name,
      eventTrackerArn: tracker.arn,
      accountId: context.state.scope.account,
      trackingId: tracker.trackingId,
      datasetGroupArn: tracker.datasetGroupArn,
      ...statusMembers(tracker),
    },
  };
}

export function deleteEventTracker(context: OperationContext, body: Record<string, unknown>): unknown {
  const tracker = context.state.eventTracker(requiredArn(body, 'eventTrackerArn'));
  assertNotDeleting(tracker.status, 'event tracker', tracker.arn);
  startDeletion(context, tracker, () => context.state.eventTrackers.delete(tracker.arn));
  return {};
}

/** Checks the limits that span the group's filters, such as the number of distinct fields they use. */
function checkGroupLimits(context: OperationContext, groupArn: string, expression: string): void {
  const existing = [...context.state.filters.values()]
    .filter((filter) => filter.datasetGroupArn === groupArn)
    .map((filter) => filter.filterExpression);
  const problems = context.engines.checkGroupFilters?.([...existing, expression]) ?? [];
  if (problems.length > 0) {
    const messages = problems.map((problem) => problem.message).join('; ');
    throw limitExceeded(`filterExpression: the filters of dataset group ${groupArn} exceed a limit: ${messages}`);
  }
}

/** Compiles against the schemas of the group's datasets, so unknown fields are rejected at creation. */
function compile(context: OperationContext, expression: string, groupArn: string): FilterEntry['compiled'] {
  const schemas: { -readonly [K in keyof FilterSchemas]: FilterSchemas[K] } = {};
  for (const type of ['Interactions', 'Items', 'Users'] as const) {
    const dataset = context.state.groupDataset(groupArn, type);
    if (dataset !== undefined) schemas[SCHEMA_KEYS[type]] = dataset.schema;
  }
  try {
    return context.engines.compileFilter(expression, schemas);
  } catch (error) {
    if (error instanceof Error && Array.isArray((error as { problems?: unknown }).problems)) {
      throw invalidInput(`filterExpression: ${error.message}`);
    }
    throw error;
  }
}
