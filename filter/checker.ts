/** The checker: semantic rules of the service that a parsed expression must also satisfy. */
import {
  comparisonsOf,
  type ComparisonNode,
  type ConditionNode,
  type DatasetName,
  type FieldNode,
  type FilterExpressionNode,
  type PartNode,
  type SourceMap,
  type ValueNode,
} from './ast';
import { problemAt } from './errors';
import { MAX_EXPRESSION_LENGTH, MAX_FIELDS_PER_FILTER, MAX_FILTER_VALUE_KEY_LENGTH } from './limits';
import { quoteString } from './printer';
import type { SchemaField } from '../schema/model';
import type { FilterProblem, FilterSchemas } from './types';

const NUMERIC_TYPES: ReadonlySet<string> = new Set(['int', 'long', 'float', 'double']);
const SCALAR_COMPARISONS: ReadonlySet<string> = new Set(['<', '>', '<=', '>=']);

/** The field interaction filters can use; the service filters interactions by event type only. */
export const EVENT_TYPE_FIELD = 'EVENT_TYPE';

/** Names a field as written in expressions, for example `Items.GENRES`. */
export function fieldKey(node: FieldNode): string {
  return `${node.dataset}.${node.name}`;
}

function describeValue(node: ValueNode): string {
  switch (node.type) {
    case 'String':
      return `the string ${quoteString(node.value)}`;
    case 'Number':
      return `the number ${node.value}`;
    case 'Placeholder':
      return `the placeholder $${node.name}`;
  }
}

/** Collects problems for one expression; every `report` call locates its message through the source map. */
class Checker {
  readonly problems: FilterProblem[] = [];

  constructor(
    private readonly locations: SourceMap,
    private readonly schemas: FilterSchemas,
  ) {}

  report(node: object, rule: string, text: string): void {
    const location = this.locations.get(node) ?? { column: 1, token: '' };
    this.problems.push(problemAt(location.column, location.token, rule, text));
  }

  checkPart(node: PartNode): void {
    const where = comparisonsOf(node.where);
    const dataset = where[0].field.dataset;
    for (const comparison of where) {
      this.checkWhereDataset(comparison.field, dataset);
      this.checkComparison(comparison);
    }
    if (node.condition !== undefined) {
      this.checkIf(node.condition);
    }
  }

  private checkWhereDataset(node: FieldNode, first: DatasetName): void {
    if (node.dataset === 'Users') {
      this.report(
        node,
        'users-in-where',
        `${fieldKey(node)} cannot be used after WHERE; use IF CurrentUser.${node.name}`,
      );
    } else if (node.dataset === 'CurrentUser') {
      this.report(node, 'current-user-in-where', `${fieldKey(node)} can only be used after IF`);
    } else if (node.dataset !== first && first !== 'Users' && first !== 'CurrentUser') {
      const text = `${fieldKey(node)} cannot be joined to conditions on ${first}; filter on ${node.dataset} in another part after '|'`;
      this.report(node, 'mixed-datasets', text);
    }
  }

  private checkIf(condition: ConditionNode): void {
    // OR binds loosest, so an OR anywhere in the clause makes the clause itself an Or node.
    if (condition.type === 'Or') {
      this.report(condition, 'or-in-if', 'conditions after IF can only be joined by AND');
    }
    for (const comparison of comparisonsOf(condition)) {
      if (comparison.field.dataset !== 'CurrentUser') {
        this.report(
          comparison.field,
          'dataset-in-if',
          `${fieldKey(comparison.field)} cannot be used after IF; only CurrentUser fields can`,
        );
      } else {
        this.checkComparison(comparison);
      }
    }
  }

  private checkComparison(node: ComparisonNode): void {
    this.checkPlaceholders(node);
    if (node.field.dataset === 'Interactions') {
      this.checkInteractions(node);
    } else {
      for (const value of node.values) {
        if (value.type === 'String' && SCALAR_COMPARISONS.has(node.operator)) {
          this.report(
            value,
            'comparison-type',
            `operator ${node.operator} needs a number but found ${describeValue(value)}`,
          );
        }
      }
    }
    const schemaField = this.lookUp(node.field);
    if (schemaField !== undefined) {
      this.checkAgainstSchema(node, schemaField);
    }
  }

  private checkPlaceholders(node: ComparisonNode): void {
    for (const value of node.values) {
      if (value.type !== 'Placeholder') {
        continue;
      }
      if (node.operator === 'NOT IN') {
        this.report(value, 'placeholder-with-not-in', `placeholder $${value.name} cannot be used with NOT IN`);
      } else if (node.values.length > 1) {
        this.report(
          value,
          'placeholder-in-list',
          `placeholder $${value.name} must be the only value of ${node.operator}`,
        );
      }
      if (value.name.length > MAX_FILTER_VALUE_KEY_LENGTH) {
        const text = `placeholder $${value.name} is ${value.name.length} characters long but filterValues keys are at most ${MAX_FILTER_VALUE_KEY_LENGTH}`;
        this.report(value, 'placeholder-name-length', text);
      }
    }
  }

  private checkInteractions(node: ComparisonNode): void {
    if (node.field.name !== EVENT_TYPE_FIELD) {
      this.report(
        node.field,
        'interactions-field',
        `${fieldKey(node.field)} cannot be filtered on; interaction filters can only use ${EVENT_TYPE_FIELD}`,
      );
      return;
    }
    if (node.operator !== 'IN' && node.operator !== '=') {
      this.report(
        node,
        'interactions-operator',
        `Interactions.${EVENT_TYPE_FIELD} only supports IN and = but found ${node.operator}`,
      );
    }
    for (const value of node.values) {
      if (value.type === 'Number') {
        this.report(value, 'value-type', `event types are strings but found ${describeValue(value)}`);
      }
    }
  }

  private lookUp(node: FieldNode): SchemaField | undefined {
    const schema =
      node.dataset === 'Items'
        ? this.schemas.items
        : node.dataset === 'Interactions'
          ? this.schemas.interactions
          : this.schemas.users;
    if (schema === undefined || node.dataset === 'Users') {
      return undefined;
    }
    const found = schema.fields.find((candidate) => candidate.name === node.name);
    if (found === undefined) {
      const names = schema.fields.map((candidate) => candidate.name).join(', ');
      this.report(
        node,
        'unknown-field',
        `${fieldKey(node)} is not a field of the ${schema.datasetType} schema ${schema.name} (fields: ${names})`,
      );
    }
    return found;
  }

  private checkAgainstSchema(node: ComparisonNode, schemaField: SchemaField): void {
    const key = fieldKey(node.field);
    if (schemaField.textual) {
      this.report(node.field, 'textual-field', `${key} is a textual field, which filters cannot use`);
      return;
    }
    if (schemaField.type === 'boolean') {
      this.report(
        node.field,
        'boolean-field',
        `${key} is of type boolean, which filters cannot use; store "True" and "False" in a string field or 0 and 1 in an int field`,
      );
      return;
    }
    const numeric = NUMERIC_TYPES.has(schemaField.type);
    if (SCALAR_COMPARISONS.has(node.operator) && !numeric) {
      this.report(
        node,
        'comparison-type',
        `operator ${node.operator} needs a numeric field but ${key} is of type ${schemaField.type}`,
      );
    }
    for (const value of node.values) {
      if ((value.type === 'String' && numeric) || (value.type === 'Number' && !numeric)) {
        this.report(value, 'value-type', `${key} is of type ${schemaField.type} but found ${describeValue(value)}`);
      }
    }
  }
}

function checkFieldCount(expression: FilterExpressionNode, checker: Checker): void {
  const seen = new Map<string, FieldNode>();
  for (const part of expression.parts) {
    const comparisons = [...comparisonsOf(part.where), ...(part.condition ? comparisonsOf(part.condition) : [])];
    for (const comparison of comparisons) {
      const key = fieldKey(comparison.field);
      if (!seen.has(key)) {
        seen.set(key, comparison.field);
      }
    }
  }
  if (seen.size > MAX_FIELDS_PER_FILTER) {
    const fields = [...seen.values()];
    const text = `filter uses ${fields.length} distinct fields but the maximum is ${MAX_FIELDS_PER_FILTER}: ${[...seen.keys()].join(', ')}`;
    checker.report(fields[MAX_FIELDS_PER_FILTER], 'too-many-fields', text);
  }
}

/** Checks a parsed expression against the service's rules and, where given, the dataset schemas. */
export function checkFilterExpression(
  source: string,
  expression: FilterExpressionNode,
  locations: SourceMap,
  schemas: FilterSchemas = {},
): FilterProblem[] {
  const checker = new Checker(locations, schemas);
  if (source.length > MAX_EXPRESSION_LENGTH) {
    const column = MAX_EXPRESSION_LENGTH + 1;
    const text = `expression is ${source.length} characters long but the maximum is ${MAX_EXPRESSION_LENGTH}`;
    checker.problems.push(problemAt(column, source[MAX_EXPRESSION_LENGTH], 'expression-too-long', text));
  }
  for (const part of expression.parts) {
    checker.checkPart(part);
  }
  checkFieldCount(expression, checker);
  return checker.problems;
}
