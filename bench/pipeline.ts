// npm run bench:pipeline: what the mock's own code costs per request, without sockets. Each endpoint
// of bench/endpoints.ts is sent sequentially (the built dist/, NODE_ENV=production, no response
// re-checking) two ways: through MockServer.handle, the node:http door, with an in-memory request and
// response; and through MockCore.handle, the transport-free core, as a plain request (what
// createMock's `handle` and MSW run). µs per request, the median of 5 rounds. Compare the first with
// the server CPU column of `npm run bench`: the difference is what node:http and the kernel add,
// which raw node:http pays too. Env: BENCH_ONLY, BENCH_N (20000).
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/spec/paths.js';
import type { PlainRequest } from '../src/core/http.js';
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

/** Enough of ServerResponse for the server; resolves when the answer is complete. */
function response(req: Readable, done: (status: number) => void) {
  let status = 0;
  return {
    req,
    shouldKeepAlive: true,
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

function plain(endpoint: Endpoint): PlainRequest {
  const headers: Record<string, string> = { host: '127.0.0.1:4010' };
  for (const [name, value] of Object.entries(endpoint.headers)) headers[name.toLowerCase()] = value;
  const body = endpoint.body === undefined ? undefined : new TextEncoder().encode(endpoint.body);
  return { method: endpoint.method, url: endpoint.path, headers, body };
}

/** µs per request, the median of 5 rounds of N sequential requests, after a warm-up. */
async function measure(once: () => Promise<number>): Promise<number> {
  for (let i = 0; i < 3000; i++) await once();
  const rounds: number[] = [];
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    for (let i = 0; i < N; i++) await once();
    rounds.push(((performance.now() - started) / N) * 1000);
  }
  return median(rounds);
}

async function main(): Promise<void> {
  process.env.NODE_ENV = 'production';
  const dist = (path: string) => pathToFileURL(join(PACKAGE_ROOT, 'dist', path)).href;
  const { MockServer, defaultOptions } = (await import(dist('mock/server.js'))) as typeof import('../src/mock/server.js');
  const mock = new MockServer(defaultOptions({ validateResponses: false }));
  const handle = mock.handle as unknown as Handle;
  const viaServer = (endpoint: Endpoint) => new Promise<number>((resolve) => {
    const req = request(endpoint);
    handle(req, response(req, resolve));
  });
  const viaCore = async (endpoint: PlainRequest) => (await mock.core.handle(endpoint)).status;
  const rows: string[] = [];
  for (const endpoint of ENDPOINTS.filter((e) => !ONLY || ONLY.some((o) => e.name.includes(o)))) {
    const status = await viaServer(endpoint);
    if (status !== endpoint.expect) throw new Error(`${endpoint.name}: answered ${status}, expected ${endpoint.expect}`);
    const server = await measure(() => viaServer(endpoint));
    const asPlain = plain(endpoint);
    const core = await measure(() => viaCore(asPlain));
    rows.push(`| ${endpoint.name} | ${fmt(server, 1)} µs | ${fmt(core, 1)} µs |`);
    console.error(`  ${endpoint.name}: ${fmt(server, 1)} µs/request through the server's door, ${fmt(core, 1)} µs through the core`);
  }
  console.log(['| endpoint (chained pairs: the first request) | our code per request (MockServer.handle) | the core alone (MockCore.handle) |', '|---|---:|---:|', ...rows].join('\n'));
}

main().catch((error: unknown) => {
  console.error(`bench:pipeline: ${(error as Error).message}`);
  process.exit(1);
});
