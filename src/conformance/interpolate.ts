import { present } from '../common/present.js';
/** `{{name}}` references in scenario values, filled from credentials and captures. */

export type Variables = Map<string, unknown>;

/**
 * Filters a reference may apply to its value, `{{credentials.user | base64}}`: what a client does
 * to a value before it sends it (GroundWork's Java client Base64-encodes the login form; a value
 * put into a step's `url` may need percent-encoding).
 */
export const FILTERS: Record<string, (text: string) => string> = {
  base64: (text) => Buffer.from(text, 'utf8').toString('base64'),
  uri: (text) => encodeURIComponent(text),
};

const REFERENCE = String.raw`\{\{\s*([\w.-]+)\s*(?:\|\s*(\w+)\s*)?\}\}`;
const WHOLE = new RegExp(`^${REFERENCE}$`);
const ANY = new RegExp(REFERENCE, 'g');

export class MissingVariableError extends Error {
  constructor(readonly variable: string) {
    super(`variable {{${variable}}} is not set (an earlier capture failed, or it is misspelt)`);
    this.name = 'MissingVariableError';
  }
}

/**
 * Replaces references throughout a value. A string that is exactly one reference takes the
 * variable's own type (a captured number stays a number) unless a filter makes it text;
 * references inside text become text.
 */
export function interpolate<T>(value: T, vars: Variables): T {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole?.[1] !== undefined && whole[2] === undefined) return lookup(vars, whole[1]) as T;
    return value.replace(ANY, (_, name: string, filter: string | undefined) => {
      const v = lookup(vars, name);
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      return filter === undefined ? text : present(FILTERS[filter], `filter ${filter}`)(text);
    }) as T;
  }
  if (Array.isArray(value)) return (value as unknown[]).map((v) => interpolate(v, vars)) as T;
  if (value !== null && typeof value === 'object') {
    // Keys take references too (Moogsoft's instances are keyed by broker id), always as text.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [interpolate(k, vars), interpolate(v, vars)])) as T;
  }
  return value;
}

function lookup(vars: Variables, name: string): unknown {
  if (!vars.has(name)) throw new MissingVariableError(name);
  return vars.get(name);
}

/** Every variable a value refers to (for load-time checks). */
export function references(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') for (const [, name = ''] of value.matchAll(ANY)) out.add(name);
  else if (Array.isArray(value)) for (const v of value) references(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      references(k, out);
      references(v, out);
    }
  }
  return out;
}

/** Every filter a value names that does not exist (for load-time checks). */
export function unknownFilters(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    for (const m of value.matchAll(ANY)) if (m[2] !== undefined && !Object.hasOwn(FILTERS, m[2])) out.add(m[2]);
  } else if (Array.isArray(value)) for (const v of value) unknownFilters(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      unknownFilters(k, out);
      unknownFilters(v, out);
    }
  }
  return out;
}
