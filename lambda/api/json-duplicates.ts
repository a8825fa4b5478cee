/**
 * Detection of repeated member names in JSON text. `JSON.parse` keeps the last of two equal names and drops the
 * others without a word, so a request that repeats a member would lose a value its sender meant to send.
 */

interface ObjectFrame {
  readonly kind: 'object';
  readonly path: string;
  readonly names: Set<string>;
  expectName: boolean;
  current: string;
}

interface ArrayFrame {
  readonly kind: 'array';
  readonly path: string;
  index: number;
}

type Frame = ObjectFrame | ArrayFrame;

/** Returns the end index (exclusive) of the JSON string that starts at `start`. */
function stringEnd(text: string, start: number): number {
  let index = start + 1;
  while (text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
  return index + 1;
}

/** Returns the path of the value that starts now, inside `frame`, for example `events[0]` or `events[0].eventType`. */
function childPath(frame: Frame | undefined): string {
  if (frame === undefined) return '';
  if (frame.kind === 'array') return `${frame.path}[${frame.index}]`;
  return frame.path === '' ? frame.current : `${frame.path}.${frame.current}`;
}

/**
 * Returns the path of the first member whose name repeats within its object, for example `events[0].eventType`, or
 * undefined when there is none. `text` must be valid JSON. The scan keeps its own stack, so nesting depth cannot
 * overflow the call stack.
 */
export function findRepeatedMember(text: string): string | undefined {
  const stack: Frame[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    const top = stack[stack.length - 1];
    if (char === '"') {
      const end = stringEnd(text, index);
      if (top?.kind === 'object' && top.expectName) {
        const name = JSON.parse(text.slice(index, end)) as string;
        top.current = name;
        if (top.names.has(name)) return childPath(top);
        top.names.add(name);
        top.expectName = false;
      }
      index = end;
      continue;
    }
    if (char === '{')
      stack.push({ kind: 'object', path: childPath(top), names: new Set(), expectName: true, current: '' });
    else if (char === '[') stack.push({ kind: 'array', path: childPath(top), index: 0 });
    else if (char === '}' || char === ']') stack.pop();
    else if (char === ',' && top?.kind === 'object') top.expectName = true;
    else if (char === ',' && top?.kind === 'array') top.index += 1;
    index += 1;
  }
  return undefined;
}
