// Whatever the mock accepts must survive its own state file (issue 14 item 3), as a property: after
// any accepted request of a sequence drawn from every vendor's writes, with hostile values where
// the vendors take free text or free members (numbers beyond a double, -0, lone surrogates,
// __proto__ and other prototype names, XML metacharacters), dump → load → dump gives the same state,
// and a mock started on the state file it then wrote serves the very same text. The fuzzer makes the same
// check over HTTP (state_round_trip); this one also restarts on the file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstDifference } from '../../src/fuzz/state-round-trip.js';
import { defaultOptions, MockServer } from '../../src/mock/server.js';
import { DEFAULT_READ_SIZES } from '../../src/mock/state-reader.js';
import { binaryUnit } from '../helpers/arbitraries.js';
import { basic, startMock, type RunningMock } from '../helpers/mock.js';

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const GW = { 'GWOS-API-TOKEN': 'understudy-demo-token', 'GWOS-APP-NAME': 'property', Accept: 'application/json' };
const AGENT = 'a4ca80e0-e855-43ee-86d8-f4e499f0a824';

// Free text: mostly printable, sometimes anything (lone surrogates, controls), sometimes a name
// that means something to JavaScript objects.
const text = fc.oneof(
  { arbitrary: fc.string({ minLength: 1, maxLength: 12 }), weight: 4 },
  { arbitrary: fc.string({ unit: binaryUnit, minLength: 1, maxLength: 8 }), weight: 2 },
  {
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'toString',
      'valueOf',
      'hasOwnProperty',
      'Infinity',
      'NaN',
      'null',
      '<&>"\'',
    ),
    weight: 1,
  },
);
// Number texts as a client may spell them: beyond a double's range, below its precision, negative zero.
const numberText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.integer().map(String),
  fc.constantFrom('1e400', '-1e400', '1e-400', '-0', '0.0', '123456789012345678901234567890', '1E+2'),
);
const propertyValue = fc.oneof(
  text.map((t) => JSON.stringify(t)),
  numberText,
  fc.boolean().map(String),
  fc.constant('null'),
);
const properties = fc.dictionary(text, propertyValue, { maxKeys: 4 }).map(
  (p) =>
    `{${Object.entries(p)
      .map(([k, v]) => `${JSON.stringify(k)}:${v}`)
      .join(',')}}`,
);

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

const request: fc.Arbitrary<Sent> = fc.oneof(
  fc
    .record({ name: text, device: text, description: fc.option(text), props: properties })
    .map(({ name, device, description, props }) => ({
      method: 'POST',
      path: '/api/hosts',
      headers: { ...GW, 'Content-Type': 'application/json' },
      body: `{"hosts":[{"hostName":${JSON.stringify(name)},"appType":"NAGIOS","deviceIdentification":${JSON.stringify(device)},${description === null ? '' : `"description":${JSON.stringify(description)},`}"properties":${props}}]}`,
    })),
  fc.record({ name: text, device: text, key: text, value: text }).map(({ name, device, key, value }) => ({
    method: 'POST',
    path: '/api/hosts',
    headers: { ...GW, 'Content-Type': 'application/xml' },
    body: `<hosts><host hostName="${xmlEscape(name)}" appType="NAGIOS" deviceIdentification="${xmlEscape(device)}"><properties><property name="${xmlEscape(key)}" value="${xmlEscape(value)}"/></properties></host></hosts>`,
  })),
  fc
    .record({ host: text, status: fc.constantFrom('UP', 'DOWN', 'UNREACHABLE'), message: text, device: text })
    .map(({ host, status, message, device }) => ({
      method: 'POST',
      path: '/api/biz/host',
      headers: { ...GW, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form({ host, status, appType: 'NAGIOS', agentId: AGENT, message, device }),
    })),
  fc
    .record({
      host: fc.constantFrom('localhost', 'property-host'),
      service: text,
      status: fc.constantFrom('OK', 'WARNING', 'CRITICAL'),
      message: text,
    })
    .map((f) => ({
      method: 'POST',
      path: '/api/biz/service',
      headers: { ...GW, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form({ ...f, appType: 'NAGIOS', agentId: AGENT }),
    })),
  text.map((name) => ({ method: 'DELETE', path: `/api/hosts/${encodeURIComponent(name)}`, headers: GW })),
  text.map((app) => ({
    method: 'POST',
    path: '/api/auth/login',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/plain' },
    body: form({ user: 'admin', password: 'admin', 'gwos-app-name': app }),
  })),
  fc.constant({
    method: 'POST',
    path: '/api/users/login',
    headers: { 'Content-Type': 'application/vnd.api+json', Accept: 'application/vnd.api+json' },
    body: '{"identification":"admin@example.com","password":"admin"}',
  }),
  text.map((container) => ({
    method: 'POST',
    path: '/api/rest/v1/dev-account/async/ListenerStatus/query',
    headers: {
      Authorization: basic('BOOMI_TOKEN.dev@example.com', 'dev-api-token'),
      'Content-Type': 'application/json',
      Accept: 'application/json',
    },
    body: JSON.stringify({
      QueryFilter: { expression: { operator: 'EQUALS', property: 'containerId', argument: [container] } },
    }),
  })),
  fc
    .record({
      id: fc.integer({ min: 1, max: 10 }),
      command: fc.constantFrom('start', 'stop'),
      target: fc.option(text, { nil: undefined }),
    })
    .map(({ id, ...body }) => ({
      method: 'PUT',
      path: `/integrations/api/v1/integrations/${id}/status`,
      headers: {
        Authorization: basic('John.Doe', 'MyPassword'),
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: JSON.stringify(body),
    })),
);

let dir: string;
let stateFile: string;
let m: RunningMock;
const accepted = new Set<string>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'understudy-round-trip-'));
  stateFile = join(dir, 'state.json');
  m = await startMock({ stateFile });
});

afterAll(async () => {
  await m.close();
  rmSync(dir, { recursive: true, force: true });
});

const stateText = async (): Promise<string> => {
  const res = await fetch(`${m.url}/__admin/state`);
  expect(res.status).toBe(200);
  return res.text();
};

/** `lazyFromBytes` 0: GroundWork's hosts are built after the start, as a large file's are (then at once, by the dump). */
async function restartOnStateFile(lazyFromBytes = DEFAULT_READ_SIZES.lazyFromBytes): Promise<string> {
  m.mock.stateFile!.flush();
  const saved = DEFAULT_READ_SIZES.lazyFromBytes;
  DEFAULT_READ_SIZES.lazyFromBytes = lazyFromBytes;
  let restarted: MockServer;
  try {
    restarted = new MockServer(defaultOptions({ stateFile }));
  } finally {
    DEFAULT_READ_SIZES.lazyFromBytes = saved;
  }
  try {
    return [...restarted.serializeState()].join('');
  } finally {
    await restarted.close();
  }
}

/** The same text; where it is not, the path of the first difference (the texts are long). */
function expectSameText(actual: string, expected: string, what: string): void {
  if (actual === expected) return;
  expect(firstDifference(JSON.parse(expected), JSON.parse(actual)), what).toBeUndefined();
  expect.fail(`${what}: the same state in another text (members in another order)`);
}

describe('what the mock accepts survives its own state file', () => {
  it('after any accepted request, dump → load → dump is the same state; a restart on the state file serves its very text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 3 }), async (requests) => {
        m.mock.reset();
        let last: string | undefined;
        for (const r of requests) {
          const res = await fetch(`${m.url}${r.path}`, { method: r.method, headers: r.headers, body: r.body });
          await res.arrayBuffer();
          expect(res.status, `${r.method} ${r.path} ${r.body ?? ''}`).toBeLessThan(500);
          if (res.status >= 300) continue;
          accepted.add(
            `${r.method} ${r.path.replace(/\/api\/hosts\/.*/, '/api/hosts/{name}').replace(/\/integrations\/\d+\//, '/integrations/{id}/')}`,
          );
          const first = await stateText();
          const loaded = await fetch(`${m.url}/__admin/state`, {
            method: 'PUT',
            headers: { 'Content-Type': 'application/json' },
            body: first,
          });
          expect(loaded.status, await loaded.text()).toBe(200);
          // The same state; its text may differ in the order of an object's members (the fixtures
          // build some records in another order than the loader), and is the same from then on.
          const second = await stateText();
          expect(firstDifference(JSON.parse(first), JSON.parse(second)), 'dump → load → dump').toBeUndefined();
          last = second;
        }
        // A restart builds a whole mock (every spec compiled): once a sequence, on what it left.
        if (last !== undefined) {
          expectSameText(await restartOnStateFile(), last, 'a restart on the state file');
          expectSameText(await restartOnStateFile(0), last, 'a restart on the state file, its hosts built lazily');
        }
      }),
      { numRuns: 30, seed: 1414 },
    );
    // The property was about accepted requests: every kind of write was accepted some of the time.
    expect([...accepted].sort()).toEqual([
      'DELETE /api/hosts/{name}',
      'POST /api/auth/login',
      'POST /api/biz/host',
      'POST /api/biz/service',
      'POST /api/hosts',
      'POST /api/rest/v1/dev-account/async/ListenerStatus/query',
      'POST /api/users/login',
      'PUT /integrations/api/v1/integrations/{id}/status',
    ]);
  }, 240_000);
});
