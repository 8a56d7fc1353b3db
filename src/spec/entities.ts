import { pointerSegment } from './body-issues.js';
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
    kinds.push({ pattern: itemPath, schema: item ?? refTarget(schema.items, deref) });
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

/**
 * What a bare `{$ref}` names, so that the entity's validator is that schema's own code: validating
 * through the reference made a context object on each call, once per entity of a batch (ajv's
 * generated code for a `$ref` passes the referenced validator its own). A reference with keywords
 * beside it is kept as it is, since those apply too.
 */
function refTarget(schema: JsonSchema, deref: Deref): JsonSchema {
  return schema.$ref !== undefined && Object.keys(schema).length === 1 ? deref(schema) : schema;
}

/**
 * Visits each entity a value holds at a pattern, in document order. Its JSON pointer is built only
 * when asked for (a refused entity): a batch of valid entities spells none. `pointer` must be called
 * during the visit.
 */
export function forEachEntity(
  value: unknown,
  pattern: readonly string[],
  visit: (entity: unknown, pointer: () => string) => void,
): void {
  const path: Array<string | number> = [];
  // An index needs no escaping: only names go through pointerSegment (a refused batch spells a
  // pointer per entity).
  const pointer = () => {
    let out = '';
    for (const segment of path) out += typeof segment === 'number' ? `/${segment}` : `/${pointerSegment(segment)}`;
    return out;
  };
  const walk = (node: unknown, depth: number): void => {
    const segment = pattern[depth];
    if (segment === undefined) {
      visit(node, pointer);
    } else if (segment === '*') {
      if (!Array.isArray(node)) return;
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        walk(node[i], depth + 1);
        path.pop();
      }
    } else if (node !== null && typeof node === 'object' && !Array.isArray(node) && Object.hasOwn(node, segment)) {
      path.push(segment);
      walk((node as Record<string, unknown>)[segment], depth + 1);
      path.pop();
    }
  };
  walk(value, 0);
}
