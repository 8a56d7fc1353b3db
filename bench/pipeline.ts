// npm run bench:pipeline: what the mock's own code costs per request, without sockets. Each endpoint
// of bench/endpoints.ts is sent sequentially (the built dist/, NODE_ENV=production, no response
// re-checking) two ways: through MockServer.handle, the node:http door, with an in-memory request and
// response; and through MockCore.handle, the transport-free core, as a plain request (what
// createMock's `handle` and MSW run). µs per request, the median of 5 rounds. Compare the first with
// the server CPU column of `npm run bench`: the difference is what node:http and the kernel add,
// which raw node:http pays too. Env: BENCH_ONLY, BENCH_N (20000), BENCH_BASELINE (another build's
// root, e.g. a checkout of main with dist/ built: its MockServer.handle is measured in the same
// rounds, alternating with ours, so that the ratio holds on a busy machine).
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/spec/paths.js';
import type { PlainRequest } from '../src/core/http.js';
import { ENDPOINTS, type Endpoint } from './endpoints.js';
import { fakeRequest, fakeResponse } from './in-memory-http.js';
import { fmt, median } from './lib.js';

const N = Number(process.env.BENCH_N ?? 20_000);
const ONLY = process.env.BENCH_ONLY?.split(',');

type Handle = (req: unknown, res: unknown) => void;

function plain(endpoint: Endpoint): PlainRequest {
  const headers: Record<string, string> = { host: '127.0.0.1:4010' };
  for (const [name, value] of Object.entries(endpoint.headers)) headers[name.toLowerCase()] = value;
  const body = endpoint.body === undefined ? undefined : new TextEncoder().encode(endpoint.body);
  return { method: endpoint.method, url: endpoint.path, headers, body };
}

/** µs per request, the median of 5 rounds of N sequential requests, after a warm-up. */
async function measure(once: () => Promise<number>): Promise<number> {
  const [us] = await alternate([once]);
  return us;
}

/** µs per request of each, the median of 5 rounds in which each runs N requests in turn. */
async function alternate<T extends Array<() => Promise<number>>>(each: [...T]): Promise<{ [K in keyof T]: number }> {
  for (const once of each) for (let i = 0; i < 3000; i++) await once();
  const rounds = each.map((once) => ({ once, times: [] as number[] }));
  for (let round = 0; round < 5; round++) {
    for (const { once, times } of rounds) {
      const started = performance.now();
      for (let i = 0; i < N; i++) await once();
      times.push(((performance.now() - started) / N) * 1000);
    }
  }
  // One median per function given, in their order: the tuple's shape.
  return rounds.map((r) => median(r.times)) as { [K in keyof T]: number };
}

async function main(): Promise<void> {
  process.env.NODE_ENV = 'production';
  const dist = (path: string) => pathToFileURL(join(PACKAGE_ROOT, 'dist', path)).href;
  const { MockServer, defaultOptions } = (await import(
    dist('mock/server.js')
  )) as typeof import('../src/mock/server.js');
  const mock = new MockServer(defaultOptions({ validateResponses: false }));
  const handle = mock.handle as unknown as Handle;
  const viaServer = (endpoint: Endpoint) =>
    new Promise<number>((resolve) => {
      const req = fakeRequest(endpoint);
      handle(
        req,
        fakeResponse(req, (answer) => resolve(answer.status), { keepBody: false }),
      );
    });
  const viaCore = async (endpoint: PlainRequest) => (await mock.core.handle(endpoint)).status;
  const baselineRoot = process.env.BENCH_BASELINE;
  let viaBaseline: ((endpoint: Endpoint) => Promise<number>) | undefined;
  if (baselineRoot) {
    const { MockServer: BaseServer, defaultOptions: baseDefaults } = (await import(
      pathToFileURL(join(baselineRoot, 'dist', 'mock', 'server.js')).href
    )) as typeof import('../src/mock/server.js');
    const baseHandle = new BaseServer(baseDefaults({ validateResponses: false })).handle as unknown as Handle;
    viaBaseline = (endpoint) =>
      new Promise<number>((resolve) => {
        const req = fakeRequest(endpoint);
        baseHandle(
          req,
          fakeResponse(req, (answer) => resolve(answer.status), { keepBody: false }),
        );
      });
  }
  const rows: string[] = [];
  const compared: string[] = [];
  for (const endpoint of ENDPOINTS.filter((e) => !ONLY || ONLY.some((o) => e.name.includes(o)))) {
    const status = await viaServer(endpoint);
    if (status !== endpoint.expect)
      throw new Error(`${endpoint.name}: answered ${status}, expected ${endpoint.expect}`);
    const server = await measure(() => viaServer(endpoint));
    const asPlain = plain(endpoint);
    const core = await measure(() => viaCore(asPlain));
    rows.push(`| ${endpoint.name} | ${fmt(server, 1)} µs | ${fmt(core, 1)} µs |`);
    console.error(
      `  ${endpoint.name}: ${fmt(server, 1)} µs/request through the server's door, ${fmt(core, 1)} µs through the core`,
    );
    if (viaBaseline) {
      const base = viaBaseline;
      if ((await base(endpoint)) !== endpoint.expect)
        throw new Error(`${endpoint.name}: the baseline answered otherwise than ${endpoint.expect}`);
      const [ours, theirs] = await alternate([() => viaServer(endpoint), () => base(endpoint)]);
      compared.push(
        `| ${endpoint.name} | ${fmt(ours, 1)} µs | ${fmt(theirs, 1)} µs | ${fmt((theirs / ours) * 100, 1)}% |`,
      );
      console.error(
        `    vs baseline, alternating: ours ${fmt(ours, 1)} µs, baseline ${fmt(theirs, 1)} µs → ours runs at ${fmt((theirs / ours) * 100, 1)}% of the baseline's speed`,
      );
    }
  }
  if (compared.length > 0)
    console.log(
      [
        '| endpoint | ours µs/request (MockServer.handle) | baseline µs/request | our speed relative to the baseline |',
        '|---|---:|---:|---:|',
        ...compared,
        '',
      ].join('\n'),
    );
  console.log(
    [
      '| endpoint (chained pairs: the first request) | our code per request (MockServer.handle) | the core alone (MockCore.handle) |',
      '|---|---:|---:|',
      ...rows,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(`bench:pipeline: ${(error as Error).message}`);
  process.exit(1);
});
