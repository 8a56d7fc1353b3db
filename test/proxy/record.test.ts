// The recorder's rules on hand-made traffic: what becomes a capture, what stays a literal, what is
// never written.
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadScenarioText } from '../../src/conformance/load-scenarios.js';
import type { Scenario } from '../../src/conformance/scenario-schema.js';
import { Router } from '../../src/mock/router.js';
import { buildRecording, tokenLike } from '../../src/proxy/record.js';
import type { ProxyExchange } from '../../src/proxy/types.js';
import { loadSpec } from '../../src/spec/load.js';
import { compileValidators } from '../../src/spec/ajv-static.js';
import type { Vendor } from '../../src/vendors/types.js';

const START = new Date('2025-03-04T10:00:00.000Z');

function traffic(vendor: Vendor) {
  const spec = loadSpec(vendor);
  const router = new Router();
  for (const op of spec.operations) router.add(op);
  const validators = compileValidators([spec]);
  const exchanges: ProxyExchange[] = [];
  const add = (
    method: string,
    url: string,
    answer: { status: number; body?: unknown; type?: string; headers?: Record<string, string> } | undefined,
    request: { headers?: Record<string, string>; body?: string } = {},
  ) => {
    const [pathname, query] = url.split('?') as [string, string | undefined];
    const match = router.match(method, pathname);
    const text =
      answer?.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    exchanges.push({
      seq: exchanges.length + 1,
      startedAt: new Date(START.getTime() + exchanges.length * 100),
      method,
      pathname,
      search: query === undefined ? '' : `?${query}`,
      requestHeaders: request.headers ?? {},
      requestBody: request.body ?? '',
      op: match.kind === 'found' ? match.op : undefined,
      pathParams: match.kind === 'found' ? match.params : {},
      response: answer && {
        status: answer.status,
        headers: { 'content-type': answer.type ?? 'application/json', ...answer.headers },
        text,
        durationMs: 1,
      },
      error: answer ? undefined : 'ECONNREFUSED',
      violations: [],
    });
  };
  const record = () => {
    const recording = buildRecording(exchanges, {
      spec,
      validators,
      upstream: 'https://user:pw@gw.example.com/foundation-webapp',
      startedAt: START,
      name: 'hand-made',
    });
    if (!recording) return undefined;
    const loaded = loadScenarioText('hand-made.yaml', recording.text);
    expect(loaded.issues).toEqual([]);
    return { ...recording, parsed: parseYaml(recording.text) as Scenario };
  };
  return { add, record };
}

const GW = { 'gwos-api-token': 'tok-0123456789abcdef', 'gwos-app-name': 'my-app', accept: 'application/json' };
const host = (hostName: string, id = 1) => ({ id, hostName, monitorStatus: 'UP', appType: 'NAGIOS' });

describe('what becomes a capture', () => {
  it('a value the client sent first stays a literal; one an answer gave first becomes {{name}}', () => {
    const { add, record } = traffic('groundwork');
    add(
      'POST',
      '/api/hosts',
      {
        status: 200,
        body: {
          successful: 1,
          failed: 0,
          entityType: 'Host',
          operation: 'Update',
          results: [{ entity: 'srv-2024-a', status: 'success' }],
          count: 1,
        },
      },
      {
        headers: { ...GW, 'content-type': 'application/json' },
        body: JSON.stringify({
          hosts: [{ hostName: 'srv-2024-a', appType: 'NAGIOS', deviceIdentification: '10.0.0.1' }],
        }),
      },
    );
    add('GET', '/api/hosts/srv-2024-a', { status: 200, body: host('srv-2024-a') }, { headers: GW });
    add(
      'GET',
      '/api/hosts',
      { status: 200, body: { hosts: [host('localhost', 1), host('db-777-prod', 123456)] } },
      { headers: GW },
    );
    add('GET', '/api/hosts/db-777-prod', { status: 200, body: host('db-777-prod', 123456) }, { headers: GW });
    add('GET', '/api/hosts/123456', { status: 404, body: { error: 'no', status: 404 } }, { headers: GW });
    const { parsed } = record()!;
    const [create, byName, list, captured, byNumber] = parsed.steps;
    expect(create!.body).toEqual({
      hosts: [{ hostName: 'srv-2024-a', appType: 'NAGIOS', deviceIdentification: '10.0.0.1' }],
    });
    expect(byName!.path).toEqual({ hostName: 'srv-2024-a' });
    expect(list!.capture).toEqual({ hostName: '/hosts/1/hostName', hostName2: '/hosts/1/id' });
    expect(captured!.path).toEqual({ hostName: '{{hostName}}' });
    expect(byNumber!.path).toEqual({ hostName: '{{hostName2}}' });
  });

  it('words, dates, URLs and small numbers are not tokens', () => {
    for (const value of [
      'running',
      'localhost',
      '2013-05-22T09:44:56-07:00',
      'http://x.example/1234',
      '42',
      '3.14159',
      'ab1',
    ])
      expect(tokenLike(value), value).toBe(false);
    for (const value of [
      'ListenerStatus-3b0a7ae0-60f4-46e7-8169-f9c19a83a2e2',
      'virustotal_node_18_1725278818',
      '123456',
      'abcdefghijklmnopqrstuvwxyz',
    ])
      expect(tokenLike(value), value).toBe(true);
  });
});

describe('what is never written', () => {
  it('credential headers, password fields, a login nothing else needs, userinfo of the upstream', () => {
    const { add, record } = traffic('groundwork');
    add(
      'POST',
      '/api/auth/login',
      { status: 200, type: 'text/plain', body: 'tok-0123456789abcdef' },
      {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'user=alice&password=Sup3r-Secret&gwos-app-name=my-app',
      },
    );
    add(
      'POST',
      '/api/hosts',
      {
        status: 200,
        body: { successful: 1, failed: 0, entityType: 'Host', operation: 'Update', results: [], count: 1 },
      },
      {
        headers: { ...GW, 'content-type': 'application/json', cookie: 'JSESSIONID=abc123def' },
        body: JSON.stringify({
          hosts: [
            {
              hostName: 'h1',
              description: 'alice said Sup3r-Secret',
              properties: { password: 'Sup3r-Secret', apiToken: 'another-secret-9' },
            },
          ],
        }),
      },
    );
    add('GET', '/api/nowhere', { status: 404, body: {} }, { headers: GW });
    add('GET', '/api/hosts/h1', undefined, { headers: GW });
    const { text, parsed, secrets } = record()!;
    for (const secret of [
      'Sup3r-Secret',
      'tok-0123456789abcdef',
      'another-secret-9',
      'alice',
      'JSESSIONID',
      'user:pw',
      'gwos-api-token',
      'GWOS',
    ])
      expect(text).not.toContain(secret);
    expect(secrets).toEqual(expect.arrayContaining(['Sup3r-Secret', 'tok-0123456789abcdef', 'alice']));
    expect(parsed.source).toBe(
      'recorded by understudy proxy from https://gw.example.com/foundation-webapp on 2025-03-04',
    );
    expect(parsed.description).toMatch(
      /^4 exchange\(s\) through understudy proxy, 1 step\(s\) recorded; left out: 1 undocumented request\(s\), 1 request\(s\) the upstream did not answer, 1 login\(s\) \(verify logs in itself\)\./,
    );
    expect(parsed.steps).toHaveLength(1);
    expect(parsed.steps[0]!.body).toEqual({
      hosts: [
        {
          hostName: 'h1',
          description: '{{credentials.user}} said {{credentials.password}}',
          properties: { password: '{{credentials.password}}', apiToken: '{{credentials.token}}' },
        },
      ],
    });
  });

  it('nothing recordable: no file', () => {
    const { add, record } = traffic('boomi');
    add('GET', '/api/rest/v1/acct/Atom', { status: 404, body: {} });
    expect(record()).toBeUndefined();
  });
});
