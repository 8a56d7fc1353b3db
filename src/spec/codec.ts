import type { JsonSchema } from './openapi.js';
import { readXmlDocument, writeXmlDocument, type Deref, type XmlLimits } from './xml.js';

/** The kinds of body this project reads and writes, by media type. */
export type BodyKind = 'json' | 'xml' | 'form' | 'text';

const kinds = new Map<string, BodyKind | undefined>();

export function bodyKind(mediaType: string): BodyKind | undefined {
  let kind = kinds.get(mediaType);
  if (kind === undefined && !kinds.has(mediaType)) {
    kind = kindOf(mediaType);
    if (kinds.size >= 256) kinds.clear();
    kinds.set(mediaType, kind);
  }
  return kind;
}

function kindOf(mediaType: string): BodyKind | undefined {
  const type = mediaType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) return 'xml';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type.startsWith('text/')) return 'text';
  return undefined;
}

export class BodySyntaxError extends Error {
  constructor(
    message: string,
    readonly kind: BodyKind,
  ) {
    super(message);
    this.name = 'BodySyntaxError';
  }
}

/** Form fields as an object; a repeated field becomes a list. Keys that could reach a prototype are dropped. */
export function parseForm(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const existing = out[key];
    out[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return { ...out };
}

export interface DecodeOptions {
  xml?: XmlLimits;
  /** Deepest JSON nesting accepted. */
  maxJsonDepth?: number;
}

/** Decodes a body of the given media type into the JSON value its schema describes. */
export function decodeBody(mediaType: string, text: string, schema: JsonSchema | undefined, deref: Deref, options: DecodeOptions = {}): unknown {
  const kind = bodyKind(mediaType);
  switch (kind) {
    case 'json': {
      let value: unknown;
      try {
        // A reviver slows JSON.parse several times over; only a body that names __proto__ pays for it.
        value = text.includes('__proto__') ? JSON.parse(text, (key, v: unknown) => (key === '__proto__' ? undefined : v)) : JSON.parse(text);
      } catch (error) {
        throw new BodySyntaxError(`malformed JSON: ${(error as Error).message}`, 'json');
      }
      checkJsonDepth(value, options.maxJsonDepth ?? 64);
      return value;
    }
    case 'xml':
      try {
        return readXmlDocument(text, schema, deref, options.xml);
      } catch (error) {
        throw new BodySyntaxError((error as Error).message, 'xml');
      }
    case 'form':
      return parseForm(text);
    case 'text':
      return text;
    default:
      throw new BodySyntaxError(`cannot read a body of media type ${mediaType}`, 'text');
  }
}

function checkJsonDepth(value: unknown, max: number, depth = 0): void {
  if (value === null || typeof value !== 'object') return;
  if (depth >= max) throw new BodySyntaxError(`JSON nesting deeper than ${max} levels`, 'json');
  // Walked without Object.values: no array of children is allocated per object of every body.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkJsonDepth(value[i], max, depth + 1);
  } else {
    const record = value as Record<string, unknown>;
    for (const key in record) checkJsonDepth(record[key], max, depth + 1);
  }
}

/** Encodes a value for a response of the given media type. */
export function encodeBody(mediaType: string, value: unknown, schema: JsonSchema | undefined, deref: Deref): string {
  switch (bodyKind(mediaType)) {
    case 'xml':
      return writeXmlDocument(value, schema, deref);
    case 'text':
      return typeof value === 'string' ? value : String(value);
    case 'form':
      return new URLSearchParams(value as Record<string, string>).toString();
    default:
      return encodeJson(value);
  }
}

/**
 * The JSON of frozen objects, kept: a frozen object cannot change, so neither can its text. Vendor
 * modules freeze the documents they build once and serve many times (Polarity's integrations), and
 * a page of them is then joined from remembered text instead of re-encoded, which was most of the
 * cost of such a request.
 */
const frozenJson = new WeakMap<object, string>();

function frozenText(value: object): string {
  let text = frozenJson.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    // Only a deeply frozen object is remembered (checked once, on the first encoding): a frozen
    // object holding a mutable one could still change its text.
    if (deeplyFrozen(value)) frozenJson.set(value, text);
  }
  return text;
}

function deeplyFrozen(value: object): boolean {
  if (!Object.isFrozen(value)) return false;
  for (const member of Object.values(value)) {
    if (typeof member === 'object' && member !== null && !deeplyFrozen(member)) return false;
  }
  return true;
}

const isFrozenObject = (value: unknown): value is object => typeof value === 'object' && value !== null && Object.isFrozen(value);

/**
 * `JSON.stringify(value)`, the same text, using remembered text for frozen objects at the top, as
 * members of the top-level object, or as elements of its arrays. Anything else (and any body with no
 * frozen part, the usual case) is left to JSON.stringify whole.
 */
export function encodeJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Object.isFrozen(value)) return frozenText(value);
  if (Array.isArray(value) || typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(value);
  const record = value as Record<string, unknown>;
  let frozen = false;
  for (const key in record) {
    const member = record[key];
    if (isFrozenObject(member) || (Array.isArray(member) && member.length > 0 && isFrozenObject(member[0]))) {
      frozen = true;
      break;
    }
  }
  if (!frozen) return JSON.stringify(value);
  let out = '{';
  for (const key of Object.keys(record)) {
    const member = record[key];
    let text: string | undefined;
    if (isFrozenObject(member)) text = frozenText(member);
    else if (Array.isArray(member) && member.every(isFrozenObject)) text = `[${member.map(frozenText).join(',')}]`;
    else text = JSON.stringify(member);
    if (text === undefined) continue; // undefined, a function or a symbol: JSON.stringify leaves the member out
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${text}`;
  }
  return `${out}}`;
}
