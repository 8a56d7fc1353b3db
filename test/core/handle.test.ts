// The transport-free core: a plain request in, a plain reply out, with no socket anywhere (Prism's
// process(), Fastify's inject()). Validation, auth, faults, journal and state are the server's.
import { describe, expect, it } from 'vitest';
import type { PlainRequest } from '../../src/core/http.js';
import { CORE_DEFAULTS, MockCore } from '../../src/core/mock-core.js';
import { STATIC_AJV } from '../../src/spec/ajv-static.js';
import { ajvCompiler } from '../../src/spec/schema-compiler.js';
import { loadSpec } from '../../src/spec/load.js';
import type { Vendor } from '../../src/vendors/types.js';

function core(vendors: Vendor[] = ['groundwork']): MockCore {
  return new MockCore({
    ...CORE_DEFAULTS,
    validateResponses: true,
    specs: vendors.map((v) => loadSpec(v)),
    schemaCompiler: (specs) => ajvCompiler(specs, () => STATIC_AJV),
  });
}

const APP = { 'gwos-app-name': 'core-test', host: 'gw.test' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function login(mock: MockCore): Promise<Record<string, string>> {
  const reply = await mock.handle({
    method: 'POST',
    url: '/api/auth/login',
    headers: { ...APP, 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ user: 'admin', password: 'admin', 'gwos-app-name': 'core-test' }),
  });
  expect(reply.status).toBe(200);
  return { ...APP, 'gwos-api-token': reply.body, accept: 'application/json' };
}

describe('MockCore.handle', () => {
  it('drives GroundWork without a socket: login, create, read, with the journal filled in', async () => {
    const mock = core();
    const auth = await login(mock);
    const host = {
      hosts: [
        {
          hostName: 'core-host-1',
          description: 'made in-process',
          monitorStatus: 'UP',
          appType: 'NAGIOS',
          agentId: 'a4ca80e0-e855-43ee-86d8-f4e499f0a824',
          deviceIdentification: '10.0.0.1',
        },
      ],
    };
    const created = await mock.handle({
      method: 'POST',
      url: '/api/hosts',
      headers: { ...auth, 'content-type': 'application/json' },
      body: new TextEncoder().encode(JSON.stringify(host)),
    });
    expect(created.status).toBe(200);
    const read = await mock.handle({ method: 'GET', url: '/api/hosts/core-host-1', headers: auth });
    expect(read.status).toBe(200);
    expect(read.headers['Content-Type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(read.body)).toMatchObject({ hostName: 'core-host-1', description: 'made in-process' });
    expect(mock.journal.list().map((e) => [e.method, e.path, e.operationId, e.status])).toEqual([
      ['POST', '/api/auth/login', 'login', 200],
      ['POST', '/api/hosts', 'createOrUpdateHosts', 200],
      ['GET', '/api/hosts/core-host-1', 'getHost', 200],
    ]);
  });

  it('reads a body from bytes, text or a reader alike, and refuses one over the limit (413, vendor format)', async () => {
    const mock = core();
    const auth = { ...(await login(mock)), 'content-type': 'application/json' };
    const body = JSON.stringify({
      hosts: [
        {
          hostName: 'core-host-2',
          monitorStatus: 'UP',
          appType: 'NAGIOS',
          agentId: 'a4ca80e0-e855-43ee-86d8-f4e499f0a824',
          deviceIdentification: '10.0.0.2',
        },
      ],
    });
    const bytes = new TextEncoder().encode(body);
    for (const form of [body, bytes, () => Promise.resolve(bytes)] as PlainRequest['body'][]) {
      expect((await mock.handle({ method: 'POST', url: '/api/hosts', headers: auth, body: form })).status).toBe(200);
    }
    const big = await mock.handle({
      method: 'POST',
      url: '/api/hosts',
      headers: auth,
      body: new Uint8Array(CORE_DEFAULTS.limits.maxBodyBytes + 1),
    });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ status: 413, error: expect.stringMatching(/larger than the limit/) });
  });

  it('refuses a body that is not UTF-8 (fatal decoding, no Buffer) naming the offset', async () => {
    const mock = core();
    const auth = { ...(await login(mock)), 'content-type': 'application/json' };
    const reply = await mock.handle({
      method: 'POST',
      url: '/api/hosts',
      headers: auth,
      body: Uint8Array.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
    });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).error).toMatch(/not valid UTF-8 \(the first bad byte is at offset 2\)/);
    // A U+FFFD the client meant (its three bytes, EF BF BD) is text like any other.
    const meant = JSON.stringify({
      hosts: [
        {
          hostName: 'core-host-\ufffd',
          monitorStatus: 'UP',
          appType: 'NAGIOS',
          agentId: 'a4ca80e0-e855-43ee-86d8-f4e499f0a824',
          deviceIdentification: '10.0.0.3',
        },
      ],
    });
    expect(
      (await mock.handle({ method: 'POST', url: '/api/hosts', headers: auth, body: new TextEncoder().encode(meant) }))
        .status,
    ).toBe(200);
    expect(
      (
        await mock.handle({
          method: 'GET',
          url: `/api/hosts/${encodeURIComponent('core-host-\ufffd')}`,
          headers: { ...auth, accept: 'application/json' },
        })
      ).status,
    ).toBe(200);
  });

  it('decodes Basic credentials as the server did (Moogsoft)', async () => {
    const mock = core(['moogsoft']);
    const get = (authorization: string) =>
      mock.handle({
        method: 'GET',
        url: '/integrations/api/v1/integrations/6/status',
        headers: { authorization, accept: 'application/json' },
      });
    // Each twice: a header read before is remembered by its text, and must still be read as itself.
    for (let round = 0; round < 2; round++) {
      expect((await get(`Basic ${btoa('John.Doe:MyPassword')}`)).status).toBe(200);
      expect((await get(`basic ${btoa('John.Doe:MyPassword')}`)).status).toBe(200); // the scheme in any case
      expect((await get(`Basic ${btoa('John.Doe:wrong')}`)).status).toBe(401);
      expect((await get(`Bearer ${btoa('John.Doe:MyPassword')}`)).status).toBe(401);
      expect((await get(`Basic  ${btoa('John.Doe:MyPassword')}`)).status).toBe(401); // split(' ', 2): empty
    }
  });

  it('answers a drop fault with a drop directive, and journals it', async () => {
    const mock = core(['moogsoft']);
    const reply = await mock.handle({
      method: 'GET',
      url: '/integrations/api/v1/integrations',
      headers: { authorization: `Basic ${btoa('John.Doe:MyPassword')}`, prefer: 'drop' },
    });
    expect(reply).toMatchObject({ status: 0, drop: true });
    expect(mock.journal.list().at(-1)).toMatchObject({ status: 0, fault: 'drop', operationId: 'listIntegrations' });
  });

  it("lets a request naming a session see that session's state; the shared state is untouched", async () => {
    const mock = core();
    const auth = await login(mock);
    const host = JSON.stringify({
      hosts: [
        {
          hostName: 'scoped-host',
          monitorStatus: 'UP',
          appType: 'NAGIOS',
          agentId: 'a4ca80e0-e855-43ee-86d8-f4e499f0a824',
          deviceIdentification: '10.0.0.3',
        },
      ],
    });
    // The login's token lives in the shared state: the session is reached with the fixtures' demo token.
    const demo = { ...APP, 'gwos-api-token': 'understudy-demo-token', accept: 'application/json' };
    const inSession = { ...demo, 'x-understudy-session': 'other' };
    expect(
      (
        await mock.handle({
          method: 'POST',
          url: '/api/hosts',
          headers: { ...inSession, 'content-type': 'application/json' },
          body: host,
        })
      ).status,
    ).toBe(200);
    expect((await mock.handle({ method: 'GET', url: '/api/hosts/scoped-host', headers: inSession })).status).toBe(200);
    expect((await mock.handle({ method: 'GET', url: '/api/hosts/scoped-host', headers: auth })).status).toBe(404);
    expect(mock.journal.list({ session: 'other' }).map((e) => e.operationId)).toEqual([
      'createOrUpdateHosts',
      'getHost',
    ]);
  });

  it("answers an error no operation documents (a 405) in the media type the vendor's spec uses most for errors", async () => {
    // Polarity documents its errors as JSON:API only: a fallback to plain JSON would show here.
    const reply = await core(['polarity']).handle({ method: 'PATCH', url: '/api/integrations', headers: {} });
    expect(reply.status).toBe(405);
    expect(reply.headers['Content-Type']).toBe('application/vnd.api+json; charset=utf-8');
    const gw = await core(['groundwork']).handle({ method: 'PATCH', url: '/api/hosts', headers: {} });
    expect(gw.status).toBe(405);
    expect(gw.headers['Content-Type']).toBe('application/json; charset=utf-8');
  });
});
