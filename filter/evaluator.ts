/**
 * The evaluator: binds a checked expression to one request (filter values, user, data) and returns a predicate over
 * item ids. Everything that depends only on the request is computed once here: placeholder values, the user's IF
 * conditions, the item sets of interaction conditions. The predicate then does one item lookup and set or number
 * tests per condition.
 */
import {
  comparisonsOf,
  type ComparisonNode,
  type ConditionNode,
  type FilterExpressionNode,
  type PartNode,
} from './ast';
import { FilterValuesError } from './errors';
import { buildValueMatcher, asNumber } from './matchers';
import { checkFilterValuesShape, decodeFilterValueFor } from './values';
import { interactionsInWindow } from './window';
import type { ItemRecord, UserRecord } from '../schema/records';
import type { FilterBinding, FilterSchemas } from './types';

type ItemPredicate = (item: ItemRecord | undefined, itemId: string) => boolean;

interface PartPlan {
  readonly exclude: boolean;
  readonly test: ItemPredicate;
}

/** Request-scoped state shared by the conditions of one binding. */
class Binding {
  private decoded = new Map<string, Array<string | number>>();
  private windowed: ReturnType<typeof interactionsInWindow> | undefined;
  private user: UserRecord | undefined | null = null;

  constructor(
    private readonly request: FilterBinding,
    private readonly categorical: (field: string) => boolean,
  ) {}

  /** Returns a placeholder's decoded values, or undefined when the request gives none. */
  valuesOf(name: string): Array<string | number> | undefined {
    // Own keys only, so that a placeholder such as $constructor never reads a member of Object.prototype.
    const requestValues = this.request.filterValues;
    if (requestValues === undefined || !Object.hasOwn(requestValues, name)) {
      return undefined;
    }
    const wire = requestValues[name];
    let values = this.decoded.get(name);
    if (values === undefined) {
      values = decodeFilterValueFor(name, wire);
      this.decoded.set(name, values);
    }
    return values;
  }

  currentUser(): UserRecord | undefined {
    if (this.user === null) {
      this.user = this.request.userId === undefined ? undefined : this.request.data.user(this.request.userId);
    }
    return this.user;
  }

  recentInteractions(): ReturnType<typeof interactionsInWindow> {
    if (this.windowed === undefined) {
      const userId = this.request.userId;
      this.windowed = userId === undefined ? [] : interactionsInWindow(this.request.data.interactions(userId));
    }
    return this.windowed;
  }

  isCategorical(field: string): boolean {
    return this.categorical(field);
  }
}

/** Resolves a comparison's values, or returns undefined when its placeholder has no value (the condition drops). */
function resolveValues(node: ComparisonNode, binding: Binding): Array<string | number> | undefined {
  const resolved: Array<string | number> = [];
  for (const value of node.values) {
    if (value.type !== 'Placeholder') {
      resolved.push(value.value);
      continue;
    }
    const requestValues = binding.valuesOf(value.name);
    if (requestValues === undefined) {
      return undefined;
    }
    checkPlaceholderValues(node, value.name, requestValues);
    resolved.push(...requestValues);
  }
  return resolved;
}

function checkPlaceholderValues(node: ComparisonNode, name: string, values: Array<string | number>): void {
  const fail = (rule: string): never => {
    throw new FilterValuesError('InvalidInputException', `filterValues key ${name} ${rule}`, name);
  };
  if (node.operator === 'IN' || node.operator === 'NOT IN') {
    return;
  }
  if (values.length !== 1) {
    fail(`has ${values.length} values but $${name} is used with ${node.operator}, which takes exactly one`);
  }
  if (node.operator !== '=' && asNumber(values[0]) === undefined) {
    fail(`has the value ${JSON.stringify(values[0])} but $${name} is used with ${node.operator}, which needs a number`);
  }
}

function buildInteractionTest(values: readonly (string | number)[], binding: Binding): ItemPredicate {
  const eventTypes = new Set(values.map((value) => String(value).toLowerCase()));
  const any = eventTypes.has('*');
  const itemIds = new Set<string>();
  for (const record of binding.recentInteractions()) {
    // The service ignores case when it matches event types, and only then.
    if (any || (record.eventType !== undefined && eventTypes.has(record.eventType.toLowerCase()))) {
      itemIds.add(record.itemId);
    }
  }
  return (_item, itemId) => itemIds.has(itemId);
}

function buildComparison(node: ComparisonNode, binding: Binding): ItemPredicate | undefined {
  const values = resolveValues(node, binding);
  if (values === undefined) {
    return undefined;
  }
  if (node.field.dataset === 'Interactions') {
    return buildInteractionTest(values, binding);
  }
  const name = node.field.name;
  const matches = buildValueMatcher(node.operator, values, binding.isCategorical(name));
  return (item) => matches(item?.fields[name]);
}

/** Builds a condition, dropping conditions whose placeholders have no value; undefined when all of them dropped. */
function buildCondition(node: ConditionNode, binding: Binding): ItemPredicate | undefined {
  if (node.type === 'Comparison') {
    return buildComparison(node, binding);
  }
  const operands = node.operands
    .map((operand) => buildCondition(operand, binding))
    .filter((operand): operand is ItemPredicate => operand !== undefined);
  if (operands.length <= 1) {
    return operands[0];
  }
  return node.type === 'And'
    ? (item, itemId) => operands.every((operand) => operand(item, itemId))
    : (item, itemId) => operands.some((operand) => operand(item, itemId));
}

/**
 * Evaluates a part's IF clause for the current user. A user who is unknown or lacks the field fails the clause, so
 * the part does not apply. Conditions whose placeholders have no value drop as in WHERE; returns undefined when all
 * of them dropped.
 */
function userSatisfies(condition: ConditionNode, binding: Binding): boolean | undefined {
  const user = binding.currentUser();
  const comparisons = comparisonsOf(condition);
  let result: boolean | undefined;
  for (const comparison of comparisons) {
    const values = resolveValues(comparison, binding);
    if (values === undefined) {
      continue;
    }
    const matches = buildValueMatcher(comparison.operator, values, true);
    result = (result ?? true) && user !== undefined && matches(user.fields[comparison.field.name]);
  }
  return result;
}

function planPart(node: PartNode, binding: Binding): PartPlan | undefined {
  if (node.condition !== undefined) {
    const applies = userSatisfies(node.condition, binding);
    // NOTE: the service documents dropping EXCLUDE conditions without values only for WHERE; an IF clause whose
    // conditions all drop is treated the same way, so the part is dropped too.
    if (applies !== true) {
      return undefined;
    }
  }
  const test = buildCondition(node.where, binding);
  return test === undefined ? undefined : { exclude: node.action === 'EXCLUDE', test };
}

function placeholdersOfPart(node: PartNode): string[] {
  const conditions = node.condition === undefined ? [node.where] : [node.where, node.condition];
  return conditions
    .flatMap(comparisonsOf)
    .flatMap((comparison) => comparison.values.flatMap((value) => (value.type === 'Placeholder' ? [value.name] : [])));
}

function checkRequestValues(
  expression: FilterExpressionNode,
  placeholders: readonly string[],
  request: FilterBinding,
): void {
  const requestValues = request.filterValues ?? {};
  checkFilterValuesShape(requestValues);
  for (const key of Object.keys(requestValues)) {
    if (!placeholders.includes(key)) {
      const known = placeholders.length === 0 ? 'it has none' : `its placeholders are ${placeholders.join(', ')}`;
      throw new FilterValuesError(
        'InvalidInputException',
        `filterValues key ${key} is not a placeholder of this filter; ${known}`,
        key,
      );
    }
  }
  for (const node of expression.parts) {
    if (node.action !== 'INCLUDE') {
      continue;
    }
    const missing = placeholdersOfPart(node).find((name) => !Object.hasOwn(requestValues, name));
    if (missing !== undefined) {
      throw new FilterValuesError(
        'InvalidInputException',
        `filterValues has no value for placeholder $${missing}, which an INCLUDE part of this filter needs`,
        missing,
      );
    }
  }
}

/** Binds an expression that passed the checker to one request; throws `FilterValuesError` for bad filter values. */
export function bindFilter(
  expression: FilterExpressionNode,
  placeholders: readonly string[],
  schemas: FilterSchemas,
  request: FilterBinding,
): (itemId: string) => boolean {
  checkRequestValues(expression, placeholders, request);
  const itemsSchema = schemas.items;
  const categorical = itemsSchema
    ? (name: string) => itemsSchema.fields.some((field) => field.name === name && field.categorical)
    : () => true;
  const binding = new Binding(request, categorical);
  const plans = expression.parts
    .map((node) => planPart(node, binding))
    .filter((plan): plan is PartPlan => plan !== undefined);
  const data = request.data;
  return (itemId) => {
    const item = data.item(itemId);
    for (const plan of plans) {
      if (plan.test(item, itemId) === plan.exclude) {
        return false;
      }
    }
    return true;
  };
}
