// A small fake of three vendors that keeps the contract on the operations the fixture scenarios
// (fixtures/fake/) use - unless told to break it in exactly one way. It is itself the door verify
// sends through (fakeSender), or is served through nock (./fake-vendor-nock.ts) for a run that sends
// through node:http, pactum's. (This module leaves node:http alone: nock patches it on import.)
import type { HttpRequest, SendResult, Sender } from '../../src/conformance/http.js';

export const FAULTS = {
  'missing-required-field': 'response_schema_conformance',
  'wrong-type': 'response_schema_conformance',
  'undocumented-status': 'status_code_conformance',
  'wrong-content-type': 'content_type_conformance',
  'malformed-xml': 'response_schema_conformance',
  'auth-ignored': 'ignored_auth',
  'server-error': 'not_a_server_error',
  'state-not-kept': 'expected_state',
  'paging-total-lies': 'expected_state',
  'missing-required-header': 'response_headers_conformance',
  // Portability must not hide these: an empty list looks like an empty installation, but the
  // documented integration is still there to compare; a lookup that fails is not "absent".
  'list-forgets': 'expected_state',
  'absent-host-server-error': 'not_a_server_error',
} as const;
export type Fault = keyof typeof FAULTS;

type Reply = [number, string, Record<string, string>];

const BROKER = 'Broker_3a52b7ef_8bad_41cc_8b36_cbb9c2aa3a9e';
const JSON_TYPE = { 'Content-Type': 'application/json' };
const API = { 'Content-Type': 'application/vnd.api+json' };

export type Route = (
  method: string,
  url: URL,
  headers: Record<string, string | string[] | undefined>,
  body: string,
) => Reply;

/**
 * The fake as the door verify sends through (`runVerify({ target, send })`): no node:http, nock or
 * pactum in between, for runs whose subject is the checks, not the transport.
 */
export function fakeSender(fault?: Fault): Sender {
  const route = fakeRoute(fault);
  return (request: HttpRequest): Promise<SendResult> => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
    const method = request.method.toUpperCase();
    const [status, text, answered] = route(method, new URL(request.url), headers, request.body ?? '');
    const out: Record<string, string> = { 'content-length': String(Buffer.byteLength(text)) };
    for (const [name, value] of Object.entries(answered)) out[name.toLowerCase()] = value;
    return Promise.resolve({ response: { status, headers: out, text: method === 'HEAD' ? '' : text, durationMs: 0 } });
  };
}

/** The fake's answers, with its state (one per installation). */
export function fakeRoute(fault?: Fault): Route {
  const moogsoft = { running: new Map<string, string>([[BROKER, 'running']]) };
  const hosts = new Map<string, Record<string, unknown>>();
  const integrations = Array.from({ length: 7 }, (_, i) => integration(i));
  const has = (f: Fault) => fault === f;

  return (method, url, headers, body) => {
    const path = url.pathname;
    const header = (name: string) => {
      const v = headers[name.toLowerCase()];
      return Array.isArray(v) ? v[0] : v;
    };

    // ---- Moogsoft ------------------------------------------------------------------------------
    if (path.startsWith('/integrations/api/v1/integrations')) {
      const authorized = header('authorization') === `Basic ${Buffer.from('John.Doe:MyPassword').toString('base64')}`;
      if (!authorized && !has('auth-ignored')) {
        return [
          401,
          JSON.stringify({ message: 'User is not authenticated' }),
          { ...JSON_TYPE, ...(has('missing-required-header') ? {} : { 'WWW-Authenticate': 'Basic realm="Moogsoft"' }) },
        ];
      }
      if (path === '/integrations/api/v1/integrations' && method === 'GET') {
        if (has('server-error')) return [500, JSON.stringify({ message: 'NullPointerException' }), JSON_TYPE];
        return [
          200,
          JSON.stringify(has('list-forgets') ? [] : [{ id: 6, name: 'Azure1', type_id: 'azure_lam', version: '1.0' }]),
          JSON_TYPE,
        ];
      }
      const m = /^\/integrations\/api\/v1\/integrations\/([^/]+)\/status$/.exec(path);
      if (m) {
        if (!/^\d+$/.test(m[1]!))
          return [400, JSON.stringify({ message: `Invalid integration ID: ${m[1]}` }), JSON_TYPE];
        if (m[1] !== '6') return [404, JSON.stringify({ message: `Integration ${m[1]} not found` }), JSON_TYPE];
        if (method === 'GET') {
          const instances = Object.fromEntries(
            [...moogsoft.running].map(([b, s]) => [
              b,
              { integration_name: 'Azure1', status: s, last_heartbeat: 1567789762645 },
            ]),
          );
          const global: Record<string, unknown> = {
            integration_config_id: has('wrong-type') ? '6' : 6,
            status: [...moogsoft.running.values()].includes('running') ? 'running' : 'stopped',
          };
          if (has('missing-required-field')) delete global.status;
          return [
            200,
            JSON.stringify({ global, instances }),
            has('wrong-content-type') ? { 'Content-Type': 'text/plain' } : JSON_TYPE,
          ];
        }
        if (method === 'PUT') {
          const command = JSON.parse(body || '{}') as { command?: string; target?: string };
          if (command.command === 'stop' && !command.target)
            return [400, JSON.stringify({ message: 'A target broker is required for the stop command' }), JSON_TYPE];
          moogsoft.running.set(command.target ?? BROKER, command.command === 'stop' ? 'stopped' : 'running');
          return has('undocumented-status') ? [202, '', {}] : [204, '', {}];
        }
      }
    }

    // ---- GroundWork ----------------------------------------------------------------------------
    if (path.startsWith('/api/auth/login')) return [200, 'fake-gwos-token', { 'Content-Type': 'text/plain' }];
    if (path.startsWith('/api/hosts')) {
      const xml = (header('accept') ?? '').includes('xml');
      const error = (status: number, message: string): Reply =>
        xml
          ? [status, `<error error="${message}" status="${status}"/>`, { 'Content-Type': 'application/xml' }]
          : [status, JSON.stringify({ error: message, status }), JSON_TYPE];
      if (!header('gwos-api-token') || !header('gwos-app-name')) return error(400, 'GWOS-API-TOKEN header is required');
      if (header('gwos-api-token') !== 'fake-gwos-token' && !has('auth-ignored')) return error(401, 'Invalid token');
      if (path === '/api/hosts' && method === 'POST') {
        const input = JSON.parse(body) as { hosts: Array<Record<string, unknown>> };
        for (const h of input.hosts)
          if (!has('state-not-kept')) hosts.set(String(h.hostName), { ...h, id: hosts.size + 1 });
        const results = input.hosts.map((h) => ({
          entity: h.hostName,
          status: 'success',
          location: `${url.origin}/api/hosts/${String(h.hostName)}`,
        }));
        return [
          200,
          JSON.stringify({
            successful: results.length,
            failed: 0,
            entityType: 'Host',
            operation: 'Update',
            results,
            count: results.length,
          }),
          JSON_TYPE,
        ];
      }
      const name = decodeURIComponent(path.slice('/api/hosts/'.length));
      const host = hosts.get(name);
      if (method === 'GET') {
        if (!host && has('absent-host-server-error')) return error(500, `NullPointerException looking up ${name}`);
        if (!host) return error(404, `Host name [${name}] was not found`);
        if (!xml) return [200, JSON.stringify(host), JSON_TYPE];
        const attrs = Object.entries(host)
          .filter(([, v]) => typeof v !== 'object')
          .map(([k, v]) => `${k}="${String(v)}"`)
          .join(' ');
        return [
          200,
          has('malformed-xml') ? `<host ${attrs}><properties>` : `<host ${attrs}/>`,
          { 'Content-Type': 'application/xml' },
        ];
      }
      if (method === 'DELETE') {
        hosts.delete(name);
        return [
          200,
          JSON.stringify({
            successful: 1,
            failed: 0,
            entityType: 'Host',
            operation: 'Delete',
            results: [{ entity: name, status: 'success' }],
            count: 1,
          }),
          JSON_TYPE,
        ];
      }
    }

    // ---- Polarity ------------------------------------------------------------------------------
    if (path === '/api/integrations') {
      if (header('authorization') !== 'Bearer my-auth-token' && !has('auth-ignored')) {
        return [401, JSON.stringify({ errors: [{ status: '401', title: 'Unauthorized' }] }), API];
      }
      const size = Number(url.searchParams.get('page[size]') ?? 100);
      const number = Number(url.searchParams.get('page[number]') ?? 1);
      const data = integrations.slice((number - 1) * size, number * size);
      const total = has('paging-total-lies') ? 135 : integrations.length;
      return [200, JSON.stringify({ data, meta: { page: { number, size, total } } }), API];
    }
    return [404, JSON.stringify({ error: `no fake route for ${method} ${path}` }), JSON_TYPE];
  };
}

function integration(i: number): Record<string, unknown> {
  const id = `fake_integration_${i}`;
  return {
    type: 'integrations',
    id,
    attributes: { name: `Fake ${i}`, status: i % 3 === 0 ? 'stopped' : 'running' },
    links: { self: `/api/integrations/${id}` },
    relationships: {
      'integration-errors': { data: [], links: { self: `/api/integration-errors?filter[integration.id]=${id}` } },
      'integration-options': { data: [], links: { self: `/api/integration-options?filter[integration.id]=${id}` } },
    },
  };
}
