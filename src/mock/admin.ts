import type { IncomingMessage, ServerResponse } from 'node:http';
import { presentsToken, refuseAdmin, sessionCookie, tokenMatches } from './admin-guard.js';
import { HttpError } from './errors.js';
import { parseFaultConfig } from './faults.js';
import { lingerIfBodyArriving } from './linger.js';
import type { JournalRecord } from '../core/pipeline.js';
import { checkSessionId, SESSION_HEADER } from '../core/sessions.js';
import type { MockServer } from './server.js';
import { grantSession, serveLogin, serveUi, streamEvents } from './ui.js';
import { readBody } from '../adapters/read-body.js';

/**
 * Everything about the mock itself lives under `/__admin` (WireMock's convention):
 * health, reset, state dump/load, the request journal and its live feed, and the dashboard.
 */
export async function handleAdmin(mock: MockServer, req: IncomingMessage, res: ServerResponse): Promise<JournalRecord> {
  const url = new URL(req.url ?? '/', 'http://mock');
  const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`;
  const reply = (status: number, body?: unknown, headers: Record<string, string> = {}): JournalRecord => {
    const payload = body === undefined ? '' : JSON.stringify(body, null, 2);
    lingerIfBodyArriving(req, res, status, headers);
    res.writeHead(status, {
      ...(body === undefined
        ? {}
        : { 'Content-Type': 'application/json; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }),
      ...headers,
    });
    res.end(payload);
    return { status, violations: [] };
  };
  const refusal = refuseAdmin({ method: req.method ?? 'GET', headers: req.headers }, mock.admin);
  if (refusal) return reply(refusal.status, { error: refusal.error }, refusal.headers);
  const token = mock.admin.token;
  const port = req.socket.localPort;
  const ui = url.pathname === '/__admin/ui' || url.pathname.startsWith('/__admin/ui/');
  if (token && ui) {
    // The page is protected too: `?token=` once buys an HttpOnly, SameSite=Strict cookie, so the
    // token leaves the address bar and the history, and no script of the page can read it.
    const given = url.searchParams.get('token');
    if (given !== null && tokenMatches(given, token)) return grantSession(res, sessionCookie(token, port));
    if (!presentsToken(req.headers, token, port)) {
      if (url.pathname.replace(/\/+$/, '') === '/__admin/ui') return serveLogin(req, res, given !== null);
      return reply(401, { error: 'the dashboard needs the admin token: open /__admin/ui and enter it' });
    }
  }
  if (ui) return serveUi(req, res, url.pathname);
  if (token && !presentsToken(req.headers, token, port)) {
    return reply(
      401,
      {
        error:
          'the admin API needs its token: send Authorization: Bearer <admin token> (or X-Admin-Token: <admin token>)',
      },
      { 'WWW-Authenticate': 'Bearer realm="understudy admin"' },
    );
  }
  // The session an admin call is about: `?session=<id>`, or the header as vendor requests send it.
  const session = url.searchParams.get('session') ?? single(req.headers[SESSION_HEADER]);
  try {
    if (route.startsWith('DELETE /__admin/sessions/')) {
      const id = decodeURIComponent(route.slice('DELETE /__admin/sessions/'.length));
      checkSessionId(id);
      if (!mock.sessions.delete(id)) return reply(404, { error: `no session '${id}'` });
      return reply(204);
    }
    switch (route) {
      case 'GET /__admin/sessions':
        return reply(200, sessionsReport(mock));
      case 'DELETE /__admin/sessions':
        return reply(200, { deleted: mock.sessions.clear() });
      case 'GET /__admin/health':
        return reply(200, {
          status: 'ok',
          vendors: [...mock.vendors.keys()],
          uptimeSeconds: Math.round(process.uptime()),
          // verify --concurrency looks for this: a target without it (a real vendor) has one state for all.
          sessions: {
            live: mock.sessions.size,
            max: mock.sessions.limits.max,
            ttlSeconds: mock.sessions.limits.ttlMs / 1000,
          },
          ...(mock.stateFile
            ? {
                stateFile: {
                  path: mock.stateFile.path,
                  writes: mock.stateFile.writes,
                  lastWriteMs: Math.round(mock.stateFile.lastWriteMs),
                  nextWriteDelayMs: mock.stateFile.delayMs,
                },
              }
            : {}),
        });
      case 'POST /__admin/reset': {
        const vendor = url.searchParams.get('vendor') ?? undefined;
        if (vendor && !mock.vendors.has(vendor)) return reply(400, { error: `unknown vendor '${vendor}'` });
        if (session !== undefined) {
          // One session's reset leaves the journal to the others.
          checkSessionId(session);
          mock.reset(vendor, session);
          return reply(200, { reset: vendor ?? [...mock.vendors.keys()], session });
        }
        mock.reset(vendor);
        mock.journal.clear();
        return reply(200, { reset: vendor ?? [...mock.vendors.keys()] });
      }
      case 'GET /__admin/state': {
        // Written piece by piece off the live state (one snapshot: nothing runs in between), so a
        // 100,000-host estate is never copied or held as one string.
        const pieces = mock.serializeState(session);
        // The first piece finds the session (a 404 for an unknown one) before anything is written.
        const first = pieces.next();
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
        if (!first.done) res.write(first.value);
        for (const piece of pieces) res.write(piece);
        res.end();
        return { status: 200, violations: [] };
      }
      case 'PUT /__admin/state': {
        const text = await readAll(req);
        let dump: unknown;
        try {
          dump = JSON.parse(text);
        } catch (error) {
          return reply(400, { error: `state must be JSON: ${(error as Error).message}` });
        }
        if (!dump || typeof dump !== 'object' || Array.isArray(dump))
          return reply(400, { error: 'state must be an object keyed by vendor' });
        try {
          mock.loadState(dump as Record<string, unknown>, session);
        } catch (error) {
          if (error instanceof HttpError) throw error;
          return reply(400, { error: (error as Error).message });
        }
        return reply(200, { loaded: Object.keys(dump), ...(session === undefined ? {} : { session }) });
      }
      case 'GET /__admin/events':
        return await streamEvents(mock, req, res, url);
      case 'GET /__admin/requests': {
        const limit = Number(url.searchParams.get('limit') ?? 0) || undefined;
        const since = Number(url.searchParams.get('since') ?? 0) || undefined;
        return reply(200, { requests: mock.journal.list({ limit, since, session }) });
      }
      case 'DELETE /__admin/requests':
        mock.journal.clear();
        return reply(204);
      case 'GET /__admin/faults':
        return reply(200, mock.faults.current);
      case 'PUT /__admin/faults': {
        const text = await readAll(req);
        let config;
        try {
          config = parseFaultConfig(JSON.parse(text));
        } catch (error) {
          return reply(400, { error: (error as Error).message });
        }
        mock.faults.set(config);
        return reply(200, config);
      }
      case 'DELETE /__admin/faults':
        mock.faults.set({ ...mock.faults.current, enabled: false });
        return reply(204);
      default:
        return reply(404, { error: `no admin endpoint ${route}`, endpoints: ADMIN_ENDPOINTS });
    }
  } catch (error) {
    if (error instanceof HttpError) return reply(error.status, { error: error.message });
    return reply(500, { error: (error as Error).message });
  }
}

const ADMIN_ENDPOINTS = [
  'GET /__admin/ui',
  'GET /__admin/events[?since=id]',
  'GET /__admin/health',
  'POST /__admin/reset[?vendor=v&session=id]',
  'GET /__admin/state[?session=id]',
  'PUT /__admin/state[?session=id]',
  'GET /__admin/requests[?limit=n&since=id&session=id]',
  'GET|DELETE /__admin/sessions',
  'DELETE /__admin/sessions/{id}',
  'DELETE /__admin/requests',
  'GET|PUT|DELETE /__admin/faults',
];

/** A state dump or fault configuration; a larger one is a 413, as on vendor paths. */
const MAX_ADMIN_BODY_BYTES = 64 * 1024 * 1024;

async function readAll(req: IncomingMessage): Promise<string> {
  const bytes = await readBody(
    req,
    MAX_ADMIN_BODY_BYTES,
    () =>
      new HttpError(
        413,
        `the body is larger than the admin API's limit of ${MAX_ADMIN_BODY_BYTES} bytes (64 MiB): use --state-file for a larger state`,
      ),
  );
  return bytes.toString('utf8');
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `GET /__admin/sessions`: each live session, least recently used first, and the limits. */
function sessionsReport(mock: MockServer): unknown {
  const { sessions } = mock;
  return {
    live: sessions.size,
    max: sessions.limits.max,
    ttlSeconds: sessions.limits.ttlMs / 1000,
    expired: sessions.expired,
    evicted: sessions.evicted,
    sessions: mock.core.listSessions(),
  };
}
