// GroundWork token auth: login/logout/validatetoken, the two headers every other call needs (400
// without, 401 with a bad, logged-out or foreign token), error bodies in JSON and XML, and options.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { groundwork } from '../../src/vendors/groundwork/index.js';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { call, FORM, XML } from './helpers.js';

let m: RunningMock;
beforeAll(async () => {
  m = await startMock({ vendors: ['groundwork'] });
});
afterAll(() => m.close());
beforeEach(() => m.mock.reset());

const form = (path: string, body: string) =>
  call(m, 'POST', path, { body, type: FORM, accept: 'text/plain', auth: false });
const login = async (app = 'my-app', user = 'admin', password = 'admin') =>
  form('/api/auth/login', `user=${user}&password=${password}&gwos-app-name=${app}`);
const withToken = (token: string, app: string, accept?: string) =>
  call(m, 'GET', '/api/hosts/localhost', {
    auth: false,
    accept,
    headers: { 'GWOS-API-TOKEN': token, 'GWOS-APP-NAME': app },
  });

describe('GroundWork login, validatetoken, logout', () => {
  it('a token from login opens the API for its application, and only for it', async () => {
    const res = await login();
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('text/plain');
    const token = res.text;
    expect((await withToken(token, 'my-app')).status).toBe(200);
    const foreign = await withToken(token, 'other-app');
    expect(foreign.status).toBe(401);
    expect(foreign.body.error).toMatch(/issued to application 'my-app'/);
    expect((await form('/api/auth/validatetoken', `gwos-app-name=my-app&gwos-api-token=${token}`)).text).toBe('true');
    expect((await form('/api/auth/validatetoken', `gwos-app-name=other-app&gwos-api-token=${token}`)).text).toBe(
      'false',
    );
  });

  it('every login issues a different token', async () => {
    const [a, b] = await Promise.all([login(), login()]);
    expect(a.text).not.toBe(b.text);
  });

  it('logout invalidates the token: 401 afterwards, validatetoken false, a second logout 404 as the server answers', async () => {
    const token = (await login()).text;
    const out = await form('/api/auth/logout', `gwos-app-name=my-app&gwos-api-token=${token}`);
    expect(out.status).toBe(200);
    expect(out.text).toBe('true');
    const after = await withToken(token, 'my-app');
    expect(after.status).toBe(401);
    expect(after.body).toEqual({ error: 'Invalid token', status: 401 });
    expect((await form('/api/auth/validatetoken', `gwos-app-name=my-app&gwos-api-token=${token}`)).text).toBe('false');
    const again = await form('/api/auth/logout', `gwos-app-name=my-app&gwos-api-token=${token}`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ error: 'Invalid gwos-api-token', status: 404 });
  });

  it('wrong credentials are a 404 with the error body; a missing form field a 400', async () => {
    const wrong = await login('my-app', 'admin', 'nope');
    expect(wrong.status).toBe(404);
    expect(wrong.body).toEqual({ error: 'Invalid username or password', status: 404 });
    const missing = await form('/api/auth/login', 'user=admin&password=admin');
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/gwos-app-name/);
  });
});

describe('GroundWork login as the vendor documents it (Base64) and as typed', () => {
  const b64 = (text: string) => encodeURIComponent(Buffer.from(text).toString('base64'));

  it('Base64-encoded user and password, as the Java client sends them, log in', async () => {
    const res = await form('/api/auth/login', `user=${b64('admin')}&password=${b64('admin')}&gwos-app-name=javaClient`);
    expect(res.status).toBe(200);
    expect((await withToken(res.text, 'javaClient')).status).toBe(200);
  });

  it('each field is read on its own: a Base64 user with a password as typed logs in', async () => {
    expect((await form('/api/auth/login', `user=${b64('admin')}&password=admin&gwos-app-name=a`)).status).toBe(200);
    expect((await form('/api/auth/login', `user=admin&password=${b64('admin')}&gwos-app-name=a`)).status).toBe(200);
  });

  it('a wrong password is refused in either spelling, and Base64 of something else is not a password', async () => {
    expect((await form('/api/auth/login', `user=${b64('admin')}&password=${b64('nope')}&gwos-app-name=a`)).status).toBe(
      404,
    );
    expect(
      (await form('/api/auth/login', `user=${b64('someone')}&password=${b64('admin')}&gwos-app-name=a`)).status,
    ).toBe(404);
    // "YWRtaW4" is Base64 of "admin" without its padding: not the vendor's (padded) encoding.
    expect((await form('/api/auth/login', 'user=admin&password=YWRtaW4&gwos-app-name=a')).status).toBe(404);
  });

  it('a password that happens to be valid Base64 still works as typed', async () => {
    const other = await startMock({ vendors: ['groundwork'], vendorOptions: { groundwork: { password: 'abcd' } } });
    try {
      const res = await fetch(`${other.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': FORM, accept: 'text/plain' },
        body: 'user=admin&password=abcd&gwos-app-name=a',
      });
      expect(res.status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('GroundWork headers on every other call', () => {
  it('the application name may come in APP-NAME instead, or when GWOS-APP-NAME is empty', async () => {
    const token = (await login('my-app')).text;
    const get = (headers: Record<string, string>) =>
      call(m, 'GET', '/api/hosts/localhost', { auth: false, headers: { 'GWOS-API-TOKEN': token, ...headers } });
    expect((await get({ 'APP-NAME': 'my-app' })).status).toBe(200);
    expect((await get({ 'GWOS-APP-NAME': '', 'APP-NAME': 'my-app' })).status).toBe(200);
    expect((await get({ 'GWOS-APP-NAME': 'my-app', 'APP-NAME': 'other-app' })).status).toBe(200);
    expect((await get({ 'APP-NAME': 'other-app' })).status).toBe(401);
    // An empty APP-NAME is still a name, which the token was not issued to: the filter checks it.
    expect((await get({ 'APP-NAME': '' })).status).toBe(401);
    expect((await get({ 'GWOS-APP-NAME': '' })).status).toBe(400);
    expect((await get({})).status).toBe(400);
  });

  it('an empty token is a wrong token (401), as the auth filter checks it; only a missing one is a 400', async () => {
    const empty = await call(m, 'GET', '/api/hosts', {
      auth: false,
      headers: { 'GWOS-API-TOKEN': '', 'GWOS-APP-NAME': 'a' },
    });
    expect(empty.status).toBe(401);
  });

  it('400 without GWOS-API-TOKEN or without GWOS-APP-NAME', async () => {
    const none = await call(m, 'GET', '/api/hosts', { auth: false });
    expect(none.status).toBe(400);
    expect(none.body).toEqual({ error: 'GWOS-API-TOKEN header is required', status: 400 });
    const noApp = await call(m, 'GET', '/api/hosts', {
      auth: false,
      headers: { 'GWOS-API-TOKEN': 'understudy-demo-token' },
    });
    expect(noApp.status).toBe(400);
    expect(noApp.body).toEqual({ error: 'GWOS-APP-NAME header is required', status: 400 });
  });

  it('401 with an unknown token, as JSON or as the XML error element', async () => {
    const json = await withToken('not-a-token', 'my-app');
    expect(json.status).toBe(401);
    expect(json.body).toEqual({ error: 'Invalid token', status: 401 });
    const xml = await withToken('not-a-token', 'my-app', XML);
    expect(xml.status).toBe(401);
    expect(xml.contentType).toBe(XML);
    expect(xml.text).toMatch(/<error error="Invalid token" status="401"\/>/);
    const missing = await call(m, 'POST', '/api/biz/hosts', { auth: false, accept: XML, body: '<hosts/>' });
    expect(missing.text).toMatch(/<error error="GWOS-API-TOKEN header is required" status="400"\/>/);
  });

  it('the demo token works with any application name and survives a logout', async () => {
    expect((await withToken('understudy-demo-token', 'anything')).status).toBe(200);
    expect((await form('/api/auth/logout', 'gwos-app-name=x&gwos-api-token=understudy-demo-token')).status).toBe(200);
    expect((await withToken('understudy-demo-token', 'else')).status).toBe(200);
  });

  it('never answered with a response that breaks the spec', () => {
    expect(violations(m.mock)).toEqual([]);
  });
});

describe('GroundWork credentials from options', () => {
  it('user, password and demo token are configurable, and the summary says how to use them', async () => {
    const custom = await startMock({
      vendors: ['groundwork'],
      vendorOptions: { groundwork: { user: 'ops', password: 's3cret', token: 'tok' } },
    });
    try {
      const post = (body: string) =>
        fetch(`${custom.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': FORM }, body });
      expect((await post('user=admin&password=admin&gwos-app-name=a')).status).toBe(404);
      expect((await post('user=ops&password=s3cret&gwos-app-name=a')).status).toBe(200);
      const demo = await fetch(`${custom.url}/api/hosts`, {
        headers: { 'GWOS-API-TOKEN': 'tok', 'GWOS-APP-NAME': 'a' },
      });
      expect(demo.status).toBe(200);
      const old = await fetch(`${custom.url}/api/hosts`, {
        headers: { 'GWOS-API-TOKEN': 'understudy-demo-token', 'GWOS-APP-NAME': 'a' },
      });
      expect(old.status).toBe(401);
      expect(violations(custom.mock)).toEqual([]);
    } finally {
      await custom.close();
    }
    expect(groundwork.credentials({}).summary).toBe(
      'user admin / password admin (POST /api/auth/login), or headers GWOS-API-TOKEN: understudy-demo-token, GWOS-APP-NAME: <any>',
    );
  });
});
