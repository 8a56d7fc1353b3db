import { setOwn } from '../common/own.js';
import { Memo } from '../common/memo.js';
import { describeIssue, type ValidationIssue } from './ajv.js';
import { REFUSED_KEY, nonFiniteIssue, pointerSegment, refusedKeyIssue } from './body-issues.js';
import type { JsonSchema } from './openapi.js';
import { FieldMemory, parseUrlEncoded, UrlEncodedUtf8Error } from './urlencoded.js';
import { readXmlDocument, writeXmlDocument, type Deref, type XmlLimits } from './xml.js';

/** The kinds of body this project reads and writes, by media type. */
export type BodyKind = 'json' | 'xml' | 'form' | 'text';

const kinds = new Memo<string, BodyKind | undefined>(256);

export function bodyKind(mediaType: string): BodyKind | undefined {
  return kinds.remember(mediaType, kindOf);
}

function kindOf(mediaType: string): BodyKind | undefined {
  const type = (mediaType.split(';', 1)[0] ?? '').trim().toLowerCase();
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
    /** The field the problem is in, when it is one field's (answered like a validation issue). */
    readonly issue?: ValidationIssue,
  ) {
    super(message);
    this.name = 'BodySyntaxError';
  }
}

function issueError(issue: ValidationIssue, kind: BodyKind): BodySyntaxError {
  return new BodySyntaxError(describeIssue(issue), kind, issue);
}

/**
 * Form fields as an object; a repeated field becomes a list. Strict (the default, for requests the
 * mock answers): percent-encoded bytes that are not UTF-8 and a field named `__proto__` are refused
 * with BodySyntaxError. Lenient (the proxy, recording what a client sent): replaced and kept.
 * `constructor` and `prototype` are fields like any other.
 */
export function parseForm(text: string, strict = true): Record<string, string | string[]> {
  if (!strict) return readForm(text, false);
  const remembered = forms.get(text);
  if (remembered !== undefined) return { ...remembered };
  checkFieldCount(text);
  const form = readForm(text, true);
  // The caller changes the form it is given (a validator coerces in place): a copy is kept.
  forms.keep(text, { ...form });
  return form;
}

/**
 * Forms read recently (strict; the latest 256 of up to 2 KB): a feeder posts the same host's status
 * in the same form cycle after cycle, and reading one was ~0.75 µs of the ~9 µs the mock's own code
 * spends on a Biz host form. Each read answers a copy (a spread of the frozen record): kept as plain
 * objects, copied by the same spread, the whole request cost twice as much CPU (MockCore.handle of
 * the bench's form, 21 vs 10 µs). Refused forms are never kept (they throw).
 */
const forms = new FieldMemory(256, 2048);

function readForm(text: string, strict: boolean): Record<string, string | string[]> {
  let pairs: Array<[string, string]>;
  try {
    pairs = parseUrlEncoded(text, strict);
  } catch (error) {
    if (!(error instanceof UrlEncodedUtf8Error)) throw error;
    const issue = {
      in: 'body' as const,
      field: error.field ?? '(a field name)',
      pointer: error.field === undefined ? '' : `/${pointerSegment(error.field)}`,
      message: 'is not UTF-8 once percent-decoded',
    };
    throw new BodySyntaxError(`body field '${issue.field}' ${issue.message}`, 'form', issue);
  }
  // A plain object, read with hasOwn, so that a field named `constructor` starts empty rather than
  // inheriting. Built on a null prototype and then copied, it was dictionary-mode: 4 µs for a form
  // of 7 fields, a tenth of a form request's CPU in a profile under wrk.
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of pairs) {
    if (key === REFUSED_KEY) {
      if (strict) throw issueError(refusedKeyIssue(`/${REFUSED_KEY}`), 'form');
      // Kept as a field (assigned, it would set the object's prototype).
      const kept = Object.getOwnPropertyDescriptor(out, key)?.value as string | string[] | undefined;
      if (Array.isArray(kept)) kept.push(value);
      else {
        const next = kept === undefined ? value : [kept, value];
        setOwn(out, key, next);
      }
      continue;
    }
    const existing = Object.hasOwn(out, key) ? out[key] : undefined;
    if (existing === undefined) out[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[key] = [existing, value];
  }
  return out;
}

/**
 * Fields a form may have. Tomcat, which GroundWork's REST API runs in, parses at most 10,000
 * (`maxParameterCount`'s default before Tomcat 11) and ignores the rest; understudy refuses the form
 * rather than drop fields silently. Counted before anything is decoded: turning a 1 MB form of
 * 150,000 fields into an object is the dear part (test/hardening/bounded-errors.test.ts sends one).
 */
export const MAX_FORM_FIELDS = 10_000;

function checkFieldCount(text: string): void {
  let fields = 0;
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('&', start);
    if (end < 0) end = text.length;
    if (end > start && ++fields > MAX_FORM_FIELDS) {
      throw new BodySyntaxError(
        `a form of more than ${MAX_FORM_FIELDS} fields: understudy reads at most ${MAX_FORM_FIELDS}, as Tomcat does`,
        'form',
      );
    }
    start = end + 1;
  }
}

export interface DecodeOptions {
  xml?: XmlLimits;
  /** Deepest JSON nesting accepted. */
  maxJsonDepth?: number;
}

/** Decodes a body of the given media type into the JSON value its schema describes. */
export function decodeBody(
  mediaType: string,
  text: string,
  schema: JsonSchema | undefined,
  deref: Deref,
  options: DecodeOptions = {},
): unknown {
  const kind = bodyKind(mediaType);
  switch (kind) {
    case 'json': {
      let value: unknown;
      try {
        // JSON.parse defines every key as an own data property: a `__proto__` key is held, never
        // set as a prototype, until checkJson refuses it.
        value = JSON.parse(text);
      } catch (error) {
        throw new BodySyntaxError(`malformed JSON: ${(error as Error).message}`, 'json');
      }
      checkJson(value, options.maxJsonDepth ?? 64);
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

const enum Found {
  Nothing,
  TooDeep,
  NonFinite,
  RefusedKey,
}

/**
 * One walk over a decoded JSON body for what no schema can let through: nesting past the limit, a
 * number JSON cannot write back (1e400 reads as Infinity), a `__proto__` key. The walk only answers
 * whether; where (the field, for the answer) is looked for again only when something was found.
 */
function checkJson(value: unknown, max: number): void {
  const found = scan(value, max, 0);
  if (found === Found.Nothing) return;
  if (found === Found.TooDeep) throw new BodySyntaxError(`JSON nesting deeper than ${max} levels`, 'json');
  const pointer = locate(value, found) ?? '';
  throw issueError(found === Found.NonFinite ? nonFiniteIssue(pointer) : refusedKeyIssue(pointer), 'json');
}

function scan(value: unknown, max: number, depth: number): Found {
  if (typeof value === 'number') return Number.isFinite(value) ? Found.Nothing : Found.NonFinite;
  if (value === null || typeof value !== 'object') return Found.Nothing;
  if (depth >= max) return Found.TooDeep;
  // Walked without Object.values: no array of children is allocated per object of every body.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = scan(value[i], max, depth + 1);
      if (found !== Found.Nothing) return found;
    }
  } else {
    const record = value as Record<string, unknown>;
    for (const key in record) {
      if (key === REFUSED_KEY) return Found.RefusedKey;
      const found = scan(record[key], max, depth + 1);
      if (found !== Found.Nothing) return found;
    }
  }
  return Found.Nothing;
}

/** The JSON pointer of the first non-finite number or refused key, in scan's order. */
function locate(value: unknown, what: Found.NonFinite | Found.RefusedKey): string | undefined {
  if (what === Found.NonFinite && typeof value === 'number' && !Number.isFinite(value)) return '';
  if (value === null || typeof value !== 'object') return undefined;
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  for (const [key, child] of entries) {
    if (what === Found.RefusedKey && key === REFUSED_KEY) return `/${REFUSED_KEY}`;
    const inner = locate(child, what);
    if (inner !== undefined) return `/${pointerSegment(key)}${inner}`;
  }
  return undefined;
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

const frozenBytes = new WeakMap<object, Uint8Array>();
const utf8 = new TextEncoder();

/**
 * The UTF-8 of `encodeJson(value)` for a deeply frozen object whose text is remembered (undefined for
 * any other value), encoded once: writing a 16 KB text to a socket encoded it again on every request.
 * The bytes are shared by every answer that carries them, so no reader may change them.
 */
export function rememberedJsonBytes(value: unknown): Uint8Array | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  let bytes = frozenBytes.get(value);
  if (bytes === undefined) {
    const text = frozenJson.get(value);
    if (text === undefined) return undefined;
    frozenBytes.set(value, (bytes = utf8.encode(text)));
  }
  return bytes;
}

/** JSON.stringify, typed as it behaves: undefined for undefined, a function or a symbol. */
const jsonText = (value: unknown): string | undefined => JSON.stringify(value);

function deeplyFrozen(value: object): boolean {
  if (!Object.isFrozen(value)) return false;
  for (const member of Object.values(value) as unknown[]) {
    if (typeof member === 'object' && member !== null && !deeplyFrozen(member)) return false;
  }
  return true;
}

const isFrozenObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && Object.isFrozen(value);

/**
 * `JSON.stringify(value)`, the same text, using remembered text for frozen objects at the top, as
 * members of the top-level object, or as elements of its arrays. Anything else (and any body with no
 * frozen part, the usual case) is left to JSON.stringify whole.
 */
export function encodeJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Object.isFrozen(value)) return frozenText(value);
  if (Array.isArray(value) || typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return JSON.stringify(value);
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
    else text = jsonText(member);
    if (text === undefined) continue; // undefined, a function or a symbol: JSON.stringify leaves the member out
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${text}`;
  }
  return `${out}}`;
}
