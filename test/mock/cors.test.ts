// CORS on vendor paths, per vendor, from evidence: GroundWork as its AuthFilter answers, Boomi as its
// Platform API documents, Moogsoft and Polarity (no evidence) as Prism does; preflights answered
// (not 405), headers on every answer errors included; --cors off|*|origins; never on /__admin.
// Plain requests here; test/ui/cors.test.ts calls the mock from a page in headless Chromium.
import { beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIVE_CORS, corsHeaders, parseCorsPolicy } from '../../src/mock/cors.js';
import { vendorModule } from '../../src/vendors/index.js';
import { vendorNames } from '../../src/vendors/registry.js';
import { basic, startMock, type RunningMock } from '../helpers/mock.js';

const FRONTEND = 'http://localhost:3000';
const GW = { 'GWOS-API-TOKEN': 'understudy-demo-token', 'GWOS-APP-NAME': 'cors-tests' };
const MOOG = { authorization: basic('John.Doe', 'MyPassword') };
const BOOMI = { authorization: basic('BOOMI_TOKEN.dev@example.com', 'dev-api-token') };
const BOOMI_QUERY = '/api/rest/v1/dev-account/async/ListenerStatus/query';
const POLARITY = { authorization: 'Bearer my-auth-token' };

const preflight = (url: string, method: string, headers = '') =>
  fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin: FRONTEND,
      'access-control-request-method': method,
      ...(headers ? { 'access-control-request-headers': headers } : {}),
    },
  });

function corsOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (name.startsWith('access-control-') || name === 'vary') out[name] = value;
  });
  return out;
}

let m: RunningMock;
beforeAll(async () => {
  m = await startMock();
  return () => m.close();
});

describe('--cors vendor (the default)', () => {
  it('GroundWork: a preflight is answered 200, empty, with exactly the AuthFilter headers', async () => {
    const res = await preflight(`${m.url}/api/hosts`, 'GET', 'gwos-api-token,gwos-app-name');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(corsOf(res)).toEqual({
      'access-control-allow-origin': FRONTEND,
      'access-control-allow-headers':
        'Content-Type,X-Requested-With,Access,GWOS-API-TOKEN,GWOS-APP-NAME,X-Understudy-Session',
      'access-control-allow-methods': 'GET,PUT,POST,DELETE,OPTIONS',
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    });
    // Any path of the API, whatever the method asked for: the filter answers every OPTIONS.
    expect((await preflight(`${m.url}/api/biz/hosts`, 'POST', 'content-type')).status).toBe(200);
  });

  it('GroundWork: every answer carries them, errors included; its own auth rejections do not', async () => {
    const ok = await fetch(`${m.url}/api/hosts/localhost`, {
      headers: { ...GW, origin: FRONTEND, accept: 'application/json' },
    });
    expect(ok.status).toBe(200);
    // All four of the filter's headers, as on its preflight answer (addCorsHeaders is one method).
    expect(corsOf(ok)).toEqual({
      'access-control-allow-origin': FRONTEND,
      'access-control-allow-headers':
        'Content-Type,X-Requested-With,Access,GWOS-API-TOKEN,GWOS-APP-NAME,X-Understudy-Session',
      'access-control-allow-methods': 'GET,PUT,POST,DELETE,OPTIONS',
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    });
    const missing = await fetch(`${m.url}/api/hosts/no-such-host`, {
      headers: { ...GW, origin: FRONTEND, accept: 'application/json' },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe(FRONTEND);
    const invalid = await fetch(`${m.url}/api/hosts?first=-5`, {
      headers: { ...GW, origin: FRONTEND, accept: 'application/json' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('access-control-allow-origin')).toBe(FRONTEND);
    // The login is outside the token check: CORS even when it fails.
    const login = await fetch(`${m.url}/api/auth/login`, {
      method: 'POST',
      headers: { origin: FRONTEND, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'user=admin&password=wrong&gwos-app-name=x',
    });
    expect(login.status).toBe(404);
    expect(login.headers.get('access-control-allow-origin')).toBe(FRONTEND);
    // AuthFilter answers a missing or bad token before it adds the headers (a browser sees a CORS error).
    const noToken = await fetch(`${m.url}/api/hosts/localhost`, { headers: { origin: FRONTEND } });
    expect(noToken.status).toBe(400);
    expect(corsOf(noToken)).toEqual({});
    const badToken = await fetch(`${m.url}/api/hosts/localhost`, {
      headers: { ...GW, 'GWOS-API-TOKEN': 'wrong', origin: FRONTEND },
    });
    expect(badToken.status).toBe(401);
    expect(corsOf(badToken)).toEqual({});
  });

  it("Moogsoft and Polarity (no evidence): Prism's permissive CORS, on errors and auth failures too", async () => {
    const moog = await preflight(
      `${m.url}/integrations/api/v1/integrations/6/status`,
      'PUT',
      'authorization,content-type',
    );
    expect(moog.status).toBe(204);
    expect(corsOf(moog)).toEqual({
      'access-control-allow-origin': FRONTEND,
      'access-control-allow-methods': 'PUT',
      'access-control-allow-headers': 'authorization,content-type',
      'access-control-allow-credentials': 'true',
      vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    });
    const unauthorized = await fetch(`${m.url}/integrations/api/v1/integrations/6/status`, {
      headers: { origin: FRONTEND },
    });
    expect(unauthorized.status).toBe(401);
    expect(corsOf(unauthorized)).toMatchObject({
      'access-control-allow-origin': FRONTEND,
      'access-control-expose-headers': '*',
    });
    const put = await fetch(`${m.url}/integrations/api/v1/integrations/6/status`, {
      method: 'PUT',
      headers: { ...MOOG, origin: FRONTEND, 'content-type': 'application/json' },
      body: '{"command":"restart"}',
    });
    expect(put.status).toBe(400);
    expect(put.headers.get('access-control-allow-origin')).toBe(FRONTEND);

    const polarity = await preflight(`${m.url}/api/integrations`, 'GET', 'authorization');
    expect(polarity.status).toBe(204);
    expect(polarity.headers.get('access-control-allow-headers')).toBe('authorization');
    const list = await fetch(`${m.url}/api/integrations`, { headers: { ...POLARITY, origin: FRONTEND } });
    expect(list.status).toBe(200);
    expect(list.headers.get('access-control-allow-origin')).toBe(FRONTEND);
  });

  it('Boomi: its documented rule methods (GET, POST, DELETE) and an hour of preflight cache', async () => {
    const res = await preflight(`${m.url}${BOOMI_QUERY}`, 'POST', 'authorization,content-type');
    expect(res.status).toBe(204);
    expect(corsOf(res)).toMatchObject({
      'access-control-allow-origin': FRONTEND,
      'access-control-allow-methods': 'GET,POST,DELETE',
      'access-control-allow-headers': 'authorization,content-type',
      'access-control-max-age': '3600',
    });
    const query = await fetch(`${m.url}${BOOMI_QUERY}`, {
      method: 'POST',
      headers: { ...BOOMI, origin: FRONTEND, 'content-type': 'application/json', accept: 'application/json' },
      body: '{"QueryFilter":{"expression":{"operator":"EQUALS","property":"containerId","argument":["1045759d-7f6c-4108-bd0e-7b71541d6a2d"]}}}',
    });
    expect(query.status).toBe(200);
    expect(query.headers.get('access-control-allow-origin')).toBe(FRONTEND);
  });

  it("answers the pipeline's own refusals with CORS too: 404, 405, 413, 415", async () => {
    const notFound = await fetch(`${m.url}/integrations/api/v1/nothing`, { headers: { origin: FRONTEND } });
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('access-control-allow-origin')).toBe(FRONTEND);
    const notAllowed = await fetch(`${m.url}/integrations/api/v1/integrations/6/status`, {
      method: 'DELETE',
      headers: { ...MOOG, origin: FRONTEND },
    });
    expect(notAllowed.status).toBe(405);
    expect(notAllowed.headers.get('access-control-allow-origin')).toBe(FRONTEND);
    const tooLarge = await fetch(`${m.url}/integrations/api/v1/integrations/6/status`, {
      method: 'PUT',
      headers: { ...MOOG, origin: FRONTEND, 'content-type': 'application/json' },
      body: `{"command":"${'x'.repeat(2 * 1024 * 1024)}"}`,
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('access-control-allow-origin')).toBe(FRONTEND);
    const wrongType = await fetch(`${m.url}/integrations/api/v1/integrations/6/status`, {
      method: 'PUT',
      headers: { ...MOOG, origin: FRONTEND, 'content-type': 'text/csv' },
      body: 'a,b',
    });
    expect(wrongType.status).toBe(415);
    expect(wrongType.headers.get('access-control-allow-origin')).toBe(FRONTEND);
  });

  it('adds nothing without an Origin (curl, scripts), and an OPTIONS that is no preflight stays a 405', async () => {
    const res = await fetch(`${m.url}/integrations/api/v1/integrations/6/status`, { headers: MOOG });
    expect(corsOf(res)).toEqual({});
    const options = await fetch(`${m.url}/integrations/api/v1/integrations/6/status`, { method: 'OPTIONS' });
    expect(options.status).toBe(405);
  });

  it('GroundWork: any OPTIONS on its paths is 200 and empty, as its AuthFilter answers them before routing', async () => {
    for (const path of ['/api/hosts', '/foundation-webapp/api/hosts/localhost', '/api/biz/hosts']) {
      const plain = await fetch(`${m.url}${path}`, { method: 'OPTIONS' });
      expect(plain.status, path).toBe(200);
      expect(await plain.text()).toBe('');
      expect(corsOf(plain)).toEqual({});
    }
    // An Origin without Access-Control-Request-Method: still the filter's answer, with its headers.
    const origin = await fetch(`${m.url}/api/hosts`, { method: 'OPTIONS', headers: { origin: FRONTEND } });
    expect(origin.status).toBe(200);
    expect(corsOf(origin)).toMatchObject({ 'access-control-allow-origin': FRONTEND });
  });

  it('never answers CORS on /__admin: a preflight or a request from another origin is refused, without CORS', async () => {
    const pre = await fetch(`${m.url}/__admin/reset`, {
      method: 'OPTIONS',
      headers: { origin: FRONTEND, 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(403);
    expect(corsOf(pre)).toEqual({});
    const read = await fetch(`${m.url}/__admin/state`, { headers: { origin: FRONTEND } });
    expect(read.status).toBe(403);
    expect(corsOf(read)).toEqual({});
  });
});

describe('--cors off, *, and an origin list', () => {
  it('off: no headers, and a preflight is an undocumented OPTIONS (405)', async () => {
    const off = await startMock({ vendors: ['moogsoft'], cors: parseCorsPolicy('off') });
    try {
      const pre = await preflight(`${off.url}/integrations/api/v1/integrations/6/status`, 'PUT', 'authorization');
      expect(pre.status).toBe(405);
      expect(corsOf(pre)).toEqual({});
      const get = await fetch(`${off.url}/integrations/api/v1/integrations/6/status`, {
        headers: { ...MOOG, origin: FRONTEND },
      });
      expect(corsOf(get)).toEqual({});
    } finally {
      await off.close();
    }
  });

  it("*: Prism's permissive CORS for every vendor, GroundWork's auth rejections included", async () => {
    const any = await startMock({ vendors: ['groundwork'], cors: parseCorsPolicy('*') });
    try {
      const pre = await preflight(`${any.url}/api/hosts`, 'PATCH', 'x-custom');
      expect(pre.status).toBe(204);
      expect(corsOf(pre)).toMatchObject({
        'access-control-allow-methods': 'PATCH',
        'access-control-allow-headers': 'x-custom',
      });
      const noToken = await fetch(`${any.url}/api/hosts/localhost`, {
        headers: { origin: 'https://anything.example' },
      });
      expect(noToken.status).toBe(400);
      expect(noToken.headers.get('access-control-allow-origin')).toBe('https://anything.example');
    } finally {
      await any.close();
    }
  });

  it('an origin list: those origins get CORS, any other none', async () => {
    const listed = await startMock({
      vendors: ['moogsoft'],
      cors: parseCorsPolicy(`${FRONTEND}, https://app.example.com`),
    });
    try {
      const ok = await preflight(`${listed.url}/integrations/api/v1/integrations/6/status`, 'PUT', 'authorization');
      expect(ok.headers.get('access-control-allow-origin')).toBe(FRONTEND);
      const other = await fetch(`${listed.url}/integrations/api/v1/integrations/6/status`, {
        headers: { ...MOOG, origin: 'https://evil.example' },
      });
      expect(other.status).toBe(200);
      expect(corsOf(other)).toEqual({});
    } finally {
      await listed.close();
    }
  });

  it('refuses a --cors value that is neither a keyword nor origins, naming it', () => {
    expect(() => parseCorsPolicy('localhost:3000')).toThrow(/'localhost:3000' is not an origin/);
    expect(() => parseCorsPolicy('http://localhost:3000/app')).toThrow(/is not an origin/);
    expect(parseCorsPolicy('http://localhost:3000/')).toEqual({ kind: 'origins', origins: ['http://localhost:3000'] });
  });
});

describe('the CORS stage, as a pure function', () => {
  it('each vendor module carries its CORS and where it is known from', () => {
    for (const module of vendorNames().map(vendorModule)) expect(module.cors.source, module.vendor).toMatch(/\S/);
    expect(vendorModule('groundwork').cors.source).toMatch(
      /wang-shun\/groundwork-trunk@ea1ca766fd690e75c3ee1ebe0ec17411bc651a76 .*AuthFilter\.java/,
    );
  });

  it('leaves out the credentials header where a vendor sends none', () => {
    const headers = corsHeaders(
      { kind: 'vendor' },
      { ...PERMISSIVE_CORS, credentials: false },
      { method: 'GET', origin: FRONTEND },
      'response',
    );
    expect(headers).toEqual({
      'Access-Control-Allow-Origin': FRONTEND,
      'Access-Control-Expose-Headers': '*',
      Vary: 'Origin',
    });
  });
});
