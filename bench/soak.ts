// npm run bench:soak: does the mock's memory stay flat under a long mixed load with logins? One
// million requests (BENCH_SOAK_REQUESTS) go through MockServer.handle of the built dist/ in memory
// (no sockets: what is measured is what the mock keeps, not what node:http buffers), in cycles that
// log in to GroundWork and Polarity, use the tokens, query Boomi and collect the results, start and
// stop Moogsoft integrations, create, update, query and delete GroundWork hosts, and send some bad
// requests. Every BENCH_SOAK_SAMPLE_EVERY requests the heap is collected (node --expose-gc) and RSS
// sampled. After the warm-up (the first BENCH_SOAK_WARMUP of the requests, by which the bounded
// stores — GroundWork's event history, Polarity's 10,000 sessions, Boomi's 20,000 tokens, the
// journal — are full), every sample must lie within ±10% of their median: exit 1 otherwise.
// V8's young generation is pinned at its largest (npm run bench:soak passes --min/max-semi-space-size
// =16): left to grow and shrink, it moved RSS by 28 MB at once with the heap in use flat at 38 MB, a
// swing of V8's sizing, not of what the mock keeps.
// Writes reports/bench-soak.{md,json}.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { present } from '../src/common/present.js';
import { PACKAGE_ROOT } from '../src/spec/paths.js';
import { fakeRequest, fakeResponse, type InMemoryAnswer, type InMemoryRequest } from './in-memory-http.js';
import { fmt, median } from './lib.js';

const REQUESTS = Number(process.env.BENCH_SOAK_REQUESTS ?? 1_000_000);
const SAMPLE_EVERY = Number(process.env.BENCH_SOAK_SAMPLE_EVERY ?? 10_000);
const WARMUP = Number(process.env.BENCH_SOAK_WARMUP ?? 0.3);
const TOLERANCE = 0.1;

type Request = InMemoryRequest;
type Answer = InMemoryAnswer;

type Handle = (req: unknown, res: unknown) => void;

const GW_FORM = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/plain' };
const MOOG = {
  Authorization: `Basic ${Buffer.from('John.Doe:MyPassword').toString('base64')}`,
  Accept: 'application/json',
};
const BOOMI = {
  Authorization: `Basic ${Buffer.from('BOOMI_TOKEN.dev@example.com:dev-api-token').toString('base64')}`,
  Accept: 'application/json',
  'Content-Type': 'application/json',
};
const POLARITY = { 'Content-Type': 'application/vnd.api+json', Accept: 'application/vnd.api+json' };
const AGENT = 'a4ca80e0-e855-43ee-86d8-f4e499f0a824';
const DOC_CONTAINER = '1045759d-7f6c-4108-bd0e-7b71541d6a2d';

/** One cycle of the mix: requests built from what earlier answers said (tokens). */
async function* cycle(n: number, send: (r: Request) => Promise<Answer>): AsyncGenerator<void> {
  const gwToken = (
    await send({
      method: 'POST',
      path: '/api/auth/login',
      headers: GW_FORM,
      body: 'user=admin&password=admin&gwos-app-name=soak',
    })
  ).body;
  yield;
  const gw = { 'GWOS-API-TOKEN': gwToken, 'GWOS-APP-NAME': 'soak', Accept: 'application/json' };
  const host = `soak-${n}`;
  await send({
    method: 'POST',
    path: '/api/hosts',
    headers: { ...gw, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      hosts: [
        {
          hostName: host,
          appType: 'NAGIOS',
          deviceIdentification: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
          properties: { Note: `cycle ${n}` },
        },
      ],
    }),
  });
  yield;
  await send({
    method: 'POST',
    path: '/api/biz/host',
    headers: { ...gw, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `host=${host}&status=${n % 2 ? 'UP' : 'DOWN'}&appType=NAGIOS&agentId=${AGENT}&message=soak`,
  });
  yield;
  await send({ method: 'GET', path: `/api/hosts/${host}?depth=deep`, headers: gw });
  yield;
  await send({
    method: 'GET',
    path: `/api/hosts?query=${encodeURIComponent(`hostName like 'soak-%${n % 10}' and description is null`)}&count=5`,
    headers: gw,
  });
  yield;
  await send({ method: 'GET', path: '/api/hosts/autocomplete/loc', headers: gw });
  yield;
  await send({
    method: 'POST',
    path: '/api/biz/hosts',
    headers: { ...gw, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      hosts: [
        {
          host: 'localhost',
          status: n % 3 ? 'UP' : 'DOWN',
          appType: 'NAGIOS',
          agentId: AGENT,
          services: [{ service: 'local_cpu_httpd', status: n % 5 ? 'OK' : 'CRITICAL' }],
        },
      ],
    }),
  });
  yield;
  await send({ method: 'DELETE', path: `/api/hosts/${host}`, headers: gw });
  yield;
  await send({
    method: 'POST',
    path: '/api/hosts',
    headers: { ...gw, 'Content-Type': 'application/json' },
    body: '{"hosts":"none"}',
  }); // 400
  yield;
  if (n % 10 === 0) {
    await send({
      method: 'POST',
      path: '/api/auth/logout',
      headers: GW_FORM,
      body: `gwos-app-name=soak&gwos-api-token=${gwToken}`,
    });
    yield;
  }

  const login = JSON.parse(
    (
      await send({
        method: 'POST',
        path: '/api/users/login',
        headers: POLARITY,
        body: JSON.stringify({ identification: 'admin@example.com', password: 'admin' }),
      })
    ).body,
  ) as { data: { token: string } };
  yield;
  const bearer = { Accept: 'application/vnd.api+json', Authorization: `Bearer ${login.data.token}` };
  await send({ method: 'GET', path: '/api/integrations?page[size]=10', headers: bearer });
  yield;
  await send({ method: 'GET', path: '/api/integration-errors', headers: bearer });
  yield;
  await send({
    method: 'GET',
    path: '/api/integrations',
    headers: { ...bearer, Authorization: 'Bearer no-such-token' },
  }); // 401
  yield;

  for (let q = 0; q < 3; q++) {
    const filter = {
      QueryFilter: { expression: { operator: 'EQUALS', property: 'containerId', argument: [DOC_CONTAINER] } },
    };
    const issued = JSON.parse(
      (
        await send({
          method: 'POST',
          path: '/api/rest/v1/dev-account/async/ListenerStatus/query',
          headers: BOOMI,
          body: JSON.stringify(filter),
        })
      ).body,
    ) as { asyncToken: { token: string } };
    yield;
    await send({
      method: 'GET',
      path: `/api/rest/v1/dev-account/async/ListenerStatus/response/${issued.asyncToken.token}`,
      headers: BOOMI,
    });
    yield;
  }

  const status = JSON.parse(
    (await send({ method: 'GET', path: '/integrations/api/v1/integrations/6/status', headers: MOOG })).body,
  ) as { instances: Record<string, unknown> };
  yield;
  const broker = present(Object.keys(status.instances)[0], 'an instance in the integration status');
  await send({
    method: 'PUT',
    path: '/integrations/api/v1/integrations/6/status',
    headers: { ...MOOG, 'Content-Type': 'application/json' },
    body: JSON.stringify(n % 2 ? { command: 'start', target: broker } : { command: 'stop', target: broker }),
  });
  yield;
  await send({ method: 'GET', path: '/integrations/api/v1/integrations', headers: MOOG });
  yield;
}

async function main(): Promise<void> {
  const gc = globalThis.gc;
  if (typeof gc !== 'function') throw new Error('run with node --expose-gc (npm run bench:soak does)');
  process.env.NODE_ENV = 'production';
  const { MockServer, defaultOptions } = (await import(
    pathToFileURL(join(PACKAGE_ROOT, 'dist', 'mock', 'server.js')).href
  )) as typeof import('../src/mock/server.js');
  const mock = new MockServer(defaultOptions({ validateResponses: false }));
  const handle = mock.handle as unknown as Handle;
  const statuses = new Map<number, number>();
  let sent = 0;
  const send = (r: Request) =>
    new Promise<Answer>((resolve) => {
      sent++;
      const req = fakeRequest(r);
      handle(
        req,
        fakeResponse(req, (answer) => {
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (process.env.BENCH_SOAK_DEBUG && answer.status >= 300)
            console.error(answer.status, r.method, r.path.slice(0, 60), answer.body.slice(0, 120));
          resolve(answer);
        }),
      );
    });

  const samples: Array<{ requests: number; rssMb: number; heapMb: number; seconds: number }> = [];
  const started = performance.now();
  const sample = (): void => {
    gc();
    const { rss, heapUsed } = process.memoryUsage();
    samples.push({
      requests: sent,
      rssMb: rss / 2 ** 20,
      heapMb: heapUsed / 2 ** 20,
      seconds: (performance.now() - started) / 1000,
    });
    const last = present(samples.at(-1), 'the sample just taken');
    console.error(
      `  ${last.requests.toLocaleString('en')} requests, ${fmt(last.seconds, 0)} s: RSS ${fmt(last.rssMb, 1)} MB, heap ${fmt(last.heapMb, 1)} MB`,
    );
  };
  let nextSample = SAMPLE_EVERY;
  for (let n = 0; sent < REQUESTS; n++) {
    for await (const _ of cycle(n, send)) {
      if (sent >= nextSample) {
        sample();
        nextSample += SAMPLE_EVERY;
      }
      if (sent >= REQUESTS) break;
    }
  }
  const warm = samples.filter((s) => s.requests > REQUESTS * WARMUP);
  const mid = median(warm.map((s) => s.rssMb));
  const low = Math.min(...warm.map((s) => s.rssMb));
  const high = Math.max(...warm.map((s) => s.rssMb));
  const within = low >= mid * (1 - TOLERANCE) && high <= mid * (1 + TOLERANCE);
  const seconds = (performance.now() - started) / 1000;
  const statusText = [...statuses.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([s, c]) => `${s}: ${c.toLocaleString('en')}`)
    .join(', ');
  const lines = [
    `# Soak: ${sent.toLocaleString('en')} mixed requests with logins`,
    '',
    `${fmt(seconds, 0)} s in memory through MockServer.handle (${fmt(sent / seconds, 0)} requests/s), statuses ${statusText}.`,
    `After the warm-up (${(WARMUP * 100).toFixed(0)}% of the requests), RSS sampled after a full GC every ${SAMPLE_EVERY.toLocaleString('en')} requests:`,
    `median ${fmt(mid, 1)} MB, lowest ${fmt(low, 1)} MB (${fmt(((low - mid) / mid) * 100, 1)}%), highest ${fmt(high, 1)} MB (+${fmt(((high - mid) / mid) * 100, 1)}%):`,
    `${within ? 'within' : 'OUTSIDE'} ±${TOLERANCE * 100}%.`,
    '',
    '| requests | RSS MB | heap MB |',
    '|---:|---:|---:|',
    ...samples
      .filter((_, i) => i % Math.max(1, Math.floor(samples.length / 20)) === 0 || i === samples.length - 1)
      .map((s) => `| ${s.requests.toLocaleString('en')} | ${fmt(s.rssMb, 1)} | ${fmt(s.heapMb, 1)} |`),
  ];
  mkdirSync(join(PACKAGE_ROOT, 'reports'), { recursive: true });
  writeFileSync(join(PACKAGE_ROOT, 'reports', 'bench-soak.md'), `${lines.join('\n')}\n`);
  writeFileSync(
    join(PACKAGE_ROOT, 'reports', 'bench-soak.json'),
    `${JSON.stringify({ requests: sent, seconds, statuses: Object.fromEntries(statuses), warmup: WARMUP, tolerance: TOLERANCE, median: mid, low, high, within, samples }, null, 2)}\n`,
  );
  console.log(lines.slice(0, 6).join('\n'));
  if (!within) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(`bench:soak: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
