// No request may stall every other (issue 14 item 4): at 100,000 GroundWork hosts, no request of a
// hostile corpus blocks the event loop for longer than 100 ms. Before: a LIKE pattern of 4,000
// characters over long descriptions held it for seconds (O(text × pattern)), and a bulk delete
// lower-cased a 900,000-character name at every comparison.
//
// What is measured, per request: the event loop's delay while it is in flight (perf_hooks'
// monitorEventLoopDelay), and, to tell our own blocking from the machine's load, a probe that ticks
// every millisecond and takes, for each stretch between two ticks, the smaller of the wall time and
// the CPU time the process used in it (process.cpuUsage). On a loaded machine a stretch's wall time
// also counts the time the operating system gave the CPU to other processes; the loop cannot have
// been blocked by our code for longer than the CPU it used, so min(wall, CPU) per stretch is what is
// attributable to the request, and the largest one (never more than the histogram's maximum) is
// asserted. The CPU time is the whole process's (mock, client, garbage collector), which only makes
// the assertion stricter. The limit, 100 ms, is the issue's; a scan gives way every 10 ms, and the
// costliest single step of the corpus (one host's LIKE over a 32,768-character value, or one 1 MB
// body's decoding) is a few tens of milliseconds on an idle machine: the margin is that step's
// cost again, at least.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateObject } from '../../src/fixtures/groundwork.js';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { AGENT, GW } from './helpers.js';

const HOSTS = 100_000;
const LIMIT_MS = 100;
const ATTEMPTS = 3;

let m: RunningMock;
let names: string[];

async function send(method: string, path: string, body?: string, type = 'application/json'): Promise<number> {
  const res = await fetch(`${m.url}${path}`, {
    method,
    headers: { ...GW, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': type }) },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

const cpuMsNow = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** The request's attributable blocking (see the top of the file), in ms, and its status. */
async function blocking(
  method: string,
  path: string,
  body?: string,
  type?: string,
): Promise<{ status: number; ms: number; delayMs: number; cpuMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const cpuStart = cpuMsNow();
  let worst = 0;
  let wall = performance.now();
  let cpu = cpuStart;
  let timer: NodeJS.Timeout | undefined;
  const probe = (): void => {
    const nowWall = performance.now();
    const nowCpu = cpuMsNow();
    worst = Math.max(worst, Math.min(nowWall - wall, nowCpu - cpu));
    wall = nowWall;
    cpu = nowCpu;
  };
  const tick = (): void => {
    probe();
    timer = setTimeout(tick, 1);
  };
  timer = setTimeout(tick, 1);
  const status = await send(method, path, body, type);
  clearTimeout(timer);
  probe();
  histogram.disable();
  const delayMs = histogram.max / 1e6;
  return { status, ms: Math.min(worst, delayMs), delayMs, cpuMs: cpuMsNow() - cpuStart };
}

const longText = (n: number) => 'a'.repeat(n);

beforeAll(async () => {
  m = await startMock({ vendors: ['groundwork'] });
  const estate = stateObject({ hosts: HOSTS, servicesPerHost: 0 });
  names = estate.groundwork.hosts.map((h) => h.hostName);
  m.mock.loadState(estate);
  // The hostile part of the estate: hosts whose fields are as long as GroundWork stores them.
  for (let batch = 0; batch < 2; batch++) {
    const hosts = Array.from({ length: 200 }, (_, i) => ({
      hostName: `long-${batch}-${i}-${'n'.repeat(230)}`,
      description: longText(4096),
      appType: 'NAGIOS',
      deviceIdentification: `10.250.${batch}.${i}`,
    }));
    expect(await send('POST', '/api/hosts', JSON.stringify({ hosts }))).toBe(200);
  }
  for (let batch = 0; batch < 4; batch++) {
    const hosts = Array.from({ length: 25 }, (_, i) => ({
      hostName: `prop-${batch}-${i}`,
      appType: 'NAGIOS',
      deviceIdentification: `10.251.${batch}.${i}`,
      properties: { Note: longText(32768) },
    }));
    expect(await send('POST', '/api/hosts', JSON.stringify({ hosts }))).toBe(200);
  }
  // Services with descriptions as long as GroundWork stores them (254), on hosts no case deletes.
  for (let batch = 0; batch < 4; batch++) {
    const services = Array.from({ length: 1000 }, (_, i) => ({
      hostName: names[50_000 + batch * 1000 + i],
      description: `svc-${batch}-${i}-${longText(240)}`,
      monitorStatus: 'OK',
    }));
    expect(await send('POST', '/api/services', JSON.stringify({ services }))).toBe(200);
  }
}, 300_000);

afterAll(() => m.close());

const q = (query: string, extra = '') => `/api/hosts?query=${encodeURIComponent(query)}${extra}`;
const sq = (query: string) => `/api/services?query=${encodeURIComponent(query)}`;

describe(`no request blocks the event loop for more than ${LIMIT_MS} ms at ${HOSTS.toLocaleString('en')} hosts`, () => {
  // Each case is built for its attempt (`k`): writes take other hosts each time.
  const corpus: Array<[string, (k: number) => [string, string, string?, string?]]> = [
    [
      "the issue's LIKE: a 4,000-character pattern over 4,096-character descriptions",
      () => ['GET', q(`description like '%${longText(4000)}b'`)],
    ],
    ['a LIKE of 2,000 `_` over the same descriptions', () => ['GET', q(`description like '%${'a_'.repeat(2000)}b%'`)]],
    [
      'a LIKE with `_` over 32,768-character property values',
      () => ['GET', q(`property.Note like '%${'a_'.repeat(2000)}%'`)],
    ],
    ['a backtracking pattern over every description', () => ['GET', q(`description like '%a%a%a%a%a%a%a%a%a%a%b'`)]],
    [
      'a property no host has, matched case-insensitively on every host',
      () => ['GET', q(`property.NoSuchProperty = 'x'`)],
    ],
    [
      'a service LIKE of 120 `_` over every service description',
      () => ['GET', sq(`description like '%${'a_'.repeat(120)}%'`)],
    ],
    ['a page of a full scan', () => ['GET', q(`hostName like '%9%'`, '&count=100')]],
    ['a host by a 254-character name', () => ['GET', `/api/hosts/${'x'.repeat(254)}`]],
    ['autocomplete with a 254-character prefix', () => ['GET', `/api/hosts/autocomplete/${'l'.repeat(254)}`]],
    [
      'a bulk delete of 4,000 hosts, among long names',
      (k) => [
        'DELETE',
        '/api/hosts',
        JSON.stringify({ hosts: names.slice(20_000 + 4000 * k, 24_000 + 4000 * k).map((hostName) => ({ hostName })) }),
      ],
    ],
    [
      'a delete of 300 names in the path',
      (k) => [
        'DELETE',
        `/api/hosts/${names
          .slice(40_000 + 300 * k, 40_300 + 300 * k)
          .map(encodeURIComponent)
          .join(',')}`,
      ],
    ],
    [
      'a 1,000-host feeder batch',
      (k) => [
        'POST',
        '/api/biz/hosts',
        JSON.stringify({
          hosts: Array.from({ length: 1000 }, (_, i) => ({
            host: names[10_000 + 1000 * k + i],
            status: 'DOWN',
            appType: 'NAGIOS',
            agentId: AGENT,
          })),
        }),
      ],
    ],
    [
      'a 1 MB form of 150,000 unknown fields',
      () => [
        'POST',
        '/api/biz/host',
        `host=a&${Array.from({ length: 150_000 }, (_, i) => `u${i}=`).join('&')}`.slice(0, 1024 * 1024 - 1),
        'application/x-www-form-urlencoded',
      ],
    ],
    // A third of the body limit: JSON.parse alone of a 1 MiB object of 60,000 members is up to
    // 100 ms of V8's own CPU on a loaded 2-core machine, before any of the mock's code runs.
    [
      '30,000 unknown JSON members',
      () => [
        'POST',
        '/api/hosts',
        `{"hosts":[{"hostName":"x",${Array.from({ length: 30_000 }, (_, i) => `"f${i}":1`).join(',')}}]}`,
      ],
    ],
  ];
  // The machine's load only ever lengthens a measurement (other processes slow the CPU this one gets
  // too: caches, shared cores), never shortens it; a request that blocks for longer than the limit
  // by its own work does so every time. So a case is measured up to ATTEMPTS times, and its least
  // blocking is what is asserted.
  for (const [name, make] of corpus) {
    it(
      name,
      async () => {
        let least = Infinity;
        for (let k = 0; k < ATTEMPTS && least > LIMIT_MS; k++) {
          const [method, path, body, type] = make(k);
          const result = await blocking(method, path, body, type);
          console.log(
            `${name} (attempt ${k + 1}): ${result.status}; longest stretch attributable ${result.ms.toFixed(1)} ms (loop delay ${result.delayMs.toFixed(1)} ms, CPU in all ${result.cpuMs.toFixed(1)} ms)`,
          );
          expect(result.status).toBeLessThan(500);
          least = Math.min(least, result.ms);
        }
        expect(least).toBeLessThanOrEqual(LIMIT_MS);
      },
      120_000,
    );
  }

  it('a query that gave way to other requests answers as one that did not, less a host deleted meanwhile', async () => {
    // Hundreds of milliseconds of matching at least (400 descriptions of 4,096 characters, a
    // 4,000-position pattern): many slices, between which the DELETE below is served.
    const query = q(`description like '%${'a_'.repeat(2000)}%'`);
    const get = () =>
      fetch(`${m.url}${query}`, { headers: { ...GW, Accept: 'application/json' } }).then(async (r) =>
        ((await r.json()) as { hosts: Array<{ hostName: string }> }).hosts.map((h) => h.hostName),
      );
    const before = await get();
    expect(before).toHaveLength(400);
    const pending = get();
    expect(await send('DELETE', `/api/hosts/${encodeURIComponent(before[0]!)}`)).toBe(200);
    expect(await pending).toEqual(before.slice(1));
  }, 120_000);

  it('a service query that gave way answers as one that did not, less a service deleted meanwhile', async () => {
    const query = sq(`description like '%${'a_'.repeat(120)}%'`);
    const get = () =>
      fetch(`${m.url}${query}`, { headers: { ...GW, Accept: 'application/json' } }).then(async (r) =>
        ((await r.json()) as { services: Array<{ hostName: string; description: string }> }).services.map(
          (s) => `${s.hostName}/${s.description}`,
        ),
      );
    const before = await get();
    expect(before).toHaveLength(4000);
    const pending = get();
    const [hostName, description] = before[0]!.split('/') as [string, string];
    expect(
      await send('DELETE', `/api/services/${encodeURIComponent(description)}?hostName=${encodeURIComponent(hostName)}`),
    ).toBe(200);
    expect(await pending).toEqual(before.slice(1));
  }, 120_000);

  it('no response of the mock broke its spec along the way', () => {
    expect(violations(m.mock)).toEqual([]);
  });
});
