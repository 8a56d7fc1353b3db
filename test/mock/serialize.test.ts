// The state file and GET /__admin/state are written piece by piece off the live state (so 100,000
// hosts are never copied or held as one string). The pieces must spell exactly the dump, for every
// vendor, after the kinds of change that touch every part of GroundWork's state; and a write that
// fails must leave the previous file in place.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateObject } from '../../src/fixtures/groundwork.js';
import { writeAtomically } from '../../src/common/atomic-file.js';
import { serialize } from '../../src/vendors/groundwork/dump.js';
import { load } from '../../src/vendors/groundwork/load.js';
import { vendorModule } from '../../src/vendors/index.js';
import { vendorNames } from '../../src/vendors/registry.js';
import { BROKER_C } from '../../src/vendors/moogsoft/state.js';
import { basic, startMock, type RunningMock } from '../helpers/mock.js';

const gw = {
  'GWOS-API-TOKEN': 'understudy-demo-token',
  'GWOS-APP-NAME': 'serialize',
  accept: 'application/json',
  'content-type': 'application/json',
};

describe('serializing the state in pieces', () => {
  let m: RunningMock;
  beforeAll(async () => {
    m = await startMock();
  });
  afterAll(() => m.close());

  const same = () => {
    const pieces = [...m.mock.serializeState()];
    expect(pieces.join('')).toBe(JSON.stringify(m.mock.dumpState()));
    return pieces;
  };

  it('spells the dump exactly, for every vendor, from the fixtures', () => {
    const parsed = JSON.parse(same().join('')) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(vendorNames().sort());
  });

  it('still does after new hosts (out of name order), renames, deletes, logins and status changes', async () => {
    const hosts = ['zz-late', 'aa-early', 'mm-middle'].map((host, i) => ({
      host,
      status: 'UP',
      message: 'UP',
      hostGroup: 'serialize',
      device: `10.7.0.${i}`,
      appType: 'NAGIOS',
      agentId: 'a4ca80e0-e855-43ee-86d8-f4e499f0a824',
      services: [{ service: 'cpu', status: 'WARNING', message: 'WARNING - 91', properties: { Latency: 12 } }],
    }));
    expect(
      (await fetch(`${m.url}/api/biz/hosts`, { method: 'POST', headers: gw, body: JSON.stringify({ hosts }) })).status,
    ).toBe(200);
    expect(
      (
        await fetch(`${m.url}/api/hosts/rename?oldHostName=mm-middle&newHostName=bb-renamed`, {
          method: 'PUT',
          headers: gw,
        })
      ).status,
    ).toBe(200);
    expect((await fetch(`${m.url}/api/hosts/aa-early`, { method: 'DELETE', headers: gw })).status).toBe(200);
    const login = await fetch(`${m.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/plain' },
      body: 'user=admin&password=admin&gwos-app-name=serialize',
    });
    expect(login.status).toBe(200);
    const moog = { authorization: basic('John.Doe', 'MyPassword'), 'content-type': 'application/json' };
    expect(
      (
        await fetch(`${m.url}/integrations/api/v1/integrations/7/status`, {
          method: 'PUT',
          headers: moog,
          body: JSON.stringify({ command: 'start', target: BROKER_C }),
        })
      ).status,
    ).toBeLessThan(300);
    same();
  });

  it('GET /__admin/state answers the same JSON', async () => {
    const res = await fetch(`${m.url}/__admin/state`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.text()).toBe(JSON.stringify(m.mock.dumpState()));
  });

  it('cuts a large GroundWork state into bounded pieces that join to JSON.stringify(dump)', () => {
    const state = load(stateObject({ hosts: 2000, servicesPerHost: 3, seed: 'pieces' }).groundwork, {});
    const pieces = [...serialize(state, 64 * 1024)];
    expect(pieces.length).toBeGreaterThan(10);
    // A piece closes as soon as it passes the bound: one record more at most (a host here is < 4 KB).
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(64 * 1024 + 4096);
    expect(pieces.join('')).toBe(JSON.stringify(vendorModule('groundwork').dumpState(state)));
  });
});

describe('writeAtomically', () => {
  it('leaves the previous file, and no temporary file, when producing the text fails midway', () => {
    const dir = mkdtempSync(join(tmpdir(), 'understudy-write-'));
    const file = join(dir, 'state.json');
    writeFileSync(file, '{"previous":true}');
    function* failing(): Generator<string> {
      yield '{"next":';
      yield 'x'.repeat(2 << 20); // past one write, so part of it reached the temporary file
      throw new Error('serializer broke');
    }
    expect(() => writeAtomically(file, failing())).toThrow('serializer broke');
    expect(readFileSync(file, 'utf8')).toBe('{"previous":true}');
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('writes every piece, multi-byte text included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'understudy-write-'));
    const file = join(dir, 'state.json');
    const pieces = ['{"name":"', 'ü'.repeat(700_000), '€'.repeat(400_000), '"}'];
    writeAtomically(file, pieces);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(pieces.join(''));
  });
});
