// Request bodies under Content-Encoding: GroundWork's TCG connectors gzip their inventory and
// monitoring payloads (specs/groundwork.yaml `x-content-encodings: [gzip]`); other codings, and
// every coding for a vendor whose spec lists none, are a 415 naming the header, and change nothing.
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMock, startMock, type EmbeddedMock } from '../../src/index.js';
import { AUTH } from './helpers.js';

const typed = (s: string) => ({ valueType: 'StringType', stringValue: s });
const inventory = (host: string) =>
  JSON.stringify({
    context: { appType: 'VEMA', agentId: 'agent-gz', traceToken: 't', timeStamp: '1700000000000', version: '1.0.0' },
    resources: [
      {
        name: host,
        type: 'host',
        device: `${host}.example`,
        properties: { Alias: typed(`${host}-alias`) },
        services: [{ name: 'cpu', type: 'service', owner: host }],
      },
    ],
  });

let mock: EmbeddedMock;
beforeAll(async () => {
  mock = await createMock({ vendors: ['groundwork', 'moogsoft'], limits: { maxBodyBytes: 64 * 1024 } });
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.reset();
});

const headers = (encoding?: string) => ({
  'gwos-api-token': AUTH['GWOS-API-TOKEN'],
  'gwos-app-name': AUTH['GWOS-APP-NAME'],
  'content-type': 'application/json',
  accept: 'application/json',
  ...(encoding === undefined ? {} : { 'content-encoding': encoding }),
});
const synchronize = (body: Uint8Array, encoding?: string) =>
  mock.handle({ method: 'POST', url: '/api/synchronizer?merge=false', headers: headers(encoding), body });
const hostStatus = async (name: string) =>
  (await mock.handle({ method: 'GET', url: `/api/hosts/${name}`, headers: headers() })).status;
const json = (text: string) => JSON.parse(text) as Record<string, unknown>;

describe('GroundWork: gzip request bodies, as TCG sends them', () => {
  it('reads a gzip body as the JSON it holds', async () => {
    const reply = await synchronize(gzipSync(inventory('gz-1')), 'gzip');
    expect(reply.status).toBe(200);
    expect(await hostStatus('gz-1')).toBe(200);
  });

  it('takes x-gzip, a coding list ending in identity, and upper case as gzip', async () => {
    for (const [i, coding] of ['x-gzip', 'gzip, identity', 'GZIP'].entries()) {
      const reply = await synchronize(gzipSync(inventory(`gz-alias-${i}`)), coding);
      expect(reply.status, coding).toBe(200);
      expect(await hostStatus(`gz-alias-${i}`)).toBe(200);
    }
  });

  it('reads identity (and no header) as before', async () => {
    const text = new TextEncoder().encode(inventory('plain-1'));
    expect((await synchronize(text, 'identity')).status).toBe(200);
    expect(await hostStatus('plain-1')).toBe(200);
    expect((await synchronize(new TextEncoder().encode(inventory('plain-2')))).status).toBe(200);
    expect(await hostStatus('plain-2')).toBe(200);
  });

  it('refuses a coding it does not take with 415, naming the header and what it takes', async () => {
    const reply = await synchronize(brotliCompressSync(inventory('br-1')), 'br');
    expect(reply.status).toBe(415);
    expect(reply.headers['Accept-Encoding']).toBe('gzip');
    expect(json(reply.body)).toMatchObject({ status: 415 });
    expect(String(json(reply.body).error)).toMatch(/Content-Encoding 'br' is not accepted here: .*gzip or identity/);
    expect(await hostStatus('br-1')).toBe(404);
  });

  it('refuses a body that is not gzip with 400 naming Content-Encoding, and changes nothing', async () => {
    const plain = new TextEncoder().encode(inventory('bad-gz'));
    const reply = await synchronize(plain, 'gzip');
    expect(reply.status).toBe(400);
    expect(String(json(reply.body).error)).toMatch(/not valid gzip data, as its Content-Encoding says/);
    const truncated = gzipSync(inventory('bad-gz')).subarray(0, 40);
    expect((await synchronize(truncated, 'gzip')).status).toBe(400);
    expect(await hostStatus('bad-gz')).toBe(404);
  });

  it('counts the decoded size against the body limit: a small gzip bomb is a 413', async () => {
    const bomb = gzipSync(Buffer.alloc(1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const reply = await synchronize(bomb, 'gzip');
    expect(reply.status).toBe(413);
    expect(String(json(reply.body).error)).toMatch(/once its Content-Encoding gzip is undone/);
  });
});

describe('a vendor whose spec lists no content coding', () => {
  it('Moogsoft refuses a gzip body with 415 in its own format and keeps its state', async () => {
    const before = JSON.stringify(mock.state.dump());
    const reply = await mock.handle({
      method: 'PUT',
      url: '/integrations/api/v1/integrations/6/status',
      headers: {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        authorization: `Basic ${btoa('John.Doe:MyPassword')}`,
      },
      body: gzipSync(JSON.stringify({ command: 'stop' })),
    });
    expect(reply.status).toBe(415);
    expect(reply.headers['Accept-Encoding']).toBe('identity');
    expect(reply.body).toMatch(/Content-Encoding 'gzip' is not accepted here: send the body as identity/);
    expect(JSON.stringify(mock.state.dump())).toBe(before);
  });
});

describe('over a socket', () => {
  it('a gzip POST /api/monitoring reaches the GroundWork state through node:http', async () => {
    const server = await startMock({ port: 0, vendors: ['groundwork'] });
    try {
      const send = (path: string, body: string) =>
        fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: {
            ...AUTH,
            'Content-Type': 'application/json',
            'Content-Encoding': 'gzip',
            Accept: 'application/json',
          },
          body: gzipSync(body),
        });
      expect((await send('/api/synchronizer', inventory('wire-gz'))).status).toBe(200);
      const read = await fetch(`${server.url}/api/hosts/wire-gz`, { headers: { ...AUTH, Accept: 'application/json' } });
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ hostName: 'wire-gz' });
    } finally {
      await server.close();
    }
  });
});
