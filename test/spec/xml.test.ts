import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../src/spec/openapi.js';
import { readXmlDocument, writeXmlDocument, XmlError, type Deref } from '../../src/spec/xml.js';

const schemas: Record<string, JsonSchema> = {
  Host: {
    type: 'object',
    xml: { name: 'host' },
    properties: {
      id: { type: 'integer', xml: { attribute: true } },
      hostName: { type: 'string', xml: { attribute: true } },
      acknowledged: { type: 'boolean', xml: { attribute: true } },
      serviceAvailability: { type: ['string', 'number'], xml: { attribute: true } },
      properties: {
        type: 'object',
        additionalProperties: { type: ['string', 'number'] },
        'x-xml-map': { wrapper: 'properties', entry: 'property', key: 'name', value: 'value' },
      },
      hostStatus: {
        type: 'object',
        properties: {
          hostMonitorStatus: { $ref: '#/Status', xml: { name: 'monitorStatus' } },
          stateType: { type: 'object', properties: { stateTypeId: { type: 'integer' }, name: { type: 'string' } } },
        },
      },
      services: { type: 'array', xml: { wrapped: true }, items: { $ref: '#/Service' } },
    },
  },
  Status: { type: 'object', properties: { name: { type: 'string', xml: { attribute: true } } } },
  Service: {
    type: 'object',
    xml: { name: 'service' },
    properties: { description: { type: 'string', xml: { attribute: true } } },
  },
  HostList: {
    type: 'object',
    xml: { name: 'hosts' },
    properties: { hosts: { type: 'array', items: { $ref: '#/Host' } } },
  },
};

const deref: Deref = (schema) => {
  let s = schema ?? {};
  while (s.$ref) s = { ...schemas[s.$ref.slice(2)]!, ...(s.xml ? { xml: s.xml } : {}) };
  return s;
};

const hostXml = `<?xml version="1.0" encoding="UTF-8"?>
<host id="7" hostName="host5" acknowledged="false" serviceAvailability="9.52">
  <properties><property name="LastPluginOutput" value="UP"/><property name="Latency" value="125"/></properties>
  <hostStatus><monitorStatus name="UP"/><stateType><stateTypeId>2</stateTypeId><name>HARD</name></stateType></hostStatus>
  <services><service description="local_cpu_httpd"/><service description="local_cpu_java"/></services>
</host>`;

describe('XML read through the spec mapping', () => {
  it('reads attributes typed by schema, maps, renamed and nested elements, wrapped arrays', () => {
    expect(readXmlDocument(hostXml, { $ref: '#/Host' }, deref)).toEqual({
      id: 7,
      hostName: 'host5',
      acknowledged: false,
      serviceAvailability: '9.52',
      properties: { LastPluginOutput: 'UP', Latency: '125' },
      hostStatus: { hostMonitorStatus: { name: 'UP' }, stateType: { stateTypeId: 2, name: 'HARD' } },
      services: [{ description: 'local_cpu_httpd' }, { description: 'local_cpu_java' }],
    });
  });

  it('reads an unwrapped list with one and with several items, and an empty wrapper as []', () => {
    const one = readXmlDocument('<hosts><host hostName="a"><services/></host></hosts>', { $ref: '#/HostList' }, deref);
    expect(one).toEqual({ hosts: [{ hostName: 'a', services: [] }] });
    const two = readXmlDocument(
      '<hosts><host hostName="a"/><host hostName="b"/></hosts>',
      { $ref: '#/HostList' },
      deref,
    );
    expect(two).toEqual({ hosts: [{ hostName: 'a' }, { hostName: 'b' }] });
  });

  it('keeps unknown attributes so that validation can refuse them', () => {
    expect(readXmlDocument('<service description="x" bogus="1"/>', { $ref: '#/Service' }, deref)).toEqual({
      description: 'x',
      bogus: '1',
    });
  });

  it('leaves a non-numeric integer as text, for the validator to name', () => {
    expect(readXmlDocument('<host id="seven"/>', { $ref: '#/Host' }, deref)).toEqual({ id: 'seven' });
  });

  it('refuses the wrong root, malformed XML, DOCTYPE/entities and deep nesting', () => {
    expect(() => readXmlDocument('<service/>', { $ref: '#/Host' }, deref)).toThrow(
      /expected root element <host>, found <service>/,
    );
    expect(() => readXmlDocument('<host id="1">', { $ref: '#/Host' }, deref)).toThrow(XmlError);
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><host hostName="&b;"/>';
    expect(() => readXmlDocument(laughs, { $ref: '#/Host' }, deref)).toThrow(/DOCTYPE/);
    const deep = '<host>' + '<x>'.repeat(100) + '</x>'.repeat(100) + '</host>';
    expect(() => readXmlDocument(deep, { $ref: '#/Host' }, deref, { maxDepth: 32 })).toThrow(/nesting deeper than 32/);
  });
});

describe('XML written through the spec mapping', () => {
  it('round-trips what it reads', () => {
    const value = readXmlDocument(hostXml, { $ref: '#/Host' }, deref);
    const written = writeXmlDocument(value, { $ref: '#/Host' }, deref);
    expect(written).toContain('<host id="7" hostName="host5" acknowledged="false" serviceAvailability="9.52">');
    expect(written).toContain('<properties><property name="LastPluginOutput" value="UP"/>');
    expect(written).toContain('<monitorStatus name="UP"/>');
    expect(written).toContain('<stateType><stateTypeId>2</stateTypeId><name>HARD</name></stateType>');
    expect(readXmlDocument(written, { $ref: '#/Host' }, deref)).toEqual(value);
  });

  it('writes no properties element for an empty map, as JAXB writes none (001 §30.1.6 <applicationType .../>)', () => {
    const written = writeXmlDocument({ hostName: 'a', properties: {} }, { $ref: '#/Host' }, deref);
    expect(written).toContain('<host hostName="a"/>');
    expect(written).not.toContain('properties');
    expect(writeXmlDocument({ hostName: 'a', properties: { A: '1' } }, { $ref: '#/Host' }, deref)).toContain(
      '<properties><property name="A" value="1"/></properties>',
    );
  });

  it('writes an empty map with emptyElement as its empty outer element, and reads that back as {}', () => {
    const authorized: JsonSchema = {
      type: 'object',
      xml: { name: 'bizAuthorizedServices' },
      properties: {
        serviceHostNames: {
          type: 'object',
          additionalProperties: {
            type: 'array',
            xml: { name: 'hostNames', wrapped: true },
            items: { type: 'string', xml: { name: 'hostName' } },
          },
          'x-xml-map': {
            wrapper: 'serviceHostNames/serviceHostMap',
            entry: 'serviceHostMapEntry',
            key: 'serviceName',
            emptyElement: true,
          },
        },
      },
    };
    const written = writeXmlDocument({ serviceHostNames: {} }, authorized, deref);
    expect(written).toContain('<bizAuthorizedServices><serviceHostNames/></bizAuthorizedServices>');
    expect(readXmlDocument(written, authorized, deref)).toEqual({ serviceHostNames: {} });
    expect(
      readXmlDocument(
        '<bizAuthorizedServices><serviceHostNames><serviceHostMap/></serviceHostNames></bizAuthorizedServices>',
        authorized,
        deref,
      ),
    ).toEqual({ serviceHostNames: {} });
    expect(readXmlDocument('<bizAuthorizedServices/>', authorized, deref)).toEqual({});
    const full = { serviceHostNames: { cpu: ['a', 'b'] } };
    expect(readXmlDocument(writeXmlDocument(full, authorized, deref), authorized, deref)).toEqual(full);
  });

  it('escapes markup in values', () => {
    const written = writeXmlDocument({ hostName: `a"<&>'b` }, { $ref: '#/Host' }, deref);
    expect(written).toContain('hostName="a&quot;&lt;&amp;&gt;&apos;b"');
    expect(readXmlDocument(written, { $ref: '#/Host' }, deref)).toEqual({ hostName: `a"<&>'b` });
  });
});
