// The dashboard reads every vendor's state dump without knowing its shape: these shapes stand for
// the ones vendors have or may grow into.
import { describe, expect, it } from 'vitest';
import { describeVendor } from '../../src/ui/state-model.js';
import { verdictOf } from '../../src/ui/verdict.js';

const titles = (dump: unknown) => describeVendor('v', dump).collections.map((c) => c.title);
const collection = (dump: unknown, title: string) =>
  describeVendor('v', dump).collections.find((c) => c.title === title)!;

describe('state model', () => {
  it('makes a table of each list of records, columns by name: identity, then status, then the rest', () => {
    const hosts = collection(
      {
        hosts: [
          { monitorStatus: 'UP', notes: 'x', hostName: 'localhost', id: 1 },
          { id: 2, hostName: 'db', monitorStatus: 'DOWN' },
        ],
      },
      'hosts',
    );
    expect(hosts.columns.slice(0, 3)).toEqual(['id', 'hostName', 'monitorStatus']);
    expect(hosts.rows.map((r) => r.cells.hostName)).toEqual(['localhost', 'db']);
  });

  it('reads maps of records as tables with a key column, and nested records as tables naming their parent', () => {
    const dump = {
      integrations: [
        { id: 6, name: 'Azure1', instances: { Broker_A: { status: 'running' } } },
        { id: 7, name: 'AWS1', instances: {} },
      ],
      pending: { tok1: { polls: 1 }, tok2: { polls: 0 } },
    };
    expect(titles(dump)).toEqual(['integrations', 'integrations › instances', 'pending']);
    const instances = collection(dump, 'integrations › instances');
    expect(instances.rows[0]!.cells).toEqual({ key: 'Broker_A', parent: 'Azure1', status: 'running' });
    expect(collection(dump, 'pending').rows.map((r) => r.key)).toEqual(['tok1', 'tok2']);
  });

  it('flattens one level of nested objects (attributes.name) and lists scalars and loose values', () => {
    const view = describeVendor('v', {
      version: 1,
      lastIds: { host: 19 },
      brokers: ['A', 'B'],
      items: [{ id: 'x', attributes: { name: 'VirusTotal', status: 'running', tags: ['a', 'b'] } }],
    });
    expect(view.values).toEqual([
      ['version', '1'],
      ['lastIds.host', '19'],
    ]);
    expect(view.collections.find((c) => c.title === 'brokers')!.rows.map((r) => r.cells.value)).toEqual(['A', 'B']);
    const items = view.collections.find((c) => c.title === 'items')!;
    expect(items.columns).toEqual(
      expect.arrayContaining(['id', 'attributes.name', 'attributes.status', 'attributes.tags']),
    );
    expect(items.rows[0]!.cells['attributes.tags']).toBe('a, b');
    expect(items.rows[0]!.haystack).toContain('virustotal');
  });

  it('copes with any shape: empty, null, scalars, mixed lists', () => {
    expect(() => describeVendor('v', undefined)).not.toThrow();
    expect(() => describeVendor('v', null)).not.toThrow();
    expect(describeVendor('v', 'text').values).toEqual([['state', 'text']]);
    expect(titles({ mixed: [1, { a: 1 }, null], empty: [] })).toEqual(['mixed', 'empty']);
    expect(collection({ deep: { a: { b: { c: { d: { e: { f: 1 } } } } } } }, 'deep').rows[0]!.key).toBe('a');
  });
});

describe('verdict', () => {
  const base = { id: 1, time: '', method: 'PUT', path: '/x', vendor: 'moogsoft', operationId: 'op', latencyMs: 1 };
  it('tells the request’s violations from the response’s', () => {
    expect(verdictOf({ ...base, status: 400, violations: ['body field'], violationsIn: 'request' }, true).label).toBe(
      'request violates spec',
    );
    expect(
      verdictOf({ ...base, status: 500, violations: ['response field'], violationsIn: 'response' }, true).label,
    ).toBe('response violates spec');
    // Entries journaled without `violationsIn` are read by their status.
    expect(verdictOf({ ...base, status: 400, violations: ['v'] }, true).kind).toBe('request');
    expect(verdictOf({ ...base, status: 500, violations: ['v'] }, true).kind).toBe('response');
    expect(verdictOf({ ...base, status: 200, violations: [] }, true).label).toBe('conforms');
    expect(verdictOf({ ...base, status: 200, violations: [] }, false).label).toBe('request conforms');
    expect(verdictOf({ ...base, status: 503, violations: [], fault: 'status 503' }, true).kind).toBe('fault');
    expect(verdictOf({ ...base, status: 0, violations: [], fault: 'drop' }, true).kind).toBe('dropped');
    expect(verdictOf({ ...base, operationId: undefined, status: 404, violations: [] }, true).label).toBe(
      'path not in spec',
    );
    expect(verdictOf({ ...base, path: '/__admin/state', status: 200, violations: [] }, true).kind).toBe('admin');
    expect(
      verdictOf({ ...base, method: 'OPTIONS', operationId: undefined, status: 204, violations: [] }, true).label,
    ).toBe('CORS preflight');
    expect(
      verdictOf({ ...base, method: 'OPTIONS', operationId: undefined, status: 405, violations: [] }, true).kind,
    ).toBe('unknown');
  });
});
