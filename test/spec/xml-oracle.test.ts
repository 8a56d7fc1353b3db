// An XML oracle independent of our codec: the mock's XML answers, read by a second parser
// (@xmldom/xmldom, not fast-xml-parser) with no knowledge of our mapping code, must carry the same
// fields and values as its JSON answer to the same request. The other XML tests decode through
// src/spec/codec.ts, which would agree with itself if the mapping were wrong in both directions.
import { DOMParser, type Element } from '@xmldom/xmldom';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../helpers/mock.js';
import { AGENT, call, JSON_TYPE, spec, XML } from '../groundwork/helpers.js';

/**
 * The only mapping facts the oracle uses, read from the spec itself (not from our codec): `x-xml-map`
 * entries (`<property name=".." value=".."/>`) and the element names of scalar array items
 * (`names: [..]` is `<name>..</name>` in XML).
 */
interface SchemaNode {
  'x-xml-map'?: { entry: string; key: string; value: string };
  properties?: Record<string, { type?: unknown; items?: { xml?: { name?: unknown } } } | null>;
}

function xmlNaming(): { maps: Map<string, { key: string; value: string }>; itemNames: Map<string, string> } {
  const maps = new Map<string, { key: string; value: string }>();
  const itemNames = new Map<string, string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as SchemaNode;
    const map = record['x-xml-map'];
    if (map) maps.set(map.entry, { key: map.key, value: map.value });
    for (const [name, property] of Object.entries(record.properties ?? {})) {
      const itemName = property?.items?.xml?.name;
      if (property?.type === 'array' && typeof itemName === 'string') itemNames.set(name, itemName);
    }
    Object.values(node).forEach(visit);
  };
  visit(spec.document);
  return { maps, itemNames };
}
const { maps: MAPS, itemNames: ITEM_NAMES } = xmlNaming();

/** Every scalar of a JSON answer as `name=value`, named by its nearest object key (scalar array items by their XML item name). */
export function jsonLeaves(value: unknown, key = '(root)', out: string[] = []): string[] {
  if (value === null || value === undefined) return out;
  if (Array.isArray(value))
    value.forEach((item) => jsonLeaves(item, typeof item === 'object' ? key : (ITEM_NAMES.get(key) ?? key), out));
  else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) jsonLeaves(v, k, out);
  // A JSON scalar: a string as is, a number or boolean as JSON writes it.
  else out.push(`${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return out;
}

/** xmldom throws on a fatal error and reports the lesser ones: both mean the mock wrote bad XML. */
function parseXml(text: string): Element {
  const errors: string[] = [];
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') errors.push(message);
      },
    }).parseFromString(text, 'application/xml');
    if (errors.length === 0 && doc.documentElement) return doc.documentElement;
  } catch (error) {
    errors.push((error as Error).message);
  }
  throw new Error(`not well-formed XML: ${errors.join('; ') || 'no root element'}`);
}

/** Every attribute, text-only element and map entry of an XML document as `name=value`. */
export function xmlLeaves(text: string): string[] {
  const root = parseXml(text);
  const out: string[] = [];
  const visit = (element: Element): void => {
    const map = MAPS.get(element.tagName);
    const children = Array.from(element.childNodes);
    if (map && element.hasAttribute(map.key)) {
      out.push(`${element.getAttribute(map.key)}=${element.getAttribute(map.value) ?? ''}`);
      return;
    }
    for (const attribute of Array.from(element.attributes)) out.push(`${attribute.name}=${attribute.value}`);
    const elements = children.filter((c): c is Element => c.nodeType === 1);
    if (elements.length === 0 && element.attributes.length === 0 && children.length > 0)
      out.push(`${element.tagName}=${element.textContent ?? ''}`);
    elements.forEach(visit);
  };
  visit(root);
  return out;
}

/** What one side has and the other lacks, as a readable list (empty when they agree field for field). */
export function compare(json: unknown, xml: string): string[] {
  const count = (leaves: string[]) => leaves.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());
  const a = count(jsonLeaves(json));
  const b = count(xmlLeaves(xml));
  const diff: string[] = [];
  for (const [leaf, n] of a) if ((b.get(leaf) ?? 0) !== n) diff.push(`JSON ${n}× ${leaf}, XML ${b.get(leaf) ?? 0}×`);
  for (const [leaf, n] of b) if (!a.has(leaf)) diff.push(`XML ${n}× ${leaf}, not in JSON`);
  return diff;
}

describe('the oracle itself catches what a broken codec would do', () => {
  const json = {
    id: 1,
    hostName: 'h1',
    acknowledged: false,
    properties: { A: '1' },
    services: [{ description: 's1' }, { description: 's2' }],
  };
  const good =
    '<host id="1" hostName="h1" acknowledged="false"><properties><property name="A" value="1"/></properties><services><service description="s1"/><service description="s2"/></services></host>';

  it('agrees with a faithful rendering', () => {
    expect(compare(json, good)).toEqual([]);
  });

  it.each([
    ['a dropped attribute', good.replace(' acknowledged="false"', '')],
    ['a changed value', good.replace('hostName="h1"', 'hostName="h2"')],
    ['a boolean spelt otherwise', good.replace('"false"', '"0"')],
    ['a dropped list item', good.replace('<service description="s2"/>', '')],
    [
      'a duplicated list item',
      good.replace('<service description="s2"/>', '<service description="s2"/><service description="s2"/>'),
    ],
    ['a map entry lost', good.replace('<property name="A" value="1"/>', '')],
    ['a field renamed', good.replace('hostName=', 'name=')],
  ])('flags %s', (_, broken) => {
    expect(compare(json, broken)).not.toEqual([]);
  });

  it('refuses XML that is not well-formed', () => {
    expect(() => xmlLeaves('<host id="1"><x></host>')).toThrow(/well-formed/);
  });
});

describe('GroundWork XML answers carry what the JSON answers carry, field for field', () => {
  let m: RunningMock;
  beforeAll(async () => {
    m = await startMock({ vendors: ['groundwork'] });
  });
  afterAll(() => m.close());
  beforeEach(() => m.mock.reset());

  const both = async (method: string, path: string, body?: unknown) => {
    const json = await call(m, method, path, { accept: JSON_TYPE, body });
    m.mock.reset();
    const xml = await call(m, method, path, { accept: XML, body });
    expect(xml.status).toBe(json.status);
    expect(json.contentType).toBe(JSON_TYPE);
    expect(xml.contentType).toBe(XML);
    return { json: JSON.parse(json.text) as unknown, xml: xml.text };
  };

  it.each([
    ['every host, deep', '/api/hosts?depth=deep'],
    ['every host, shallow, a page', '/api/hosts?first=1&count=2'],
    ['a host, at each depth', '/api/hosts/localhost?depth=deep'],
    ['a host, simple', '/api/hosts/localhost?depth=simple'],
    ['a host, sync', '/api/hosts/localhost?depth=sync'],
    ['a query', "/api/hosts?query=hostName like 'loc%'&depth=deep"],
    ['autocomplete', '/api/hosts/autocomplete/l'],
    ['a filter by host group', '/api/hosts/filter?hostGroupNames=Linux%20Servers'],
    ['a missing host (the error body)', '/api/hosts/no-such-host'],
    ['a query that does not parse (the error body)', "/api/hosts?query=hostName = 'x' and"],
  ])('GET: %s', async (_, path) => {
    const { json, xml } = await both('GET', path);
    expect(jsonLeaves(json).length).toBeGreaterThan(0);
    expect(compare(json, xml)).toEqual([]);
  });

  const host = (name: string) => ({
    hostName: name,
    description: `${name} described`,
    monitorStatus: 'UP',
    appType: 'NAGIOS',
    deviceIdentification: `10.9.9.${name.length}`,
    agentId: AGENT,
    properties: { Latency: '125', Acknowledged: 'true' },
  });

  it.each([
    ['a batch of hosts, one refused', 'POST', '/api/hosts', { hosts: [host('oracle-a'), { hostName: '' }] }],
    [
      'the Biz feeder, two hosts with services',
      'POST',
      '/api/biz/hosts',
      { hosts: [{ ...host('oracle-b'), services: [{ description: 'cpu', status: 'WARNING' }] }, host('oracle-c')] },
    ],
    ['a rename', 'PUT', '/api/hosts/rename', { oldHostName: 'localhost', newHostName: 'oracle-renamed' }],
    ['a delete by names', 'DELETE', '/api/hosts/malbec,no-such-host', undefined],
  ])('%s (%s %s): the results in XML as in JSON', async (_, method, path, body) => {
    const { json, xml } = await both(method, path, body);
    expect(jsonLeaves(json).length).toBeGreaterThan(0);
    expect(compare(json, xml)).toEqual([]);
  });
});
