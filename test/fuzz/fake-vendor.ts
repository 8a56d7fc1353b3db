// A fake of all four vendors for the fuzzer's own proof: the door the fuzzer sends through (its
// `send` option) hands each request to an understudy mock's core in this process (which keeps every
// contract), and breaks exactly one thing on the way - one fault per fuzz check. The fuzzer must
// catch each under that check's name. No socket: the fuzzer's own transport is under test in
// test/fuzz/mock.test.ts, cli.test.ts and state-round-trip.test.ts, which fuzz a listening mock.
import type { HttpRequest, HttpResponse, SendResult, Sender } from '../../src/conformance/http.js';
import { inProcess, type Handle } from '../helpers/in-process.js';

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

const DEMO = {
  moogsoft: `Basic ${Buffer.from('John.Doe:MyPassword').toString('base64')}`,
  boomi: `Basic ${Buffer.from('BOOMI_TOKEN.dev@example.com:dev-api-token').toString('base64')}`,
  polarity: 'Bearer my-auth-token',
  groundworkToken: 'understudy-demo-token',
};

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

/** An answer of the fake's own (not the mock's), as the fuzzer's door returns it. */
function reply(status: number, text: string, headers: Headers): SendResult {
  return {
    response: {
      status,
      text,
      headers: { ...headers, 'content-length': String(Buffer.byteLength(text)) },
      durationMs: 0,
    },
  };
}
const json = { 'content-type': 'application/json' };

/**
 * The fake's door, for `runFuzz({ target: <a host that resolves nowhere>, send })`: each request is
 * answered by the mock whose core is `handle`, with at most one fault.
 */
export function fakeVendor(handle: Handle, fault?: FuzzFault): Sender {
  const mock = inProcess(handle);
  return async (request: HttpRequest, timeoutMs: number): Promise<SendResult> => {
    const method = request.method.toUpperCase();
    const pathname = new URL(request.url).pathname;
    const body = request.body ?? '';
    let headers: Headers = {};
    for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v;
    // A vendor has no understudy admin API: state_round_trip is not checked here (it is the mock's
    // check, test/fuzz/state-round-trip.test.ts).
    if (pathname.startsWith('/__admin/')) return reply(404, JSON.stringify({ message: 'Not Found' }), json);
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
        return reply(500, JSON.stringify({ message: 'java.lang.NullPointerException' }), json);
      }
    }
    if (
      fault === 'soft-delete' &&
      method === 'DELETE' &&
      (pathname.startsWith('/api/hosts/') || pathname === '/api/hosts')
    ) {
      const name = decodeURIComponent(pathname.slice('/api/hosts/'.length)) || 'host';
      return reply(200, groundworkResults(name), json);
    }
    if (fault === 'soft-delete' && pathname === '/api/auth/logout')
      return reply(200, 'true', { 'content-type': 'text/plain' });

    const sent = await mock({ ...request, headers }, timeoutMs);
    if (!sent.response) return sent;
    const { status }: HttpResponse = sent.response;
    if (fault === 'accepts-invalid' && status === 400 && body !== '') return reply(200, '{}', json);
    if (
      fault === 'refuses-valid' &&
      method === 'GET' &&
      status >= 200 &&
      status < 300 &&
      (pathname.startsWith('/integrations/') || pathname.startsWith('/api/integration'))
    ) {
      return reply(422, JSON.stringify({ message: 'Unprocessable Entity' }), json);
    }
    if (fault === 'no-405' && status === 405)
      return reply(404, JSON.stringify({ message: `No route for ${method} ${pathname}` }), json);
    return sent;
  };
}
