// npm run bench:pipeline: what the mock's own code costs per request, without sockets. Each endpoint
// of bench/endpoints.ts is sent through MockServer.handle (the built dist/, NODE_ENV=production, no
// response re-checking) with an in-memory request and response, sequentially; µs per request, the
// median of 5 rounds. Compare with the server CPU column of `npm run bench`: the difference is what
// node:http and the kernel add, which raw node:http pays too. Env: BENCH_ONLY, BENCH_N (20000).
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/spec/paths.js';
import { ENDPOINTS, type Endpoint } from './endpoints.js';
import { fmt, median } from './lib.js';

const N = Number(process.env.BENCH_N ?? 20_000);
const ONLY = process.env.BENCH_ONLY?.split(',');

type Handle = (req: unknown, res: unknown) => void;

function request(endpoint: Endpoint): Readable {
  const body = endpoint.body === undefined ? undefined : Buffer.from(endpoint.body);
  const req = new Readable({
    read() {
      if (body) this.push(body);
      this.push(null);
    },
  }) as Readable & Record<string, unknown>;
  const headers: Record<string, string> = { host: '127.0.0.1:4010', connection: 'keep-alive' };
  for (const [name, value] of Object.entries(endpoint.headers)) headers[name.toLowerCase()] = value;
  if (body) headers['content-length'] = String(body.length);
  Object.assign(req, { url: endpoint.path, method: endpoint.method, headers, socket: { destroy() {} } });
  return req;
}

/** Enough of ServerResponse for the pipeline; resolves when the answer is complete. */
function response(done: (status: number) => void) {
  let status = 0;
  return {
    headersSent: false,
    writeHead(code: number) {
      status = code;
      this.headersSent = true;
      return this;
    },
    write: () => true,
    end: () => done(status),
  };
}

async function main(): Promise<void> {
  process.env.NODE_ENV = 'production';
  const { MockServer, defaultOptions } = (await import(pathToFileURL(join(PACKAGE_ROOT, 'dist', 'mock', 'server.js')).href)) as typeof import('../src/mock/server.js');
  const mock = new MockServer(defaultOptions({ validateResponses: false }));
  const handle = mock.handle as unknown as Handle;
  const once = (endpoint: Endpoint) => new Promise<number>((resolve) => handle(request(endpoint), response(resolve)));
  const rows: string[] = [];
  for (const endpoint of ENDPOINTS.filter((e) => !ONLY || ONLY.some((o) => e.name.includes(o)))) {
    const status = await once(endpoint);
    if (status !== endpoint.expect) throw new Error(`${endpoint.name}: answered ${status}, expected ${endpoint.expect}`);
    for (let i = 0; i < 3000; i++) await once(endpoint); // warm-up
    const rounds: number[] = [];
    for (let round = 0; round < 5; round++) {
      const started = performance.now();
      for (let i = 0; i < N; i++) await once(endpoint);
      rounds.push(((performance.now() - started) / N) * 1000);
    }
    rows.push(`| ${endpoint.name} | ${fmt(median(rounds), 1)} µs |`);
    console.error(`  ${endpoint.name}: ${fmt(median(rounds), 1)} µs/request`);
  }
  console.log(['| endpoint (chained pairs: the first request) | our code per request |', '|---|---:|', ...rows].join('\n'));
}

main().catch((error: unknown) => {
  console.error(`bench:pipeline: ${(error as Error).message}`);
  process.exit(1);
});
