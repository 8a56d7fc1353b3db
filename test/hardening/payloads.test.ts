// Hostile payloads against GroundWork (and Polarity's login): XML entity attacks, prototype
// pollution through JSON and form keys, oversized and deeply nested bodies, batches past the
// documented maxItems, over-long and over-nested queries, and a LIKE pattern built to backtrack.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hostileXml } from '../../src/fuzz/generate.js';
import { MAX_NESTING_DEPTH, MAX_QUERY_LENGTH } from '../../src/vendors/groundwork/query/index.js';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { AGENT, gw, stateHash } from './helpers.js';

let m: RunningMock;
beforeAll(async () => {
  m = await startMock();
});
afterAll(() => m.close());
beforeEach(() => m.mock.reset());

const XML = 'application/xml';
const FORM = 'application/x-www-form-urlencoded';
// Refusals are proved by what the answer says (the parser refused the DOCTYPE, the nesting limit
// stopped the walk), not by a stopwatch: a timed assertion failed on a loaded CI machine while the
// mock compiled its XML validators on first use. Speed is measured by `npm run bench`.

const XML_ENDPOINTS: Array<[string, string]> = [
  ['POST', '/api/biz/hosts'],
  ['POST', '/api/hosts'],
  ['DELETE', '/api/hosts'],
];

const ENTITY_ATTACKS: Array<[string, string]> = [
  ...hostileXml('hosts'),
  [
    'XXE in an attribute',
    `<?xml version="1.0"?><!DOCTYPE hosts [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><hosts><host hostName="&xxe;" host="&xxe;" status="UP" appType="NAGIOS" agentId="a"/></hosts>`,
  ],
  [
    'external parameter entity',
    `<?xml version="1.0"?><!DOCTYPE hosts [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]><hosts/>`,
  ],
  [
    'external DTD',
    `<?xml version="1.0"?><!DOCTYPE hosts SYSTEM "http://127.0.0.1:9/evil.dtd"><hosts><host hostName="x"/></hosts>`,
  ],
  [
    'quadratic blowup',
    `<?xml version="1.0"?><!DOCTYPE hosts [<!ENTITY a "${'x'.repeat(50_000)}">]><hosts><host hostName="${'&a;'.repeat(20_000)}"/></hosts>`,
  ],
];

describe('XML entity attacks on GroundWork', () => {
  for (const [method, path] of XML_ENDPOINTS) {
    for (const [name, body] of ENTITY_ATTACKS) {
      it(`${method} ${path}: ${name} is refused with 400 before any expansion`, async () => {
        const before = await stateHash(m);
        const answer = await gw(m, method, path, body, XML);
        expect(answer.status).toBe(400);
        expect(answer.json().error).toMatch(/DOCTYPE and ENTITY declarations are not accepted/);
        expect(await stateHash(m)).toBe(before);
      });
    }
  }
});

/** Whatever the mock did with the keys, no object prototype may have gained anything. */
function expectNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
  expect(typeof ({} as { toString: unknown }).toString).toBe('function');
}
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

describe('prototype pollution through JSON and form keys', () => {
  const proto = { polluted: 'yes' };
  const jsonBodies: Array<[string, string, string]> = [
    [
      '/api/biz/hosts',
      'top-level __proto__',
      `{"__proto__":{"polluted":"yes"},"hosts":[{"host":"pp-1","status":"UP","appType":"NAGIOS","agentId":"${AGENT}","device":"10.9.9.1"}]}`,
    ],
    [
      '/api/biz/hosts',
      '__proto__ in a host',
      `{"hosts":[{"__proto__":{"polluted":"yes"},"host":"pp-2","status":"UP","appType":"NAGIOS","agentId":"${AGENT}","device":"10.9.9.2"}]}`,
    ],
    [
      '/api/biz/hosts',
      '__proto__ in properties',
      `{"hosts":[{"host":"pp-3","status":"UP","appType":"NAGIOS","agentId":"${AGENT}","device":"10.9.9.3","properties":{"__proto__":{"polluted":"yes"}}}]}`,
    ],
    [
      '/api/biz/hosts',
      'constructor.prototype in properties',
      `{"hosts":[{"host":"pp-4","status":"UP","appType":"NAGIOS","agentId":"${AGENT}","device":"10.9.9.4","properties":{"constructor":{"prototype":{"polluted":"yes"}}}}]}`,
    ],
    [
      '/api/biz/hosts',
      'constructor as a property name',
      `{"hosts":[{"host":"pp-5","status":"UP","appType":"NAGIOS","agentId":"${AGENT}","device":"10.9.9.5","properties":{"constructor":"x","prototype":"y","toString":"z"}}]}`,
    ],
    [
      '/api/biz/services',
      '__proto__ in a service',
      `{"services":[{"__proto__":{"polluted":"yes"},"host":"pp-6","service":"s","status":"OK","appType":"NAGIOS","agentId":"${AGENT}","device":"10.9.9.6"}]}`,
    ],
    [
      '/api/hosts',
      '__proto__ in a host input',
      `{"hosts":[{"hostName":"pp-7","appType":"NAGIOS","deviceIdentification":"10.9.9.7","__proto__":{"polluted":"yes"},"properties":{"__proto__":{"polluted":"yes"}}}]}`,
    ],
  ];
  for (const [path, name, body] of jsonBodies) {
    it(`GroundWork ${path} JSON: ${name}`, async () => {
      const answer = await gw(m, 'POST', path, body);
      expect([200, 400]).toContain(answer.status);
      expectNoPollution();
    });
  }

  it('GroundWork /api/biz/host form: __proto__, constructor and prototype keys', async () => {
    for (const form of [
      `__proto__[polluted]=yes&host=pp-f1&status=UP&appType=NAGIOS&agentId=${AGENT}&device=10.9.8.1`,
      `__proto__=yes&host=pp-f2&status=UP&appType=NAGIOS&agentId=${AGENT}&device=10.9.8.2`,
      `constructor[prototype][polluted]=yes&host=pp-f3&status=UP&appType=NAGIOS&agentId=${AGENT}&device=10.9.8.3`,
      `constructor=x&prototype=y&host=pp-f4&status=UP&appType=NAGIOS&agentId=${AGENT}&device=10.9.8.4`,
    ]) {
      const answer = await gw(m, 'POST', '/api/biz/host', form, FORM);
      // Refused by name (__proto__) or as fields the form does not have; never dropped while the host is created.
      expect(answer.status).toBe(400);
      expectNoPollution();
    }
    expect((await gw(m, 'GET', '/api/hosts/pp-f2')).status).toBe(404);
  });

  it('a property named constructor stays a plain property of the host', async () => {
    await gw(m, 'POST', '/api/biz/hosts', jsonBodies[4]![2]);
    const host = (await gw(m, 'GET', '/api/hosts/pp-5')).json() as { properties: Record<string, unknown> };
    expect(host.properties).toMatchObject({ constructor: 'x', prototype: 'y', toString: 'z' });
    expectNoPollution();
  });

  it('Polarity login: __proto__ and constructor keys in the JSON:API body', async () => {
    for (const body of [
      { identification: 'admin@example.com', password: 'admin', __proto__: proto },
      JSON.parse('{"identification":"admin@example.com","password":"admin","__proto__":{"polluted":"yes"}}') as object,
      { identification: 'admin@example.com', password: 'admin', constructor: { prototype: proto } },
      JSON.parse('{"__proto__":{"identification":"admin@example.com","password":"admin"}}') as object,
    ]) {
      const res = await fetch(`${m.url}/api/users/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/vnd.api+json' },
        body: JSON.stringify(body),
      });
      expect([200, 400, 401]).toContain(res.status);
      expectNoPollution();
    }
  });

  it('no response of the mock broke its spec along the way', () => {
    expect(violations(m.mock)).toEqual([]);
  });
});

/** Sends a body without Content-Length (chunked), so only the streaming limit can stop it. */
function chunked(path: string, chunk: string, times: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${m.url}${path}`,
      {
        method: 'POST',
        headers: {
          'GWOS-API-TOKEN': 'understudy-demo-token',
          'GWOS-APP-NAME': 'x',
          'Content-Type': 'application/json',
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
    );
    let sent = 0;
    const write = (): void => {
      while (sent < times) {
        sent++;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

describe('sizes and nesting', () => {
  it('an oversized body is refused with 413, declared or streamed', async () => {
    const big = `{"hosts":[{"hostName":"big","description":"${'x'.repeat(2 * 1024 * 1024)}"}]}`;
    const declared = await gw(m, 'POST', '/api/hosts', big);
    expect(declared.status).toBe(413);
    expect(await chunked('/api/hosts', 'x'.repeat(64 * 1024), 40)).toBe(413);
    const form = await gw(m, 'POST', '/api/biz/host', `host=big&message=${'x'.repeat(2 * 1024 * 1024)}`, FORM);
    expect(form.status).toBe(413);
  });

  it('deep JSON nesting is refused with 400 by the depth limit', async () => {
    const deep = `{"hosts":[{"hostName":"deep","properties":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}]}`;
    const answer = await gw(m, 'POST', '/api/hosts', deep);
    expect(answer.status).toBe(400);
    expect(answer.json().error).toMatch(/JSON nesting deeper than 64 levels/);
  });

  it('deep XML nesting is refused with 400 by the depth limit', async () => {
    const deep = `<hosts>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</hosts>`;
    const answer = await gw(m, 'POST', '/api/hosts', deep, XML);
    expect(answer.status).toBe(400);
    expect(answer.json().error).toMatch(/XML nesting deeper than 64 elements/);
  });
});

describe('batches past the documented maxItems (10,000)', () => {
  const names = (n: number) => Array.from({ length: n }, (_, i) => `batch-${i}`);
  const cases: Array<[string, string, (n: number) => string, string]> = [
    [
      'POST',
      '/api/hosts',
      (n) => JSON.stringify({ hosts: names(n).map((hostName) => ({ hostName })) }),
      'application/json',
    ],
    [
      'DELETE',
      '/api/hosts',
      (n) => JSON.stringify({ hosts: names(n).map((hostName) => ({ hostName })) }),
      'application/json',
    ],
    ['DELETE', '/api/hosts', (n) => JSON.stringify(names(n).map((hostName) => ({ hostName }))), 'application/json'],
    [
      'POST',
      '/api/hosts',
      (n) =>
        `<hosts>${names(n)
          .map((h) => `<host hostName="${h}"/>`)
          .join('')}</hosts>`,
      XML,
    ],
    [
      'POST',
      '/api/biz/hosts',
      (n) =>
        JSON.stringify({ hosts: names(n).map((host) => ({ host, status: 'UP', appType: 'NAGIOS', agentId: 'a' })) }),
      'application/json',
    ],
    [
      'POST',
      '/api/biz/services',
      (n) =>
        JSON.stringify({
          services: names(n).map((host) => ({ host, service: 's', status: 'OK', appType: 'NAGIOS', agentId: 'a' })),
        }),
      'application/json',
    ],
    [
      'POST',
      '/api/biz/hosts',
      (n) =>
        JSON.stringify({
          hosts: [
            {
              host: 'h',
              status: 'UP',
              appType: 'NAGIOS',
              agentId: 'a',
              services: names(n).map((service) => ({ service, status: 'OK' })),
            },
          ],
        }),
      'application/json',
    ],
  ];
  for (const [method, path, body, type] of cases) {
    const nested = body(1).includes('"services":[{"service"');
    it(`${method} ${path} (${type}${body(1).startsWith('[') ? ', 7.0 array' : ''}${nested ? ', nested services' : ''}): 10,001 entities → ${nested ? "that host's failure" : '400'}, 10,000 accepted`, async () => {
      const before = await stateHash(m);
      const tooMany = await gw(m, method, path, body(10_001), type);
      // Nested in a host, the list is that host's (an entity of a per-entity batch): its failure.
      expect(tooMany.status).toBe(nested ? 200 : 400);
      if (nested)
        expect(tooMany.json().results[0]).toMatchObject({
          entity: 'h',
          status: 'failure',
          message: expect.stringMatching(/must NOT have more than 10000 items/),
        });
      else expect(tooMany.json().error).toMatch(/must NOT have more than 10000 items/);
      expect(await stateHash(m)).toBe(before);
      const most = await gw(m, method, path, body(10_000), type);
      expect(most.status).toBe(200);
    });
  }
});

describe('GroundWork queries', () => {
  const query = (q: string) => gw(m, 'GET', `/api/hosts?query=${encodeURIComponent(q)}`);

  it(`a query longer than ${MAX_QUERY_LENGTH} characters is refused with 400`, async () => {
    const answer = await query(`hostName = '${'a'.repeat(MAX_QUERY_LENGTH)}'`);
    expect(answer.status).toBe(400);
    expect(answer.json().error).toMatch(/too long/);
  });

  it(`a query nested deeper than ${MAX_NESTING_DEPTH} levels is refused with 400`, async () => {
    const depth = MAX_NESTING_DEPTH + 8;
    for (const q of [
      `${'('.repeat(depth)}hostName = 'a'${')'.repeat(depth)}`,
      `${'not '.repeat(depth)}hostName = 'a'`,
      `${'(not '.repeat(depth)}hostName = 'a'${')'.repeat(depth)}`,
    ]) {
      const answer = await query(q);
      expect(answer.status, q.slice(0, 40)).toBe(400);
    }
    // Just within the limit is a query like any other (no host matches: 404).
    const fine = await query(
      `${'('.repeat(MAX_NESTING_DEPTH - 1)}hostName = 'nobody'${')'.repeat(MAX_NESTING_DEPTH - 1)}`,
    );
    expect(fine.status).toBe(404);
  });

  // Backtracking exponentially over 200 descriptions of 4,000 characters would take far longer than
  // this test's 10 s timeout; the matcher is linear in the text, so it answers in milliseconds.
  it("a LIKE pattern built to backtrack ('%a%a%a%a%a%a%a%a%a%b') answers over long descriptions", async () => {
    const hosts = Array.from({ length: 200 }, (_, i) => ({
      hostName: `long-${i}`,
      description: `${'a'.repeat(4_000)}-${i}`,
      appType: 'NAGIOS',
      deviceIdentification: `10.7.${i >> 8}.${i & 255}`,
    }));
    expect((await gw(m, 'POST', '/api/hosts', { hosts })).status).toBe(200);
    const answer = await query("description like '%a%a%a%a%a%a%a%a%a%b'");
    expect(answer.status).toBe(404);
    const matching = await query("description like '%a%a%a%a%a%a%a%a%a%-1'");
    expect(matching.status).toBe(200);
    expect((matching.json() as { hosts: unknown[] }).hosts.length).toBe(1);
  }, 10_000);
});

// Mock bugs the fuzzer found (src/fuzz), kept as regressions.
describe('found by fuzzing', () => {
  it('a lone UTF-16 surrogate in a JSON host or service name is stored and linked, not a 500 after the write', async () => {
    const hosts = await gw(
      m,
      'POST',
      '/api/hosts',
      '{"hosts":[{"hostName":"lone-\\ud800","appType":"NAGIOS","deviceIdentification":"10.5.0.1"}]}',
    );
    expect(hosts.status).toBe(200);
    expect(hosts.json().results[0].location).toMatch(/\/api\/hosts\/lone-%EF%BF%BD$/);
    const biz = await gw(
      m,
      'POST',
      '/api/biz/services',
      `{"services":[{"host":"lone-2","service":"s-\\udfff","status":"OK","appType":"NAGIOS","agentId":"${AGENT}","device":"10.5.0.2"}]}`,
    );
    expect(biz.status).toBe(200);
    expect(biz.json().results[1].location).toMatch(/\/api\/services\/s-%EF%BF%BD%3FhostName=lone-2$/);
    expect(violations(m.mock)).toEqual([]);
  });

  it('a check interval beyond 32 bits is refused (it once pushed nextCheckTime past year 9999 and broke every host listing)', async () => {
    const before = await stateHash(m);
    const form = await gw(
      m,
      'POST',
      '/api/biz/host',
      `host=far&status=UP&appType=NAGIOS&agentId=${AGENT}&device=10.5.0.3&checkIntervalMinutes=9007199254740991`,
      FORM,
    );
    expect(form.status).toBe(400);
    expect(form.json().error).toMatch(/checkIntervalMinutes' must be <= 2147483647/);
    expect(await stateHash(m)).toBe(before);
    const most = await gw(
      m,
      'POST',
      '/api/biz/host',
      `host=far&status=UP&appType=NAGIOS&agentId=${AGENT}&device=10.5.0.3&checkIntervalMinutes=2147483647`,
      FORM,
    );
    expect(most.status).toBe(200);
    expect(most.json().nextCheckTime).toMatch(/^\d{4}-/);
    expect((await gw(m, 'GET', '/api/hosts')).status).toBe(200);
    expect(violations(m.mock)).toEqual([]);
  });
});
