/**
 * Request member checks that report problems in the service's own wording, for example
 * `1 validation error detected: Value '600' at 'numResults' failed to satisfy constraint: Member must have value less
 * than or equal to 500`. All problems of one request are collected and reported together.
 */
import { invalidInput } from './errors';

/** Constraints of a string member, as the service models declare them. */
export interface StringRule {
  readonly required?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** The pattern as the service writes it in messages; matched against the whole value. */
  readonly pattern?: string;
  readonly values?: readonly string[];
}

/** Constraints of a numeric member. */
export interface NumberRule {
  readonly required?: boolean;
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
}

/** Constraints of a list or map member. */
export interface SizeRule {
  readonly required?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
}

/** The service's resource name rule: 1 to 63 characters, a letter or digit first. */
export const NAME_RULE: StringRule = {
  required: true,
  minLength: 1,
  maxLength: 63,
  pattern: '^[a-zA-Z0-9][a-zA-Z0-9\\-_]*',
};

/** The service's ARN rule for Personalize resources. */
export const ARN_RULE: StringRule = {
  required: true,
  maxLength: 256,
  pattern: 'arn:([a-z\\d-]+):personalize:.*:.*:.+',
};

export const OPTIONAL_ARN_RULE: StringRule = { ...ARN_RULE, required: false };

/** Renders a received value the way the service quotes it in validation messages. */
function render(value: unknown): string {
  if (value === undefined || value === null) {
    return 'null';
  }
  if (typeof value === 'object') {
    try {
      return `'${JSON.stringify(value)}'`;
    } catch {
      // JSON.parse accepts nesting deeper than JSON.stringify's recursion can render (100,000 '[' for example).
      return `'${Array.isArray(value) ? '[...]' : '{...}'}' (nested too deeply to render)`;
    }
  }
  return `'${String(value)}'`;
}

/** Collects the problems of one request; `throwIfInvalid` raises them as one InvalidInputException. */
export class MemberChecks {
  private readonly problems: string[] = [];

  /** Records a problem with the member at `path`; `constraint` completes "Member must ...". */
  fail(path: string, value: unknown, constraint: string): void {
    this.problems.push(`Value ${render(value)} at '${path}' failed to satisfy constraint: Member must ${constraint}`);
  }

  string(value: unknown, path: string, rule: StringRule): string | undefined {
    if (value === undefined || value === null) {
      if (rule.required) this.fail(path, value, 'not be null');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.fail(path, value, 'be a string');
      return undefined;
    }
    const before = this.problems.length;
    if (rule.minLength !== undefined && value.length < rule.minLength) {
      this.fail(path, value, `have length greater than or equal to ${rule.minLength}`);
    }
    if (rule.maxLength !== undefined && value.length > rule.maxLength) {
      this.fail(path, value, `have length less than or equal to ${rule.maxLength}`);
      // Patterns such as the ARN rule's `.*:.*:.+` backtrack in quadratic time, so a 50,000-character value would
      // block the event loop for minutes. Only values within the length limit are matched.
      return undefined;
    }
    if (rule.pattern !== undefined && !new RegExp(`^(?:${rule.pattern.replace(/^\^/, '')})$`).test(value)) {
      this.fail(path, value, `satisfy regular expression pattern: ${rule.pattern}`);
    }
    if (rule.values !== undefined && !rule.values.includes(value)) {
      this.fail(path, value, `satisfy enum value set: [${rule.values.join(', ')}]`);
    }
    return this.problems.length === before ? value : undefined;
  }

  number(value: unknown, path: string, rule: NumberRule): number | undefined {
    if (value === undefined || value === null) {
      if (rule.required) this.fail(path, value, 'not be null');
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(path, value, 'be a number');
      return undefined;
    }
    if (rule.integer && !Number.isInteger(value)) {
      this.fail(path, value, 'be an integer');
      return undefined;
    }
    if (rule.min !== undefined && value < rule.min) {
      this.fail(path, value, `have value greater than or equal to ${rule.min}`);
      return undefined;
    }
    if (rule.max !== undefined && value > rule.max) {
      this.fail(path, value, `have value less than or equal to ${rule.max}`);
      return undefined;
    }
    return value;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      this.fail(path, value, 'be a boolean');
      return undefined;
    }
    return value;
  }

  list(value: unknown, path: string, rule: SizeRule): unknown[] | undefined {
    if (value === undefined || value === null) {
      if (rule.required) this.fail(path, value, 'not be null');
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.fail(path, value, 'be a list');
      return undefined;
    }
    return this.checkSize(value, value.length, path, rule) ? value : undefined;
  }

  map(value: unknown, path: string, rule: SizeRule): Record<string, unknown> | undefined {
    if (value === undefined || value === null) {
      if (rule.required) this.fail(path, value, 'not be null');
      return undefined;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.fail(path, value, 'be a map');
      return undefined;
    }
    const map = value as Record<string, unknown>;
    return this.checkSize(map, Object.keys(map).length, path, rule) ? map : undefined;
  }

  /** Checks `tags`: at most 200 entries, each with a `tagKey` of 1 to 128 characters and a `tagValue` of 0 to 256. */
  tags(value: unknown, path = 'tags'): void {
    const entries = this.list(value, path, { maxLength: 200 });
    entries?.forEach((entry, index) => {
      const member = `${path}.${index + 1}.member`;
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        this.fail(member, entry, 'be a structure');
        return;
      }
      const tag = entry as Record<string, unknown>;
      this.string(tag.tagKey, `${member}.tagKey`, { required: true, minLength: 1, maxLength: 128 });
      this.string(tag.tagValue, `${member}.tagValue`, { required: true, minLength: 0, maxLength: 256 });
    });
  }

  /** Checks every key and value of a map of strings; returns the map when all pass. */
  stringMap(
    value: unknown,
    path: string,
    rule: SizeRule,
    keyRule: StringRule,
    valueRule: StringRule,
  ): Record<string, string> | undefined {
    const map = this.map(value, path, rule);
    if (map === undefined) return undefined;
    const before = this.problems.length;
    for (const [key, entry] of Object.entries(map)) {
      this.string(key, `${path}.key`, keyRule);
      this.string(entry, `${path}.${key}`, { ...valueRule, required: true });
    }
    return this.problems.length === before ? (map as Record<string, string>) : undefined;
  }

  private checkSize(value: unknown, size: number, path: string, rule: SizeRule): boolean {
    if (rule.minLength !== undefined && size < rule.minLength) {
      this.fail(path, value, `have length greater than or equal to ${rule.minLength}`);
      return false;
    }
    if (rule.maxLength !== undefined && size > rule.maxLength) {
      this.fail(path, value, `have length less than or equal to ${rule.maxLength}`);
      return false;
    }
    return true;
  }

  get valid(): boolean {
    return this.problems.length === 0;
  }

  /** Throws one InvalidInputException that lists every problem recorded so far. */
  throwIfInvalid(): void {
    const count = this.problems.length;
    if (count === 0) return;
    const noun = count === 1 ? 'validation error' : 'validation errors';
    throw invalidInput(`${count} ${noun} detected: ${this.problems.join('; ')}`);
  }
}
