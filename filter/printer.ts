/** The printer: writes an AST in canonical form, which parses back to a deep-equal AST. */
import type { ConditionNode, FieldNode, FilterExpressionNode, PartNode, ValueNode } from './ast';

/** Writes a string value in double quotes, escaping `\` and `"` with a backslash. */
export function quoteString(value: string): string {
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

function printValue(node: ValueNode): string {
  switch (node.type) {
    case 'String':
      return quoteString(node.value);
    case 'Number':
      return String(node.value);
    case 'Placeholder':
      return `$${node.name}`;
  }
}

function printField(node: FieldNode): string {
  return `${node.dataset}.${node.name}`;
}

/**
 * Writes a condition. Parentheses never appear around conditions, so an AST is printable only in the shape the
 * parser builds: `Or` operands are comparisons or `And` nodes, and `And` operands are comparisons.
 */
function printCondition(node: ConditionNode): string {
  switch (node.type) {
    case 'Comparison': {
      const values = node.values.map(printValue).join(', ');
      const right = node.operator === 'IN' || node.operator === 'NOT IN' ? `(${values})` : values;
      return `${printField(node.field)} ${node.operator} ${right}`;
    }
    case 'And':
      return node.operands.map(printCondition).join(' AND ');
    case 'Or':
      return node.operands.map(printCondition).join(' OR ');
  }
}

function printPart(node: PartNode): string {
  const where = `${node.action} ItemID WHERE ${printCondition(node.where)}`;
  return node.condition === undefined ? where : `${where} IF ${printCondition(node.condition)}`;
}

/** Writes an expression in canonical form: upper-case keywords, `ItemID`, one space between tokens. */
export function printFilterExpression(expression: FilterExpressionNode): string {
  return expression.parts.map(printPart).join(' | ');
}
