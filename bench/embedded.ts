// npm run bench:embedded: the in-process mock (createMock from the built package) answering
// GroundWork's `GET /api/hosts/{name}` (issue 18's target: ≥ 100k req/s on this machine), through
// `mock.fetch(url, init)`, `mock.fetch(new Request(…))` (a Response out, its body read) and
// `mock.handle` (plain values), each with the mock's own responses re-checked against the spec (createMock's default)
// and without. Requests are issued CONCURRENCY at a time, as a test suite's parallel awaits would.
// req/s is the median of 5 rounds of N requests after a warm-up, beside the CPU this process spent per
// request (less sensitive to a busy machine). The floor row builds and reads a Response of the same
// bytes without the mock: what `fetch` costs any in-process mock in this Node. Env: BENCH_N (50000).
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../src/spec/paths.js';
import { fmt, median, oneMinuteLoad } from './lib.js';

const N = Number(process.env.BENCH_N ?? 50_000);
const CONCURRENCY = 64;
const URL_ = 'http://gw.test/api/hosts/localhost';
const HEADERS = { 'GWOS-API-TOKEN': 'understudy-demo-token', 'GWOS-APP-NAME': 'bench', Accept: 'application/json' };

interface Rate {
  rps: number;
  /** CPU (user + system) of this process per request, µs. */
  cpuUs: number;
}

async function rate(once: () => Promise<number>): Promise<Rate> {
  const batch = async (n: number) => {
    for (let done = 0; done < n; done += CONCURRENCY) {
      const statuses = await Promise.all(Array.from({ length: Math.min(CONCURRENCY, n - done) }, once));
      if (statuses.some((s) => s !== 200)) throw new Error(`answered ${statuses.find((s) => s !== 200)}, expected 200`);
    }
  };
  await batch(5000);
  const rounds: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    await batch(N);
    const spent = process.cpuUsage(cpuBefore);
    rounds.push(N / ((performance.now() - started) / 1000));
    cpu.push((spent.user + spent.system) / N);
  }
  return { rps: median(rounds), cpuUs: median(cpu) };
}

const show = (r: Rate) => `${fmt(r.rps)} (${fmt(r.cpuUs, 1)} µs)`;

async function main(): Promise<void> {
  const { createMock } = (await import(
    pathToFileURL(join(PACKAGE_ROOT, 'dist', 'index.js')).href
  )) as typeof import('../src/index.js');
  console.error(
    `bench:embedded: ${cpus().length} cores, Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const rows: string[] = [];
  let sample: { status: number; headers: Record<string, string>; body: string } | undefined;
  for (const validateResponses of [true, false]) {
    const mock = await createMock({ vendors: ['groundwork'], validateResponses });
    const plain = {
      method: 'GET',
      url: '/api/hosts/localhost',
      headers: Object.fromEntries(Object.entries(HEADERS).map(([k, v]) => [k.toLowerCase(), v])),
    };
    const viaFetch = await rate(async () => {
      const res = await mock.fetch(URL_, { headers: HEADERS });
      await res.arrayBuffer();
      return res.status;
    });
    const viaRequest = await rate(async () => {
      const res = await mock.fetch(new Request(URL_, { headers: HEADERS }));
      await res.arrayBuffer();
      return res.status;
    });
    const viaHandle = await rate(async () => (await mock.handle(plain)).status);
    const reply = await mock.handle(plain);
    sample ??= { status: reply.status, headers: reply.headers, body: reply.body };
    await mock.close();
    const label = validateResponses ? 'responses re-checked (default)' : '`validateResponses: false`';
    console.error(
      `  ${label}: fetch(url, init) ${show(viaFetch)} req/s (CPU per request), fetch(Request) ${show(viaRequest)}, handle ${show(viaHandle)}`,
    );
    rows.push(`| ${label} | ${show(viaFetch)} | ${show(viaRequest)} | ${show(viaHandle)} |`);
  }
  if (sample) {
    // The floor: a Response of the same status, headers and body, read as the fetch rows read theirs.
    const { status, headers, body } = sample;
    const floor = await rate(async () => {
      const res = new Response(body, { status, headers });
      await res.arrayBuffer();
      return res.status;
    });
    console.error(`  floor, new Response(same bytes) + arrayBuffer(): ${show(floor)}`);
    rows.push(`| floor: \`new Response(same bytes)\` + \`arrayBuffer()\`, no mock | ${show(floor)} | — | — |`);
  }
  console.log(
    [
      `In-process \`GET /api/hosts/{name}\` (JSON), ${CONCURRENCY} at a time, median of 5 rounds of ${N}; load average ${oneMinuteLoad()} after.`,
      '',
      'req/s (CPU µs of this process per request)',
      '',
      '| createMock | `mock.fetch(url, init)` | `mock.fetch(new Request(…))` | `mock.handle(plain)` |',
      '|---|---:|---:|---:|',
      ...rows,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(`bench:embedded: ${(error as Error).message}`);
  process.exit(1);
});
