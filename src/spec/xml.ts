import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { REFUSED_KEY } from './body-issues.js';
import type { JsonSchema } from './openapi.js';

/**
 * XML <-> JSON through the spec's OpenAPI `xml` objects and our `x-xml-map` extension
 * (rules in specs/README.md). Parsing is fast-xml-parser's; this module only maps its tree.
 */

export type Deref = (schema: JsonSchema | undefined) => JsonSchema;

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

export interface XmlLimits {
  /** Deepest element nesting accepted. */
  maxDepth: number;
}

const ATTR = '@_';
const TEXT = '#text';

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * fast-xml-parser's `entityDecoder` hook, decoding references as XML 1.0 defines them: the five
 * predefined entities and character references to a legal XML character (§2.2, §4.1). Its own
 * decoder leaves an undefined entity (`&bogus;`) or an out-of-range reference (`&#x110000;`) in the
 * text as written, and with `htmlEntities` off even leaves `&#65;` undecoded; a conforming parser
 * (the vendors' Java ones) refuses such a document, so this one throws and the body is answered 400.
 */
const entityDecoder = {
  reset: () => undefined,
  setXmlVersion: () => undefined,
  // A DOCTYPE, the only place entities are declared, is refused before parsing.
  addInputEntities: () => undefined,
  setExternalEntities: () => undefined,
  decode(text: string): string {
    let amp = text.indexOf('&');
    if (amp < 0) return text;
    let out = '';
    let from = 0;
    while (amp >= 0) {
      const semi = text.indexOf(';', amp + 1);
      const name = semi < 0 ? text.slice(amp + 1, amp + 12) : text.slice(amp + 1, semi);
      if (semi < 0 || name.length === 0)
        throw new XmlError(`'&' that starts no reference (write &amp; for a literal '&'), near '&${name}'`);
      out += text.slice(from, amp) + resolveReference(name);
      from = semi + 1;
      amp = text.indexOf('&', from);
    }
    return out + text.slice(from);
  },
};

function resolveReference(name: string): string {
  if (name.charCodeAt(0) !== 35 /* # */) {
    const value = PREDEFINED[name];
    if (value === undefined || !Object.hasOwn(PREDEFINED, name)) {
      throw new XmlError(
        `undefined entity '&${name.slice(0, 40)};': XML defines only &amp; &lt; &gt; &quot; &apos; (and DOCTYPE declarations are not accepted)`,
      );
    }
    return value;
  }
  const hex = name[1] === 'x';
  const digits = name.slice(hex ? 2 : 1);
  const code = (hex ? /^[0-9a-fA-F]{1,8}$/ : /^[0-9]{1,10}$/).test(digits) ? parseInt(digits, hex ? 16 : 10) : NaN;
  if (!isXmlChar(code)) {
    throw new XmlError(
      `character reference '&${name.slice(0, 40)};' is not a legal XML character (XML 1.0 allows #x9, #xA, #xD, #x20-#xD7FF, #xE000-#xFFFD, #x10000-#x10FFFF)`,
    );
  }
  return String.fromCodePoint(code);
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** Encodings a declaration may name for a body read as UTF-8 (US-ASCII is a subset of it). */
const READABLE_ENCODINGS = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTR,
  textNodeName: TEXT,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Only XML's predefined entities and character references are decoded: a DOCTYPE, the only place
  // new entities can be declared, is refused before parsing (no XXE, no billion laughs).
  processEntities: true,
  entityDecoder,
  // The declaration is kept (as `?xml`) so its encoding can be checked; ignorePiTags would drop it
  // too, so processing instructions are kept as well and skipped when elements are read.
  ignoreDeclaration: false,
  ignorePiTags: false,
});

type XmlNode = Record<string, unknown>;

/** Parses an XML document and returns its root element name and node. */
export function parseXml(text: string, limits: XmlLimits = { maxDepth: 64 }): { name: string; node: unknown } {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new XmlError('DOCTYPE and ENTITY declarations are not accepted');
  // Deprecated for the separate fast-xml-validator package; moving is a dependency change of its own.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new XmlError(`malformed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  }
  checkDepth(text, limits.maxDepth);
  let tree: XmlNode;
  try {
    tree = parser.parse(text) as XmlNode;
  } catch (error) {
    if (error instanceof XmlError) throw error;
    // fast-xml-parser refuses an element or attribute named __proto__, constructor or prototype.
    const reserved = /\[SECURITY\] Invalid name: "([^"]*)"/.exec((error as Error).message);
    throw new XmlError(
      reserved ? `an XML element or attribute named '${reserved[1]}' is not accepted` : (error as Error).message,
    );
  }
  const encoding = (tree['?xml'] as XmlNode | undefined)?.[`${ATTR}encoding`];
  if (typeof encoding === 'string' && !READABLE_ENCODINGS.has(encoding.toLowerCase())) {
    throw new XmlError(
      `the XML declaration names encoding '${encoding.slice(0, 40)}': understudy reads XML bodies as UTF-8 (declare encoding="UTF-8", or none)`,
    );
  }
  const roots = Object.keys(tree).filter((k) => !k.startsWith('?'));
  const name = roots[0];
  if (roots.length !== 1 || name === undefined)
    throw new XmlError('an XML document must have exactly one root element');
  return { name, node: tree[name] };
}

/** Nesting is counted before parsing, so a deep document costs one linear scan, not a deep tree. */
function checkDepth(text: string, max: number): void {
  let depth = 0;
  for (let i = text.indexOf('<'); i !== -1; i = text.indexOf('<', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (next === 47 /* / */) depth--;
    else if (next !== 63 /* ? */ && next !== 33 /* ! */) {
      const close = text.indexOf('>', i);
      if (close !== -1 && text.charCodeAt(close - 1) !== 47) depth++;
      if (depth > max) throw new XmlError(`XML nesting deeper than ${max} elements`);
    }
  }
}

const TYPES = new WeakMap<JsonSchema, readonly string[]>();

/** The JSON types a schema allows, worked out once per schema object (read for every element). */
function schemaTypes(schema: JsonSchema): readonly string[] {
  let types = TYPES.get(schema);
  if (types === undefined) {
    types = typesOf(schema);
    TYPES.set(schema, types);
  }
  return types;
}

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (typeof schema.type === 'string') return [schema.type];
  if (schema.properties) return ['object'];
  if (schema.items) return ['array'];
  const values = schema.enum ?? (schema.const !== undefined ? [schema.const] : undefined);
  if (values) return [...new Set(values.map((v) => (typeof v === 'number' ? 'number' : typeof v)))];
  return [];
}

const ALTERNATIVES = new WeakMap<JsonSchema, JsonSchema[]>();

/** Picks the alternative of a oneOf/anyOf that an element of this name (or this value) stands for. */
function chooseAlternative(schema: JsonSchema, deref: Deref, elementName?: string, value?: unknown): JsonSchema {
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (!alternatives) return schema;
  let resolved = ALTERNATIVES.get(schema);
  if (resolved === undefined) {
    resolved = alternatives.map((a) => deref(a));
    ALTERNATIVES.set(schema, resolved);
  }
  const byName = elementName && resolved.find((a) => a.xml?.name === elementName);
  if (byName) return byName;
  const wantArray = Array.isArray(value);
  return (
    resolved.find((a) => schemaTypes(a).includes(wantArray ? 'array' : 'object')) ??
    resolved.find((a) => schemaTypes(a).includes('object')) ??
    resolved[0] ??
    schema
  );
}

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function textOf(node: unknown): string {
  if (node === null || node === undefined) return '';
  if (typeof node === 'object') return scalarText((node as XmlNode)[TEXT] ?? '');
  return scalarText(node);
}

/** A parsed XML scalar (fast-xml-parser yields strings, numbers and booleans) as text. */
function scalarText(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

function readScalar(text: string, schema: JsonSchema): unknown {
  const types = schemaTypes(schema);
  if (types.length === 0 || types.includes('string')) return text;
  if ((types.includes('integer') || types.includes('number')) && text.trim() !== '' && Number.isFinite(Number(text))) {
    return Number(text);
  }
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  return text; // left as text, so validation names the field and the expected type
}

/** How one property of an object schema is read from its element, worked out once per schema. */
type PropertyPlan =
  | { prop: string; kind: 'attribute'; schema: JsonSchema; key: string }
  | {
      prop: string;
      kind: 'map';
      schema: JsonSchema;
      map: NonNullable<JsonSchema['x-xml-map']>;
      outer: string;
      inner: string[];
    }
  | { prop: string; kind: 'array'; items: JsonSchema; itemName: string; wrapper?: string; required: boolean }
  | { prop: string; kind: 'element'; schema: JsonSchema; xmlName: string; object: boolean };

interface ObjectPlan {
  properties: PropertyPlan[];
  /** The attribute and element names the properties read: any other is kept as text. */
  consumed: ReadonlySet<string>;
}

const PLANS = new WeakMap<JsonSchema, ObjectPlan>();

/** The reading plan of an object schema: a 10,000-host body reads 10,000 elements of one schema. */
function objectPlan(schema: JsonSchema, deref: Deref): ObjectPlan {
  let plan = PLANS.get(schema);
  if (plan === undefined) {
    plan = buildPlan(schema, deref);
    PLANS.set(schema, plan);
  }
  return plan;
}

function buildPlan(schema: JsonSchema, deref: Deref): ObjectPlan {
  const consumed = new Set<string>([TEXT]);
  const properties: PropertyPlan[] = [];
  for (const [prop, rawPropSchema] of Object.entries(schema.properties ?? {})) {
    const ps = deref(rawPropSchema);
    const xmlName = ps.xml?.name ?? prop;
    if (ps.xml?.attribute) {
      consumed.add(ATTR + xmlName);
      properties.push({ prop, kind: 'attribute', schema: ps, key: ATTR + xmlName });
    } else if (ps['x-xml-map']) {
      // The wrapper may be a path of nested elements (`serviceHostNames/serviceHostMap`).
      const map = ps['x-xml-map'];
      const [outer = '', ...inner] = (map.wrapper ?? xmlName).split('/');
      consumed.add(outer);
      properties.push({ prop, kind: 'map', schema: ps, map, outer, inner });
    } else if (schemaTypes(ps).includes('array')) {
      const items = deref(ps.items);
      const itemName = items.xml?.name ?? prop;
      const wrapper = ps.xml?.wrapped ? xmlName : undefined;
      consumed.add(wrapper ?? itemName);
      properties.push({
        prop,
        kind: 'array',
        items,
        itemName,
        wrapper,
        required: schema.required?.includes(prop) ?? false,
      });
    } else {
      consumed.add(xmlName);
      const object = schemaTypes(ps).includes('object') || ps.oneOf !== undefined || ps.anyOf !== undefined;
      properties.push({ prop, kind: 'element', schema: ps, xmlName, object });
    }
  }
  return { properties, consumed };
}

/** Maps an element to the JSON value its schema describes. Unknown attributes and children are kept
 *  as text so that `additionalProperties: false` rejects them as it would in JSON. */
export function readElement(node: unknown, schemaIn: JsonSchema | undefined, deref: Deref, name?: string): unknown {
  const schema = chooseAlternative(deref(schemaIn), deref, name);
  const types = schemaTypes(schema);
  if (!types.includes('object')) {
    if (types.includes('array') && schema.items) {
      const items = deref(schema.items);
      const itemName = items.xml?.name ?? name ?? '';
      return asArray((node as XmlNode | undefined)?.[itemName]).map((n) => readElement(n, items, deref, itemName));
    }
    return readScalar(textOf(node), schema);
  }
  const element: XmlNode = node !== null && typeof node === 'object' ? (node as XmlNode) : {};
  const out: Record<string, unknown> = {};
  const { properties, consumed } = objectPlan(schema, deref);
  for (const plan of properties) readProperty(element, plan, deref, out);
  for (const key in element) {
    if (consumed.has(key) || key.startsWith('?')) continue;
    const value = element[key];
    out[key.startsWith(ATTR) ? key.slice(ATTR.length) : key] =
      typeof value === 'object' ? textOf(value) : scalarText(value);
  }
  return out;
}

/** Reads one property of `element` into `out`, as its plan says; an absent one is left out. */
function readProperty(element: XmlNode, plan: PropertyPlan, deref: Deref, out: Record<string, unknown>): void {
  switch (plan.kind) {
    case 'attribute': {
      const value = element[plan.key];
      if (value !== undefined) out[plan.prop] = readScalar(scalarText(value), plan.schema);
      return;
    }
    case 'map': {
      const entries = readMap(element, plan, deref);
      if (entries !== undefined) out[plan.prop] = entries;
      return;
    }
    case 'array': {
      let container: unknown = element;
      if (plan.wrapper !== undefined) {
        if (!(plan.wrapper in element)) return;
        container = element[plan.wrapper] ?? {};
      } else if (!(plan.itemName in element)) {
        // A required list with no items is an empty list (GroundWork's `<hosts/>`), not a missing one.
        if (plan.required) out[plan.prop] = [];
        return;
      }
      const children =
        typeof container === 'object' && container !== null ? (container as XmlNode)[plan.itemName] : undefined;
      out[plan.prop] = asArray(children).map((child) => readElement(child, plan.items, deref, plan.itemName));
      return;
    }
    case 'element': {
      if (!(plan.xmlName in element)) return;
      const child = element[plan.xmlName];
      const first = Array.isArray(child) ? (child[0] as unknown) : child;
      out[plan.prop] = plan.object
        ? readElement(first, plan.schema, deref, plan.xmlName)
        : readScalar(textOf(first), plan.schema);
    }
  }
}

/** An `x-xml-map` property: its entries, or undefined when its wrapper is absent. */
function readMap(
  element: XmlNode,
  plan: Extract<PropertyPlan, { kind: 'map' }>,
  deref: Deref,
): Record<string, unknown> | undefined {
  const { map, outer, inner, schema: ps } = plan;
  let wrapper: unknown = element[outer];
  // A present but empty wrapper (`<serviceHostNames/>`) is an empty map.
  if (wrapper !== undefined && map.emptyElement && (wrapper === null || typeof wrapper !== 'object')) wrapper = {};
  for (const step of inner)
    wrapper = wrapper !== null && typeof wrapper === 'object' ? (wrapper as XmlNode)[step] : undefined;
  if (wrapper === undefined && map.emptyElement && outer in element) wrapper = {};
  if (wrapper === undefined) return undefined;
  const valueSchema = typeof ps.additionalProperties === 'object' ? deref(ps.additionalProperties) : {};
  const entries: Record<string, unknown> = {};
  for (const entry of asArray((wrapper as XmlNode | null)?.[map.entry])) {
    const e = entry !== null && typeof entry === 'object' ? (entry as XmlNode) : {};
    const key = String(e[ATTR + map.key]);
    // Assigning this name would set the prototype, and the entry would vanish (see body-issues.ts).
    if (key === REFUSED_KEY)
      throw new XmlError(
        `<${map.entry} ${map.key}="${REFUSED_KEY}"> is refused: understudy does not accept '${REFUSED_KEY}' as a name`,
      );
    entries[key] =
      map.value === undefined
        ? readEntryContent(e, valueSchema, deref)
        : readScalar(scalarText(e[ATTR + map.value] ?? ''), valueSchema);
  }
  return entries;
}

/** A map entry whose value is its content, not an attribute: a (wrapped) list, or a scalar as text. */
function readEntryContent(entry: XmlNode, schema: JsonSchema, deref: Deref): unknown {
  if (!schemaTypes(schema).includes('array')) return readScalar(textOf(entry), schema);
  const items = deref(schema.items);
  const itemName = items.xml?.name ?? 'item';
  const container = schema.xml?.wrapped ? entry[schema.xml.name ?? itemName] : entry;
  const children = container !== null && typeof container === 'object' ? (container as XmlNode)[itemName] : undefined;
  return asArray(children).map((child) => readElement(child, items, deref, itemName));
}

/** Reads a whole XML document against the schema of its body. */
export function readXmlDocument(
  text: string,
  schema: JsonSchema | undefined,
  deref: Deref,
  limits?: XmlLimits,
): unknown {
  const { name, node } = parseXml(text, limits);
  const chosen = chooseAlternative(deref(schema), deref, name);
  const expected = chosen.xml?.name;
  if (expected && expected !== name) throw new XmlError(`expected root element <${expected}>, found <${name}>`);
  return readElement(node, chosen, deref, name);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
function escapeXml(value: unknown): string {
  const text = String(value);
  return /[&<>"']/.test(text) ? text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c) : text;
}

/** Writes a JSON value as the element its schema describes. */
/** How one property of an object schema is written, worked out once per schema. */
type WritePlan =
  | { prop: string; kind: 'attribute'; xmlName: string }
  | {
      prop: string;
      kind: 'map';
      map: NonNullable<JsonSchema['x-xml-map']>;
      valueSchema: JsonSchema;
      open: string;
      close: string;
      empty: string;
    }
  // A list value is written as its items (wrapped or not), any other as one element of the schema.
  | {
      prop: string;
      kind: 'value';
      schema: JsonSchema;
      xmlName: string;
      items: JsonSchema;
      itemName: string;
      wrapped: boolean;
    };

const WRITE_PLANS = new WeakMap<JsonSchema, WritePlan[]>();

function writePlan(schema: JsonSchema, deref: Deref): WritePlan[] {
  let plan = WRITE_PLANS.get(schema);
  if (plan === undefined) {
    plan = Object.entries(schema.properties ?? {}).map(([prop, raw]) => propertyWritePlan(prop, deref(raw), deref));
    WRITE_PLANS.set(schema, plan);
  }
  return plan;
}

function propertyWritePlan(prop: string, ps: JsonSchema, deref: Deref): WritePlan {
  const xmlName = ps.xml?.name ?? prop;
  const map = ps['x-xml-map'];
  if (ps.xml?.attribute) return { prop, kind: 'attribute', xmlName };
  if (map) {
    const path = (map.wrapper ?? xmlName).split('/');
    return {
      prop,
      kind: 'map',
      map,
      valueSchema: typeof ps.additionalProperties === 'object' ? deref(ps.additionalProperties) : {},
      open: path.map((p) => `<${p}>`).join(''),
      close: [...path]
        .reverse()
        .map((p) => `</${p}>`)
        .join(''),
      // An empty map is no element at all: JAXB writes none for a map it was not given (GroundWork's
      // `<applicationType .../>`, 001 §30.1.6), where JSON still shows the `{}`.
      empty: map.emptyElement ? `<${path[0] ?? ''}/>` : '',
    };
  }
  const items = deref(ps.items);
  const itemName = items.xml?.name ?? prop;
  return { prop, kind: 'value', schema: ps, xmlName, items, itemName, wrapped: ps.xml?.wrapped === true };
}

export function writeElement(name: string, value: unknown, schemaIn: JsonSchema | undefined, deref: Deref): string {
  const schema = chooseAlternative(deref(schemaIn), deref, undefined, value);
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    const items = deref(schema.items);
    const itemName = items.xml?.name ?? name;
    return `<${name}>${value.map((v) => writeElement(itemName, v, items, deref)).join('')}</${name}>`;
  }
  if (typeof value !== 'object') return `<${name}>${escapeXml(value)}</${name}>`;
  const record = value as Record<string, unknown>;
  let attributes = '';
  let children = '';
  for (const plan of writePlan(schema, deref)) {
    const v = record[plan.prop];
    if (v === undefined || v === null) continue;
    if (plan.kind === 'attribute') attributes += ` ${plan.xmlName}="${escapeXml(v)}"`;
    else if (plan.kind === 'map') children += writeMap(plan, v as Record<string, unknown>, deref);
    else if (Array.isArray(v)) {
      const inner = v.map((item) => writeElement(plan.itemName, item, plan.items, deref)).join('');
      children += plan.wrapped ? `<${plan.xmlName}>${inner}</${plan.xmlName}>` : inner;
    } else children += writeElement(plan.xmlName, v, plan.schema, deref);
  }
  return children ? `<${name}${attributes}>${children}</${name}>` : `<${name}${attributes}/>`;
}

function writeMap(plan: Extract<WritePlan, { kind: 'map' }>, value: Record<string, unknown>, deref: Deref): string {
  const { map } = plan;
  let entries = '';
  for (const [k, entry] of Object.entries(value)) {
    entries +=
      map.value === undefined
        ? `<${map.entry} ${map.key}="${escapeXml(k)}">${writeEntryContent(entry, plan.valueSchema, deref)}</${map.entry}>`
        : `<${map.entry} ${map.key}="${escapeXml(k)}" ${map.value}="${escapeXml(entry)}"/>`;
  }
  return entries !== '' ? plan.open + entries + plan.close : plan.empty;
}

/** A map entry's value as its content: a (wrapped) list of items, or a scalar as text. */
function writeEntryContent(value: unknown, schema: JsonSchema, deref: Deref): string {
  if (!Array.isArray(value)) return escapeXml(value);
  const items = deref(schema.items);
  const itemName = items.xml?.name ?? 'item';
  const inner = value.map((item) => writeElement(itemName, item, items, deref)).join('');
  return schema.xml?.wrapped ? `<${schema.xml.name ?? itemName}>${inner}</${schema.xml.name ?? itemName}>` : inner;
}

const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Writes a whole XML document; the root element is named by the schema (or `fallbackName`). */
export function writeXmlDocument(
  value: unknown,
  schemaIn: JsonSchema | undefined,
  deref: Deref,
  fallbackName = 'root',
): string {
  const schema = chooseAlternative(deref(schemaIn), deref, undefined, value);
  return DECLARATION + writeElement(schema.xml?.name ?? fallbackName, value, schema, deref);
}
