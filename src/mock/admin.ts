import type { IncomingMessage, ServerResponse } from 'node:http';
import { presentsToken, refuseAdmin, sessionCookie, tokenMatches } from './admin-guard.js';
import { HttpError } from './errors.js';
import { parseFaultConfig } from './faults.js';
import { lingerIfBodyArriving } from './linger.js';
import type { JournalRecord } from '../core/pipeline.js';
import { checkSessionId, SESSION_HEADER } from '../core/sessions.js';
import type { AdminHost } from './admin-host.js';
import { grantSession, serveLogin, serveUi, streamEvents } from './ui.js';
import { readBody } from '../adapters/read-body.js';

/**
 * Everything about the mock itself lives under `/__admin` (WireMock's convention):
 * health, reset, state dump/load, the request journal and its live feed, and the dashboard.
 */
export async function handleAdmin(host: AdminHost, req: IncomingMessage, res: ServerResponse): Promise<JournalRecord> {
  const url = new URL(req.url ?? '/', 'http://mock');
  const reply = replier(req, res);
  const ui = url.pathname === '/__admin/ui' || url.pathname.startsWith('/__admin/ui/');
  const refused = guard(host, req, res, url, ui, reply);
  if (refused) return refused;
  if (ui) return serveUi(req, res, url.pathname);
  const call: AdminCall = {
    host,
    req,
    res,
    url,
    route: `${req.method} ${url.pathname.replace(/\/+$/, '')}`,
    // The session an admin call is about: `?session=<id>`, or the header as vendor requests send it.
    session: url.searchParams.get('session') ?? single(req.headers[SESSION_HEADER]),
    reply,
  };
  try {
    return await dispatch(call);
  } catch (error) {
    if (error instanceof HttpError) return reply(error.status, { error: error.message });
    return reply(500, { error: (error as Error).message });
  }
}

type Reply = (status: number, body?: unknown, headers?: Record<string, string>) => JournalRecord;

/** One admin request: the server it drives, its route (`METHOD /path`), its session and its reply. */
interface AdminCall {
  host: AdminHost;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  route: string;
  session: string | undefined;
  reply: Reply;
}

/** Answers with pretty-printed JSON (or nothing), and the journal record of the answer. */
function replier(req: IncomingMessage, res: ServerResponse): Reply {
  return (status, body, headers = {}) => {
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
}

/**
 * The answer to a request admin refuses (a foreign page or host, a missing token), or the dashboard's
 * login; undefined lets the request through.
 */
function guard(
  host: AdminHost,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ui: boolean,
  reply: Reply,
): JournalRecord | undefined {
  const refusal = refuseAdmin({ method: req.method ?? 'GET', headers: req.headers }, host.admin);
  if (refusal) return reply(refusal.status, { error: refusal.error }, refusal.headers);
  const token = host.admin.token;
  if (!token) return undefined;
  const port = req.socket.localPort;
  if (ui) {
    // The page is protected too: `?token=` once buys an HttpOnly, SameSite=Strict cookie, so the
    // token leaves the address bar and the history, and no script of the page can read it.
    const given = url.searchParams.get('token');
    if (given !== null && tokenMatches(given, token)) return grantSession(res, sessionCookie(token, port));
    if (presentsToken(req.headers, token, port)) return undefined;
    if (url.pathname.replace(/\/+$/, '') === '/__admin/ui') return serveLogin(req, res, given !== null);
    return reply(401, { error: 'the dashboard needs the admin token: open /__admin/ui and enter it' });
  }
  if (presentsToken(req.headers, token, port)) return undefined;
  return reply(
    401,
    {
      error:
        'the admin API needs its token: send Authorization: Bearer <admin token> (or X-Admin-Token: <admin token>)',
    },
    { 'WWW-Authenticate': 'Bearer realm="understudy admin"' },
  );
}

/** Each admin endpoint by its route. */
async function dispatch(call: AdminCall): Promise<JournalRecord> {
  const { host, req, res, url, route, reply } = call;
  if (route.startsWith('DELETE /__admin/sessions/')) {
    const id = decodeURIComponent(route.slice('DELETE /__admin/sessions/'.length));
    checkSessionId(id);
    if (!host.sessions.delete(id)) return reply(404, { error: `no session '${id}'` });
    return reply(204);
  }
  switch (route) {
    case 'GET /__admin/sessions':
      return reply(200, sessionsReport(host));
    case 'DELETE /__admin/sessions':
      return reply(200, { deleted: host.sessions.clear() });
    case 'GET /__admin/health':
      return reply(200, health(host));
    case 'POST /__admin/reset':
      return reset(call);
    case 'GET /__admin/state':
      return writeState(call);
    case 'PUT /__admin/state':
      return loadState(call);
    case 'GET /__admin/events':
      return streamEvents(host, req, res, url);
    case 'GET /__admin/requests': {
      const limit = Number(url.searchParams.get('limit') ?? 0) || undefined;
      const since = Number(url.searchParams.get('since') ?? 0) || undefined;
      return reply(200, { requests: host.journal.list({ limit, since, session: call.session }) });
    }
    case 'DELETE /__admin/requests':
      host.journal.clear();
      return reply(204);
    case 'GET /__admin/faults':
      return reply(200, host.faults.current);
    case 'PUT /__admin/faults':
      return setFaults(call);
    case 'DELETE /__admin/faults':
      host.faults.set({ ...host.faults.current, enabled: false });
      return reply(204);
    default:
      return reply(404, { error: `no admin endpoint ${route}`, endpoints: ADMIN_ENDPOINTS });
  }
}

/** `GET /__admin/health`: the vendors served, the sessions, and the state file's writes. */
function health(host: AdminHost): unknown {
  return {
    status: 'ok',
    vendors: [...host.vendors.keys()],
    uptimeSeconds: Math.round(process.uptime()),
    // verify --concurrency looks for this: a target without it (a real vendor) has one state for all.
    sessions: {
      live: host.sessions.size,
      max: host.sessions.limits.max,
      ttlSeconds: host.sessions.limits.ttlMs / 1000,
    },
    ...(host.stateFile
      ? {
          stateFile: {
            path: host.stateFile.path,
            writes: host.stateFile.writes,
            lastWriteMs: Math.round(host.stateFile.lastWriteMs),
            nextWriteDelayMs: host.stateFile.delayMs,
          },
        }
      : {}),
  };
}

/** `POST /__admin/reset[?vendor=v&session=id]`: back to the fixtures. */
function reset({ host, url, session, reply }: AdminCall): JournalRecord {
  const vendor = url.searchParams.get('vendor') ?? undefined;
  if (vendor && !host.vendors.has(vendor)) return reply(400, { error: `unknown vendor '${vendor}'` });
  if (session !== undefined) {
    // One session's reset leaves the journal to the others.
    checkSessionId(session);
    host.reset(vendor, session);
    return reply(200, { reset: vendor ?? [...host.vendors.keys()], session });
  }
  host.reset(vendor);
  host.journal.clear();
  return reply(200, { reset: vendor ?? [...host.vendors.keys()] });
}

/** `GET /__admin/state`: the dump, streamed. */
function writeState({ host, res, session }: AdminCall): JournalRecord {
  // Written piece by piece off the live state (one snapshot: nothing runs in between), so a
  // 100,000-host estate is never copied or held as one string.
  const pieces = host.serializeState(session);
  // The first piece finds the session (a 404 for an unknown one) before anything is written.
  const first = pieces.next();
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
  if (!first.done) res.write(first.value);
  for (const piece of pieces) res.write(piece);
  res.end();
  return { status: 200, violations: [] };
}

/** `PUT /__admin/state`: a dump replaces the state, or a bad one changes nothing. */
async function loadState({ host, req, session, reply }: AdminCall): Promise<JournalRecord> {
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
    host.loadState(dump as Record<string, unknown>, session);
  } catch (error) {
    if (error instanceof HttpError) throw error;
    return reply(400, { error: (error as Error).message });
  }
  return reply(200, { loaded: Object.keys(dump), ...(session === undefined ? {} : { session }) });
}

/** `PUT /__admin/faults`: a new fault configuration, checked whole before it applies. */
async function setFaults({ host, req, reply }: AdminCall): Promise<JournalRecord> {
  const text = await readAll(req);
  let config;
  try {
    config = parseFaultConfig(JSON.parse(text));
  } catch (error) {
    return reply(400, { error: (error as Error).message });
  }
  host.faults.set(config);
  return reply(200, config);
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
function sessionsReport(host: AdminHost): unknown {
  const { sessions } = host;
  return {
    live: sessions.size,
    max: sessions.limits.max,
    ttlSeconds: sessions.limits.ttlMs / 1000,
    expired: sessions.expired,
    evicted: sessions.evicted,
    sessions: host.core.listSessions(),
  };
}
