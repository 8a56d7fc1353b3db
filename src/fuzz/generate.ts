import { bodyKind, decodeBody } from '../spec/codec.js';
import type { OperationInfo } from '../spec/load.js';
import type { JsonSchema, Parameter } from '../spec/openapi.js';
import type { Deref } from '../spec/xml.js';
import {
  addressesOperation,
  credentialPathValue,
  encodeDraftBody,
  judge,
  toWire,
  withoutHeader,
  type Draft,
  type FuzzLimits,
  type Verdict,
} from './model.js';
import type { OperationModel } from './model-types.js';
import { sampleOne, type Rng } from './random.js';
import { flatten, typesOf } from './schema-arbitrary.js';
import { present } from '../common/present.js';

/**
 * Requests for one operation: valid ones, generated from the schemas (and sometimes the spec's
 * examples) and kept only when the oracle accepts them; and invalid ones, made from a valid one by
 * a single mutation of a given kind and kept only when the oracle refuses them.
 */

export const NEGATIVE_KINDS = [
  'wrong-type',
  'missing-required',
  'out-of-range',
  'out-of-enum',
  'unknown-field',
  'broken-json',
  'broken-xml',
  'wrong-content-type',
  'oversized',
] as const;
export type NegativeKind = (typeof NEGATIVE_KINDS)[number];

export interface GenerationContext {
  limits: FuzzLimits;
  /** Every operation of the selected vendors (for path collisions). */
  allOps: readonly OperationInfo[];
}

const VALID_ATTEMPTS = 12;
const MUTATION_ATTEMPTS = 40;

export function paramText(value: unknown): string | string[] {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)));
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function paramValue(model: OperationModel, param: Parameter, rng: Rng): string | string[] {
  const fromCredentials = param.in === 'path' ? credentialPathValue(model, param.name) : undefined;
  if (fromCredentials !== undefined && rng.chance(0.9)) return fromCredentials;
  const examples = [...(model.examples?.parameters.get(`${param.in}:${param.name}`)?.values() ?? [])].map(
    (e) => e.value,
  );
  if (examples.length > 0 && rng.chance(0.35)) return paramText(rng.pick(examples));
  return paramText(sampleOne(model.vendor.arbitraries.text.of(param.schema), rng.seed()));
}

const exampleCache = new WeakMap<OperationModel, unknown[]>();

/** The operation's request examples as values (XML and form examples read through the codec). */
export function requestExampleValues(model: OperationModel): unknown[] {
  let values = exampleCache.get(model);
  if (values) return values;
  values = [];
  for (const [mediaType, byName] of model.examples?.request ?? []) {
    for (const entry of byName.values()) {
      const kind = bodyKind(mediaType);
      if ((kind === 'xml' || kind === 'form') && typeof entry.value === 'string') {
        try {
          values.push(
            decodeBody(
              mediaType,
              entry.value,
              model.op.requestBody?.content[mediaType]?.schema,
              model.vendor.spec.schema,
            ),
          );
        } catch {
          // an example the codec cannot read is left out; test/spec checks examples
        }
      } else {
        values.push(entry.value);
      }
    }
  }
  exampleCache.set(model, values);
  return values;
}

const leafCache = new WeakMap<OperationModel, Map<string, unknown[]>>();

/** Scalar values the request examples give each property name (`appType` → `NAGIOS`). */
function exampleLeaves(model: OperationModel): Map<string, unknown[]> {
  let leaves = leafCache.get(model);
  if (leaves) return leaves;
  leaves = new Map();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (value !== null && typeof value === 'object') visit(value);
      else {
        const list = leaves.get(key) ?? [];
        if (!list.includes(value)) list.push(value);
        leaves.set(key, list);
      }
    }
  };
  requestExampleValues(model).forEach(visit);
  leafCache.set(model, leaves);
  return leaves;
}

/**
 * Generated values with some fields taken from the examples: a random `appType` is refused by
 * GroundWork's rules, the documented `NAGIOS` goes on into the handler, so both are sent.
 */
function blendExamples(value: unknown, leaves: Map<string, unknown[]>, rng: Rng): unknown {
  if (Array.isArray(value)) return value.map((v) => blendExamples(v, leaves, rng));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const known = leaves.get(key);
    out[key] =
      known && (v === null || typeof v !== 'object') && rng.chance(0.5)
        ? rng.pick(known)
        : blendExamples(v, leaves, rng);
  }
  return out;
}

function bodyValue(model: OperationModel, mediaType: string, rng: Rng): unknown {
  const examples = requestExampleValues(model);
  if (examples.length > 0 && rng.chance(0.25)) return structuredClone(rng.pick(examples));
  const arbitraries = bodyKind(mediaType) === 'json' ? model.vendor.arbitraries.json : model.vendor.arbitraries.text;
  const value = sampleOne(arbitraries.of(model.op.requestBody?.content[mediaType]?.schema), rng.seed());
  return rng.chance(0.6) ? blendExamples(value, exampleLeaves(model), rng) : value;
}

function sampleDraft(model: OperationModel, rng: Rng): Draft {
  const draft: Draft = { method: model.op.method.toUpperCase(), path: {}, query: {}, headers: {} };
  for (const p of model.pathParams) {
    const value = paramValue(model, p, rng);
    draft.path[p.name] = Array.isArray(value) ? value.join(',') : value;
  }
  for (const p of model.queryParams) if (p.required || rng.chance(0.5)) draft.query[p.name] = paramValue(model, p, rng);
  for (const p of model.headerParams) {
    if (!p.required && !rng.chance(0.5)) continue;
    const value = paramValue(model, p, rng);
    draft.headers[p.name] = Array.isArray(value) ? value.join(',') : value;
  }
  if (model.acceptTypes.length > 0 && rng.chance(0.85)) draft.headers.Accept = rng.pick(model.acceptTypes);
  if (model.bodyTypes.length > 0 && (model.bodyRequired || rng.chance(0.7))) {
    const mediaType = rng.pick(model.bodyTypes);
    draft.body = { mediaType, value: bodyValue(model, mediaType, rng) };
    draft.headers['Content-Type'] = mediaType;
  }
  return draft;
}

/** A request the spec accepts, or undefined when none turned up within a few attempts. */
export function validDraft(model: OperationModel, rng: Rng, ctx: GenerationContext): Draft | undefined {
  for (let attempt = 0; attempt < VALID_ATTEMPTS; attempt++) {
    const draft = sampleDraft(model, rng);
    if (!addressesOperation(model.op, draft.path, ctx.allOps)) continue;
    if (judge(model, toWire(model, draft), ctx.limits).valid) return draft;
  }
  return undefined;
}

// ---- Mutation targets ----------------------------------------------------------------------------

type Location = { in: 'path' | 'query' | 'header'; name: string } | { in: 'body'; pointer: string[] };

interface Slot {
  at: Location;
  schema: JsonSchema;
  present: boolean;
  required: boolean;
  value?: unknown;
}

function valueType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The oneOf/anyOf alternative a value stands for (the first whose type and keys fit). */
function alternativeFor(schema: JsonSchema, value: unknown, deref: Deref): JsonSchema {
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (!alternatives) return schema;
  const resolved = alternatives.map((a) => flatten(a, deref));
  const actual = valueType(value);
  const fits = (alt: JsonSchema): boolean => {
    const types = typesOf(alt);
    if (types.length > 0 && !types.includes(actual) && !(actual === 'integer' && types.includes('number')))
      return false;
    if (actual === 'object') {
      const keys = Object.keys(value as object);
      if ((alt.required ?? []).some((k) => !keys.includes(k))) return false;
      if (alt.additionalProperties === false && keys.some((k) => !(k in (alt.properties ?? {})))) return false;
    }
    return true;
  };
  return resolved.find(fits) ?? resolved[0] ?? schema;
}

function bodySlots(
  value: unknown,
  schemaIn: JsonSchema | undefined,
  deref: Deref,
  pointer: string[],
  required: boolean,
  depth: number,
  out: Slot[],
): Slot[] {
  const schema = alternativeFor(flatten(schemaIn, deref), value, deref);
  out.push({ at: { in: 'body', pointer }, schema, present: value !== undefined, required, value });
  if (depth > 6) return out;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const requiredNames = new Set(schema.required ?? []);
    const properties = schema.properties ?? {};
    for (const [name, propSchema] of Object.entries(properties)) {
      if (record[name] !== undefined)
        bodySlots(record[name], propSchema, deref, [...pointer, name], requiredNames.has(name), depth + 1, out);
      else
        out.push({
          at: { in: 'body', pointer: [...pointer, name] },
          schema: flatten(propSchema, deref),
          present: false,
          required: requiredNames.has(name),
        });
    }
    if (typeof schema.additionalProperties === 'object') {
      for (const [name, child] of Object.entries(record)) {
        if (!(name in properties))
          bodySlots(child, schema.additionalProperties, deref, [...pointer, name], false, depth + 1, out);
      }
    }
  } else if (Array.isArray(value) && schema.items) {
    value
      .slice(0, 3)
      .forEach((item, i) => bodySlots(item, schema.items, deref, [...pointer, String(i)], true, depth + 1, out));
  }
  return out;
}

function paramSlots(model: OperationModel, draft: Draft): Slot[] {
  const slots: Slot[] = [];
  for (const p of [...model.pathParams, ...model.queryParams, ...model.headerParams]) {
    const value = p.in === 'path' ? draft.path[p.name] : p.in === 'query' ? draft.query[p.name] : draft.headers[p.name];
    const location = { in: p.in, name: p.name } as Location;
    slots.push({
      at: location,
      schema: flatten(p.schema, model.vendor.spec.schema),
      present: value !== undefined,
      required: p.required === true || p.in === 'path',
      value,
    });
  }
  return slots;
}

function slotsOf(model: OperationModel, draft: Draft): Slot[] {
  const slots = paramSlots(model, draft);
  if (draft.body && draft.body.text === undefined) {
    bodySlots(
      draft.body.value,
      model.op.requestBody?.content[draft.body.mediaType]?.schema,
      model.vendor.spec.schema,
      [],
      true,
      0,
      slots,
    );
  }
  return slots;
}

function describeLocation(at: Location): string {
  if (at.in === 'body') return at.pointer.length === 0 ? 'the body' : `body /${at.pointer.join('/')}`;
  return `${at.in} '${at.name}'`;
}

function show(value: unknown): string {
  if (value === undefined) return '(removed)';
  // JSON.stringify gives undefined for a function or a symbol, which String() can still show.
  const json = JSON.stringify(value) as string | undefined;
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a function or a symbol: its own text
  const text = json ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…(${text.length} chars)` : text;
}

function cloneDraft(draft: Draft): Draft {
  return {
    method: draft.method,
    path: { ...draft.path },
    query: { ...draft.query },
    headers: { ...draft.headers },
    ...(draft.body
      ? {
          body: {
            ...draft.body,
            value: draft.body.value === undefined ? undefined : structuredClone(draft.body.value),
          },
        }
      : {}),
  };
}

const REMOVE = Symbol('remove');

/** A copy of the draft with one place set to a value (or removed). */
function setAt(draft: Draft, at: Location, value: unknown): Draft {
  const next = cloneDraft(draft);
  if (at.in !== 'body') {
    const target = at.in === 'path' ? next.path : at.in === 'query' ? next.query : next.headers;
    if (value === REMOVE) Reflect.deleteProperty(target, at.name);
    else target[at.name] = paramText(value);
    return next;
  }
  const body = present(next.body, 'a body to set a body place in');
  if (at.pointer.length === 0) {
    if (value === REMOVE) {
      delete next.body;
      return { ...next, headers: withoutHeader(next.headers, 'content-type') };
    }
    body.value = value;
    return next;
  }
  let node = body.value as Record<string, unknown>;
  for (const key of at.pointer.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = at.pointer.at(-1) ?? '';
  if (value === REMOVE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else Reflect.deleteProperty(node, last);
  } else {
    node[last] = value;
  }
  return next;
}

function wireOf(at: Location, draft: Draft): 'json' | 'text' {
  return at.in === 'body' && draft.body && bodyKind(draft.body.mediaType) === 'json' ? 'json' : 'text';
}

// ---- Invalid values -------------------------------------------------------------------------------

function allowedTypes(schema: JsonSchema): string[] {
  const types = typesOf(schema);
  if (types.length > 0) return types;
  const values = schema.enum ?? (schema.const !== undefined ? [schema.const] : undefined);
  return values ? [...new Set(values.map(valueType))] : [];
}

function wrongTypeValues(schema: JsonSchema, wire: 'json' | 'text'): unknown[] {
  const allowed = allowedTypes(schema);
  if (allowed.length === 0) return [];
  const has = (t: string) => allowed.includes(t);
  if (wire === 'text') {
    // Text carries no type: only a schema that takes no strings can be given the wrong one.
    if (has('string')) return [];
    return ['not-a-number', '1.5', 'maybe', '[]', ''];
  }
  const pool: Array<[string, unknown]> = [
    ['string', 'not-a-number'],
    ['integer', 12345],
    ['number', 1.5],
    ['boolean', true],
    ['null', null],
    ['object', { understudy: 1 }],
    ['array', ['understudy']],
  ];
  return pool
    .filter(([type]) => {
      if (type === 'integer') return !has('integer') && !has('number');
      return !has(type);
    })
    .map(([, value]) => value);
}

function rangeValues(schema: JsonSchema, value: unknown, wire: 'json' | 'text', deref: Deref): unknown[] {
  const out: unknown[] = [];
  const types = allowedTypes(schema);
  const integer = types.includes('integer') && !types.includes('number');
  if (typeof schema.minimum === 'number') out.push(integer ? Math.ceil(schema.minimum) - 1 : schema.minimum - 0.5);
  if (typeof schema.maximum === 'number') out.push(integer ? Math.floor(schema.maximum) + 1 : schema.maximum + 0.5);
  if (typeof schema.exclusiveMinimum === 'number') out.push(schema.exclusiveMinimum);
  if (typeof schema.exclusiveMaximum === 'number') out.push(schema.exclusiveMaximum);
  if (typeof schema.minLength === 'number' && schema.minLength > 0) out.push('x'.repeat(schema.minLength - 1));
  if (typeof schema.maxLength === 'number') out.push('x'.repeat(schema.maxLength + 1));
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && schema.minItems > 0) out.push(value.slice(0, schema.minItems - 1));
    if (typeof schema.maxItems === 'number' && value.length > 0) {
      // One item too many, each as small as its schema allows, so the count is what is wrong, not the size.
      const item = minimalItem(value[0], schema.items ? flatten(schema.items, deref) : undefined);
      out.push(Array.from({ length: schema.maxItems + 1 }, () => structuredClone(item)));
    }
  }
  return wire === 'text'
    ? out.filter((v) => !Array.isArray(v) || v.length > 0).map((v) => (Array.isArray(v) ? v : String(v)))
    : out;
}

/** The item with only the properties its schema requires. */
function minimalItem(item: unknown, schema: JsonSchema | undefined): unknown {
  if (item === null || typeof item !== 'object' || Array.isArray(item) || !schema) return item;
  const required = new Set(schema.required ?? []);
  const kept = Object.entries(item).filter(([k]) => required.has(k));
  return kept.length > 0 ? Object.fromEntries(kept) : item;
}

function enumValues(schema: JsonSchema, wire: 'json' | 'text'): unknown[] {
  const out: unknown[] = [];
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const first = schema.enum.find((v): v is string => typeof v === 'string');
    if (first !== undefined) {
      out.push(
        `${first}_UNDERSTUDY`,
        first === first.toLowerCase() ? first.toUpperCase() : first.toLowerCase(),
        'understudy-not-in-enum',
      );
    }
    const numbers = schema.enum.filter((v): v is number => typeof v === 'number');
    if (numbers.length > 0) out.push(Math.max(...numbers) + 1);
  }
  if (schema.const !== undefined)
    out.push(typeof schema.const === 'string' ? `${schema.const}_UNDERSTUDY` : 'understudy-not-the-const');
  if (typeof schema.pattern === 'string') out.push('understudy does not match', ' ', '!!', '%00', 'a b,c');
  const filtered = out.filter((v) => !(schema.enum ?? []).includes(v));
  return wire === 'text' ? filtered.map(String) : filtered;
}

function isObjectSchema(schema: JsonSchema, value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    (typesOf(schema).includes('object') || schema.properties !== undefined)
  );
}

// ---- Candidates per kind --------------------------------------------------------------------------

export interface Candidate {
  draft: Draft;
  /** What was broken, for the report: `wrong-type: body /hosts/0/hostName = 12345`. */
  description: string;
  /** HTTP statuses the protocol prescribes for this condition (413, 414, 415), which specs rarely list. */
  protocolStatuses?: number[];
}

function candidate(draft: Draft, description: string, protocolStatuses?: number[]): Candidate {
  return protocolStatuses ? { draft, description, protocolStatuses } : { draft, description };
}

function* slotMutations(kind: NegativeKind, model: OperationModel, base: Draft, rng: Rng): Generator<Candidate> {
  for (const slot of rng.shuffle(slotsOf(model, base))) {
    const wire = wireOf(slot.at, base);
    const where = describeLocation(slot.at);
    // A form or an XML document as a whole has no type, range or enum to get wrong.
    const textRoot = wire === 'text' && slot.at.in === 'body' && slot.at.pointer.length === 0;
    if (textRoot && kind !== 'missing-required' && kind !== 'unknown-field') continue;
    let values: unknown[];
    switch (kind) {
      case 'wrong-type':
        values = wrongTypeValues(slot.schema, wire);
        break;
      case 'out-of-range':
        values = rangeValues(slot.schema, slot.value, wire, model.vendor.spec.schema);
        break;
      case 'out-of-enum':
        values = enumValues(slot.schema, wire);
        break;
      case 'missing-required':
        if (slot.present && slot.required && slot.at.in !== 'path')
          yield candidate(setAt(base, slot.at, REMOVE), `missing-required: ${where} left out`);
        continue;
      case 'unknown-field':
        if (
          slot.present &&
          slot.at.in === 'body' &&
          isObjectSchema(slot.schema, slot.value) &&
          base.body &&
          bodyKind(base.body.mediaType) !== 'xml'
        ) {
          const name = `understudyUnknown${rng.hex(4)}`;
          yield candidate(
            setAt(base, { in: 'body', pointer: [...slot.at.pointer, name] }, 'x'),
            `unknown-field: ${where} gets '${name}'`,
          );
        }
        continue;
      default:
        return;
    }
    for (const value of values) yield candidate(setAt(base, slot.at, value), `${kind}: ${where} = ${show(value)}`);
  }
}

function firstOfKind(model: OperationModel, want: 'json' | 'xml'): string | undefined {
  return model.bodyTypes.find((t) => bodyKind(t) === want);
}

function withBodyText(base: Draft, mediaType: string, text: string, contentType: string = mediaType): Draft {
  const next = cloneDraft(base);
  next.body = { mediaType, text };
  next.headers = { ...withoutHeader(next.headers, 'content-type'), 'Content-Type': contentType };
  return next;
}

function* brokenJson(model: OperationModel, base: Draft, rng: Rng): Generator<Candidate> {
  const mediaType = firstOfKind(model, 'json');
  if (!mediaType || base.body?.value === undefined) return;
  const text = JSON.stringify(base.body.value);
  const cut = Math.max(1, Math.floor(text.length * (0.2 + 0.6 * rng.next())));
  const variants: Array<[string, string]> = [
    ['truncated', text.slice(0, cut)],
    ['trailing garbage', `${text}}`],
    ['single quotes', text.replace(/"/g, "'")],
    ['trailing comma', text.replace(/([}\]])$/, ',$1')],
    ['unterminated string', `{"${rng.hex(4)}": "`],
    ['bare word', 'understudy'],
    ['NaN', 'NaN'],
    ['missing colon', text.replace(/":/, '" ')],
    ['control character', text.replace(/"/, '"\u0001')],
  ];
  for (const [label, broken] of rng.shuffle(variants))
    yield candidate(withBodyText(base, mediaType, broken), `broken-json: ${label}`);
}

function rootName(text: string): string {
  return /<([A-Za-z_][\w.-]*)/.exec(text.replace(/<\?[^>]*\?>/g, ''))?.[1] ?? 'root';
}

/** XML documents every parser must refuse, or that must be refused for what they declare. */
export function hostileXml(root: string): Array<[string, string]> {
  return [
    [
      'XXE external entity',
      `<?xml version="1.0"?><!DOCTYPE ${root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><${root}>&xxe;</${root}>`,
    ],
    [
      'billion laughs',
      `<?xml version="1.0"?><!DOCTYPE ${root} [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"><!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">]><${root}>&i;</${root}>`,
    ],
  ];
}

function* brokenXml(model: OperationModel, base: Draft, rng: Rng): Generator<Candidate> {
  const mediaType = firstOfKind(model, 'xml');
  if (!mediaType || base.body?.value === undefined) return;
  let text: string;
  try {
    text = encodeDraftBody(model, { mediaType, value: base.body.value });
  } catch {
    return;
  }
  const root = rootName(text);
  const cut = Math.max(1, Math.floor(text.length * (0.3 + 0.6 * rng.next())));
  const variants: Array<[string, string]> = [
    ['truncated', text.slice(0, cut)],
    [
      'unclosed root',
      text.replace(new RegExp(`</${root}>\\s*$`), '').replace(new RegExp(`<${root}([^>]*)/>\\s*$`), `<${root}$1>`),
    ],
    ['two roots', `${text}<${root}/>`],
    ['mismatched end tag', `<${root}></${root}x>`],
    ['unterminated attribute', `<${root} understudy="never closed></${root}>`],
    ['unterminated CDATA', `<${root}><![CDATA[never closed</${root}>`],
    ['wrong root element', '<understudyNotTheRoot/>'],
    ...hostileXml(root),
  ];
  for (const [label, broken] of rng.shuffle(variants))
    yield candidate(withBodyText(base, mediaType, broken), `broken-xml: ${label}`);
}

/** An unknown attribute on the root element (XML writes only the properties its schema names). */
function* unknownXmlAttribute(model: OperationModel, base: Draft, rng: Rng): Generator<Candidate> {
  if (!base.body || bodyKind(base.body.mediaType) !== 'xml' || base.body.value === undefined) return;
  const text = encodeDraftBody(model, base.body);
  const root = rootName(text);
  const name = `understudyUnknown${rng.hex(4)}`;
  yield candidate(
    withBodyText(base, base.body.mediaType, text.replace(`<${root}`, `<${root} ${name}="x"`)),
    `unknown-field: XML root <${root}> gets attribute '${name}'`,
  );
}

const FORM = 'application/x-www-form-urlencoded';

function* wrongContentType(model: OperationModel, base: Draft, rng: Rng): Generator<Candidate> {
  if (!base.body || model.bodyTypes.length === 0) return;
  const text = encodeDraftBody(model, base.body);
  if (text.length === 0) return;
  // `curl -d '{..}'` labels JSON as a form; the mock reads such a body as JSON where only JSON is
  // taken (the vendors' own curl examples are written that way), so that label is no wrong type there.
  const jsonOnly = !model.bodyTypes.includes(FORM) && model.bodyTypes.some((t) => bodyKind(t) === 'json');
  const wrong = [
    'text/plain',
    'application/octet-stream',
    'image/png',
    'text/csv',
    'application/json',
    'application/xml',
    FORM,
  ].filter((t) => !model.bodyTypes.includes(t) && !(jsonOnly && t === FORM));
  for (const type of rng.shuffle(wrong))
    yield candidate(
      withBodyText(base, base.body.mediaType, text, type),
      `wrong-content-type: ${type} for ${base.body.mediaType}`,
      [415],
    );
}

function* oversized(model: OperationModel, base: Draft, ctx: GenerationContext): Generator<Candidate> {
  const { maxBodyBytes, maxUrlLength } = ctx.limits;
  if (base.body && maxBodyBytes > 0) {
    const big = 'x'.repeat(maxBodyBytes + 1);
    const slots =
      base.body.text === undefined
        ? slotsOf(model, base).filter((s) => s.at.in === 'body' && typeof s.value === 'string')
        : [];
    const slot = slots[0];
    if (slot) {
      const draft = setAt(base, slot.at, big);
      yield candidate(draft, `oversized: ${describeLocation(slot.at)} of ${big.length} characters`, [413]);
    }
    const text = encodeDraftBody(model, base.body);
    const kind = bodyKind(base.body.mediaType);
    const padded = kind === 'form' ? `${text}&understudyPadding=${big}` : `${text}${' '.repeat(maxBodyBytes + 1)}`;
    yield candidate(
      withBodyText(base, base.body.mediaType, padded),
      `oversized: body of ${Buffer.byteLength(padded)} bytes`,
      [413],
    );
  }
  if (maxUrlLength > 0) {
    for (const p of model.queryParams) {
      yield candidate(
        setAt(base, { in: 'query', name: p.name }, 'x'.repeat(maxUrlLength + 1)),
        `oversized: query '${p.name}' of ${maxUrlLength + 1} characters`,
        [414],
      );
    }
  }
}

function* candidatesFor(
  kind: NegativeKind,
  model: OperationModel,
  base: Draft,
  rng: Rng,
  ctx: GenerationContext,
): Generator<Candidate> {
  switch (kind) {
    case 'broken-json':
      yield* brokenJson(model, base, rng);
      return;
    case 'broken-xml':
      yield* brokenXml(model, base, rng);
      return;
    case 'wrong-content-type':
      yield* wrongContentType(model, base, rng);
      return;
    case 'oversized':
      yield* oversized(model, base, ctx);
      return;
    case 'missing-required':
      yield* slotMutations(kind, model, base, rng);
      if (base.body && model.bodyRequired)
        yield candidate(setAt(base, { in: 'body', pointer: [] }, REMOVE), 'missing-required: no body');
      return;
    case 'unknown-field':
      yield* slotMutations(kind, model, base, rng);
      yield* unknownXmlAttribute(model, base, rng);
      return;
    default:
      yield* slotMutations(kind, model, base, rng);
  }
}

/** Whether a kind can apply to the operation at all (so schedules do not ask for the impossible). */
export function kindApplies(kind: NegativeKind, model: OperationModel): boolean {
  const hasBody = model.bodyTypes.length > 0;
  switch (kind) {
    case 'broken-json':
      return model.bodyTypes.some((t) => bodyKind(t) === 'json');
    case 'broken-xml':
      return model.bodyTypes.some((t) => bodyKind(t) === 'xml');
    case 'wrong-content-type':
      return hasBody;
    case 'oversized':
      return hasBody || model.queryParams.length > 0;
    case 'unknown-field':
      return hasBody;
    default:
      return hasBody || model.op.parameters.length > 0;
  }
}

export interface InvalidRequest extends Candidate {
  kind: NegativeKind;
  verdict: Verdict;
}

/**
 * An invalid request of the given kind: a valid draft with one mutation, confirmed invalid by the
 * oracle. Undefined when the operation offers nothing this kind can break.
 */
export function invalidDraft(
  kind: NegativeKind,
  model: OperationModel,
  base: Draft,
  rng: Rng,
  ctx: GenerationContext,
): InvalidRequest | undefined {
  let tried = 0;
  for (const c of candidatesFor(kind, model, base, rng, ctx)) {
    if (++tried > MUTATION_ATTEMPTS) break;
    if (!addressesOperation(model.op, c.draft.path, ctx.allOps)) continue;
    const verdict = judge(model, toWire(model, c.draft), ctx.limits);
    if (!verdict.valid) return { ...c, kind, verdict };
  }
  return undefined;
}
