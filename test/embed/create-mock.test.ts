// createMock (in-process, fetch) and startMock (a socket): the server's pipeline, state, auth,
// faults and journal, reached without starting a process.
import { afterEach, describe, expect, it } from 'vitest';
import { createMock, startMock, type EmbeddedMock, type StartedMock } from '../../src/index.js';
import { VendorOptionsError } from '../../src/mock/vendor-options-check.js';

const GW = 'http://gw.test';
const APP = { 'GWOS-APP-NAME': 'embed-test' };

async function login(
  fetcher: (input: string, init?: RequestInit) => Promise<Response>,
  base: string,
  password = 'admin',
): Promise<Record<string, string>> {
  const res = await fetcher(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { ...APP, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user: 'admin', password, 'gwos-app-name': 'embed-test' }),
  });
  expect(res.status).toBe(200);
  return { ...APP, 'GWOS-API-TOKEN': await res.text(), Accept: 'application/json' };
}

const host = (hostName: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    hosts: [{ hostName, appType: 'NAGIOS', deviceIdentification: '10.9.0.1', description: 'in-process', ...extra }],
  });

let open: Array<EmbeddedMock | StartedMock> = [];
afterEach(async () => {
  await Promise.all(open.map((m) => m.close()));
  open = [];
});

async function mock(options?: Parameters<typeof createMock>[0]): Promise<EmbeddedMock> {
  const m = await createMock({ vendors: ['groundwork'], fixtures: 'default', ...options });
  open.push(m);
  return m;
}

describe('createMock', () => {
  it('runs the GroundWork flow through fetch: create a host, read it, rename it', async () => {
    const m = await mock();
    const auth = await login(m.fetch, GW);
    const created = await m.fetch(`${GW}/api/hosts`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: host('embed-1'),
    });
    expect(created.status).toBe(200);
    expect(await created.json()).toMatchObject({ successful: 1 });
    const read = await m.fetch(new Request(`${GW}/api/hosts/embed-1`, { headers: auth }));
    expect(read.status).toBe(200);
    expect(read.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(read.headers.get('content-length'))).toBe((await read.clone().arrayBuffer()).byteLength);
    expect(await read.json()).toMatchObject({ hostName: 'embed-1', description: 'in-process' });
    const renamed = await m.fetch(`${GW}/api/hosts/rename?oldHostName=embed-1&newHostName=embed-2`, {
      method: 'PUT',
      headers: auth,
    });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ hostName: 'embed-2' });
    expect((await m.fetch(`${GW}/api/hosts/embed-1`, { headers: auth })).status).toBe(404);
    expect(m.journal.list().map((e) => [e.method, e.path, e.operationId, e.status])).toEqual([
      ['POST', '/api/auth/login', 'login', 200],
      ['POST', '/api/hosts', 'createOrUpdateHosts', 200],
      ['GET', '/api/hosts/embed-1', 'getHost', 200],
      ['PUT', '/api/hosts/rename?oldHostName=embed-1&newHostName=embed-2', 'renameHost', 200],
      ['GET', '/api/hosts/embed-1', 'getHost', 404],
    ]);
  });

  it('validates and authenticates as the server does: the vendor error format, no state change', async () => {
    const m = await mock();
    // GroundWork's AuthFilter: no token is 400, a token it does not know 401.
    expect(
      (await m.fetch(`${GW}/api/hosts/localhost`, { headers: { ...APP, Accept: 'application/json' } })).status,
    ).toBe(400);
    expect(
      (
        await m.fetch(`${GW}/api/hosts/localhost`, {
          headers: { ...APP, Accept: 'application/json', 'GWOS-API-TOKEN': 'forged' },
        })
      ).status,
    ).toBe(401);
    const auth = await login(m.fetch, GW);
    const before = JSON.stringify(m.state.dump());
    const bad = await m.fetch(`${GW}/api/hosts`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ hosts: 'not a list' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ status: 400, error: expect.stringContaining('hosts') });
    // The login is in the state (its token); the refused write added nothing else.
    const after = m.state.dump() as { groundwork: { hosts: unknown[] } };
    expect(after.groundwork.hosts).toEqual((JSON.parse(before) as typeof after).groundwork.hosts);
    expect(m.journal.list().at(-1)).toMatchObject({ status: 400, violationsIn: 'request' });
  });

  it('injects faults: a status, and a dropped connection as fetch rejects on a network error', async () => {
    const m = await mock();
    const auth = await login(m.fetch, GW);
    m.faults.set({ enabled: true, seed: 1, rules: [{ operationId: 'getHost', errorRate: 1 }] });
    expect((await m.fetch(`${GW}/api/hosts/localhost`, { headers: auth })).status).toBe(500);
    m.faults.set({ enabled: true, seed: 1, rules: [{ operationId: 'getHost', dropRate: 1 }] });
    await expect(m.fetch(`${GW}/api/hosts/localhost`, { headers: auth })).rejects.toThrow(TypeError);
    expect(m.journal.list().at(-1)).toMatchObject({ status: 0, fault: expect.any(String) });
  });

  it('has no /__admin paths: its state, journal and faults are methods, and no URL reaches them', async () => {
    const m = await mock({ fixtures: 'empty' });
    const auth = await login(m.fetch, GW);
    const json = { ...auth, 'Content-Type': 'application/json' };
    expect(
      (await m.fetch(`${GW}/api/hosts`, { method: 'POST', headers: json, body: host('embed-admin') })).status,
    ).toBe(200);
    const before = m.state.dump();
    for (const [method, path, body] of [
      ['GET', '/__admin/health', undefined],
      ['GET', '/__admin/state', undefined],
      ['PUT', '/__admin/state', '{}'],
      ['POST', '/__admin/reset', undefined],
      ['PUT', '/__admin/faults', JSON.stringify({ enabled: true, rules: [{ errorRate: 1 }] })],
    ] as const)
      expect((await m.fetch(`${GW}${path}`, { method, headers: json, body })).status, `${method} ${path}`).toBe(404);
    expect(m.state.dump()).toEqual(before);
    expect(m.faults.current.enabled).toBe(false);
  });

  it('resets to the fixtures, loads a dump, refuses a bad one whole, and closes', async () => {
    const m = await mock({ fixtures: 'empty' });
    const auth = await login(m.fetch, GW);
    expect(
      (
        await m.fetch(`${GW}/api/hosts`, {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: host('embed-3'),
        })
      ).status,
    ).toBe(200);
    const dump = m.state.dump();
    m.reset();
    const again = await login(m.fetch, GW);
    expect((await m.fetch(`${GW}/api/hosts/embed-3`, { headers: again })).status).toBe(404);
    expect(() => m.state.load({ ...dump, nosuch: {} })).toThrow(/nosuch/);
    m.state.load(dump);
    expect((await m.fetch(`${GW}/api/hosts/embed-3`, { headers: auth })).status).toBe(200);
    await m.close();
    await expect(m.fetch(`${GW}/api/hosts/embed-3`, { headers: auth })).rejects.toThrow(/closed/);
  });

  it('mock.session(id): parallel tests each see their own state, created from the fixtures', async () => {
    const m = await mock({ sessions: { max: 2 } });
    const demo = { ...APP, 'GWOS-API-TOKEN': 'understudy-demo-token', Accept: 'application/json' };
    const a = m.session('worker-1');
    const b = m.session('worker-2');
    const made = await a.fetch(`${GW}/api/hosts`, {
      method: 'POST',
      headers: { ...demo, 'Content-Type': 'application/json' },
      body: host('only-worker-1', { monitorStatus: 'UP', agentId: 'a4ca80e0-e855-43ee-86d8-f4e499f0a824' }),
    });
    expect(made.status).toBe(200);
    const status = async (via: Pick<EmbeddedMock, 'fetch'>) =>
      (await via.fetch(`${GW}/api/hosts/only-worker-1`, { headers: demo })).status;
    expect(await status(a)).toBe(200);
    expect(await status(b)).toBe(404);
    expect(await status(m)).toBe(404);
    expect(JSON.stringify(a.state.dump())).toContain('only-worker-1');
    expect(JSON.stringify(b.state.dump())).not.toContain('only-worker-1');
    expect(m.sessions.list().map((s) => s.id)).toEqual(['worker-1', 'worker-2']);
    expect(m.journal.list().filter((e) => e.session === 'worker-1')).toHaveLength(2);
    // A session's login tokens are its own: one from a login in worker-1 opens nothing elsewhere.
    const inA = await login((input, init) => a.fetch(input, init), GW);
    expect((await a.fetch(`${GW}/api/hosts/only-worker-1`, { headers: inA })).status).toBe(200);
    expect((await b.fetch(`${GW}/api/hosts/localhost`, { headers: inA })).status).toBe(401);
    expect((await m.fetch(`${GW}/api/hosts/localhost`, { headers: inA })).status).toBe(401);
    a.reset();
    expect(await status(a)).toBe(404);
    expect(a.end()).toBe(true);
    expect(() => m.session('not valid')).toThrow(/1 to 128 letters/);
    await expect(createMock({ sessions: { max: 0 } })).rejects.toThrow(/at least 1/);
  });

  it('takes vendor options, checked as --vendor-options checks them', async () => {
    const m = await mock({ vendorOptions: { groundwork: { password: 's3cret' } } });
    await login(m.fetch, GW, 's3cret');
    await expect(createMock({ vendorOptions: { groundwork: { pasword: 'x' } } })).rejects.toThrow(VendorOptionsError);
    await expect(createMock({ vendors: ['groundwrok'] })).rejects.toThrow(/unknown vendor 'groundwrok'/);
    await expect(createMock({ fixtures: 'full' as never })).rejects.toThrow(/fixture set/);
  });

  it('answers as the server answers: the same requests give the same statuses and bodies', async () => {
    const m = await mock({ now: () => new Date('2026-01-01T00:00:00Z') });
    const server = await startMock({ vendors: ['groundwork'], now: () => new Date('2026-01-01T00:00:00Z') });
    open.push(server);
    const sequence = async (fetcher: (input: string, init?: RequestInit) => Promise<Response>, base: string) => {
      const auth = await login(fetcher, base);
      const out: Array<[number, string]> = [];
      const requests: Array<[string, RequestInit]> = [
        [
          '/api/hosts',
          { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: host('same-1') },
        ],
        ['/api/hosts/same-1', { headers: { ...auth, Accept: 'application/xml' } }],
        ['/api/hosts?query=hostName%20like%20%27same%25%27', { headers: auth }],
        [
          '/api/hosts',
          { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{"hosts": [' },
        ],
        ['/api/hosts/rename?oldHostName=same-1', { method: 'PUT', headers: auth }],
        ['/api/hosts/same-1', { method: 'PATCH', headers: auth }],
        ['/api/nowhere', { headers: auth }],
      ];
      for (const [path, init] of requests) {
        const res = await fetcher(base + path, init);
        out.push([
          res.status,
          (await res.text()).replaceAll(auth['GWOS-API-TOKEN']!, '<token>').replaceAll(base, '<base>'),
        ]);
      }
      return out;
    };
    const inProcess = await sequence(m.fetch, GW);
    const overSocket = await sequence(fetch, server.url);
    expect(inProcess.map(([s]) => s)).toEqual([200, 200, 200, 400, 400, 405, 404]);
    expect(inProcess).toEqual(overSocket);
  });
});
