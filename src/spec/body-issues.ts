import { pointerToField, type ValidationIssue } from './ajv.js';

/**
 * Values a decoder refuses whatever the schema says, as issues that name the field.
 *
 * `__proto__` as a key: JavaScript objects cannot hold it as an ordinary name (assigning it sets the
 * prototype, so it was dropped while the answer reported success, and it slipped past
 * `additionalProperties: false`). understudy refuses it explicitly, in every body kind. The real
 * vendors' servers (Java, Node with Jackson-like parsers) would take it as any other name: this is
 * the mock's own limit, documented in the README. `constructor` and `prototype` are ordinary names
 * here: decoded bodies hold them as own data properties, which is safe.
 *
 * Non-finite numbers: `1e400` parses as Infinity, which JSON cannot write back (it becomes `null`),
 * so a value the mock accepted could not survive its own state file.
 */
export const REFUSED_KEY = '__proto__';

export function refusedKeyIssue(pointer: string): ValidationIssue {
  return {
    in: 'body',
    field: pointerToField(pointer),
    pointer,
    message: `is refused: understudy does not accept '${REFUSED_KEY}' as a name`,
  };
}

export function nonFiniteIssue(pointer: string, location: ValidationIssue['in'] = 'body'): ValidationIssue {
  return {
    in: location,
    field: pointerToField(pointer),
    pointer,
    message: 'must be a finite number (it is beyond the range of a double, e.g. 1e400)',
  };
}

/** A JSON pointer segment for a key: `~` and `/` escaped (RFC 6901). */
export function pointerSegment(key: string | number): string {
  const text = String(key);
  return text.includes('~') || text.includes('/') ? text.replace(/~/g, '~0').replace(/\//g, '~1') : text;
}
