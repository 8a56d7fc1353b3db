import fc from 'fast-check';
import type { JsonSchema } from '../spec/openapi.js';
import type { Deref } from '../spec/xml.js';

/**
 * fast-check arbitraries for the values an OpenAPI schema describes. They lean towards valid values:
 * types, enums, consts, bounds, lengths, patterns (`fc.stringMatching`), formats, required and
 * optional properties, maps, arrays and oneOf/anyOf alternatives. What they cannot express
 * (`if`/`then`, `unevaluatedProperties`, cross-field rules) is left to the oracle: a generated
 * request is labelled valid only when the spec's own validators accept it (oracle.ts).
 */

export interface ArbitraryContext {
  deref: Deref;
  /**
   * How the value travels. `json` keeps types and may carry any string JSON can hold, lone
   * surrogates included; `text` (path, query, form fields, XML) carries text only.
   */
  wire: 'json' | 'text';
  /** Nesting beyond which arrays are empty and optional properties left out. */
  maxDepth: number;
}

const EMPTY: JsonSchema = {};
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Names that are safe as generated property names (never `__proto__` and friends). */
export const KEY_ARBITRARY = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,11}$/);

/** Identifier-like text: what most real values look like. */
const IDENT = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,15}$/);

const LONE_SURROGATE = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Length as JSON Schema counts it: code points (a lone surrogate counts as one). */
export function schemaLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (typeof schema.type === 'string') return [schema.type];
  if (schema.properties || schema.additionalProperties !== undefined || schema.required) return ['object'];
  if (schema.items) return ['array'];
  return [];
}

/** Properties, required names and types of `allOf` parts merged into the schema (conditionals dropped). */
export function flatten(schemaIn: JsonSchema | undefined, deref: Deref): JsonSchema {
  const schema = deref(schemaIn);
  if (!schema.allOf) return schema;
  const out: JsonSchema = { ...schema };
  delete out.allOf;
  for (const partIn of schema.allOf) {
    const part = flatten(partIn, deref);
    if (part.if !== undefined) continue;
    if (part.properties) out.properties = { ...(out.properties ?? {}), ...part.properties };
    if (part.required) out.required = [...new Set([...(out.required ?? []), ...part.required])];
    if (part.type !== undefined && out.type === undefined) out.type = part.type;
    for (const key of [
      'minimum',
      'maximum',
      'minLength',
      'maxLength',
      'minItems',
      'maxItems',
      'pattern',
      'enum',
      'additionalProperties',
      'items',
    ] as const) {
      if (part[key] !== undefined && out[key] === undefined) (out as Record<string, unknown>)[key] = part[key];
    }
  }
  return out;
}

export class SchemaArbitraries {
  private readonly cache = new Map<JsonSchema, Map<string, fc.Arbitrary<unknown>>>();

  constructor(private readonly ctx: ArbitraryContext) {}

  /** Arbitraries are built once per schema object and depth (the spec's objects are stable). */
  of(schemaIn: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
    const identity = schemaIn ?? EMPTY;
    const key = String(depth);
    let byDepth = this.cache.get(identity);
    if (!byDepth) this.cache.set(identity, (byDepth = new Map<string, fc.Arbitrary<unknown>>()));
    let arbitrary = byDepth.get(key);
    if (!arbitrary) {
      arbitrary = this.build(flatten(schemaIn, this.ctx.deref), depth);
      byDepth.set(key, arbitrary);
    }
    return arbitrary;
  }

  private build(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    if (depth > this.ctx.maxDepth + 6) return fc.constant(null);
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
    const alternatives = schema.oneOf ?? schema.anyOf;
    if (alternatives && alternatives.length > 0) {
      // Siblings of oneOf (a shared `type`, `description`) apply to each alternative.
      const { oneOf: _o, anyOf: _a, ...siblings } = schema;
      return fc.oneof(...alternatives.map((a) => this.of({ ...siblings, ...this.ctx.deref(a) }, depth)));
    }
    const types = typesOf(schema);
    if (types.length > 1) return fc.oneof(...types.map((type) => this.ofType(schema, type, depth)));
    const [only] = types;
    if (types.length === 1 && only !== undefined) return this.ofType(schema, only, depth);
    // No type at all: any small scalar.
    return this.ctx.wire === 'json' ? fc.oneof(IDENT, fc.integer({ min: -100, max: 1000 }), fc.boolean()) : IDENT;
  }

  private ofType(schema: JsonSchema, type: string, depth: number): fc.Arbitrary<unknown> {
    switch (type) {
      case 'string':
        return this.string(schema);
      case 'integer':
        return integerArbitrary(schema);
      case 'number':
        return fc.oneof(
          { arbitrary: integerArbitrary(schema), weight: 2 },
          { arbitrary: doubleArbitrary(schema), weight: 1 },
        );
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return this.array(schema, depth);
      case 'object':
        return this.object(schema, depth);
      default:
        return IDENT;
    }
  }

  private string(schema: JsonSchema): fc.Arbitrary<string> {
    const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
    const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
    const fits = (s: string): boolean => {
      const n = schemaLength(s);
      return n >= min && n <= max;
    };
    if (typeof schema.pattern === 'string') {
      const pattern = patternArbitrary(schema.pattern);
      if (pattern) return pattern.filter(fits);
    }
    const format = typeof schema.format === 'string' ? formatArbitrary(schema.format) : undefined;
    if (format) return format.filter(fits);
    const cap = Math.min(max, Math.max(min + 8, 24));
    const choices: Array<fc.WeightedArbitrary<string>> = [
      { arbitrary: IDENT, weight: 20 },
      { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: min, maxLength: cap }), weight: 10 },
      { arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: cap }), weight: 4 },
    ];
    if (this.ctx.wire === 'json') {
      // JSON can carry any UTF-16 string, a lone surrogate (`"\ud800"`) included.
      choices.push({ arbitrary: fc.tuple(IDENT, LONE_SURROGATE).map(([a, b]) => a + b), weight: 1 });
    }
    return fc.oneof(...choices).filter(fits);
  }

  private array(schema: JsonSchema, depth: number): fc.Arbitrary<unknown[]> {
    const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
    const max = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
    const cap = depth >= this.ctx.maxDepth ? min : Math.min(max, min + 3);
    if (cap === 0) return fc.constant([]);
    const items = this.of(schema.items, depth + 1);
    return schema.uniqueItems === true
      ? fc.uniqueArray(items, { minLength: min, maxLength: cap, selector: (v) => JSON.stringify(v) })
      : fc.array(items, { minLength: min, maxLength: cap });
  }

  private object(schema: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
    const properties = Object.entries(schema.properties ?? {});
    const required = new Set(schema.required ?? []);
    const extra = schema.additionalProperties;
    if (properties.length === 0 && extra !== false && required.size === 0) {
      // A map (GroundWork `properties`, Moogsoft `instances`): a few entries with safe keys.
      const maxKeys = depth >= this.ctx.maxDepth ? 0 : 3;
      const values =
        typeof extra === 'object' ? this.of(extra, depth + 1) : fc.oneof(IDENT, fc.integer({ min: 0, max: 1000 }));
      return fc.dictionary(KEY_ARBITRARY, values, { maxKeys });
    }
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    const keep = depth >= this.ctx.maxDepth ? properties.filter(([k]) => required.has(k)) : properties;
    for (const [name, propSchema] of keep) model[name] = this.of(propSchema, depth + 1);
    // Required names the schema gives no property schema for still need a value.
    for (const name of required) if (!(name in model)) model[name] = IDENT;
    return fc.record(model, { requiredKeys: Object.keys(model).filter((k) => required.has(k)) });
  }
}

function patternArbitrary(pattern: string): fc.Arbitrary<string> | undefined {
  for (const flags of ['u', '']) {
    try {
      return fc.stringMatching(new RegExp(pattern, flags));
    } catch {
      // try the next flags, then give up on the pattern
    }
  }
  return undefined;
}

function formatArbitrary(format: string): fc.Arbitrary<string> | undefined {
  const dates = fc.date({
    min: new Date('1970-01-01T00:00:00Z'),
    max: new Date('2099-12-31T23:59:59Z'),
    noInvalidDate: true,
  });
  switch (format) {
    case 'date-time':
      return dates.map((d) => d.toISOString());
    case 'date':
      return dates.map((d) => d.toISOString().slice(0, 10));
    case 'email':
      return fc.emailAddress();
    case 'uuid':
      return fc.uuid();
    case 'uri':
    case 'url':
      return fc.webUrl();
    case 'ipv4':
      return fc.ipV4();
    default:
      return undefined;
  }
}

interface Bounds {
  lo: number;
  hi: number;
}

function integerBounds(schema: JsonSchema): Bounds {
  let lo = typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) : -Number.MAX_SAFE_INTEGER;
  let hi = typeof schema.maximum === 'number' ? Math.floor(schema.maximum) : Number.MAX_SAFE_INTEGER;
  if (typeof schema.exclusiveMinimum === 'number') lo = Math.max(lo, Math.floor(schema.exclusiveMinimum) + 1);
  if (typeof schema.exclusiveMaximum === 'number') hi = Math.min(hi, Math.ceil(schema.exclusiveMaximum) - 1);
  if (schema.format === 'int32') {
    lo = Math.max(lo, INT32_MIN);
    hi = Math.min(hi, INT32_MAX);
  }
  return { lo, hi };
}

/** Mostly small values near the lower bound, sometimes anything in range, sometimes the bounds. */
function integerArbitrary(schema: JsonSchema): fc.Arbitrary<number> {
  const { lo, hi } = integerBounds(schema);
  if (lo > hi) return fc.constant(lo);
  const smallLo = Math.max(lo, -100);
  const smallHi = Math.min(hi, Math.max(smallLo, 0) + 1000);
  const small =
    smallLo <= smallHi
      ? fc.integer({ min: smallLo, max: smallHi })
      : fc.integer({ min: lo, max: Math.min(hi, lo + 1000) });
  const any =
    lo >= INT32_MIN && hi <= INT32_MAX
      ? fc.integer({ min: lo, max: hi })
      : fc.maxSafeInteger().map((v) => Math.min(hi, Math.max(lo, v)));
  return fc.oneof(
    { arbitrary: small, weight: 8 },
    { arbitrary: any, weight: 1 },
    { arbitrary: fc.constantFrom(lo, hi), weight: 1 },
  );
}

function doubleArbitrary(schema: JsonSchema): fc.Arbitrary<number> {
  const min =
    typeof schema.minimum === 'number'
      ? schema.minimum
      : typeof schema.exclusiveMinimum === 'number'
        ? schema.exclusiveMinimum
        : -1e9;
  const max =
    typeof schema.maximum === 'number'
      ? schema.maximum
      : typeof schema.exclusiveMaximum === 'number'
        ? schema.exclusiveMaximum
        : 1e9;
  return fc.double({
    min,
    max,
    minExcluded: typeof schema.exclusiveMinimum === 'number',
    maxExcluded: typeof schema.exclusiveMaximum === 'number',
    noNaN: true,
    noDefaultInfinity: true,
  });
}
