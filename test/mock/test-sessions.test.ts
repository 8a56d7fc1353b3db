// Test sessions over HTTP (issue 18 part 4): the session header and cookie on vendor paths, CORS
// letting a browser send the header, and /__admin/sessions, per-session state, reset and journal.
// (Login sessions of the vendors are test/mock/sessions.test.ts.)
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../helpers/mock.js';

const GW = { 'GWOS-API-TOKEN': 'understudy-demo-token', 'GWOS-APP-NAME': 'test-sessions', Accept: 'application/json' };
const JSON_HEADERS = { 'Content-Type': 'application/json' };
const host = (name: string) =>
  JSON.stringify({
    hosts: [
      {
        hostName: name,
        monitorStatus: 'UP',
        appType: 'NAGIOS',
        agentId: 'a4ca80e0-e855-43ee-86d8-f4e499f0a824',
        deviceIdentification: '10.0.0.7',
      },
    ],
  });

let m: RunningMock;
let guarded: RunningMock;
beforeAll(async () => {
  m = await startMock({ sessions: { ttlMs: 60_000, max: 4 } });
  guarded = await startMock({ admin: { token: 'tok' } });
});
afterAll(async () => {
  await m.close();
  await guarded.close();
});
beforeEach(async () => {
  await fetch(`${m.url}/__admin/sessions`, { method: 'DELETE' });
  m.mock.reset();
  m.mock.journal.clear();
});

const create = (name: string, headers: Record<string, string> = {}) =>
  fetch(`${m.url}/api/hosts`, { method: 'POST', headers: { ...GW, ...JSON_HEADERS, ...headers }, body: host(name) });
const get = (name: string, headers: Record<string, string> = {}) =>
  fetch(`${m.url}/api/hosts/${name}`, { headers: { ...GW, ...headers } });

describe('sessions on vendor paths', () => {
  it('isolates the header session, the cookie session and the shared state', async () => {
    expect((await create('in-a', { 'X-Understudy-Session': 'a' })).status).toBe(200);
    expect((await create('in-b', { Cookie: 'other=1; understudy-session=b' })).status).toBe(200);
    expect((await get('in-a', { 'X-Understudy-Session': 'a' })).status).toBe(200);
    expect((await get('in-a', { Cookie: 'understudy-session=b' })).status).toBe(404);
    expect((await get('in-b', { 'X-Understudy-Session': 'b' })).status).toBe(200);
    expect((await get('in-a')).status).toBe(404);
    expect((await get('in-b')).status).toBe(404);
  });

  it('answers a malformed id 400 in GroundWork’s error format, and makes no session', async () => {
    const res = await get('localhost', { 'X-Understudy-Session': 'x'.repeat(200) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('1 to 128 letters, digits');
    const listed = (await (await fetch(`${m.url}/__admin/sessions`)).json()) as { live: number };
    expect(listed.live).toBe(0);
  });

  it('lets a browser page send the session header: the preflight allows it', async () => {
    const res = await fetch(`${m.url}/api/hosts/localhost`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:3000',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'gwos-api-token,x-understudy-session',
      },
    });
    expect(res.status).toBe(200);
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(',');
    expect(allowed).toContain('x-understudy-session');
    expect(allowed).toContain('gwos-api-token');
  });
});

describe('/__admin/sessions', () => {
  it('lists live sessions with their use and size, and deletes one or all', async () => {
    await create('h1', { 'X-Understudy-Session': 'one' });
    await get('h1', { 'X-Understudy-Session': 'one' });
    await get('localhost', { 'X-Understudy-Session': 'two' });
    const listed = (await (await fetch(`${m.url}/__admin/sessions`)).json()) as {
      live: number;
      max: number;
      sessions: { id: string; requests: number; approxBytes: number; created: string; lastUsed: string }[];
    };
    expect(listed).toMatchObject({ live: 2, max: 4, ttlSeconds: 60 });
    expect(listed.sessions.map((s) => [s.id, s.requests])).toEqual([
      ['one', 2],
      ['two', 1],
    ]);
    expect(listed.sessions[0]!.approxBytes).toBeGreaterThan(listed.sessions[1]!.approxBytes);
    expect(Date.parse(listed.sessions[0]!.lastUsed)).toBeGreaterThanOrEqual(Date.parse(listed.sessions[0]!.created));

    expect((await fetch(`${m.url}/__admin/sessions/one`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${m.url}/__admin/sessions/one`, { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`${m.url}/__admin/sessions/bad%20id`, { method: 'DELETE' })).status).toBe(400);
    expect((await get('h1', { 'X-Understudy-Session': 'one' })).status).toBe(404);
    const cleared = (await (await fetch(`${m.url}/__admin/sessions`, { method: 'DELETE' })).json()) as {
      deleted: number;
    };
    expect(cleared.deleted).toBe(2);
  });

  it('keeps at most --max-sessions live, dropping the least recently used', async () => {
    for (let i = 0; i < 10; i++) await get('localhost', { 'X-Understudy-Session': `s${i}` });
    const listed = (await (await fetch(`${m.url}/__admin/sessions`)).json()) as { sessions: { id: string }[] };
    expect(listed.sessions.map((s) => s.id)).toEqual(['s6', 's7', 's8', 's9']);
    const health = (await (await fetch(`${m.url}/__admin/health`)).json()) as { sessions: unknown };
    expect(health.sessions).toEqual({ live: 4, max: 4, ttlSeconds: 60 });
  });

  it('dumps, loads and resets one session’s state; the shared state and journal stay', async () => {
    await create('dumped', { 'X-Understudy-Session': 'src' });
    await create('shared-host');
    const dump = await (await fetch(`${m.url}/__admin/state?session=src`)).text();
    expect(dump).toContain('dumped');
    expect(dump).not.toContain('shared-host');
    const loaded = await fetch(`${m.url}/__admin/state`, {
      method: 'PUT',
      headers: { ...JSON_HEADERS, 'X-Understudy-Session': 'copy' },
      body: dump,
    });
    expect(loaded.status).toBe(200);
    expect((await get('dumped', { 'X-Understudy-Session': 'copy' })).status).toBe(200);
    expect((await fetch(`${m.url}/__admin/state?session=nobody`)).status).toBe(404);
    expect((await fetch(`${m.url}/__admin/state?session=a%20b`)).status).toBe(400);

    const entries = m.mock.journal.list().length;
    expect((await fetch(`${m.url}/__admin/reset?session=copy`, { method: 'POST' })).status).toBe(200);
    expect((await get('dumped', { 'X-Understudy-Session': 'copy' })).status).toBe(404);
    expect((await get('dumped', { 'X-Understudy-Session': 'src' })).status).toBe(200);
    expect((await get('shared-host')).status).toBe(200);
    expect(m.mock.journal.list().length).toBeGreaterThan(entries);
  });

  it('filters the journal by session (empty: the requests without one)', async () => {
    await get('localhost', { 'X-Understudy-Session': 'j1' });
    await get('localhost', { 'X-Understudy-Session': 'j2' });
    await get('localhost');
    const list = async (query: string) =>
      ((await (await fetch(`${m.url}/__admin/requests${query}`)).json()) as { requests: { session?: string }[] })
        .requests;
    expect((await list('?session=j1')).map((e) => e.session)).toEqual(['j1']);
    expect((await list('?session=')).filter((e) => e.session !== undefined)).toEqual([]);
    expect((await list('')).map((e) => e.session)).toEqual(expect.arrayContaining(['j1', 'j2', undefined]));
  });

  it('is guarded like the rest of /__admin', async () => {
    expect((await fetch(`${guarded.url}/__admin/sessions`)).status).toBe(401);
    expect((await fetch(`${guarded.url}/__admin/sessions`, { method: 'DELETE' })).status).toBe(401);
    expect(
      (
        await fetch(`${guarded.url}/__admin/sessions`, {
          headers: { Origin: 'http://evil.example', 'X-Admin-Token': 'tok' },
        })
      ).status,
    ).toBe(403);
    expect((await fetch(`${guarded.url}/__admin/sessions`, { headers: { 'X-Admin-Token': 'tok' } })).status).toBe(200);
  });
});

// Here because this file's mock serves every vendor: a reset of one leaves the others.
describe('POST /__admin/reset?vendor=v', () => {
  it('puts back that vendor only; a shared reset empties the journal; an unknown vendor is a 400', async () => {
    expect((await create('reset-one')).status).toBe(200);
    const reset = (query: string) => fetch(`${m.url}/__admin/reset${query}`, { method: 'POST' });
    const moogsoft = await reset('?vendor=moogsoft');
    expect(await moogsoft.json()).toEqual({ reset: 'moogsoft' });
    expect((await get('reset-one')).status).toBe(200);
    expect((await reset('?vendor=nosuch')).status).toBe(400);
    expect((await reset('?vendor=groundwork')).status).toBe(200);
    expect(m.mock.journal.list().map((e) => e.path)).toEqual(['/__admin/reset?vendor=groundwork']);
    expect((await get('reset-one')).status).toBe(404);
  });
});
