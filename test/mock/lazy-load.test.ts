// A large state file's GroundWork hosts are indexed by name at start and built after the mock
// listens (src/vendors/groundwork/load.ts, Hydration). The threshold is made 0 here so that small
// files load lazily: what is served while the hosts are being built, and after, must be what a
// full load serves; a write made meanwhile is kept; a broken host is reported with the message a
// full load throws.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stateObject } from '../../src/fixtures/groundwork.js';
import { DEFAULT_READ_SIZES, readStateFile } from '../../src/mock/state-reader.js';
import { MockServer, defaultOptions } from '../../src/mock/server.js';
import { isIndexedList } from '../../src/common/streamed-list.js';
import { hostsPending, type GroundworkState } from '../../src/vendors/groundwork/state.js';

const dir = mkdtempSync(join(tmpdir(), 'understudy-lazy-load-'));
const lazyFrom = DEFAULT_READ_SIZES.lazyFromBytes;
beforeAll(() => {
  DEFAULT_READ_SIZES.lazyFromBytes = 0;
});
/** Every mock made here, closed before their files go: a write pending on its timer is flushed then. */
const mocks: MockServer[] = [];
afterAll(async () => {
  DEFAULT_READ_SIZES.lazyFromBytes = lazyFrom;
  await Promise.all(mocks.map((mock) => mock.close()));
  rmSync(dir, { recursive: true, force: true });
});

let files = 0;
function file(text: string): string {
  const path = join(dir, `state-${files++}.json`);
  writeFileSync(path, text);
  return path;
}

const dump = stateObject({ hosts: 400, servicesPerHost: 3, seed: 'lazy' });
const names = dump.groundwork.hosts.map((h) => h.hostName);
const GW = { 'gwos-api-token': 'understudy-demo-token', 'gwos-app-name': 'lazy', accept: 'application/json' };

async function call(mock: MockServer, method: string, url: string, body?: unknown) {
  const headers: Record<string, string> = { ...GW };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const reply = await mock.core.handle({
    method,
    url,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: reply.status, body: reply.body };
}

const groundwork = (mock: MockServer) => mock.core.state('groundwork') as GroundworkState;

/** Until the background slices have built every host. */
async function built(mock: MockServer): Promise<void> {
  while (hostsPending(groundwork(mock))) await new Promise((resolve) => setImmediate(resolve));
}

/** One clock for both mocks: a write stamps its time. */
const now = () => new Date('2026-01-02T03:04:05.678Z');

function eager(): MockServer {
  const mock = new MockServer(defaultOptions({ vendors: ['groundwork'], now }));
  mock.loadState(dump);
  mocks.push(mock);
  return mock;
}

function lazy(path: string, onStateFileError?: (error: Error) => void): MockServer {
  const mock = new MockServer(defaultOptions({ vendors: ['groundwork'], stateFile: path, onStateFileError, now }));
  mocks.push(mock);
  return mock;
}

describe('a state file loaded lazily', () => {
  it('reads each host’s name at the scan, or leaves it to the loader where it cannot cheaply', () => {
    const text = JSON.stringify({
      groundwork: {
        hosts: [
          { id: 1, hostName: 'plain' },
          { id: 2, hostName: 'ü-漢字 🙂' },
          { id: 3, hostName: 'quote\\"d' },
          { properties: { hostName: 'nested' }, hostName: 'after a nested object' },
          { id: 5, description: '"hostName":"in a string"', hostName: 'real' },
          'not an object',
        ],
      },
    });
    const read = readStateFile(file(text), () => ['hosts'], DEFAULT_READ_SIZES, { nameKey: () => 'hostName' });
    try {
      const hosts = (read.value as { groundwork: { hosts: unknown } }).groundwork.hosts;
      expect(isIndexedList(hosts)).toBe(true);
      if (!isIndexedList(hosts)) return;
      expect(Array.from({ length: hosts.length }, (_, i) => hosts.nameAt(i))).toEqual([
        'plain',
        'ü-漢字 🙂',
        undefined,
        undefined,
        'real',
        undefined,
      ]);
    } finally {
      read.close();
    }
  });

  for (const [layout, text] of [
    ['one line', JSON.stringify(dump)],
    ['indented', JSON.stringify(dump, null, 2)],
  ] as const) {
    it(`serves a host by name before its hosts are built, as after and as a full load (${layout})`, async () => {
      const mock = lazy(file(text));
      const full = eager();
      expect(hostsPending(groundwork(mock))).toBe(true);
      for (const name of [names[200], names[0]?.toUpperCase(), 'no-such-host'] as string[]) {
        const during = await call(mock, 'GET', `/api/hosts/${encodeURIComponent(name)}`);
        // No slice has run: the core answers within microtasks, before any setImmediate.
        expect(hostsPending(groundwork(mock)), name).toBe(true);
        expect(during, name).toEqual(await call(full, 'GET', `/api/hosts/${encodeURIComponent(name)}`));
      }
      await built(mock);
      expect(await call(mock, 'GET', `/api/hosts/${names[200]}`)).toEqual(
        await call(full, 'GET', `/api/hosts/${names[200]}`),
      );
      expect(mock.dumpState()).toEqual(full.dumpState());
    });
  }

  it('answers a query asked before the hosts are built, building them first', async () => {
    const mock = lazy(file(JSON.stringify(dump)));
    const full = eager();
    const query = `/api/hosts?query=${encodeURIComponent("hostName like '%1%' order by lastCheckTime desc")}&count=50`;
    expect(hostsPending(groundwork(mock))).toBe(true);
    const answer = await call(mock, 'GET', query);
    expect(hostsPending(groundwork(mock))).toBe(false);
    expect(answer).toEqual(await call(full, 'GET', query));
  });

  it('keeps a write made while the hosts are built, as a full load would', async () => {
    const mock = lazy(file(JSON.stringify(dump)));
    const full = eager();
    const biz = (host: string, status: string) => ({
      hosts: [
        {
          host,
          status,
          message: `${status} - ${host}`,
          hostGroup: 'lazy-feed',
          device: `device-of-${host}`,
          appType: 'NAGIOS',
          agentId: 'a4ca80e0-e855-43ee-86d8-f4e499f0a824',
          services: [{ service: 'icmp_ping', status: 'OK', message: 'OK - 10' }],
        },
      ],
    });
    const update = biz(names[300] as string, 'DOWN');
    const create = biz('new-host-1', 'UP');
    for (const m of [mock, full]) {
      // A service of a host found by name, changed in place; an update and a new host through Biz.
      expect((await call(m, 'GET', `/api/hosts/${names[100]}`)).status).toBe(200);
      expect((await call(m, 'POST', '/api/biz/hosts', update)).status).toBe(200);
      expect((await call(m, 'POST', '/api/biz/hosts', create)).status).toBe(200);
    }
    await built(mock);
    const after = mock.dumpState();
    expect(after).toEqual(full.dumpState());
    const text = JSON.stringify(after);
    expect(text.includes('"hostName":"new-host-1"'), 'the new host is kept').toBe(true);
    expect(text.includes(`DOWN - ${names[300]}`), 'the update is kept').toBe(true);
  });

  it('reports a broken host found after the start with the message a full load throws', async () => {
    const broken = [
      // JSON that does not parse, after the name the scan reads.
      JSON.stringify(dump).replace(`"hostName":"${names[250]}",`, `"hostName":"${names[250]}",,`),
      // A reference to a device that is not in the file.
      JSON.stringify({
        groundwork: {
          ...dump.groundwork,
          hosts: dump.groundwork.hosts.map((h, i) => (i === 250 ? { ...h, deviceIdentification: 'nowhere' } : h)),
        },
      }),
    ];
    for (const text of broken) {
      const path = file(text);
      DEFAULT_READ_SIZES.lazyFromBytes = lazyFrom;
      let thrown: Error | undefined;
      try {
        lazy(path);
      } catch (error) {
        thrown = error as Error;
      } finally {
        DEFAULT_READ_SIZES.lazyFromBytes = 0;
      }
      expect(thrown?.message).toMatch(/hosts\[250\]/);
      const reported: Error[] = [];
      const mock = lazy(path, (error) => reported.push(error));
      // Served meanwhile: a host before the broken one.
      expect((await call(mock, 'GET', `/api/hosts/${names[10]}`)).status).toBe(200);
      while (reported.length === 0) await new Promise((resolve) => setImmediate(resolve));
      expect(reported.map((e) => e.message)).toEqual([thrown?.message]);
      // Anything that needs every host now fails with it.
      expect((await call(mock, 'GET', '/api/hosts?first=0&count=10')).status).toBe(500);
    }
  });

  it('by default prints a broken host found after the start and goes on serving (the CLI exits instead)', async () => {
    const text = JSON.stringify(dump).replace(`"hostName":"${names[250]}",`, `"hostName":"${names[250]}",,`);
    const printed: string[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      lazy(file(text));
      while (!printed.some((line) => line.includes('hosts[250]'))) await new Promise((r) => setImmediate(r));
    } finally {
      write.mockRestore();
    }
    expect(printed.filter((line) => line.includes('hosts[250]'))).toHaveLength(1);
    expect(printed.find((line) => line.includes('hosts[250]'))).toMatch(/^understudy: .*is not JSON/);
    // Still this process (the CLI's default would have ended it, and this worker with it), still
    // answering: what needs the hosts it could not build is a 500, in GroundWork's format.
    const answer = await call(mocks.at(-1) as MockServer, 'GET', '/api/hosts?first=0&count=10');
    expect(answer.status).toBe(500);
  });

  it('refuses at start a file whose hosts repeat a name, as a full load does', () => {
    const hosts = [...dump.groundwork.hosts];
    hosts.splice(301, 0, { ...(hosts[300] as (typeof hosts)[number]), hostName: names[300]?.toUpperCase() ?? '' });
    const path = file(JSON.stringify({ groundwork: { ...dump.groundwork, hosts } }));
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return (error as Error).message;
      }
      return undefined;
    };
    const lazily = message(() => lazy(path));
    DEFAULT_READ_SIZES.lazyFromBytes = lazyFrom;
    const fully = message(() => lazy(path));
    DEFAULT_READ_SIZES.lazyFromBytes = 0;
    expect(lazily).toMatch(/hosts\[301\]\.hostName repeats host/);
    expect(lazily).toBe(fully);
  });
});
