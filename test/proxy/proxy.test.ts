// understudy proxy in-process, with our mock as the "real vendor" upstream (and small fakes of a
// vendor that misbehaves): pass-through, live violations named as verify names them, and the
// recording - no credentials, inferred captures, and a file verify replays against a fresh mock.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarios } from '../../src/conformance/load-scenarios.js';
import { runVerify } from '../../src/conformance/runner.js';
import type { Scenario } from '../../src/conformance/scenario-schema.js';
import { formatSummary, startProxy } from '../../src/proxy/server.js';
import { loadSpec } from '../../src/spec/load.js';
import { closeAfterAll } from '../helpers/close-after-all.js';
import { basic, startMock, violations, type RunningMock } from '../helpers/mock.js';

const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'understudy-proxy-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A documented request example, taken from the spec (so the traffic is the documents' own). */
function requestExample(
  vendor: 'groundwork' | 'boomi',
  operationId: string,
  name: string,
  mediaType = 'application/json',
): unknown {
  const op = loadSpec(vendor).byOperationId.get(operationId)!;
  return op.requestBody!.content[mediaType]!.examples![name]!.value;
}

interface Seen {
  status: number;
  contentType: string | null;
  body: string;
}
async function seen(res: Response): Promise<Seen> {
  return { status: res.status, contentType: res.headers.get('content-type'), body: await res.text() };
}

/** Starts the proxy quietly, collecting what it prints. */
async function proxyTo(vendor: 'groundwork' | 'boomi' | 'moogsoft' | 'polarity', upstream: string, record?: string) {
  const lines: string[] = [];
  const warnings: string[] = [];
  const proxy = await startProxy({
    vendor,
    upstream,
    port: 0,
    record,
    log: (l) => lines.push(l),
    warn: (l) => warnings.push(l),
  });
  return { proxy, lines, warnings };
}

function readScenario(file: string): { text: string; scenario: Scenario } {
  const text = readFileSync(file, 'utf8');
  return { text, scenario: parseYaml(text) as Scenario };
}

/** The recorded file loads through the scenario loader and passes verify against a fresh mock. */
async function replay(dir: string, vendor: 'groundwork' | 'boomi' | 'polarity'): Promise<void> {
  const { scenarios, issues } = loadScenarios(dir, [vendor]);
  expect(issues).toEqual([]);
  expect(scenarios).toHaveLength(1);
  const fresh = await startMock({ vendors: [vendor] });
  try {
    const result = await runVerify({ target: fresh.url, vendors: [vendor], scenariosDir: dir, timeoutMs: 5_000 });
    const failures = result.scenarios.flatMap((s) =>
      s.steps.flatMap((st) => [
        ...(st.status === 'error' || st.status === 'skipped'
          ? [`step ${st.index + 1} ${st.status}: ${st.message}`]
          : []),
        ...st.exchanges.flatMap((e) =>
          e.checks
            .filter((c) => c.status === 'failed')
            .map((c) => `step ${st.index + 1} ${e.variant} ${c.check}: ${c.message}`),
        ),
      ]),
    );
    expect(failures).toEqual([]);
    expect(result.ok).toBe(true);
    expect(violations(fresh.mock)).toEqual([]);
  } finally {
    await fresh.close();
  }
}

describe('GroundWork through the proxy (the mock as upstream)', () => {
  const closeLater = closeAfterAll();
  let upstream: RunningMock;
  let p: Awaited<ReturnType<typeof proxyTo>>;
  let dir: string;
  let file: string;
  let token: string;
  const appName = 'understudy';

  beforeAll(async () => {
    upstream = await startMock({ vendors: ['groundwork'] });
    closeLater(() => upstream.close());
    dir = scratch();
    file = join(dir, 'recorded', 'groundwork-session.yaml');
    p = await proxyTo('groundwork', upstream.url, file);
    closeLater(() => p.proxy.close());
  });

  const auth = () => ({ 'GWOS-API-TOKEN': token, 'GWOS-APP-NAME': appName });

  it('logs in and creates the documented host (§2.2.5) through the proxy, with no violation', async () => {
    const login = await fetch(`${p.proxy.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/plain' },
      body: new URLSearchParams({ user: 'admin', password: 'admin', 'gwos-app-name': appName }).toString(),
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('content-type')).toMatch(/^text\/plain/);
    token = await login.text();
    expect(token.length).toBeGreaterThan(8);

    const created = await fetch(`${p.proxy.url}/api/hosts`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(requestExample('groundwork', 'createOrUpdateHosts', 'oneHost')),
    });
    expect(created.status).toBe(200);
    expect(await created.json()).toMatchObject({
      successful: 1,
      failed: 0,
      results: [{ entity: 'host-100', status: 'success' }],
    });
    expect(p.lines).toEqual([]);
  });

  it('passes answers back unchanged: status, Content-Type and body as the upstream gives them', async () => {
    const requests: Array<[string, Record<string, string>]> = [
      ['/api/hosts/host-100', { accept: 'application/json' }],
      ['/api/hosts/host-100', { accept: 'application/xml' }],
      [`/api/hosts?query=${encodeURIComponent("hostName like 'host-10%'")}`, { accept: 'application/json' }],
      ['/api/hosts/no-such-host', { accept: 'application/json' }],
    ];
    for (const [path, headers] of requests) {
      const direct = await seen(await fetch(upstream.url + path, { headers: { ...auth(), ...headers } }));
      const proxied = await seen(await fetch(p.proxy.url + path, { headers: { ...auth(), ...headers } }));
      expect(proxied).toEqual(direct);
    }
    expect(p.lines).toEqual([]);
  });

  it('keeps the login when its token is used outside the credential headers, and deletes the host', async () => {
    const valid = await fetch(`${p.proxy.url}/api/auth/validatetoken`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/plain' },
      body: new URLSearchParams({ 'gwos-app-name': appName, 'gwos-api-token': token }).toString(),
    });
    expect(await valid.text()).toBe('true');
    const deleted = await fetch(`${p.proxy.url}/api/hosts/host-100`, {
      method: 'DELETE',
      headers: { ...auth(), accept: 'application/json' },
    });
    expect(deleted.status).toBe(200);
    expect(p.proxy.violations).toEqual([]);
    expect(p.proxy.summary()).toMatchObject({ exchanges: 8, violations: 0, errors: 0 });
  });

  it('records no credential: no password, token, Authorization or GWOS-API-TOKEN, in any form', () => {
    const { text, scenario } = readScenario(file);
    for (const secret of [
      token,
      'admin',
      'GWOS-API-TOKEN',
      'gwos-api-token: ' + token,
      'Authorization',
      'authorization',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(scenario.source).toMatch(
      new RegExp(`^recorded by understudy proxy from http://127\\.0\\.0\\.1:\\d+ on \\d{4}-\\d{2}-\\d{2}$`),
    );
    // The login stays because validatetoken sends its token: the runner's credentials, a capture.
    const [login, ...rest] = scenario.steps;
    expect(login).toMatchObject({
      operation: 'login',
      form: {
        user: '{{credentials.user}}',
        password: '{{credentials.password}}',
        'gwos-app-name': '{{credentials.appName}}',
      },
      capture: { token: 'body' },
      expect: { status: 200 },
    });
    const validate = rest.find((s) => s.operation === 'validateToken')!;
    expect(validate.form).toEqual({ 'gwos-app-name': '{{credentials.appName}}', 'gwos-api-token': '{{token}}' });
    // Host names the client chose stay literals; statuses are what came back.
    expect(rest.map((s) => [s.operation, s.path?.hostName, s.expect.status])).toEqual([
      ['createOrUpdateHosts', undefined, 200],
      ['getHost', 'host-100', 200],
      ['getHost', 'host-100', 200],
      ['getHosts', undefined, 200],
      ['getHost', 'no-such-host', 404],
      ['validateToken', undefined, 200],
      ['deleteHostsByName', 'host-100', 200],
    ]);
    expect(rest.filter((s) => s.headers?.Accept === 'application/xml')).toHaveLength(1);
    expect(rest.every((s) => !Object.keys(s.headers ?? {}).some((h) => /gwos|authorization/i.test(h)))).toBe(true);
  });

  it('the recorded file loads through the scenario loader and passes verify against a fresh mock', async () => {
    await replay(join(dir, 'recorded'), 'groundwork');
  });
});

describe('Boomi through the proxy: the async token becomes a capture', () => {
  const closeLater = closeAfterAll();
  let upstream: RunningMock;
  let p: Awaited<ReturnType<typeof proxyTo>>;
  let dir: string;
  let file: string;
  const AUTH = basic('BOOMI_TOKEN.dev@example.com', 'dev-api-token');
  const root = () => `${p.proxy.url}/api/rest/v1/dev-account`;
  const headers = { authorization: AUTH, accept: 'application/json', 'content-type': 'application/json' };

  beforeAll(async () => {
    // Two 202s before each result, as a busy Runtime answers.
    upstream = await startMock({ vendors: ['boomi'], vendorOptions: { boomi: { pendingPolls: 2 } } });
    closeLater(() => upstream.close());
    dir = scratch();
    file = join(dir, 'boomi-session.yaml');
    p = await proxyTo('boomi', upstream.url, file);
    closeLater(() => p.proxy.close());
  });

  it('QUERY (the documented request sample), then GET response/{token} until it is ready, then 204', async () => {
    const query = await fetch(`${root()}/async/ListenerStatus/query`, {
      method: 'POST',
      headers,
      body: JSON.stringify(requestExample('boomi', 'queryListenerStatus', 'listenerOnContainer')),
    });
    expect(query.status).toBe(200);
    expect(query.headers.get('content-type')).toMatch(/^application\/json/);
    const { asyncToken } = (await query.json()) as { asyncToken: { token: string } };
    const statuses: number[] = [];
    let result: Seen | undefined;
    while (statuses.at(-1) !== 200) {
      const res = await fetch(`${root()}/async/ListenerStatus/response/${asyncToken.token}`, { headers });
      statuses.push(res.status);
      result = await seen(res);
    }
    expect(statuses).toEqual([202, 202, 200]);
    expect(JSON.parse(result!.body)).toMatchObject({
      responseStatusCode: 200,
      result: [{ listenerId: 'ea56da44-ea7d-4c80-9866-30556474938e', status: 'listening' }],
    });
    expect((await fetch(`${root()}/async/ListenerStatus/response/${asyncToken.token}`, { headers })).status).toBe(204);
    const change = await fetch(`${root()}/changeListenerStatus`, {
      method: 'POST',
      headers,
      body: JSON.stringify(requestExample('boomi', 'changeListenerStatus', 'pause')),
    });
    expect([200, 400]).toContain(change.status);
    expect(p.proxy.violations).toEqual([]);
    expect(p.lines).toEqual([]);
  });

  it('records the token as a capture on the QUERY and {{token}} in the GETs, the 202s as a poll', () => {
    const { text, scenario } = readScenario(file);
    for (const secret of ['dev-api-token', 'BOOMI_TOKEN', AUTH, AUTH.slice(6), 'dev-account', 'ListenerStatus-'])
      expect(text).not.toContain(secret);
    const [query, ready, spent] = scenario.steps;
    expect(query).toMatchObject({
      operation: 'queryListenerStatus',
      capture: { token: '/asyncToken/token' },
      expect: { status: 200 },
    });
    expect(query!.body).toEqual(requestExample('boomi', 'queryListenerStatus', 'listenerOnContainer'));
    expect(query!.path).toBeUndefined(); // the account: the runner fills {accountId} from its credentials
    expect(ready).toMatchObject({
      operation: 'getListenerStatusResult',
      path: { token: '{{token}}' },
      poll: { whileStatus: 202 },
      expect: { status: 200 },
    });
    expect(spent).toMatchObject({
      operation: 'getListenerStatusResult',
      path: { token: '{{token}}' },
      expect: { status: 204 },
    });
    expect(spent!.poll).toBeUndefined();
    expect(scenario.steps).toHaveLength(4);
  });

  it('the recorded file passes verify against a fresh mock (which answers at once: the poll allows it)', async () => {
    await replay(dir, 'boomi');
  });
});

describe('Polarity through the proxy: login body and bearer token redacted, an id inferred', () => {
  it('records {{credentials.*}} for the login, drops the bearer token, captures the integration id', async () => {
    const upstream = await startMock({ vendors: ['polarity'] });
    const dir = scratch();
    const file = join(dir, 'polarity.yaml');
    const p = await proxyTo('polarity', upstream.url, file);
    try {
      const JSONAPI = 'application/vnd.api+json';
      const login = await fetch(`${p.proxy.url}/api/users/login`, {
        method: 'POST',
        headers: { 'content-type': JSONAPI, accept: JSONAPI },
        body: JSON.stringify({ identification: 'admin@example.com', password: 'admin' }),
      });
      expect(login.status).toBe(200);
      const { data } = (await login.json()) as { data: { token: string } };
      const list = await fetch(`${p.proxy.url}/api/integrations?page[size]=2`, {
        headers: { authorization: `Bearer ${data.token}`, accept: JSONAPI },
      });
      expect(list.status).toBe(200);
      const id = ((await list.json()) as { data: Array<{ id: string }> }).data[1]!.id;
      const one = await fetch(`${p.proxy.url}/api/integrations/${encodeURIComponent(id)}`, {
        headers: { authorization: 'Bearer my-auth-token', accept: JSONAPI },
      });
      expect(one.status).toBe(200);
      expect(p.proxy.violations).toEqual([]);
      await p.proxy.close();

      const { text, scenario } = readScenario(file);
      for (const secret of [data.token, 'my-auth-token', 'admin', 'Bearer']) expect(text).not.toContain(secret);
      expect(scenario.steps.map((s) => s.operation)).toEqual(['listIntegrations', 'getIntegration']); // the login is the runner's
      expect(scenario.steps[0]!.capture).toEqual({ integrationId: '/data/1/id' });
      expect(scenario.steps[1]!.path).toEqual({ integrationId: '{{integrationId}}' });
      await replay(dir, 'polarity');
    } finally {
      await p.proxy.close();
      await upstream.close();
    }
  });
});

describe('a vendor that breaks its contract (a fake upstream)', () => {
  const closeLater = closeAfterAll();
  let fake: Server;
  let fakeUrl: string;
  let p: Awaited<ReturnType<typeof proxyTo>>;
  const BROKER = 'Broker_3a52b7ef_8bad_41cc_8b36_cbb9c2aa3a9e';
  const moogsoft = { authorization: basic('John.Doe', 'MyPassword'), accept: 'application/json' };

  beforeAll(async () => {
    // Moogsoft, wrong in one way per path.
    fake = createServer((req, res) => {
      const url = req.url ?? '';
      req.resume();
      if (!req.headers.authorization) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"User is not authenticated"}'); // no WWW-Authenticate
      } else if (url === '/integrations/api/v1/integrations') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('Azure1'); // wrong Content-Type
      } else if (url.startsWith('/integrations/api/v1/integrations/6/status') && req.method === 'GET') {
        const body = {
          global: { integration_config_id: '6', status: 'running' },
          instances: { [BROKER]: { integration_name: 'Azure1', status: 'running', last_heartbeat: 1 } },
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)); // a string id
      } else if (url.startsWith('/integrations/api/v1/integrations/6/status') && req.method === 'PUT') {
        res.writeHead(202).end(); // undocumented status
      } else if (url.startsWith('/integrations/api/v1/integrations/7/status')) {
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"NullPointerException"}');
      } else {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
      }
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    closeLater(() => new Promise((resolve) => fake.close(resolve)));
    fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
    p = await proxyTo('moogsoft', fakeUrl);
    closeLater(() => p.proxy.close());
  });
  afterEach(() => {
    p.lines.splice(0);
  });

  async function only(path: string, init: RequestInit = {}): Promise<Array<{ check: string; operationId?: string }>> {
    const before = p.proxy.violations.length;
    const res = await fetch(p.proxy.url + path, init);
    await res.arrayBuffer();
    return p.proxy.violations.slice(before).map((v) => ({ check: v.check, operationId: v.operationId }));
  }

  it.each([
    [
      'a wrong type',
      '/integrations/api/v1/integrations/6/status',
      { headers: moogsoft },
      'getIntegrationStatus',
      ['response_schema_conformance'],
    ],
    [
      'an undocumented status',
      '/integrations/api/v1/integrations/6/status',
      { method: 'PUT', headers: { ...moogsoft, 'content-type': 'application/json' }, body: '{"command":"start"}' },
      'updateIntegrationStatus',
      ['status_code_conformance'],
    ],
    [
      'a wrong Content-Type',
      '/integrations/api/v1/integrations',
      { headers: moogsoft },
      'listIntegrations',
      ['content_type_conformance'],
    ],
    [
      'a 401 without its required WWW-Authenticate',
      '/integrations/api/v1/integrations',
      { headers: { accept: 'application/json' } },
      'listIntegrations',
      ['response_headers_conformance'],
    ],
    [
      'a server error (undocumented too)',
      '/integrations/api/v1/integrations/7/status',
      { headers: moogsoft },
      'getIntegrationStatus',
      ['not_a_server_error', 'status_code_conformance'],
    ],
  ] as const)('reports %s with the check verify names', async (_, path, init, operationId, checks) => {
    expect(await only(path, init)).toEqual(checks.map((check) => ({ check, operationId })));
    expect(p.lines).toHaveLength(checks.length);
    checks.forEach((check, i) => {
      const line = p.lines[i]!;
      expect(line).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z /);
      expect(line).toContain(` ${(init as RequestInit).method ?? 'GET'} ${path} ${operationId} ${check}: `);
    });
  });

  it('reports what is wrong with the request too, and an undocumented path', async () => {
    expect(
      await only('/integrations/api/v1/integrations/6/status', {
        method: 'PUT',
        headers: { ...moogsoft, 'content-type': 'application/json' },
        body: '{"command":"restart"}',
      }),
    ).toEqual([
      { check: 'request_body_conformance', operationId: 'updateIntegrationStatus' },
      { check: 'status_code_conformance', operationId: 'updateIntegrationStatus' },
    ]);
    expect(p.lines[0]).toMatch(/request_body_conformance: body field 'command' must be one of: "start", "stop"/);
    expect(await only('/integrations/api/v1/integrations/abc/status', { headers: moogsoft })).toEqual([
      { check: 'request_parameters_conformance', operationId: 'getIntegrationStatus' },
    ]);
    expect(await only('/integrations/api/v2/nothing?x=1', { headers: moogsoft })).toEqual([
      { check: 'undocumented_operation', operationId: undefined },
    ]);
    expect(p.lines.at(-1)).toMatch(
      / GET \/integrations\/api\/v2\/nothing\?x=1 - undocumented_operation: no moogsoft operation is documented at \/integrations\/api\/v2\/nothing$/,
    );
    expect(await only('/integrations/api/v1/integrations', { method: 'DELETE', headers: moogsoft })).toEqual([
      { check: 'undocumented_operation', operationId: undefined },
    ]);
  });

  it('never prints a credential, and sums the violations up by check', () => {
    const all = p.proxy.violations.map((v) => `${v.path} ${v.message}`).join('\n');
    expect(all).not.toContain('MyPassword');
    const summary = p.proxy.summary();
    expect(summary.violations).toBe(p.proxy.violations.length);
    const counted: Record<string, number> = {};
    for (const v of p.proxy.violations) counted[v.check] = (counted[v.check] ?? 0) + 1;
    expect(summary.byCheck).toEqual(counted);
    expect(summary.byCheck).toMatchObject({
      response_schema_conformance: 1,
      status_code_conformance: 3,
      undocumented_operation: 2,
      request_body_conformance: 1,
    });
    const text = formatSummary(summary);
    expect(text).toMatch(
      new RegExp(
        `^understudy proxy: ${summary.exchanges} exchange\\(s\\), ${summary.violations} violation\\(s\\)\n\\s+3  status_code_conformance\n`,
      ),
    );
    for (const [check, n] of Object.entries(counted)) expect(text).toMatch(new RegExp(`\\s${n}  ${check}$`, 'm'));
  });
});

describe('forwarding itself', () => {
  const closeLater = closeAfterAll();
  let echo: Server;
  let echoUrl: string;
  let received:
    { method?: string; url?: string; headers: IncomingHttpHeaders; rawHeaders: string[]; body: Buffer } | undefined;
  let p: Awaited<ReturnType<typeof proxyTo>>;

  beforeAll(async () => {
    echo = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received = {
          method: req.method,
          url: req.url,
          headers: req.headers,
          rawHeaders: req.rawHeaders,
          body: Buffer.concat(chunks),
        };
        res.writeHead(
          201,
          'Made',
          [
            ['Content-Type', 'application/json'],
            ['X-Vendor-Thing', 'kept'],
            ['Set-Cookie', 'a=1'],
            ['Set-Cookie', 'b=2'],
            ['Keep-Alive', 'timeout=77'],
          ].flat(),
        );
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    closeLater(() => new Promise((resolve) => echo.close(resolve)));
    // The upstream sits under a base path, as GroundWork's /foundation-webapp does.
    echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/base`;
    p = await proxyTo('groundwork', echoUrl);
    closeLater(() => p.proxy.close());
  });

  it('sends method, path (under the upstream base), query, end-to-end headers and body bytes; answers as the upstream did', async () => {
    const body = Buffer.from('{"hosts":[{"hostName":"héllo"}]}', 'utf8');
    const url = new URL(`${p.proxy.url}/api/hosts?x=1&x=2&q=a%20b`);
    const answer = await new Promise<{ status?: number; message?: string; raw: string[]; body: string }>(
      (resolve, reject) => {
        const req = httpRequest(
          url,
          {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              'X-Custom': 'yes',
              'GWOS-API-TOKEN': 'abc',
              Connection: 'keep-alive, X-Hop',
              'X-Hop': 'drop me',
              'Keep-Alive': 'timeout=5',
              'Proxy-Authorization': 'Basic Zm9vOmJhcg==',
              TE: 'trailers',
              'Content-Length': String(body.length),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                status: res.statusCode,
                message: res.statusMessage,
                raw: res.rawHeaders,
                body: Buffer.concat(chunks).toString(),
              }),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      },
    );
    expect(received!.method).toBe('POST');
    expect(received!.url).toBe('/base/api/hosts?x=1&x=2&q=a%20b');
    expect(received!.body.equals(body)).toBe(true);
    expect(received!.headers['x-custom']).toBe('yes');
    expect(received!.headers['gwos-api-token']).toBe('abc');
    expect(received!.headers['content-type']).toBe('application/json');
    expect(received!.headers.host).toBe(new URL(echoUrl).host);
    for (const hop of ['x-hop', 'keep-alive', 'proxy-authorization', 'te'])
      expect(received!.headers[hop]).toBeUndefined();
    expect(received!.rawHeaders).toContain('GWOS-API-TOKEN'); // names go as the client wrote them

    expect(answer.status).toBe(201);
    expect(answer.message).toBe('Made');
    expect(answer.body).toBe('{"ok":true}');
    const pairs = [];
    for (let i = 0; i < answer.raw.length; i += 2) pairs.push([answer.raw[i], answer.raw[i + 1]]);
    expect(pairs).toEqual(
      expect.arrayContaining([
        ['Content-Type', 'application/json'],
        ['X-Vendor-Thing', 'kept'],
        ['Set-Cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
      ]),
    );
    expect(answer.raw).not.toContain('timeout=77');
    // 201 is not documented for createOrUpdateHosts: reported, and passed back all the same.
    expect(p.proxy.violations.map((v) => v.check)).toContain('status_code_conformance');
  });

  it('answers 502 when the upstream is not there, and says so', async () => {
    const gone = await proxyTo('groundwork', 'http://127.0.0.1:9');
    try {
      const res = await fetch(`${gone.proxy.url}/api/hosts/x`);
      expect(res.status).toBe(502);
      expect(await res.text()).toMatch(/did not answer: ECONNREFUSED/);
      expect(gone.warnings.join('\n')).toMatch(/GET \/api\/hosts\/x upstream did not answer/);
      expect(gone.proxy.summary()).toMatchObject({ exchanges: 1, errors: 1 });
    } finally {
      await gone.proxy.close();
    }
  });

  it('refuses an upstream that is not an http(s) URL', async () => {
    await expect(startProxy({ vendor: 'boomi', upstream: 'gw.example.com', port: 0 })).rejects.toThrow(/not a URL/);
    await expect(startProxy({ vendor: 'boomi', upstream: 'ftp://gw.example.com', port: 0 })).rejects.toThrow(/http/);
  });
});

describe('a request body over the limit', () => {
  it('is answered 413 on a connection the client can read it from, streamed or declared', async () => {
    const upstream = await startMock({ vendors: ['moogsoft'] });
    const proxy = await startProxy({
      vendor: 'moogsoft',
      upstream: upstream.url,
      port: 0,
      maxBodyBytes: 1024,
      log: () => undefined,
      warn: () => undefined,
    });
    try {
      const path = '/integrations/api/v1/integrations/1/status';
      const declared = await fetch(`${proxy.url}${path}`, { method: 'PUT', body: 'x'.repeat(64 * 1024) });
      expect(declared.status).toBe(413);
      expect(await declared.text()).toMatch(/larger than 1024 bytes/);
      const chunks = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 64; i++) controller.enqueue(new TextEncoder().encode('y'.repeat(1024)));
          controller.close();
        },
      });
      const streamed = await fetch(`${proxy.url}${path}`, {
        method: 'PUT',
        body: chunks,
        duplex: 'half',
      } as RequestInit);
      expect(streamed.status).toBe(413);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });
});
