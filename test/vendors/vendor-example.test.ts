// A vendor is added in one place (CONTRIBUTING.md, "Adding a vendor"): the example vendor under
// test/fixtures/vendor-example/ is one module and one `registerVendor` call, and from then on the
// mock serves it (in-process and over a socket), verify runs its suite and fuzz checks it, its
// use-after-free lifecycle included. A handler broken on purpose shows both checkers look. Taken
// back (`unregisterVendor`) after its tests, nothing knows it any more, so this file shares a worker
// with the others (test/vitest.config.ts) and leaves them the four built-in vendors.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerify } from '../../src/conformance/runner.js';
import { createMock } from '../../src/embed/create-mock.js';
import { startMock, type StartedMock } from '../../src/embed/start-mock.js';
import { runFuzz } from '../../src/fuzz/index.js';
import { bundledSpec } from '../../src/spec/bundled.js';
import { loadSpec } from '../../src/spec/load.js';
import { registerVendor, unregisterVendor, vendorModule } from '../../src/vendors/index.js';
import { isVendor, parseVendorList, vendorNames } from '../../src/vendors/registry.js';
import { example } from '../fixtures/vendor-example/vendor.js';
import { IN_PROCESS_TARGET, inProcess } from '../helpers/in-process.js';

const scenariosDir = fileURLToPath(new URL('../fixtures/vendor-example/scenarios', import.meta.url));
const basic = `Basic ${Buffer.from('widget-admin:widget-password').toString('base64')}`;

let m: StartedMock;

beforeAll(async () => {
  expect(isVendor('example')).toBe(false);
  registerVendor(example);
  m = await startMock({ vendors: ['example'] });
});
afterAll(async () => {
  await m.close();
  if (isVendor('example')) unregisterVendor('example');
});

describe('a vendor registered in one place', () => {
  it('is known by name everywhere a vendor is named', () => {
    expect(vendorNames()).toContain('example');
    expect(parseVendorList('example,moogsoft')).toEqual(['example', 'moogsoft']);
    expect(() => registerVendor(example)).toThrow(/already registered/);
  });

  it('is served by the in-process mock: its handlers, its auth, its error format, its failure status', async () => {
    const mock = await createMock({ vendors: ['example'] });
    const list = await mock.fetch('http://mock.test/example/api/widgets', { headers: { authorization: basic } });
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual([{ id: 1, name: 'gear', size: 5 }]);
    const denied = await mock.fetch('http://mock.test/example/api/widgets');
    expect(denied.status).toBe(401);
    expect(await denied.json()).toEqual({ message: 'wrong credentials' });
    const bad = await mock.fetch('http://mock.test/example/api/widgets', {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/json' },
      body: JSON.stringify({ size: 7 }),
    });
    expect(bad.status).toBe(400);
    const failing = await mock.fetch('http://mock.test/example/api/widgets', {
      headers: { authorization: basic, prefer: 'code=failure' },
    });
    expect(failing.status).toBe(503);
    await mock.close();
  });

  it('passes verify, its suite read from its own scenarios folder', async () => {
    const result = await runVerify({ target: m.url, vendors: ['example'], scenariosDir });
    expect(result.vendors).toEqual(['example']);
    expect(result.summary.steps.passed).toBe(5);
    expect(result.ok).toBe(true);
  });

  it('passes fuzz, its use-after-free lifecycle included', async () => {
    const result = await runFuzz({ target: m.url, vendors: ['example'], seed: 7, requests: 300 });
    expect(result.fuzz.requests.byVendor).toEqual({ example: result.fuzz.requests.total });
    expect(result.fuzz.requests.total).toBeGreaterThanOrEqual(300);
    expect(result.fuzz.checks.use_after_free.passed).toBeGreaterThan(0);
    expect(result.fuzz.failures).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('fails verify and fuzz when its mock breaks the contract (a widget read without its size)', async () => {
    const getWidget = example.handlers.getWidget;
    if (!getWidget) throw new Error('the example vendor has no getWidget handler');
    example.handlers.getWidget = async (req, ctx) => {
      const answer = (await getWidget(req, ctx)) as { status: number; body: Record<string, unknown> };
      // A handler of an untyped operation answers `never`: this one breaks its contract on purpose.
      return { status: answer.status, body: { ...answer.body, size: undefined } } as never;
    };
    // The mock's core in-process: the passing runs above went over the socket.
    const door = { target: IN_PROCESS_TARGET, send: inProcess((r) => m.server.core.handle(r)) };
    try {
      const verified = await runVerify({ ...door, vendors: ['example'], scenariosDir });
      expect(verified.ok).toBe(false);
      const fuzzed = await runFuzz({ ...door, vendors: ['example'], seed: 7, requests: 200 });
      expect(fuzzed.ok).toBe(false);
      expect(fuzzed.fuzz.failuresTotal).toBeGreaterThan(0);
    } finally {
      example.handlers.getWidget = getWidget;
    }
  });
});

describe('a registered vendor taken back', () => {
  it('is unknown again everywhere, its spec forgotten, and can be registered again', async () => {
    const spec = loadSpec('example');
    unregisterVendor('example');
    expect(isVendor('example')).toBe(false);
    expect(vendorNames()).toEqual(['groundwork', 'moogsoft', 'polarity', 'boomi']);
    expect(() => parseVendorList('example')).toThrow(/unknown vendor 'example'/);
    expect(() => loadSpec('example')).toThrow(/unknown vendor 'example'/);
    expect(() => bundledSpec('example')).toThrow(/unknown vendor 'example'/);
    expect(() => vendorModule('example')).toThrow(/unknown vendor 'example'/);
    await expect(createMock({ vendors: ['example'] })).rejects.toThrow(/unknown vendor 'example'/);
    expect(() => unregisterVendor('example')).toThrow(/unknown vendor 'example'/);
    expect(() => unregisterVendor('groundwork')).toThrow(/built in/);
    // Registered again (a new registration of the same vendor): served, its spec read afresh.
    registerVendor({ ...example });
    expect(loadSpec('example')).not.toBe(spec);
    const mock = await createMock({ vendors: ['example'] });
    const list = await mock.fetch('http://mock.test/example/api/widgets', { headers: { authorization: basic } });
    expect(list.status).toBe(200);
    await mock.close();
  });
});
