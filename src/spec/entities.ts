import type { JsonSchema } from './openapi.js';

/**
 * Batch bodies whose entities the vendor processes one by one (`x-per-entity: true` on the array,
 * specs/README.md): a bad entity is that entity's failure, not the whole request's. The body
 * schema is split in two: the envelope, with each such array's items loosened to "an object", and
 * one schema per kind of entity, found at a pattern of JSON pointer segments (`*` for any index).
 * An entity's own schema is loosened the same way for the entities nested in it (a Biz host's
 * services), so each level is judged on its own.
 */

export interface EntityKind {
  /** Pointer segments to the entities: `['hosts', '*']`, `['hosts', '*', 'services', '*']`, `['*']`. */
  pattern: string[];
  schema: JsonSchema;
}

export interface EntitySplit {
  envelope: JsonSchema;
  kinds: EntityKind[];
}

type Deref = (schema: JsonSchema | undefined) => JsonSchema;

const ANY_OBJECT: JsonSchema = { type: 'object' };

/** The split of a body schema, or undefined when it has no per-entity array. */
export function splitEntities(schema: JsonSchema, deref: Deref): EntitySplit | undefined {
  const kinds: EntityKind[] = [];
  const envelope = loosen(schema, [], deref, kinds, 0);
  return envelope === undefined ? undefined : { envelope, kinds };
}

/** The schema with per-entity arrays loosened (recording each kind), or undefined if it has none. */
function loosen(
  raw: JsonSchema,
  at: string[],
  deref: Deref,
  kinds: EntityKind[],
  depth: number,
): JsonSchema | undefined {
  if (depth > 16) return undefined;
  const schema = deref(raw);
  if (schema['x-per-entity'] === true && schema.items) {
    const itemPath = [...at, '*'];
    const item = loosen(schema.items, itemPath, deref, kinds, depth + 1);
    kinds.push({ pattern: itemPath, schema: item ?? schema.items });
    return { ...schema, items: ANY_OBJECT };
  }
  let changed: JsonSchema | undefined;
  for (const keyword of ['oneOf', 'anyOf', 'allOf'] as const) {
    const branches = schema[keyword];
    if (!branches) continue;
    const loosened = branches.map((b) => loosen(b, at, deref, kinds, depth + 1));
    if (loosened.some((b) => b !== undefined)) {
      changed ??= { ...schema };
      changed[keyword] = branches.map((b, i) => loosened[i] ?? b);
    }
  }
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const loosened = loosen(property, [...at, name], deref, kinds, depth + 1);
    if (loosened === undefined) continue;
    changed ??= { ...schema };
    changed.properties = { ...changed.properties, [name]: loosened };
  }
  return changed;
}

/** Each entity a value holds at a pattern, with its JSON pointer. */
export function entitiesAt(value: unknown, pattern: readonly string[]): Array<{ pointer: string; value: unknown }> {
  let found: Array<{ pointer: string; value: unknown }> = [{ pointer: '', value }];
  for (const segment of pattern) {
    const next: typeof found = [];
    for (const { pointer, value: node } of found) {
      if (segment === '*') {
        if (Array.isArray(node)) node.forEach((item, i) => next.push({ pointer: `${pointer}/${i}`, value: item }));
      } else if (node !== null && typeof node === 'object' && !Array.isArray(node) && Object.hasOwn(node, segment)) {
        next.push({
          pointer: `${pointer}/${segment.replace(/~/g, '~0').replace(/\//g, '~1')}`,
          value: (node as Record<string, unknown>)[segment],
        });
      }
    }
    found = next;
  }
  return found;
}
