// Prism, the reference, watches our mock's traffic: the suites run through `prism proxy --errors`,
// which answers any response that breaks the spec with its own VIOLATIONS error. There must be none.
// (Prism also refuses requests it finds invalid, or without credentials, before they reach the mock:
// the suites' negative steps and ignored_auth replays; those are Prism's answers, not our mock's.
// Prism 5 cannot read XML bodies - it validates their text against the object schema and reports
// "Response body must be object" for every one - so XML answers are left to our own
// response_schema_conformance, which reads XML through the spec's mapping.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrism, type RunningPrism } from '../../src/conformance/prism.js';
import type { ExchangeResult } from '../../src/conformance/results.js';
import { runVerify } from '../../src/conformance/runner.js';
import type { Vendor } from '../../src/spec/vendors.js';
import { VENDOR_MODULES } from '../../src/vendors/index.js';
import { startMock, type RunningMock } from '../helpers/mock.js';

const served = Object.keys(VENDOR_MODULES) as Vendor[];
let m: RunningMock;
const prisms = new Map<Vendor, RunningPrism>();

beforeAll(async () => {
  m = await startMock({ vendors: served });
  for (const vendor of served) prisms.set(vendor, await startPrism(vendor, { mode: 'proxy', upstream: m.url, errors: true }));
}, 120_000);

afterAll(async () => {
  await Promise.all([...prisms.values()].map((p) => p.close()));
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
  it('finds no violation in the mock\'s responses', async () => {
    const result = await runVerify({ targets: { [vendor]: prisms.get(vendor)!.url }, vendors: [vendor], targetName: `prism proxy → mock (${vendor})` });
    const exchanges = result.scenarios.flatMap((s) => s.steps).flatMap((s) => s.exchanges);
    const forwarded = exchanges.filter((e) => e.response && !e.response.headers['content-type']?.includes('problem+json'));
    const refusedByPrism = exchanges.filter((e) => e.response?.headers['content-type']?.includes('problem+json'));
    const found = exchanges.map(responseViolation).filter((v): v is string => v !== undefined);
    const xml = exchanges.filter(askedForXml).length;
    console.log(`${vendor}: ${exchanges.length} exchanges, ${forwarded.length} answered by the mock through Prism, ${refusedByPrism.length} answered by Prism itself; ${xml} asked for XML, which Prism cannot check, ${found.length} response violations`);
    expect(found).toEqual([]);
    expect(forwarded.length).toBeGreaterThan(exchanges.length / 3);
  }, 120_000);
});
