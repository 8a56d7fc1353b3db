// The shared pipeline, exercised through Moogsoft (the smallest vendor): errors in the vendor's own
// format for every stage, limits, prototype safety, fault injection, admin protection.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Faults, MAX_INJECTED_LATENCY_MS } from '../../src/mock/faults.js';
import { DEFAULT_LIMITS } from '../../src/mock/server.js';
import { basic, startMock, type RunningMock } from '../helpers/mock.js';

const auth = { authorization: basic('John.Doe', 'MyPassword') };
const STATUS = '/integrations/api/v1/integrations/6/status';
const JSON_BODY = { 'content-type': 'application/json' };
let m: RunningMock;

beforeAll(async () => {
  m = await startMock({ vendors: ['moogsoft'] });
});
afterAll(() => m.close());

async function message(res: Response): Promise<string> {
  return ((await res.json()) as { message: string }).message;
}

/** Sends raw bytes and returns what came back before the server closed or `waitMs` passed. */
function raw(bytes: string, waitMs: number, url = m.url): Promise<string> {
  return new Promise((resolve) => {
    const { port } = new URL(url);
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(bytes));
    let out = '';
    socket.on('data', (d) => (out += d.toString()));
    const done = () => resolve(out);
    socket.on('close', done);
    setTimeout(() => {
      socket.destroy();
      done();
    }, waitMs);
  });
}

describe('every stage answers in the vendor format', () => {
  it('unknown path: 404', async () => {
    const res = await fetch(`${m.url}/integrations/api/v1/nothing-here`, { headers: auth });
    expect(res.status).toBe(404);
    expect(await message(res)).toMatch(/no operation is documented at/);
  });
  it('other method: 405 with Allow', async () => {
    const res = await fetch(`${m.url}${STATUS}`, { method: 'POST', headers: auth });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, PUT');
  });
  it('unsupported Accept: 406; unsupported Content-Type: 415', async () => {
    expect((await fetch(`${m.url}${STATUS}`, { headers: { ...auth, accept: 'text/csv' } })).status).toBe(406);
    const res = await fetch(`${m.url}${STATUS}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/xml' },
      body: '<x/>',
    });
    expect(res.status).toBe(415);
    expect(await message(res)).toMatch(/use application\/json/);
  });
  it('malformed JSON and over-deep JSON: 400 saying why', async () => {
    const put = (body: string) =>
      fetch(`${m.url}${STATUS}`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body });
    expect(await message(await put('{"command": '))).toMatch(/malformed JSON/);
    expect(await message(await put('['.repeat(100) + ']'.repeat(100)))).toMatch(/nesting deeper than 64/);
  });
});

describe('limits', () => {
  it('a body over the limit: 413, before the body is read', async () => {
    const res = await fetch(`${m.url}${STATUS}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: 'x'.repeat(DEFAULT_LIMITS.maxBodyBytes + 1),
    });
    expect(res.status).toBe(413);
    expect(await message(res)).toMatch(/larger than the limit of 1048576 bytes/);
  });
  it('a URL over the limit: 414', async () => {
    const res = await fetch(`${m.url}${STATUS}?x=${'a'.repeat(9000)}`, { headers: auth });
    expect(res.status).toBe(414);
  });
  it('headers over 16 KiB: 431', async () => {
    const answer = await raw(`GET ${STATUS} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 2000);
    expect(answer).toMatch(/^HTTP\/1.1 431/);
  });
  it('a client that never finishes its headers is cut off', async () => {
    // Its own mock: timeouts this short would cut off ordinary requests on a busy CI machine.
    const strict = await startMock({
      vendors: ['moogsoft'],
      limits: { ...DEFAULT_LIMITS, headersTimeoutMs: 300, requestTimeoutMs: 600 },
    });
    try {
      const started = Date.now();
      const answer = await raw(`GET ${STATUS} HTTP/1.1\r\nHost: x\r\n`, 5000, strict.url);
      expect(answer).toMatch(/^HTTP\/1.1 408/);
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      await strict.close();
    }
  });
});

describe('prototype safety', () => {
  it('__proto__ and constructor keys never reach a prototype: __proto__ is refused by name, constructor as an unknown field', async () => {
    const put = (body: string) =>
      fetch(`${m.url}${STATUS}`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body });
    const proto = await put(
      '{"command": "start", "__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
    );
    expect(proto.status).toBe(400);
    expect(await message(proto)).toMatch(/'__proto__' is refused/);
    const constructor = await put('{"command": "start", "constructor": {"prototype": {"polluted": true}}}');
    expect(constructor.status).toBe(400);
    expect(await message(constructor)).toMatch(/'constructor' is not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('fault injection', () => {
  it('per request with Prefer: the vendor failure, latency, a dropped connection; all in the journal', async () => {
    const failed = await fetch(`${m.url}${STATUS}`, { headers: { ...auth, prefer: 'code=500' } });
    expect(failed.status).toBe(500);
    expect(await message(failed)).toMatch(/injected fault/);
    const started = performance.now();
    expect((await fetch(`${m.url}${STATUS}`, { headers: { ...auth, prefer: 'latency=150' } })).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    await expect(fetch(`${m.url}${STATUS}`, { headers: { ...auth, prefer: 'drop' } })).rejects.toThrow();
    const faults = m.mock.journal
      .list()
      .map((e) => e.fault)
      .filter(Boolean);
    expect(faults).toEqual(expect.arrayContaining(['status 500', expect.stringMatching(/^latency 150ms/), 'drop']));
  });

  it('caps injected latency at a minute, and says what it applied (Preference-Applied)', async () => {
    const res = await fetch(`${m.url}${STATUS}`, { headers: { ...auth, prefer: 'latency=20, code=503' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('preference-applied')).toBe('latency=20, code=503');
    const faults = new Faults();
    const asked = faults.decide('moogsoft', 'getIntegrationStatus', 'latency=99999999', 500)!;
    expect(asked.latencyMs).toBe(MAX_INJECTED_LATENCY_MS);
    expect(MAX_INJECTED_LATENCY_MS).toBe(60_000);
    expect(asked.preferenceApplied).toBe('latency=60000');
    faults.set({ enabled: true, seed: 1, rules: [{ latency: { kind: 'fixed', ms: 1e9 } }] });
    expect(faults.decide('moogsoft', 'getIntegrationStatus', 'latency=5000', 500)!.latencyMs).toBe(
      MAX_INJECTED_LATENCY_MS,
    );
  });

  it('by the admin API, seeded: an error rate gives the vendor failure at about that rate, then off', async () => {
    const put = await fetch(`${m.url}/__admin/faults`, {
      method: 'PUT',
      headers: JSON_BODY,
      body: JSON.stringify({ enabled: true, seed: 42, rules: [{ vendor: 'moogsoft', errorRate: 0.5 }] }),
    });
    expect(put.status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await fetch(`${m.url}${STATUS}`, { headers: auth })).status);
    const failures = statuses.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(8);
    expect(failures).toBeLessThan(32);
    expect(statuses.every((s) => s === 200 || s === 500)).toBe(true);
    expect((await fetch(`${m.url}/__admin/faults`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${m.url}${STATUS}`, { headers: auth })).status).toBe(200);
  });

  it('refuses a bad fault configuration, naming the field', async () => {
    const res = await fetch(`${m.url}/__admin/faults`, {
      method: 'PUT',
      headers: JSON_BODY,
      body: JSON.stringify({ rules: [{ errorRate: 2 }] }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(
      /rules\[0\]\.errorRate must be a number from 0 to 1/,
    );
  });
});

describe('admin API', () => {
  it('dumps and loads state; a bad dump changes nothing', async () => {
    const state = await (await fetch(`${m.url}/__admin/state`)).json();
    expect(Object.keys(state as object)).toEqual(['moogsoft']);
    expect(
      (
        await fetch(`${m.url}/__admin/state`, {
          method: 'PUT',
          headers: JSON_BODY,
          body: '{"moogsoft": {"brokers": 3}}',
        })
      ).status,
    ).toBe(400);
    expect(await (await fetch(`${m.url}/__admin/state`)).json()).toEqual(state);
    expect(
      (await fetch(`${m.url}/__admin/state`, { method: 'PUT', headers: JSON_BODY, body: JSON.stringify(state) }))
        .status,
    ).toBe(200);
  });

  it('lists the journal: each request with status, latency, operationId, violations and fault; limit and since', async () => {
    await fetch(`${m.url}${STATUS}`, { headers: auth });
    await fetch(`${m.url}${STATUS}`, { headers: { ...auth, prefer: 'code=503' } });
    await fetch(`${m.url}${STATUS}`, { method: 'PUT', headers: { ...auth, ...JSON_BODY }, body: '{"command": 7}' });
    type Listed = { requests: { id: number; status: number; violations: string[] }[] };
    const list = async (query: string) =>
      ((await (await fetch(`${m.url}/__admin/requests${query}`)).json()) as Listed).requests;
    const last = await list('?limit=3');
    expect(last).toHaveLength(3);
    expect(last.map((e) => e.status)).toEqual([200, 503, 400]);
    expect(last[0]).toMatchObject({
      operationId: 'getIntegrationStatus',
      violations: [],
      latencyMs: expect.any(Number),
    });
    expect(last[1]).toMatchObject({ fault: 'status 503' });
    expect(last[2]!.violations).toContain("body field 'command' must be string");
    // Those after an id only (the admin's own GET above is journaled too, after the vendor's).
    const since = (await list(`?since=${last[0]!.id}`)).map((e) => e.id);
    expect(since.slice(0, 2)).toEqual([last[1]!.id, last[2]!.id]);
    expect(since.every((id) => id > last[0]!.id)).toBe(true);
  });

  it('can be protected by a token and moved to its own port', async () => {
    const guarded = await startMock({ vendors: ['moogsoft'], admin: { token: 's3cret', port: 0 } });
    try {
      expect((await fetch(`${guarded.url}/__admin/health`)).status).toBe(404);
      const adminUrl = guarded.mock.adminUrl!;
      expect((await fetch(`${adminUrl}/__admin/health`)).status).toBe(401);
      expect((await fetch(`${adminUrl}/__admin/health`, { headers: { authorization: 'Bearer s3cret' } })).status).toBe(
        200,
      );
      expect((await fetch(`${adminUrl}/__admin/health`, { headers: { 'x-admin-token': 's3cret' } })).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
