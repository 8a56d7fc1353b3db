// The proxy judges a request with the mock's own decoder (src/core/body.ts): what it reports of a
// request is what the mock answers to it. Before, the proxy read bodies and queries its own way
// (lenient UTF-8, no curl default), so it passed what the mock refuses and refused what it accepts.
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type RunningProxy } from '../../src/proxy/server.js';
import { closeAfterAll } from '../helpers/close-after-all.js';
import { basic, startMock, type RunningMock } from '../helpers/mock.js';

const moogsoft = { authorization: basic('John.Doe', 'MyPassword') };

/** Raw bytes, as a client may send them (fetch would refuse or re-encode some of them). */
function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Uint8Array,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      { method, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const deep = (n: number) => `{"command":${'['.repeat(n)}${']'.repeat(n)}}`;

describe('the proxy reads requests as the mock does', () => {
  let upstream: RunningMock;
  let proxy: RunningProxy;
  const closeLater = closeAfterAll();

  beforeAll(async () => {
    upstream = await startMock({ vendors: ['moogsoft', 'groundwork'] });
    closeLater(() => upstream.close());
    proxy = await startProxy({
      vendor: 'moogsoft',
      upstream: upstream.url,
      port: 0,
      log: () => undefined,
      warn: () => undefined,
    });
    closeLater(() => proxy.close());
  });

  it.each([
    [
      "curl's -d label on a JSON body (accepted)",
      { 'content-type': 'application/x-www-form-urlencoded' },
      utf8('{"command":"start"}'),
    ],
    [
      'a body that is not UTF-8',
      { 'content-type': 'application/json' },
      Uint8Array.from([...utf8('{"command":"st'), 0xff, ...utf8('art"}')]),
    ],
    ['nesting past the depth limit', { 'content-type': 'application/json' }, utf8(deep(80))],
    ['__proto__ as a name', { 'content-type': 'application/json' }, utf8('{"command":"start","__proto__":{}}')],
    ['a number beyond a double', { 'content-type': 'application/json' }, utf8('{"command":"start","n":1e400}')],
    ['a Content-Type not documented', { 'content-type': 'text/csv' }, utf8('command\nstart')],
    [
      'a gzip body where the spec takes no content coding',
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      gzipSync('{"command":"start"}'),
    ],
  ] as const)('%s', async (_, headers, body) => {
    const path = '/integrations/api/v1/integrations/6/status';
    const direct = await send(upstream.url, 'PUT', path, { ...moogsoft, ...headers }, body);
    const before = proxy.violations.length;
    const proxied = await send(proxy.url, 'PUT', path, { ...moogsoft, ...headers }, body);
    expect(proxied.status).toBe(direct.status);
    const requestFindings = proxy.violations.slice(before).filter((v) => v.check.startsWith('request_'));
    if (direct.status < 400) {
      expect(requestFindings).toEqual([]);
    } else {
      // The mock's answer and the proxy's finding say the same thing.
      const { message } = JSON.parse(direct.text) as { message: string };
      expect(requestFindings.map((v) => v.message)).toEqual([message]);
    }
  });

  it("reads GroundWork's gzip bodies (TCG's) as the mock does: undone, then checked", async () => {
    const gw = await startProxy({
      vendor: 'groundwork',
      upstream: upstream.url,
      port: 0,
      log: () => undefined,
      warn: () => undefined,
    });
    try {
      const headers = {
        'gwos-api-token': 'understudy-demo-token',
        'gwos-app-name': 'proxy-test',
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        accept: 'application/json',
      };
      const context = { appType: 'VEMA', agentId: 'gz', traceToken: 't', timeStamp: '1700000000000', version: '1' };
      const good = gzipSync(JSON.stringify({ context, resources: [{ name: 'gz-proxy', type: 'host' }] }));
      expect((await send(gw.url, 'POST', '/api/synchronizer', headers, good)).status).toBe(200);
      const bad = gzipSync(JSON.stringify({ context, resources: [{ type: 'host' }] }));
      expect((await send(gw.url, 'POST', '/api/synchronizer', headers, bad)).status).toBe(400);
      const findings = gw.violations.filter((v) => v.check.startsWith('request_')).map((v) => v.message);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatch(/name/);
    } finally {
      await gw.close();
    }
  });

  it('refuses query bytes that are not UTF-8 as the mock does', async () => {
    const path = '/integrations/api/v1/integrations?x=%FF';
    const direct = await send(upstream.url, 'GET', path, { ...moogsoft, accept: 'application/json' });
    const before = proxy.violations.length;
    await send(proxy.url, 'GET', path, { ...moogsoft, accept: 'application/json' });
    expect(direct.status).toBe(400);
    const { message } = JSON.parse(direct.text) as { message: string };
    expect(
      proxy.violations
        .slice(before)
        .filter((v) => v.check.startsWith('request_'))
        .map((v) => v.message),
    ).toEqual([message]);
  });
});
