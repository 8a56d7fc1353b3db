// npm run bench:sessions: what one replica of the mock holds in test sessions (X-Understudy-Session),
// so that users know when they need a second one behind a load balancer hashing the header.
//  1. Memory: BENCH_SESSIONS sessions (default 1000) of every vendor with the default fixtures are
//     made in-process (createMock from the built package, one request each); the heap after a GC,
//     less the heap before, over the number of sessions, is the cost of one.
//  2. Throughput: the built CLI as a child process (NODE_ENV=production, as bench:run), answering
//     GroundWork's GET /api/hosts/{name} with no session, and round-robin over BENCH_LIVE sessions
//     (default 100); autocannon, c=32, median of 3 rounds of 5 s each, alternating, after a warm-up.
// Run with `node --expose-gc` (the npm script does) for the memory figures.
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { PACKAGE_ROOT } from '../src/spec/paths.js';
import { CLI, fmt, median, stop, waitFor } from './lib.js';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1000);
const LIVE = Number(process.env.BENCH_LIVE ?? 100);
const ROUNDS = 3;
const SECONDS = 5;
const CONNECTIONS = 32;
const PATH = '/api/hosts/localhost';
const HEADERS = { 'gwos-api-token': 'understudy-demo-token', 'gwos-app-name': 'bench', accept: 'application/json' };

function heapMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench:sessions does)');
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

async function memory(): Promise<{ perSessionMb: number; jsonKb: number }> {
  const { createMock } = (await import(
    pathToFileURL(join(PACKAGE_ROOT, 'dist', 'index.js')).href
  )) as typeof import('../src/index.js');
  const mock = await createMock({ sessions: { max: SESSIONS } });
  await mock.session('warm-up').fetch(`http://gw.test${PATH}`, { headers: HEADERS });
  mock.sessions.clear();
  const before = heapMb();
  for (let i = 0; i < SESSIONS; i++) {
    const res = await mock.session(`s${i}`).fetch(`http://gw.test${PATH}`, { headers: HEADERS });
    if (res.status !== 200) throw new Error(`session s${i}: answered ${res.status}`);
  }
  const after = heapMb();
  const jsonKb = (mock.sessions.list()[0]?.approxBytes ?? 0) / 1024;
  if (mock.sessions.list().length !== SESSIONS) throw new Error('sessions were evicted: raise the cap');
  await mock.close();
  return { perSessionMb: (after - before) / SESSIONS, jsonKb };
}

function requestsFor(sessions: number) {
  return sessions === 0
    ? [{ method: 'GET' as const, path: PATH, headers: HEADERS }]
    : Array.from({ length: sessions }, (_, i) => ({
        method: 'GET' as const,
        path: PATH,
        headers: { ...HEADERS, 'x-understudy-session': `live-${i}` },
      }));
}

async function round(url: string, sessions: number, duration: number): Promise<number> {
  const result = await autocannon({ url, requests: requestsFor(sessions), connections: CONNECTIONS, duration });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

/** Without and with sessions, round by round (so that a change of the machine's load hits both alike). */
async function rates(url: string): Promise<{ shared: number; sessions: number }> {
  await round(url, 0, 1);
  await round(url, LIVE, 1);
  const shared: number[] = [];
  const sessions: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    shared.push(await round(url, 0, SECONDS));
    sessions.push(await round(url, LIVE, SECONDS));
  }
  return { shared: median(shared), sessions: median(sessions) };
}

async function main(): Promise<void> {
  const [loadBefore = 0] = loadavg();
  const { perSessionMb, jsonKb } = await memory();
  console.error(`  memory: ${fmt(perSessionMb, 3)} MB per session (${fmt(jsonKb, 1)} KiB as JSON)`);
  const port = 4100 + Math.floor(Math.random() * 900);
  const child = spawn(
    process.execPath,
    [CLI, 'mock', '--port', String(port), '--vendors', 'groundwork', '--max-sessions', String(Math.max(LIVE, 1))],
    { env: { ...process.env, NODE_ENV: 'production' }, stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  const measured = await (async () => {
    try {
      await waitFor(`${url}/__admin/health`, 30_000, child);
      return await rates(url);
    } finally {
      await stop(child);
    }
  })();
  const { shared, sessions } = measured;
  console.error(`  no session: ${fmt(shared)} req/s; round-robin over ${LIVE} sessions: ${fmt(sessions)} req/s`);
  const [loadAfter = 0] = loadavg();
  const perGb = 1024 / perSessionMb;
  console.log(
    [
      `Sessions on one replica (${cpus().length} cores, Node ${process.version}, load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after).`,
      '',
      '| measure | value |',
      '|---|---:|',
      `| heap per session (all four vendors, default fixtures; ${fmt(SESSIONS)} sessions) | ${fmt(perSessionMb, 3)} MB |`,
      `| a fresh session's state as JSON | ${fmt(jsonKb, 1)} KiB |`,
      `| sessions per GB of heap | ~${fmt(perGb)} |`,
      `| GET /api/hosts/{name}, no session (c=${CONNECTIONS}) | ${fmt(shared)} req/s |`,
      `| GET /api/hosts/{name}, round-robin over ${LIVE} sessions | ${fmt(sessions)} req/s |`,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
