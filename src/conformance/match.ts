import { escapePointer } from '../spec/load.js';

/**
 * Subset matching of a response against a scenario's expectation. An expected object names the
 * members that must be there; an expected array names elements that must each be found (in any
 * order); scalars must be equal. Objects whose keys start with `$` are matchers:
 *
 *   {$type: string|number|integer|boolean|array|object|null}   {$regex: '^OK'}
 *   {$len: 2} {$minLen: 1} {$maxLen: 3} (arrays, strings, and an object's members)   {$gte: 1} {$lte: 10}
 *   {$absent: true} (the member must not be there)             {$none: <subset>} (no array element, or object member, matches)
 *   {$oneOf: [a, b]} (equal to one of)
 *
 * Objects count and search by their members because some vendors key a collection by id
 * (Moogsoft's `instances`, one member per broker).
 */

export interface Mismatch {
  /** JSON pointer into the actual body. */
  pointer: string;
  expected: unknown;
  actual: unknown;
  message: string;
}

const MATCHERS = new Set([
  '$type',
  '$regex',
  '$len',
  '$minLen',
  '$maxLen',
  '$gte',
  '$lte',
  '$absent',
  '$none',
  '$oneOf',
]);

export function isMatcher(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => MATCHERS.has(k));
}

export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The first place where `actual` does not satisfy `expected`, or undefined when it does. */
export function match(expected: unknown, actual: unknown, pointer = ''): Mismatch | undefined {
  if (isMatcher(expected)) return matchMatcher(expected, actual, pointer);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual))
      return { pointer, expected, actual, message: `expected an array, found ${typeOf(actual)}` };
    const used = new Set<number>();
    for (const [i, item] of expected.entries()) {
      const found = actual.findIndex(
        (candidate, j) => !used.has(j) && match(item, candidate, `${pointer}/${j}`) === undefined,
      );
      if (found === -1) {
        // Point at the closest candidate (same index), so the message says what differs.
        const near = actual[i] === undefined ? undefined : match(item, actual[i], `${pointer}/${i}`);
        return near
          ? { ...near, message: `no element matches expected [${i}]; nearest: ${near.message}` }
          : { pointer, expected: item, actual, message: `no element matches expected [${i}]` };
      }
      used.add(found);
    }
    return undefined;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return { pointer, expected, actual, message: `expected an object, found ${typeOf(actual)}` };
    }
    for (const [key, value] of Object.entries(expected)) {
      const at = `${pointer}/${escapePointer(key)}`;
      const present = Object.prototype.hasOwnProperty.call(actual, key);
      if (isMatcher(value) && value.$absent === true) {
        if (present)
          return {
            pointer: at,
            expected: '(absent)',
            actual: (actual as Record<string, unknown>)[key],
            message: 'must be absent',
          };
        continue;
      }
      if (!present) return { pointer: at, expected: value, actual: undefined, message: 'is missing' };
      const inner = match(value, (actual as Record<string, unknown>)[key], at);
      if (inner) return inner;
    }
    return undefined;
  }
  if (Object.is(expected, actual) || expected === actual) return undefined;
  return { pointer, expected, actual, message: `expected ${JSON.stringify(expected)}, found ${short(actual)}` };
}

function matchMatcher(m: Record<string, unknown>, actual: unknown, pointer: string): Mismatch | undefined {
  const fail = (message: string): Mismatch => ({ pointer, expected: m, actual, message });
  if (m.$absent === true) return actual === undefined ? undefined : fail('must be absent');
  if (typeof m.$type === 'string') {
    const t = typeOf(actual);
    const ok = m.$type === 'integer' ? Number.isInteger(actual) : t === m.$type;
    if (!ok) return fail(`expected type ${m.$type}, found ${t}`);
  }
  if (typeof m.$regex === 'string' && !(typeof actual === 'string' && new RegExp(m.$regex).test(actual))) {
    return fail(`expected text matching /${m.$regex}/, found ${short(actual)}`);
  }
  const length =
    Array.isArray(actual) || typeof actual === 'string'
      ? actual.length
      : isObject(actual)
        ? Object.keys(actual).length
        : undefined;
  for (const [key, test, word] of [
    ['$len', (n: number, l: number) => l === n, 'exactly'],
    ['$minLen', (n: number, l: number) => l >= n, 'at least'],
    ['$maxLen', (n: number, l: number) => l <= n, 'at most'],
  ] as const) {
    if (m[key] === undefined) continue;
    const n = Number(m[key]);
    if (length === undefined) return fail(`expected an array, string or object (${key}), found ${typeOf(actual)}`);
    if (!test(n, length)) return fail(`expected ${word} ${n} item(s), found ${length}`);
  }
  if (m.$gte !== undefined && !(typeof actual === 'number' && actual >= Number(m.$gte)))
    return fail(`expected >= ${JSON.stringify(m.$gte)}, found ${short(actual)}`);
  if (m.$lte !== undefined && !(typeof actual === 'number' && actual <= Number(m.$lte)))
    return fail(`expected <= ${JSON.stringify(m.$lte)}, found ${short(actual)}`);
  if (Array.isArray(m.$oneOf) && !m.$oneOf.some((v) => match(v, actual, pointer) === undefined)) {
    return fail(`expected one of ${JSON.stringify(m.$oneOf)}, found ${short(actual)}`);
  }
  if (m.$none !== undefined) {
    if (!Array.isArray(actual) && !isObject(actual))
      return fail(`expected an array or object ($none), found ${typeOf(actual)}`);
    const entries: Array<[string, unknown]> = Array.isArray(actual)
      ? actual.map((v, i) => [String(i), v])
      : Object.entries(actual);
    const hit = entries.find(([key, item]) => match(m.$none, item, `${pointer}/${escapePointer(key)}`) === undefined);
    if (hit) {
      const [key, item] = hit;
      return {
        pointer: `${pointer}/${escapePointer(key)}`,
        expected: m,
        actual: item,
        message: `${Array.isArray(actual) ? `element [${key}]` : `member '${key}'`} must not match ${JSON.stringify(m.$none)}`,
      };
    }
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Removes the members at the given pointers (a `*` segment matches every key or index). */
export function withoutPointers(value: unknown, pointers: string[]): unknown {
  let out = structuredClone(value);
  for (const pointer of pointers) out = remove(out, pointer === '' ? [] : pointer.slice(1).split('/').map(unescape));
  return out;
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function remove(node: unknown, path: string[]): unknown {
  if (path.length === 0) return undefined;
  if (node === null || typeof node !== 'object') return node;
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(node)) {
    if (head === '*')
      return node
        .map((item) => (rest.length === 0 ? undefined : remove(item, rest)))
        .filter((v) => v !== undefined || rest.length > 0);
    const i = Number(head);
    if (!Number.isInteger(i) || i >= node.length) return node;
    if (rest.length === 0) return node.filter((_, j) => j !== i);
    node[i] = remove(node[i], rest);
    return node;
  }
  const record = node as Record<string, unknown>;
  for (const key of head === '*' ? Object.keys(record) : [head]) {
    if (!(key in record)) continue;
    if (rest.length === 0) Reflect.deleteProperty(record, key);
    else record[key] = remove(record[key], rest);
  }
  return record;
}

/** A short, single-line rendering of a value for messages. */
export function short(value: unknown, max = 120): string {
  const text =
    value === undefined ? 'nothing' : typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
