/** The lexer: splits an expression into tokens and reports characters that start no token. */
import { describeToken, problemAt } from './errors';
import type { FilterProblem } from './types';

export type TokenKind =
  'word' | 'string' | 'number' | 'placeholder' | 'operator' | 'dot' | 'comma' | 'lparen' | 'rparen' | 'pipe' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The token as written in the expression. */
  readonly text: string;
  /** The decoded value: string contents without quotes and escapes, a placeholder name without `$`, or `text`. */
  readonly value: string;
  /** 1-based column of the first character. */
  readonly column: number;
}

export interface LexResult {
  readonly tokens: readonly Token[];
  readonly problems: readonly FilterProblem[];
}

const PUNCTUATION: Readonly<Record<string, TokenKind>> = {
  '.': 'dot',
  ',': 'comma',
  '(': 'lparen',
  ')': 'rparen',
  '|': 'pipe',
};

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

function isWordStart(char: string): boolean {
  return (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || char === '_';
}

function isWordPart(char: string): boolean {
  return isWordStart(char) || isDigit(char);
}

function isSpace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}

/** A cursor over the expression that collects tokens and problems. */
class Lexer {
  private position = 0;
  readonly tokens: Token[] = [];
  readonly problems: FilterProblem[] = [];

  constructor(private readonly source: string) {}

  run(): LexResult {
    while (this.position < this.source.length) {
      const char = this.source[this.position];
      if (isSpace(char)) {
        this.position += 1;
      } else {
        this.readToken(char);
      }
    }
    this.tokens.push({ kind: 'end', text: '', value: '', column: this.source.length + 1 });
    return { tokens: this.tokens, problems: this.problems };
  }

  private readToken(char: string): void {
    const punctuation = PUNCTUATION[char];
    if (punctuation !== undefined) {
      this.push(punctuation, this.position + 1, char);
    } else if (char === '"') {
      this.readString();
    } else if (char === '$') {
      this.readPlaceholder();
    } else if (isDigit(char) || (char === '-' && isDigit(this.source[this.position + 1] ?? ''))) {
      this.readNumber();
    } else if (isWordStart(char)) {
      this.push('word', this.scanWhile(this.position, isWordPart));
    } else if (char === '=' || char === '<' || char === '>') {
      const end = char !== '=' && this.source[this.position + 1] === '=' ? this.position + 2 : this.position + 1;
      this.push('operator', end);
    } else {
      // One problem per code point, so an emoji is one invalid character rather than two halves of a surrogate pair.
      const column = this.position + 1;
      const codePoint = this.source.codePointAt(this.position) ?? 0;
      const text = String.fromCodePoint(codePoint);
      this.problems.push(problemAt(column, text, 'invalid-character', `invalid character ${describeCharacter(text)}`));
      this.position += text.length;
    }
  }

  private push(kind: TokenKind, end: number, value?: string): void {
    const text = this.source.slice(this.position, end);
    this.tokens.push({ kind, text, value: value ?? text, column: this.position + 1 });
    this.position = end;
  }

  private scanWhile(start: number, accept: (char: string) => boolean): number {
    let end = start;
    while (end < this.source.length && accept(this.source[end])) {
      end += 1;
    }
    return end;
  }

  /** Reads `-?digits[.digits][(e|E)[+-]digits]`, the forms `String(number)` produces for finite numbers. */
  private readNumber(): void {
    let end = this.scanWhile(this.source[this.position] === '-' ? this.position + 1 : this.position, isDigit);
    if (this.source[end] === '.' && isDigit(this.source[end + 1] ?? '')) {
      end = this.scanWhile(end + 1, isDigit);
    }
    if (this.source[end] === 'e' || this.source[end] === 'E') {
      const signEnd = this.source[end + 1] === '+' || this.source[end + 1] === '-' ? end + 2 : end + 1;
      if (isDigit(this.source[signEnd] ?? '')) {
        end = this.scanWhile(signEnd, isDigit);
      }
    }
    this.push('number', end);
  }

  private readPlaceholder(): void {
    const end = this.scanWhile(this.position + 1, isWordPart);
    if (end === this.position + 1) {
      const column = this.position + 1;
      this.problems.push(
        problemAt(column, '$', 'invalid-placeholder', "placeholder '$' needs a name of letters, digits or '_'"),
      );
      this.position += 1;
      return;
    }
    this.push('placeholder', end, this.source.slice(this.position + 1, end));
  }

  /** Reads a double-quoted string in which `\"` stands for `"` and `\\` for `\`. */
  private readString(): void {
    const start = this.position;
    let value = '';
    let index = start + 1;
    while (index < this.source.length && this.source[index] !== '"') {
      const char = this.source[index];
      if (char === '\\') {
        const escaped = this.source[index + 1] ?? '';
        if (escaped !== '"' && escaped !== '\\') {
          const token = `\\${escaped}`;
          const message = `invalid escape ${describeToken(token)} in a string: only \\" and \\\\ are allowed`;
          this.problems.push(problemAt(index + 1, token, 'invalid-escape', message));
        }
        value += escaped;
        index += 2;
      } else {
        value += char;
        index += 1;
      }
    }
    if (index >= this.source.length) {
      const token = this.source.slice(start);
      this.problems.push(
        problemAt(start + 1, token, 'unterminated-string', 'string is missing its closing double quote'),
      );
      this.position = this.source.length;
      return;
    }
    this.push('string', index + 1, value);
  }
}

/** Splits an expression into tokens; the last token is always `end`. */
export function tokenize(expression: string): LexResult {
  return new Lexer(expression).run();
}

/**
 * Quotes a character for a message and adds its code point when it is not printable ASCII, because a no-break space,
 * a byte order mark or a control character looks like a space or like nothing at all.
 */
function describeCharacter(text: string): string {
  const codePoint = text.codePointAt(0) ?? 0;
  if (codePoint >= 0x21 && codePoint <= 0x7e) return describeToken(text);
  return `${describeToken(text)} (U+${codePoint.toString(16).toUpperCase().padStart(4, '0')})`;
}
