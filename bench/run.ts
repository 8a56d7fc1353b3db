// npm run bench: our mock vs Prism's static mock vs a raw node:http server answering the same bytes,
// one after another on 127.0.0.1, driven by autocannon from this process (the servers are child
// processes, so each side gets its own core on a 2-core machine). Only same-run ratios count.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { PACKAGE_ROOT } from '../src/spec/paths.js';
import { ENDPOINTS, type Endpoint } from './endpoints.js';
import { CLI, fmt, median, stop, waitFor } from './lib.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = 50;
const ONLY = process.env.BENCH_ONLY?.split(',');
const PRISM = join(PACKAGE_ROOT, 'node_modules', '.bin', 'prism');

interface Measure {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  statuses: Record<string, number>;
}

let nextPort = 4600;
async function startOurs(): Promise<{ url: string; child: ChildProcess; coldMs: number }> {
  const port = nextPort++;
  const started = performance.now();
  const vendors = process.env.BENCH_VENDORS ? ['--vendors', process.env.BENCH_VENDORS] : [];
  const child = spawn(process.execPath, [CLI, 'mock', '--port', String(port), ...vendors], { env: { ...process.env, NODE_ENV: 'production' }, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/__admin/health`);
  return { url, child, coldMs: performance.now() - started };
}

async function startPrism(vendor: string): Promise<{ url: string; child: ChildProcess; coldMs: number }> {
  const port = nextPort++;
  const started = performance.now();
  const child = spawn(PRISM, ['mock', '-h', '127.0.0.1', '-p', String(port), '-v', 'silent', join(PACKAGE_ROOT, 'specs', `${vendor}.yaml`)], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/`);
  return { url, child, coldMs: performance.now() - started };
}

async function startRaw(response: { status: number; headers: Record<string, string>; body: string }): Promise<{ url: string; child: ChildProcess }> {
  const port = nextPort++;
  const child = fork(join(PACKAGE_ROOT, 'bench', 'raw-server.mjs'), [], {
    env: { ...process.env, PORT: String(port), RAW_RESPONSE: JSON.stringify(response) },
    stdio: 'ignore',
  });
  await new Promise((resolve) => child.once('message', resolve));
  return { url: `http://127.0.0.1:${port}`, child };
}

async function load(url: string, endpoint: Endpoint, headers: Record<string, string>, seconds: number): Promise<Measure> {
  const first = { method: endpoint.method, path: endpoint.path, headers: { ...endpoint.headers, ...headers }, body: endpoint.body };
  const then = endpoint.then;
  const requests = then
    ? [
        { ...first, onResponse: (_status: number, body: string, context: Record<string, string>) => void (context.previous = body) },
        { method: then.method, headers: first.headers, setupRequest: (req: object, context: Record<string, string>) => ({ ...req, path: then.path(context.previous ?? '{}') }) },
      ]
    : [first];
  const result = await autocannon({ url, requests: requests as never, connections: CONNECTIONS, duration: seconds });
  const statuses: Record<string, number> = {};
  for (const [k, v] of Object.entries(result.statusCodeStats ?? {})) statuses[k] = (v as { count: number }).count;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts, statuses };
}

async function measure(url: string, endpoint: Endpoint, headers: Record<string, string>): Promise<Measure> {
  await load(url, endpoint, headers, 1); // warm-up: JIT, connection pool, caches
  const rounds: Measure[] = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await load(url, endpoint, headers, DURATION));
  return {
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    errors: rounds.reduce((a, r) => a + r.errors, 0),
    statuses: rounds.at(-1)!.statuses,
  };
}

async function capture(url: string, endpoint: Endpoint, headers: Record<string, string>) {
  const res = await fetch(url + endpoint.path, { method: endpoint.method, headers: { ...endpoint.headers, ...headers }, body: endpoint.body });
  const body = Buffer.from(await res.arrayBuffer());
  const kept: Record<string, string> = {};
  for (const name of ['content-type', 'www-authenticate', 'allow']) {
    const v = res.headers.get(name);
    if (v) kept[name] = v;
  }
  return { status: res.status, headers: kept, body: body.toString('base64') };
}

interface Row {
  endpoint: string;
  vendor: string;
  ours: Measure;
  prism?: Measure;
  raw: Measure;
  vsPrism?: number;
  vsRaw: number;
}

async function coldStarts(): Promise<{ ours: number; prism: Record<string, number> }> {
  const ours: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = await startOurs();
    ours.push(s.coldMs);
    await stop(s.child);
  }
  const prism: Record<string, number> = {};
  for (const vendor of ['groundwork', 'moogsoft', 'polarity', 'boomi']) {
    const s = await startPrism(vendor);
    prism[vendor] = s.coldMs;
    await stop(s.child);
  }
  return { ours: median(ours), prism };
}

async function main(): Promise<void> {
  const endpoints = ENDPOINTS.filter((e) => !ONLY || ONLY.some((o) => e.name.includes(o)));
  const rows: Row[] = [];
  console.error(`bench: ${endpoints.length} endpoints × (ours, Prism, raw) × ${ROUNDS} rounds of ${DURATION}s at c=${CONNECTIONS}`);
  const cold = await coldStarts();
  console.error(`cold start to /__admin/health: ours ${fmt(cold.ours)} ms; Prism ${Object.entries(cold.prism).map(([v, ms]) => `${v} ${fmt(ms)} ms`).join(', ')}`);

  for (const endpoint of endpoints) {
    const ours = await startOurs();
    const headers = {};
    const sample = await capture(ours.url, endpoint, headers);
    if (sample.status !== endpoint.expect) {
      await stop(ours.child);
      throw new Error(`${endpoint.name}: our mock answered ${sample.status}, expected ${endpoint.expect}: ${Buffer.from(sample.body, 'base64').toString().slice(0, 300)}`);
    }
    const oursM = await measure(ours.url, endpoint, headers);
    await stop(ours.child);

    let prismM: Measure | undefined;
    {
      const prism = await startPrism(endpoint.vendor);
      prismM = await measure(prism.url, endpoint, headers);
      await stop(prism.child);
    }

    const raw = await startRaw(sample);
    const rawM = await measure(raw.url, endpoint, headers);
    await stop(raw.child);

    const row: Row = { endpoint: endpoint.name, vendor: endpoint.vendor, ours: oursM, prism: prismM, raw: rawM, vsPrism: prismM ? oursM.rps / prismM.rps : undefined, vsRaw: oursM.rps / rawM.rps };
    rows.push(row);
    console.error(`  ${endpoint.name}: ours ${fmt(oursM.rps)} req/s (p99 ${oursM.p99} ms), Prism ${prismM ? fmt(prismM.rps) : '-'}, raw ${fmt(rawM.rps)} → ×${row.vsPrism ? fmt(row.vsPrism, 1) : '-'} Prism, ${fmt(row.vsRaw * 100)}% of raw`);
  }

  const md = [
    `# Benchmark (${new Date().toISOString()})`,
    '',
    `c=${CONNECTIONS}, ${ROUNDS} rounds × ${DURATION}s after a 1s warm-up, medians; autocannon in the parent process, each server a child process on 127.0.0.1. Our mock runs with NODE_ENV=production (requests validated, responses not re-checked). Prism: \`prism mock -v silent\` (static).`,
    '',
    `Cold start to \`/__admin/health\` 200 (all vendors): **${fmt(cold.ours)} ms** (median of 5). Prism \`mock\` to first answer: ${Object.entries(cold.prism).map(([v, ms]) => `${v} ${fmt(ms)} ms`).join(', ')}.`,
    '',
    '| endpoint | ours req/s | p50 | p99 | errors | Prism req/s | raw req/s | ours/Prism | ours/raw |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) =>
      `| ${r.endpoint} | ${fmt(r.ours.rps)} | ${r.ours.p50} ms | ${r.ours.p99} ms | ${r.ours.errors} | ${r.prism ? fmt(r.prism.rps) : '—'} | ${fmt(r.raw.rps)} | ${r.vsPrism ? `×${fmt(r.vsPrism, 1)}` : '—'} | ${fmt(r.vsRaw * 100)}% |`,
    ),
  ].join('\n');
  mkdirSync(join(PACKAGE_ROOT, 'reports'), { recursive: true });
  writeFileSync(join(PACKAGE_ROOT, 'reports', 'bench.json'), JSON.stringify({ date: new Date().toISOString(), connections: CONNECTIONS, rounds: ROUNDS, durationSeconds: DURATION, coldStartMs: cold, rows }, null, 2));
  writeFileSync(join(PACKAGE_ROOT, 'reports', 'bench.md'), md + '\n');
  console.log(md);
}

main().catch((error: unknown) => {
  console.error(`bench: ${(error as Error).message}`);
  process.exit(1);
});
