// A fake of all four vendors for the fuzzer's own proof: nock serves a made-up host, forwards each
// request to a running understudy mock (which keeps every contract), and breaks exactly one thing
// on the way - one fault per fuzz check. The fuzzer must catch each under that check's name.
import { request as httpRequest } from 'node:http';
import nock from 'nock';

export const FUZZ_FAULTS = {
  /** A request the spec refuses (the mock's 400 for a body) is answered 200. */
  'accepts-invalid': 'negative_data_rejection',
  /** Valid reads of Moogsoft and Polarity are refused with 422, which neither spec documents. */
  'refuses-valid': 'positive_data_acceptance',
  /** GroundWork treats GWOS-APP-NAME (or the token) as optional when the other one is there. */
  'header-optional': 'missing_required_header',
  /** An undocumented method gets 404, as from a router that ignores methods. */
  'no-405': 'unsupported_method',
  /** Requests without or with wrong credentials go through as if they had the right ones. */
  'auth-ignored': 'ignored_auth',
  /** GroundWork deletes and logouts answer success but keep the host (the session). */
  'soft-delete': 'use_after_free',
  /** A JSON body that does not parse crashes the server. */
  'crashes-on-bad-json': 'not_a_server_error',
} as const;
export type FuzzFault = keyof typeof FUZZ_FAULTS;

type Headers = Record<string, string>;
type Reply = [number, string, Headers];

const DEMO = {
  moogsoft: `Basic ${Buffer.from('John.Doe:MyPassword').toString('base64')}`,
  boomi: `Basic ${Buffer.from('BOOMI_TOKEN.dev@example.com:dev-api-token').toString('base64')}`,
  polarity: 'Bearer my-auth-token',
  groundworkToken: 'understudy-demo-token',
};

// nock parses a body labelled application/json before a reply function sees it, and throws (out of
// reach of any handler) when it does not parse - exactly the bodies a fuzzer sends. The 'request'
// event comes first: the real Content-Type is moved aside there, so nock hands over the raw text.
const ORIGINAL_TYPE = 'x-fake-original-content-type';

function forward(mockUrl: string, method: string, path: string, headers: Headers, body: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${mockUrl}${path}`,
      { method, headers: { ...headers, host: new URL(mockUrl).host } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const out: Headers = {};
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined && k !== 'content-length' && k !== 'connection' && k !== 'keep-alive' && k !== 'date')
              out[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve([res.statusCode ?? 502, Buffer.concat(chunks).toString('utf8'), out]);
        });
      },
    );
    req.on('error', reject);
    req.end(body === '' ? undefined : body);
  });
}

function withCredentials(path: string, headers: Headers): Headers {
  const out = { ...headers };
  if (path.startsWith('/integrations/api/')) out.authorization = DEMO.moogsoft;
  else if (path.startsWith('/api/rest/v1/')) out.authorization = DEMO.boomi;
  else if (/^\/api\/(integrations|integration-|integration\/)/.test(path)) out.authorization = DEMO.polarity;
  else if (/^\/api\/(hosts|biz|services)/.test(path)) {
    out['gwos-api-token'] = DEMO.groundworkToken;
    out['gwos-app-name'] ??= 'fake';
  }
  return out;
}

const groundworkResults = (entity: string): string =>
  JSON.stringify({
    successful: 1,
    failed: 0,
    entityType: 'Host',
    operation: 'Delete',
    results: [{ entity, status: 'success' }],
    count: 1,
  });

/** Installs the fake at `base`, forwarding to the mock at `mockUrl`, with at most one fault. */
export function fakeVendor(base: string, mockUrl: string, fault?: FuzzFault): nock.Scope {
  const scope = nock(base).persist();
  scope.on('request', (req: { headers: Record<string, string> }) => {
    if (req.headers['content-type'] !== undefined) {
      req.headers[ORIGINAL_TYPE] = req.headers['content-type'];
      req.headers['content-type'] = 'application/x-fake-raw';
    }
  });
  const route = async (method: string, path: string, headersIn: Headers, body: string): Promise<Reply> => {
    let headers: Headers = {};
    for (const [k, v] of Object.entries(headersIn))
      if (k !== ORIGINAL_TYPE && k !== 'content-type' && k !== 'host') headers[k] = v;
    if (headersIn[ORIGINAL_TYPE] !== undefined) headers['content-type'] = headersIn[ORIGINAL_TYPE];
    const pathname = path.split('?')[0]!;
    // A vendor has no understudy admin API: state_round_trip is not checked here (it is the mock's
    // check, test/fuzz/state-round-trip.test.ts), and the fuzz runs do not read the whole state twice
    // through nock after every accepted write.
    if (pathname.startsWith('/__admin/'))
      return [404, JSON.stringify({ message: 'Not Found' }), { 'content-type': 'application/json' }];
    const groundwork = /^\/api\/(hosts|biz|services)/.test(pathname);

    if (fault === 'auth-ignored') headers = withCredentials(pathname, headers);
    if (fault === 'header-optional' && groundwork) {
      const token = headers['gwos-api-token'];
      const app = headers['gwos-app-name'];
      if (token && !app) headers['gwos-app-name'] = 'fake';
      if (app && !token) headers['gwos-api-token'] = DEMO.groundworkToken;
    }
    if (fault === 'crashes-on-bad-json' && (headers['content-type'] ?? '').includes('json') && body !== '') {
      try {
        JSON.parse(body);
      } catch {
        return [
          500,
          JSON.stringify({ message: 'java.lang.NullPointerException' }),
          { 'content-type': 'application/json' },
        ];
      }
    }
    if (
      fault === 'soft-delete' &&
      method === 'DELETE' &&
      (pathname.startsWith('/api/hosts/') || pathname === '/api/hosts')
    ) {
      const name = decodeURIComponent(pathname.slice('/api/hosts/'.length)) || 'host';
      return [200, groundworkResults(name), { 'content-type': 'application/json' }];
    }
    if (fault === 'soft-delete' && pathname === '/api/auth/logout')
      return [200, 'true', { 'content-type': 'text/plain' }];

    const reply = await forward(mockUrl, method, path, headers, body);
    const [status] = reply;
    if (fault === 'accepts-invalid' && status === 400 && body !== '')
      return [200, '{}', { 'content-type': 'application/json' }];
    if (
      fault === 'refuses-valid' &&
      method === 'GET' &&
      status >= 200 &&
      status < 300 &&
      (pathname.startsWith('/integrations/') || pathname.startsWith('/api/integration'))
    ) {
      return [422, JSON.stringify({ message: 'Unprocessable Entity' }), { 'content-type': 'application/json' }];
    }
    if (fault === 'no-405' && status === 405)
      return [
        404,
        JSON.stringify({ message: `No route for ${method} ${pathname}` }),
        { 'content-type': 'application/json' },
      ];
    return reply;
  };
  for (const method of ['GET', 'PUT', 'POST', 'DELETE', 'PATCH'] as const) {
    scope.intercept(/.*/, method).reply(function (uri, body, callback) {
      const headers = Object.fromEntries(
        Object.entries(this.req.headers as Record<string, string | string[]>).map(([k, v]) => [
          k.toLowerCase(),
          Array.isArray(v) ? v.join(', ') : v,
        ]),
      );
      route(method, uri, headers, typeof body === 'string' ? body : JSON.stringify(body)).then(
        (reply) => callback(null, reply),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), [502, '', {}]),
      );
    });
  }
  return scope;
}
