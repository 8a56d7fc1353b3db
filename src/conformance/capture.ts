import { pointerGet } from './auth.js';
import type { ResponseBody } from './checks/index.js';
import { interpolate, type Variables } from './interpolate.js';
import { match } from './match.js';
import { isCaptureFrom, type CaptureFrom } from './scenario-schema.js';

/**
 * Sets the variables a step or precondition captures from its response; returns what it could
 * not find (reported by expected_state, or as an unmet precondition).
 */
export function capture(
  captures: Record<string, string | CaptureFrom> | undefined,
  headers: Record<string, string>,
  body: ResponseBody,
  vars: Variables,
): string[] {
  const errors: string[] = [];
  for (const [name, source] of Object.entries(captures ?? {})) {
    let value: unknown;
    if (typeof source === 'string' && source.startsWith('header:')) value = headers[source.slice(7).toLowerCase()];
    else {
      const read = body.read();
      if (read.error === undefined) {
        if (isCaptureFrom(source)) value = discover(source, read.value, vars);
        else value = source === 'body' ? read.value : pointerGet(read.value, source);
      }
    }
    if (value === undefined) errors.push(`capture '${name}': nothing at ${describe(source, vars)}`);
    else vars.set(name, value);
  }
  return errors;
}

/** The first member (or element) under `from` that matches `where`, and of it what `take` says. */
function discover(source: CaptureFrom, root: unknown, vars: Variables): unknown {
  const container = pointerGet(root, source.from);
  if (container === null || typeof container !== 'object') return undefined;
  const entries: Array<[string | number, unknown]> = Array.isArray(container)
    ? container.map((v, i) => [i, v])
    : Object.entries(container);
  const where = source.where === undefined ? undefined : interpolate(source.where, vars);
  const found = entries.find(([, v]) => where === undefined || match(where, v) === undefined);
  if (!found) return undefined;
  if (source.take === 'key') return found[0];
  return source.take ? pointerGet(found[1], source.take) : found[1];
}

function describe(source: string | CaptureFrom, vars: Variables): string {
  if (!isCaptureFrom(source)) return source;
  let where = '';
  if (source.where !== undefined) {
    try {
      where = ` where ${JSON.stringify(interpolate(source.where, vars))}`;
    } catch {
      where = ` where ${JSON.stringify(source.where)}`;
    }
  }
  return `${source.from || '(root)'}${where}`;
}
