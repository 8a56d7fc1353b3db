import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../spec/paths.js';
import type { JournalChange, JournalEntry } from './journal.js';
import type { JournalRecord } from '../core/pipeline.js';
import type { AdminHost } from './admin-host.js';

/**
 * The dashboard at `/__admin/ui`: a Preact app bundled by esbuild (`src/ui/build.mjs`) into
 * `dist/ui/index.html` (the shell, with its CSS inline) and `dist/ui/app.js`, and the live feed of
 * the journal it reads (`GET /__admin/events`, Server-Sent Events).
 */

/** Looked up in Maps, not objects: `/__admin/ui/constructor` names no file (it was Object's constructor, and a 500). */
type UiFiles = Map<string, string>;

const CONTENT_TYPES = new Map([
  ['index.html', 'text/html; charset=utf-8'],
  ['app.js', 'text/javascript; charset=utf-8'],
]);

/** Everything the page needs is served from here; nothing is fetched from anywhere else. */
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

let files: Promise<UiFiles> | undefined;

/**
 * Run from dist/ (the installed CLI), the files `npm run build` wrote to dist/ui. Run from source
 * (tests, tsx), the UI is bundled from src/ui into memory on the first request, so what is served
 * is always the source being tested, never a stale build.
 */
function uiFiles(): Promise<UiFiles> {
  files ??= loadUiFiles().catch((error: unknown) => {
    files = undefined;
    throw error;
  });
  return files;
}

async function loadUiFiles(): Promise<UiFiles> {
  const built = join(PACKAGE_ROOT, 'dist', 'ui');
  const fromSource = fileURLToPath(import.meta.url).endsWith('.ts');
  const names = [...CONTENT_TYPES.keys()];
  if (!fromSource && names.every((name) => existsSync(join(built, name)))) {
    return new Map(names.map((name) => [name, readFileSync(join(built, name), 'utf8')]));
  }
  const script = join(PACKAGE_ROOT, 'src', 'ui', 'build.mjs');
  if (!existsSync(script)) throw new Error(`the dashboard is not built: ${built} is missing (run npm run build)`);
  const { bundleUi } = (await import(pathToFileURL(script).href)) as {
    bundleUi: () => Promise<Record<string, string>>;
  };
  return new Map(Object.entries(await bundleUi()));
}

/** `GET /__admin/ui` (the page) and `GET /__admin/ui/app.js`. */
export async function serveUi(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<JournalRecord> {
  const reply = (status: number, type: string, body: string, headers: Record<string, string> = {}): JournalRecord => {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Length': String(Buffer.byteLength(body)),
      ...SECURITY_HEADERS,
      ...headers,
    });
    res.end(req.method === 'HEAD' ? '' : body);
    return { status, violations: [] };
  };
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return reply(405, 'text/plain; charset=utf-8', 'use GET\n', { Allow: 'GET, HEAD' });
  const rest = pathname.replace(/^\/__admin\/ui\/?/, '');
  const name = rest === '' || rest === 'index.html' ? 'index.html' : rest;
  const type = CONTENT_TYPES.get(name);
  if (!type) return reply(404, 'text/plain; charset=utf-8', `no dashboard file ${pathname}\n`);
  let loaded: UiFiles;
  try {
    loaded = await uiFiles();
  } catch (error) {
    return reply(
      500,
      'text/plain; charset=utf-8',
      `understudy: cannot serve the dashboard: ${(error as Error).message}\n`,
    );
  }
  return reply(200, type, loaded.get(name) ?? '');
}

/**
 * A mock with an admin token answers its dashboard only to a browser holding the session cookie.
 * Without it, this page (static: it repeats nothing from the request) takes the token and sends it
 * once as `?token=`, which the mock trades for the cookie and a redirect to the bare address.
 */
export function serveLogin(req: IncomingMessage, res: ServerResponse, wrongToken: boolean): JournalRecord {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>understudy · admin token</title><link rel="icon" href="data:,">
<style>body{font:14px/1.5 system-ui,sans-serif;margin:15vh auto;max-width:34rem;color:#1d2330}input{font:inherit;padding:4px 8px;width:18rem}button{font:inherit;padding:4px 12px}.bad{color:#b42318}code{font-size:12px}</style>
</head><body>
<h1>understudy · mock dashboard</h1>
${wrongToken ? '<p class="bad" role="alert">That is not this mock\'s admin token.</p>' : ''}
<p>This mock's admin API needs its token: the one given with <code>--admin-token</code> or <code>UNDERSTUDY_ADMIN_TOKEN</code>, or the one the mock printed at start.</p>
<form method="get" action="/__admin/ui"><input type="password" name="token" aria-label="Admin token" autofocus required> <button type="submit">Use token</button></form>
</body></html>
`;
  res.writeHead(401, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    ...SECURITY_HEADERS,
    'Content-Security-Policy': SECURITY_HEADERS['Content-Security-Policy'].replace(
      "form-action 'none'",
      "form-action 'self'",
    ),
    'WWW-Authenticate': 'Bearer realm="understudy admin"',
  });
  res.end(req.method === 'HEAD' ? '' : body);
  return { status: 401, violations: [] };
}

/** The browser proved it knows the token: it gets the session cookie, and the address without the token. */
export function grantSession(res: ServerResponse, cookie: string): JournalRecord {
  res.writeHead(303, {
    Location: '/__admin/ui',
    'Set-Cookie': cookie,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Content-Length': '0',
  });
  res.end();
  return { status: 303, violations: [] };
}

/** A slow reader is cut off past this much unsent data; it reconnects and catches up with `since`. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const BACKLOG_CHUNK = 500;
const FLUSH_MS = 25;
const HEARTBEAT_MS = 15_000;

/**
 * `GET /__admin/events[?since=id]`: the journal as Server-Sent Events. First `hello` (the oldest id
 * the journal still holds, so a reconnecting client drops what was cleared meanwhile), then the
 * entries after `since` (or the `Last-Event-ID` an EventSource sends back), then each new entry as
 * it is journaled, in batches (`entries`: a JSON array; the event id is the last entry's id), and
 * `cleared` when the journal is emptied.
 */
export function streamEvents(
  host: AdminHost,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<JournalRecord> {
  const lastEventId = Number(req.headers['last-event-id']);
  const since =
    Number.isInteger(lastEventId) && lastEventId > 0
      ? lastEventId
      : Math.max(0, Number(url.searchParams.get('since')) || 0);
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    // Not reused once the feed ends: a feed ended by close() must not linger as a keep-alive socket.
    Connection: 'close',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  req.socket.setNoDelay(true);

  return new Promise<JournalRecord>((resolve) => {
    let pending: JournalEntry[] = [];
    let flushTimer: NodeJS.Timeout | undefined;
    const write = (event: string, data: unknown, id?: number): void => {
      res.write(`event: ${event}\n${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`);
    };
    const writeEntries = (entries: JournalEntry[]): void => {
      for (let i = 0; i < entries.length; i += BACKLOG_CHUNK) {
        const chunk = entries.slice(i, i + BACKLOG_CHUNK);
        write('entries', chunk, chunk.at(-1)?.id);
      }
    };
    const flush = (): void => {
      flushTimer = undefined;
      const batch = pending;
      pending = [];
      if (batch.length > 0) writeEntries(batch);
      if (res.writableLength > MAX_BUFFERED_BYTES) finish();
    };
    const onChange = (change: JournalChange): void => {
      if (change.type === 'closed') {
        finish();
        return;
      }
      if (change.type === 'cleared') {
        pending = [];
        write('cleared', {});
        return;
      }
      pending.push(change.entry);
      flushTimer ??= setTimeout(flush, FLUSH_MS);
    };
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    let finished = false;
    const unsubscribe = host.journal.subscribe(onChange);
    function finish(): void {
      if (finished) return;
      finished = true;
      unsubscribe();
      clearInterval(heartbeat);
      if (flushTimer) clearTimeout(flushTimer);
      res.end();
      resolve({ status: 200, violations: [] });
    }
    // The response's close, not the request's: a request stream closes once its (empty) body is read.
    res.on('close', finish);
    res.on('error', finish);

    const all = host.journal.list();
    res.write('retry: 1000\n\n');
    write('hello', {
      oldestId: all[0]?.id ?? null,
      validateResponses: host.options.validateResponses,
      vendors: [...host.vendors.keys()],
    });
    writeEntries(since > 0 ? all.filter((e) => e.id > since) : all);
  });
}
