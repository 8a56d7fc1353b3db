// understudy/msw in Node: MSW's setupServer intercepts the process's own fetch, and the stateful
// mock answers the vendors' paths (validation, auth, errors, faults as the server), leaving every
// other request to the handlers after it.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, handlers, handlersMock } from '../../src/msw/index.js';

const GW = 'https://gw.example.com';
const APP = { 'GWOS-APP-NAME': 'msw-test' };
const gw = createHandlers({ vendors: ['groundwork'], baseUrl: GW });
const server = setupServer(
  ...gw.handlers,
  http.get('https://app.example.com/config', () => HttpResponse.json({ theme: 'dark' })),
  // What reaches here was not the mock's: a status no vendor answers, to tell it apart.
  http.all('*', () => new HttpResponse('not the mock', { status: 599 })),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  gw.mock.reset();
  gw.mock.faults.set({ enabled: false, seed: 1, rules: [] });
});
afterAll(() => server.close());

async function login(base = GW): Promise<Record<string, string>> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { ...APP, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user: 'admin', password: 'admin', 'gwos-app-name': 'msw-test' }),
  });
  expect(res.status).toBe(200);
  return { ...APP, 'GWOS-API-TOKEN': await res.text(), Accept: 'application/json' };
}

describe('understudy/msw with setupServer', () => {
  it('creates a host, queries it and renames it, with state kept between requests', async () => {
    const auth = await login();
    const body = JSON.stringify({
      hosts: [{ hostName: 'msw-1', appType: 'NAGIOS', deviceIdentification: '10.8.0.1', description: 'via msw' }],
    });
    const created = await fetch(`${GW}/api/hosts`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body,
    });
    expect(created.status).toBe(200);
    const query = await fetch(`${GW}/api/hosts?query=${encodeURIComponent("hostName = 'msw-1'")}`, { headers: auth });
    expect(query.status).toBe(200);
    expect(await query.json()).toMatchObject({ hosts: [{ hostName: 'msw-1', description: 'via msw' }] });
    const renamed = await fetch(`${GW}/api/hosts/rename?oldHostName=msw-1&newHostName=msw-2`, {
      method: 'PUT',
      headers: auth,
    });
    expect(await renamed.json()).toMatchObject({ hostName: 'msw-2' });
    expect((await fetch(`${GW}/api/hosts/msw-2`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${GW}/api/hosts/msw-1`, { headers: auth })).status).toBe(404);
    expect(gw.mock.journal.list().map((e) => e.operationId)).toEqual([
      'login',
      'createOrUpdateHosts',
      'getHosts',
      'renameHost',
      'getHost',
      'getHost',
    ]);
  });

  it('answers bad input with the vendor error, and a dropped connection as a network error', async () => {
    const auth = await login();
    const bad = await fetch(`${GW}/api/hosts/rename?oldHostName=localhost`, { method: 'PUT', headers: auth });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ status: 400, error: expect.stringContaining('newHostName') });
    expect(
      (await fetch(`${GW}/api/hosts/localhost`, { headers: { ...auth, 'GWOS-API-TOKEN': 'forged' } })).status,
    ).toBe(401);
    gw.mock.faults.set({ enabled: true, seed: 1, rules: [{ operationId: 'getHost', dropRate: 1 }] });
    await expect(fetch(`${GW}/api/hosts/localhost`, { headers: auth })).rejects.toThrow(TypeError);
  });

  it('leaves other origins and undocumented paths to the handlers after it', async () => {
    expect(await (await fetch('https://app.example.com/config')).json()).toEqual({ theme: 'dark' });
    expect((await fetch('https://elsewhere.example.com/api/hosts/localhost')).status).toBe(599);
    expect((await fetch(`${GW}/not/a/vendor/path`)).status).toBe(599);
  });

  it('takes a baseUrl with a path as a prefix: what follows it is the vendor path', async () => {
    const prefixed = createHandlers({ vendors: ['groundwork'], baseUrl: 'https://proxy.example.com/gw/' });
    server.use(...prefixed.handlers);
    const demo = { ...APP, 'GWOS-API-TOKEN': 'understudy-demo-token', Accept: 'application/json' };
    const under = await fetch('https://proxy.example.com/gw/api/hosts/localhost', { headers: demo });
    expect(under.status).toBe(200);
    expect(await under.json()).toMatchObject({ hostName: 'localhost' });
    for (const outside of [
      'https://proxy.example.com/api/hosts/localhost',
      'https://proxy.example.com/gwx/api/hosts/localhost',
    ])
      expect((await fetch(outside, { headers: demo })).status, outside).toBe(599);
  });

  it('keeps sessions apart: the header, the cookie and the handlers’ own session option', async () => {
    const demo = { ...APP, 'GWOS-API-TOKEN': 'understudy-demo-token', Accept: 'application/json' };
    const body = JSON.stringify({
      hosts: [
        { hostName: 'msw-session-host', monitorStatus: 'UP', appType: 'NAGIOS', deviceIdentification: '10.1.1.1' },
      ],
    });
    const inSession = createHandlers({
      vendors: ['groundwork'],
      baseUrl: 'https://sessioned.example.com',
      session: 's1',
    });
    server.use(...inSession.handlers);
    const post = await fetch('https://sessioned.example.com/api/hosts', {
      method: 'POST',
      headers: { ...demo, 'Content-Type': 'application/json' },
      body,
    });
    expect(post.status).toBe(200);
    const read = (headers: Record<string, string> = {}) =>
      fetch('https://sessioned.example.com/api/hosts/msw-session-host', { headers: { ...demo, ...headers } });
    expect((await read()).status).toBe(200);
    expect((await read({ 'X-Understudy-Session': 's2' })).status).toBe(404);
    expect((await read({ Cookie: 'understudy-session=s2' })).status).toBe(404);
    expect((await read({ Cookie: 'understudy-session=s1' })).status).toBe(200);
    expect(inSession.mock.sessions.list().map((s) => s.id)).toEqual(['s2', 's1']);
    expect(() => createHandlers({ session: 'a b' })).toThrow(/1 to 128 letters/);
  });

  it("`handlers`: every vendor on any origin (Moogsoft's documented example)", async () => {
    server.use(...handlers);
    const res = await fetch('http://moog.test/integrations/api/v1/integrations/6/status', {
      headers: { Authorization: `Basic ${btoa('John.Doe:MyPassword')}` },
    });
    expect(res.status).toBe(200);
    expect(handlersMock().journal.list().at(-1)).toMatchObject({ vendor: 'moogsoft', status: 200 });
  });
});
