/**
 * Node types of a parsed filter expression, and factories for them.
 *
 * Nodes carry no source positions, so an expression and its canonical printed form parse to deep-equal trees. The
 * parser keeps positions in a side table (`SourceMap`) for the checker's messages.
 */

/** The datasets an expression can name before the dot. `Users` parses so that the checker can reject it by name. */
export type DatasetName = 'Items' | 'Interactions' | 'CurrentUser' | 'Users';

export type FilterAction = 'INCLUDE' | 'EXCLUDE';

export type ListOperator = 'IN' | 'NOT IN';
export type ScalarOperator = '=' | '<' | '>' | '<=' | '>=';
export type ComparisonOperator = ListOperator | ScalarOperator;

export interface StringValueNode {
  readonly type: 'String';
  readonly value: string;
}

export interface NumberValueNode {
  readonly type: 'Number';
  readonly value: number;
}

export interface PlaceholderNode {
  readonly type: 'Placeholder';
  /** The name without `$`; the `filterValues` key that supplies its value. */
  readonly name: string;
}

export type ValueNode = StringValueNode | NumberValueNode | PlaceholderNode;

export interface FieldNode {
  readonly type: 'Field';
  readonly dataset: DatasetName;
  /** The field name as written, compared with schema field names case-sensitively. */
  readonly name: string;
}

/** `field IN (a, b)`, `field NOT IN (a)`, or `field = a` and the other scalar operators with exactly one value. */
export interface ComparisonNode {
  readonly type: 'Comparison';
  readonly field: FieldNode;
  readonly operator: ComparisonOperator;
  readonly values: readonly ValueNode[];
}

/** Two or more operands joined by AND; operands are never `And` nodes themselves. */
export interface AndNode {
  readonly type: 'And';
  readonly operands: readonly ConditionNode[];
}

/** Two or more operands joined by OR; operands are never `Or` nodes themselves. */
export interface OrNode {
  readonly type: 'Or';
  readonly operands: readonly ConditionNode[];
}

export type ConditionNode = ComparisonNode | AndNode | OrNode;

/** One `INCLUDE|EXCLUDE ItemID WHERE ... [IF ...]` part of an expression. */
export interface PartNode {
  readonly type: 'Part';
  readonly action: FilterAction;
  readonly where: ConditionNode;
  /** The condition on the current user after IF; the part applies only when it holds. */
  readonly condition?: ConditionNode;
}

/** A whole expression: parts joined by `|`, each filtering what the previous one let through. */
export interface FilterExpressionNode {
  readonly type: 'Filter';
  readonly parts: readonly PartNode[];
}

export type FilterNode = FilterExpressionNode | PartNode | ConditionNode | FieldNode | ValueNode;

/** Position of a node in the source expression. */
export interface SourceLocation {
  readonly column: number;
  /** The token that starts the node, as written. */
  readonly token: string;
}

export type SourceMap = WeakMap<object, SourceLocation>;

export function stringValue(value: string): StringValueNode {
  return { type: 'String', value };
}

export function numberValue(value: number): NumberValueNode {
  return { type: 'Number', value };
}

export function placeholder(name: string): PlaceholderNode {
  return { type: 'Placeholder', name };
}

export function field(dataset: DatasetName, name: string): FieldNode {
  return { type: 'Field', dataset, name };
}

export function comparison(
  fieldNode: FieldNode,
  operator: ComparisonOperator,
  values: readonly ValueNode[],
): ComparisonNode {
  return { type: 'Comparison', field: fieldNode, operator, values };
}

export function and(operands: readonly ConditionNode[]): AndNode {
  return { type: 'And', operands };
}

export function or(operands: readonly ConditionNode[]): OrNode {
  return { type: 'Or', operands };
}

export function part(action: FilterAction, where: ConditionNode, condition?: ConditionNode): PartNode {
  return condition === undefined ? { type: 'Part', action, where } : { type: 'Part', action, where, condition };
}

export function filterExpression(parts: readonly PartNode[]): FilterExpressionNode {
  return { type: 'Filter', parts };
}

/** Lists the comparisons of a condition from left to right. */
export function comparisonsOf(condition: ConditionNode): ComparisonNode[] {
  if (condition.type === 'Comparison') {
    return [condition];
  }
  return condition.operands.flatMap(comparisonsOf);
}

/** Lists every comparison of an expression, WHERE and IF clauses of all parts, from left to right. */
export function allComparisons(expression: FilterExpressionNode): ComparisonNode[] {
  return expression.parts.flatMap((node) => [
    ...comparisonsOf(node.where),
    ...(node.condition === undefined ? [] : comparisonsOf(node.condition)),
  ]);
}
