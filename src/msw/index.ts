// `import { handlers } from 'understudy/msw'`: MSW request handlers answering the vendors' paths
// with the stateful mock (the same core as the server: validation, auth, vendor errors, faults,
// journal), in Node (setupServer) and in a browser (setupWorker). No Node built-in is imported here
// or below, so a browser bundle takes it as it is.
import { http, HttpResponse, type HttpHandler } from 'msw';
import { plainFromFetch } from '../adapters/fetch.js';
import { SESSION_COOKIE, SESSION_HEADER, sessionIdOf, sessionIdProblem } from '../core/sessions.js';
import { createMockSync, type CreateMockOptions, type EmbeddedMock } from '../embed/create-mock.js';

export interface HandlersOptions extends CreateMockOptions {
  /**
   * Answer only requests under this URL (`https://gw.example.com`, or with a path prefix): the
   * vendors' paths on other origins pass on to your other handlers or the network. Default: any origin.
   */
  baseUrl?: string;
  /**
   * The test session of requests that name none (by `X-Understudy-Session` or the
   * `understudy-session` cookie): their own state on this mock, apart from other sessions'.
   */
  session?: string;
}

export interface MockHandlers {
  /** One catch-all handler: requests for a path no served vendor documents are left alone. */
  handlers: HttpHandler[];
  /** The mock behind them: its state, journal, faults, reset (see createMock). */
  mock: EmbeddedMock;
}

/** Handlers over a mock of their own (each call: a fresh state from the fixtures). */
export function createHandlers(options: HandlersOptions = {}): MockHandlers {
  const { baseUrl, session, ...mockOptions } = options;
  if (session !== undefined) {
    const problem = sessionIdProblem(session);
    if (problem) throw new TypeError(`createHandlers({ session }): ${problem}`);
  }
  const mock = createMockSync(mockOptions);
  return { handlers: handlersFor(() => mock, baseUrl, session), mock };
}

function handlersFor(mock: () => EmbeddedMock, baseUrl: string | undefined, session?: string): HttpHandler[] {
  const prefix = baseUrl?.replace(/\/+$/, '');
  return [
    http.all('*', async ({ request, cookies }) => {
      const plain = plainFromFetch(request);
      // In a browser the page's cookies never reach the request's headers (Cookie is the browser's
      // to send): MSW hands them over apart, and the session cookie is read from there.
      if (sessionIdOf(plain.headers) === undefined) {
        const named = cookies[SESSION_COOKIE] ?? session;
        if (named !== undefined) plain.headers = { ...plain.headers, [SESSION_HEADER]: named };
      }
      if (prefix !== undefined) {
        if (request.url !== prefix && !request.url.startsWith(`${prefix}/`) && !request.url.startsWith(`${prefix}?`))
          return undefined;
        const rest = request.url.slice(prefix.length);
        plain.url = rest.startsWith('/') ? rest : `/${rest}`;
      }
      const m = mock();
      if (!m.serves(plain.url)) return undefined;
      const reply = await m.handle(plain);
      if (reply.drop) return HttpResponse.error();
      const empty = reply.status === 204 || reply.status === 205 || reply.status === 304 || plain.method === 'HEAD';
      return new HttpResponse(empty ? null : reply.body, { status: reply.status, headers: reply.headers });
    }),
  ];
}

let shared: EmbeddedMock | undefined;

/**
 * Every vendor, default fixtures, any origin; the mock is made on the first request it answers.
 * Its state lives as long as the page (or test process): `handlersMock().reset()` between tests.
 */
export const handlers: HttpHandler[] = handlersFor(() => (shared ??= createMockSync()), undefined);

/** The mock behind `handlers` (made now if no request has reached it yet). */
export function handlersMock(): EmbeddedMock {
  return (shared ??= createMockSync());
}

export type { CreateMockOptions, EmbeddedMock, MockSession } from '../embed/create-mock.js';
