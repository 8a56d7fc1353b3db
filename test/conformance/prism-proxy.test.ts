// Prism, the reference, watches our mock's traffic: the suites run through `prism proxy --errors`,
// which answers any response that breaks the spec with its own VIOLATIONS error. There must be none.
// (Prism also refuses requests it finds invalid, or without credentials, before they reach the mock:
// the suites' negative steps and ignored_auth replays; those are Prism's answers, not our mock's.
// Prism 5 cannot read XML bodies - it validates their text against the object schema and reports
// "Response body must be object" for every one - so XML answers are left to our own
// response_schema_conformance, which reads XML through the spec's mapping.)
import type { CreateProxyServerOptions } from '@stoplight/prism-cli/dist/util/createServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startPrism, type RunningPrism } from '../../src/conformance/prism.js';
import { specPath } from '../../src/spec/load.js';
import type { ExchangeResult } from '../../src/conformance/results.js';
import { runVerify } from '../../src/conformance/runner.js';
import type { Vendor } from '../../src/vendors/types.js';
import { vendorNames } from '../../src/vendors/registry.js';
import { englishFaker } from '../helpers/english-faker.mjs';
import { startMock, type RunningMock } from '../helpers/mock.js';

const served = vendorNames();
let m: RunningMock;
/** Each vendor's Prism, once it listens (the spawned one may still be starting when tests begin). */
const prisms = new Map<Vendor, Promise<RunningPrism>>();

async function prismUrl(vendor: Vendor): Promise<string> {
  const prism = prisms.get(vendor);
  if (!prism) throw new Error(`no Prism for ${vendor}`);
  return (await prism).url;
}

/** Prism's server factory, loaded with its faker in English only (test/helpers/english-faker.mjs). */
async function prismServerFactory() {
  const restoreFaker = englishFaker();
  try {
    return await import('@stoplight/prism-cli/dist/util/createServer.js');
  } finally {
    restoreFaker();
  }
}

/**
 * `prism proxy <spec> <upstream> --errors`, in this process: the function the CLI's proxy command
 * calls (Prism's own engine and config, options as the CLI's parser gives them), without a process
 * of its own and the per-request log lines it parses and prints. Each `prism proxy` process cost
 * ~3 s of CPU to start (its modules); here they load once.
 */
async function prismInProcess(vendor: Vendor, upstream: string): Promise<RunningPrism> {
  const port = await freePort();
  const options = {
    document: specPath(vendor),
    upstream: new URL(upstream),
    errors: true,
    validateRequest: true,
    cors: true,
    host: '127.0.0.1',
    port,
    multiprocess: false,
    verboseLevel: 'silent',
  } as CreateProxyServerOptions;
  const { createSingleProcessPrism } = await prismServerFactory();
  const server = await createSingleProcessPrism(options);
  if (!server) throw new Error(`Prism did not start for ${vendor}`);
  return { vendor, url: `http://127.0.0.1:${port}`, log: () => '', close: () => server.close() };
}

beforeAll(async () => {
  // The mock's own response check off: with it on, a response our validator refuses becomes the
  // mock's 500, and Prism would judge that 500 (declared by 14 GroundWork operations) instead of the
  // broken response. Here Prism, the reference, sees what the handlers really answered.
  m = await startMock({ vendors: served, validateResponses: false });
  // One vendor (the smallest spec) through the `prism proxy` process src/conformance/prism.ts starts
  // (its 30 s start bound is for users; a loaded 2-core machine needs the hook's), the others in-process.
  // The process starts while the first vendors' suites run: its tests wait for it, not the hook.
  const spawned: Vendor = 'moogsoft';
  // Its faker in English only, as the in-process ones' (test/helpers/english-faker.mjs): half its start.
  const preload = new URL('../helpers/english-faker-preload.mjs', import.meta.url).href;
  const starting = startPrism(spawned, {
    mode: 'proxy',
    upstream: m.url,
    errors: true,
    startTimeoutMs: 120_000,
    env: { NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --import=${preload}`.trim() },
  });
  // Its failure is its tests' to report (each awaits it); not an unhandled rejection meanwhile.
  starting.catch(() => undefined);
  prisms.set(spawned, starting);
  for (const vendor of served.filter((v) => v !== spawned)) prisms.set(vendor, prismInProcess(vendor, m.url));
  await Promise.all([...prisms].filter(([vendor]) => vendor !== spawned).map(([, prism]) => prism));
}, 300_000);

afterAll(async () => {
  const started = await Promise.allSettled(prisms.values());
  await Promise.all(started.flatMap((p) => (p.status === 'fulfilled' ? [p.value.close()] : [])));
  await m.close();
});

function askedForXml(e: ExchangeResult): boolean {
  const accept = Object.entries(e.request.headers).find(([k]) => k.toLowerCase() === 'accept')?.[1] ?? '';
  return /^[^,]*xml/.test(accept) || /^text\/plain,\s*application\/xml/.test(accept);
}

/** A response-side violation Prism found: its own 500 with `sl-violations` naming the response. */
function responseViolation(e: ExchangeResult): string | undefined {
  if (askedForXml(e)) return undefined;
  const header = e.response?.headers['sl-violations'];
  const body = e.response?.body ?? '';
  if (!header && !body.includes('prism/errors#VIOLATIONS')) return undefined;
  const text = header ?? body;
  return /"location":\["response"/.test(text) ? `${e.request.method} ${e.request.url}: ${text}` : undefined;
}

describe.each(served)('prism proxy --errors in front of the mock: %s', (vendor) => {
  it("finds no violation in the mock's responses", async () => {
    const result = await runVerify({
      targets: { [vendor]: await prismUrl(vendor) },
      vendors: [vendor],
      targetName: `prism proxy → mock (${vendor})`,
    });
    const exchanges = result.scenarios.flatMap((s) => s.steps).flatMap((s) => s.exchanges);
    const forwarded = exchanges.filter(
      (e) => e.response && !e.response.headers['content-type']?.includes('problem+json'),
    );
    const refusedByPrism = exchanges.filter((e) => e.response?.headers['content-type']?.includes('problem+json'));
    const found = exchanges.map(responseViolation).filter((v): v is string => v !== undefined);
    const xml = exchanges.filter(askedForXml).length;
    console.log(
      `${vendor}: ${exchanges.length} exchanges, ${forwarded.length} answered by the mock through Prism, ${refusedByPrism.length} answered by Prism itself; ${xml} asked for XML, which Prism cannot check, ${found.length} response violations`,
    );
    expect(found).toEqual([]);
    expect(forwarded.length).toBeGreaterThan(exchanges.length / 3);
  }, 120_000);
});

/** One request through a vendor's Prism proxy; what came back and whether Prism saw a violation. */
async function throughPrism(
  vendor: Vendor,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
) {
  const res = await fetch(`${await prismUrl(vendor)}${path}`, { method, headers, body });
  const text = await res.text();
  return {
    status: res.status,
    fromPrism: (res.headers.get('content-type') ?? '').includes('problem+json'),
    violations: res.headers.get('sl-violations'),
    text,
  };
}

const CREDENTIALS = {
  groundwork: { 'GWOS-API-TOKEN': 'understudy-demo-token', 'GWOS-APP-NAME': 'prism' },
  moogsoft: { Authorization: `Basic ${Buffer.from('John.Doe:MyPassword').toString('base64')}` },
  polarity: { Authorization: 'Bearer my-auth-token' },
  boomi: { Authorization: `Basic ${Buffer.from('BOOMI_TOKEN.dev@example.com:dev-api-token').toString('base64')}` },
};
const READS = {
  groundwork: '/api/hosts/localhost',
  moogsoft: '/integrations/api/v1/integrations',
  polarity: '/api/integrations',
  boomi: '/api/rest/v1/dev-account/async/ListenerStatus/response/no-such-token',
};
const BIG = 'y'.repeat(1100 * 1024);
/** A body each vendor's spec accepts (so Prism forwards it) and that is over the mock's 1 MiB. */
const BIG_WRITES = {
  groundwork: {
    method: 'POST',
    path: '/api/hosts',
    type: 'application/json',
    body: JSON.stringify({ hosts: Array.from({ length: 5000 }, (_, i) => ({ hostName: `${'h'.repeat(240)}${i}` })) }),
  },
  moogsoft: {
    method: 'PUT',
    path: '/integrations/api/v1/integrations/6/status',
    type: 'application/json',
    body: JSON.stringify({ command: 'start', target: BIG }),
  },
  polarity: {
    method: 'POST',
    path: '/api/users/login',
    type: 'application/vnd.api+json',
    body: JSON.stringify({ identification: BIG, password: 'x' }),
  },
  boomi: {
    method: 'POST',
    path: '/api/rest/v1/dev-account/async/ListenerStatus/query',
    type: 'application/json',
    body: JSON.stringify({
      QueryFilter: { expression: { operator: 'EQUALS', property: 'containerId', argument: [BIG] } },
    }),
  },
};

describe('Prism agrees with the mock (issue 14 item 7)', () => {
  it("forwards the spec's own example DELETE /api/hosts/hostName1,hostName2 (it answered 422, the list read as one string)", async () => {
    const answer = await throughPrism('groundwork', 'DELETE', '/api/hosts/hostName1,hostName2', {
      ...CREDENTIALS.groundwork,
      Accept: 'application/json',
    });
    expect(answer.fromPrism, answer.text).toBe(false);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).results.map((r: { entity: string }) => r.entity)).toEqual([
      'hostName1',
      'hostName2',
    ]);
  });

  // The built-in vendors: each has a read and a big write above.
  describe.each(served as (keyof typeof READS)[])(
    '%s: the 406, 413 and 414 the mock answers are declared, so Prism finds no violation in them',
    (vendor) => {
      it('406 for an Accept the operation does not answer in', async () => {
        const answer = await throughPrism(vendor, 'GET', READS[vendor], { ...CREDENTIALS[vendor], Accept: 'text/csv' });
        expect(answer.status, answer.text).toBe(406);
        expect(answer.violations).toBeNull();
      });
      it('413 for a body over 1 MiB', async () => {
        const { method, path, type, body } = BIG_WRITES[vendor];
        const answer = await throughPrism(
          vendor,
          method,
          path,
          { ...CREDENTIALS[vendor], 'Content-Type': type, Accept: type },
          body,
        );
        expect(answer.status, answer.text.slice(0, 300)).toBe(413);
        expect(answer.violations).toBeNull();
      });
      it('414 for a URL over 8 KiB', async () => {
        const answer = await throughPrism(vendor, 'GET', `${READS[vendor]}?pad=${'a'.repeat(9000)}`, {
          ...CREDENTIALS[vendor],
          Accept: 'application/json',
        });
        expect(answer.status, answer.text.slice(0, 300)).toBe(414);
        expect(answer.violations).toBeNull();
      });
    },
  );
});
