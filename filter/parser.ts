/**
 * A recursive-descent parser for filter expressions, with one precedence table for the logical operators.
 *
 * Grammar (keywords and dataset names are case-insensitive, field and placeholder names are not):
 *
 *   filter     = part { "|" part }
 *   part       = ( "INCLUDE" | "EXCLUDE" ) "ItemID" "WHERE" condition [ "IF" condition ]
 *   condition  = comparison { ( "AND" | "OR" ) comparison }      AND binds tighter than OR
 *   comparison = dataset "." name ( ( "IN" | "NOT" "IN" ) "(" value { "," value } ")" | scalarOp value )
 *   scalarOp   = "=" | "<" | ">" | "<=" | ">="
 *   value      = string | number | "$" name
 *
 * The service's own documentation writes `itemId`, `INTERACTIONS` and `in` as well as `ItemID`, `Interactions` and
 * `IN`, and spells the user dataset both `CurrentUser` and `CURRENTUSER`, so keywords and dataset names are matched
 * without regard to case. It documents no grouping parentheses, so parentheses around conditions are rejected.
 */
import * as ast from './ast';
import { describeToken, problemAt } from './errors';
import { tokenize, type Token } from './lexer';
import type { FilterProblem } from './types';

/** Logical operators from loosest to tightest binding; the parser descends this table one level at a time. */
const LOGICAL_OPERATORS: readonly {
  readonly keyword: string;
  readonly build: (operands: readonly ast.ConditionNode[]) => ast.ConditionNode;
}[] = [
  { keyword: 'OR', build: ast.or },
  { keyword: 'AND', build: ast.and },
];

const DATASETS: Readonly<Record<string, ast.DatasetName>> = {
  ITEMS: 'Items',
  INTERACTIONS: 'Interactions',
  CURRENTUSER: 'CurrentUser',
  USERS: 'Users',
};

const SCALAR_OPERATORS: ReadonlySet<string> = new Set(['=', '<', '>', '<=', '>=']);

const VALUE_KINDS = 'a double-quoted string, a number or a $placeholder';

/** Parse result: the parts that parsed, every problem found, and the source location of each node. */
export interface ParseOutcome {
  readonly ast: ast.FilterExpressionNode;
  readonly problems: readonly FilterProblem[];
  readonly locations: ast.SourceMap;
}

/** Thrown inside one part to abandon it; the parser records the problem and resumes at the next `|`. */
class PartFailure extends Error {
  constructor(readonly problem: FilterProblem) {
    super(problem.message);
  }
}

class Parser {
  private index = 0;
  readonly problems: FilterProblem[] = [];
  readonly locations: ast.SourceMap = new WeakMap();

  constructor(private readonly tokens: readonly Token[]) {}

  parseFilter(): ast.FilterExpressionNode {
    const parts: ast.PartNode[] = [];
    do {
      const parsed = this.parsePartRecovering();
      if (parsed !== undefined) {
        parts.push(parsed);
      }
    } while (this.accept('pipe'));
    return this.remember(ast.filterExpression(parts), this.tokens[0]);
  }

  private parsePartRecovering(): ast.PartNode | undefined {
    try {
      const node = this.parsePart();
      const next = this.peek();
      if (next.kind !== 'pipe' && next.kind !== 'end') {
        this.fail(next, 'unexpected-token', `expected AND, OR, IF, '|' or the end of the expression`);
      }
      return node;
    } catch (error) {
      if (!(error instanceof PartFailure)) {
        throw error;
      }
      this.problems.push(error.problem);
      while (this.peek().kind !== 'pipe' && this.peek().kind !== 'end') {
        this.index += 1;
      }
      return undefined;
    }
  }

  private parsePart(): ast.PartNode {
    const actionToken = this.peek();
    const action = actionToken.text.toUpperCase();
    if (actionToken.kind !== 'word' || (action !== 'INCLUDE' && action !== 'EXCLUDE')) {
      this.fail(actionToken, 'expected-action', 'expected INCLUDE or EXCLUDE');
    }
    this.index += 1;
    this.expectKeyword('ITEMID', 'expected-item-id', `expected ItemID after ${action}`);
    this.expectKeyword('WHERE', 'expected-where', 'expected WHERE after ItemID');
    const where = this.parseCondition(0);
    let condition: ast.ConditionNode | undefined;
    if (this.isKeyword(this.peek(), 'IF')) {
      this.index += 1;
      condition = this.parseCondition(0);
    }
    return this.remember(ast.part(action as ast.FilterAction, where, condition), actionToken);
  }

  /** Parses operands joined by the operator at `level` of the precedence table, or a comparison past its end. */
  private parseCondition(level: number): ast.ConditionNode {
    if (level === LOGICAL_OPERATORS.length) {
      return this.parseComparison();
    }
    const { keyword, build } = LOGICAL_OPERATORS[level];
    const operands = [this.parseCondition(level + 1)];
    let firstOperator: Token | undefined;
    while (this.isKeyword(this.peek(), keyword)) {
      firstOperator ??= this.peek();
      this.index += 1;
      operands.push(this.parseCondition(level + 1));
    }
    return firstOperator === undefined ? operands[0] : this.remember(build(operands), firstOperator);
  }

  private parseComparison(): ast.ComparisonNode {
    const start = this.peek();
    if (start.kind === 'lparen') {
      const text = "parentheses cannot group conditions, so write them without '(' and ')' (AND binds tighter than OR)";
      throw new PartFailure(problemAt(start.column, start.text, 'grouping-parentheses', text));
    }
    const fieldNode = this.parseField();
    const operator = this.parseOperator();
    const values = operator === 'IN' || operator === 'NOT IN' ? this.parseValueList(operator) : [this.parseValue()];
    return this.remember(ast.comparison(fieldNode, operator, values), start);
  }

  private parseField(): ast.FieldNode {
    const datasetToken = this.peek();
    if (datasetToken.kind !== 'word') {
      this.fail(datasetToken, 'expected-field', 'expected a field such as Items.GENRES');
    }
    const dataset = DATASETS[datasetToken.text.toUpperCase()];
    if (dataset === undefined) {
      this.fail(datasetToken, 'unknown-dataset', 'expected the dataset Items, Interactions or CurrentUser');
    }
    this.index += 1;
    if (!this.accept('dot')) {
      this.fail(this.peek(), 'expected-dot', `expected '.' after ${datasetToken.text}`);
    }
    const nameToken = this.peek();
    if (nameToken.kind !== 'word') {
      this.fail(nameToken, 'expected-field-name', `expected a field name after ${datasetToken.text}.`);
    }
    this.index += 1;
    return this.remember(ast.field(dataset, nameToken.text), datasetToken);
  }

  private parseOperator(): ast.ComparisonOperator {
    const token = this.peek();
    if (token.kind === 'operator' && SCALAR_OPERATORS.has(token.text)) {
      this.index += 1;
      return token.text as ast.ScalarOperator;
    }
    if (this.isKeyword(token, 'IN')) {
      this.index += 1;
      return 'IN';
    }
    if (this.isKeyword(token, 'NOT')) {
      this.index += 1;
      this.expectKeyword('IN', 'expected-in', 'expected IN after NOT');
      return 'NOT IN';
    }
    return this.fail(token, 'expected-operator', 'expected one of IN, NOT IN, =, <, >, <=, >=');
  }

  private parseValueList(operator: ast.ListOperator): ast.ValueNode[] {
    if (!this.accept('lparen')) {
      this.fail(this.peek(), 'expected-list', `expected '(' to open the value list of ${operator}`);
    }
    const values = [this.parseValue()];
    while (this.accept('comma')) {
      values.push(this.parseValue());
    }
    if (!this.accept('rparen')) {
      this.fail(this.peek(), 'expected-list-end', `expected ',' or ')' in the value list of ${operator}`);
    }
    return values;
  }

  private parseValue(): ast.ValueNode {
    const token = this.peek();
    let node: ast.ValueNode;
    if (token.kind === 'string') {
      node = ast.stringValue(token.value);
    } else if (token.kind === 'placeholder') {
      node = ast.placeholder(token.value);
    } else if (token.kind === 'number') {
      const value = Number(token.text);
      if (!Number.isFinite(value)) {
        this.fail(token, 'invalid-number', 'number must be finite as a double (at most about 1.8e308)');
      }
      node = ast.numberValue(value);
    } else {
      return this.fail(token, 'expected-value', `expected a value (${VALUE_KINDS})`);
    }
    this.index += 1;
    return this.remember(node, token);
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private accept(kind: Token['kind']): boolean {
    if (this.peek().kind !== kind) {
      return false;
    }
    this.index += 1;
    return true;
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.kind === 'word' && token.text.toUpperCase() === keyword;
  }

  private expectKeyword(keyword: string, rule: string, text: string): void {
    if (!this.isKeyword(this.peek(), keyword)) {
      this.fail(this.peek(), rule, text);
    }
    this.index += 1;
  }

  private fail(token: Token, rule: string, text: string): never {
    throw new PartFailure(problemAt(token.column, token.text, rule, `${text} but found ${describeToken(token.text)}`));
  }

  private remember<T extends object>(node: T, token: Token): T {
    this.locations.set(node, { column: token.column, token: token.text });
    return node;
  }
}

/** Parses an expression and collects lexical and syntax problems. The AST contains the parts that parsed. */
export function parseWithProblems(expression: string): ParseOutcome {
  const lexed = tokenize(expression);
  const parser = new Parser(lexed.tokens);
  const parsed = parser.parseFilter();
  const problems = [...lexed.problems, ...parser.problems].sort((a, b) => a.column - b.column);
  return { ast: parsed, problems, locations: parser.locations };
}
