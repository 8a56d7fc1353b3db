// What GroundWork's own clients put on the wire, beyond the documents' spelling: paths with a
// trailing slash and under /foundation-webapp (the Java client's deployment URL), and requests that
// state no Accept (the server's @Produces lists XML first).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { AUTH, call, JSON_TYPE, XML } from './helpers.js';

let m: RunningMock;
beforeAll(async () => {
  m = await startMock({ vendors: ['groundwork'] });
});
afterAll(() => m.close());
beforeEach(() => m.mock.reset());

const raw = (path: string, init: RequestInit = {}) =>
  fetch(`${m.url}${path}`, { ...init, headers: { ...AUTH, ...(init.headers as Record<string, string>) } });

describe('paths as the Java client writes them', () => {
  it('/api/hosts/ lists, queries and pages like /api/hosts', async () => {
    const plain = await call(m, 'GET', '/api/hosts');
    const slash = await call(m, 'GET', '/api/hosts/');
    expect(slash.status).toBe(200);
    expect(slash.body).toEqual(plain.body);
    const query = await call(
      m,
      'GET',
      `/api/hosts/?query=${encodeURIComponent("hostName = 'malbec'")}&depth=simple&first=0&count=5`,
    );
    expect(query.body.hosts.map((h: { hostName: string }) => h.hostName)).toEqual(['malbec']);
  });

  it('POST /api/hosts/?async=false&merge=false creates: the URL the client builds for a batch that is not the default', async () => {
    const res = await call(m, 'POST', '/api/hosts/?async=false&merge=false', {
      body: { hosts: [{ hostName: 'slash-host', appType: 'NAGIOS', deviceIdentification: '10.9.9.9' }] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ successful: 1, failed: 0 });
    expect((await call(m, 'GET', '/api/hosts/slash-host')).status).toBe(200);
  });

  it('everything is served under /foundation-webapp too, and links lead back under it', async () => {
    expect((await call(m, 'GET', '/foundation-webapp/api/hosts/localhost')).body.hostName).toBe('localhost');
    const res = await call(m, 'POST', '/foundation-webapp/api/hosts', {
      body: { hosts: [{ hostName: 'prefixed', appType: 'NAGIOS', deviceIdentification: '10.9.9.8' }] },
    });
    expect(res.body.results[0].location).toBe(`${m.url}/foundation-webapp/api/hosts/prefixed`);
    const bare = await call(m, 'POST', '/api/hosts', {
      body: { hosts: [{ hostName: 'prefixed', description: 'again' }] },
    });
    expect(bare.body.results[0].location).toBe(`${m.url}/api/hosts/prefixed`);
    const login = await fetch(`${m.url}/foundation-webapp/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/plain' },
      body: 'user=YWRtaW4%3D&password=YWRtaW4%3D&gwos-app-name=javaClient',
    });
    expect(login.status).toBe(200);
  });

  it("an unknown path under /foundation-webapp is a 404 in GroundWork's error format", async () => {
    const res = await call(m, 'GET', '/foundation-webapp/api/nothing');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'no operation is documented at /foundation-webapp/api/nothing', status: 404 });
  });
});

describe('the media type when Accept chooses none', () => {
  it('no Accept, and */*, are answered in XML, as @Produces({APPLICATION_XML, APPLICATION_JSON}) does', async () => {
    for (const headers of [{}, { accept: '*/*' }, { accept: 'application/*' }] as Array<Record<string, string>>) {
      const res = await raw('/api/hosts/localhost', { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(`${XML}; charset=utf-8`);
      expect(await res.text()).toMatch(/^<\?xml[^>]*>\n<host id="1" hostName="localhost"/);
    }
  });

  it('JSON when asked for, or preferred by q-value', async () => {
    for (const accept of [JSON_TYPE, 'application/xml;q=0.5, application/json']) {
      const res = await raw('/api/hosts/localhost', { headers: { accept } });
      expect(res.headers.get('content-type')).toBe(`${JSON_TYPE}; charset=utf-8`);
    }
  });

  it('errors follow the same rule: XML without Accept, JSON when asked', async () => {
    const xml = await raw('/api/hosts/nosuchhost');
    expect(xml.status).toBe(404);
    expect(await xml.text()).toMatch(/<error error="Host name \[nosuchhost\] was not found" status="404"\/>/);
    const json = await raw('/api/hosts/nosuchhost', { headers: { accept: JSON_TYPE } });
    expect(await json.json()).toEqual({ error: 'Host name [nosuchhost] was not found', status: 404 });
  });

  it('an Accept that nothing satisfies is a 406 whose error is JSON, the readable fallback', async () => {
    const res = await raw('/api/hosts/localhost', { headers: { accept: 'text/csv' } });
    expect(res.status).toBe(406);
    expect(res.headers.get('content-type')).toBe(`${JSON_TYPE}; charset=utf-8`);
    expect(await res.json()).toMatchObject({ status: 406 });
  });

  it('the auth calls still answer text/plain', async () => {
    const res = await fetch(`${m.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'user=admin&password=admin&gwos-app-name=a',
    });
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });
});

afterAll(() => {
  expect(violations(m.mock)).toEqual([]);
});
