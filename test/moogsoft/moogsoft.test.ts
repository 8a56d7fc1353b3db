// Moogsoft integration status (seed 000) over a real socket: the documented examples as written,
// least-loaded placement, stop with and without target, and the errors the document implies.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMoogsoftClient } from '../../src/client.js';
import { BROKER_A, BROKER_B, BROKER_C } from '../../src/vendors/moogsoft/state.js';
import { basic, startMock, violations, type RunningMock } from '../helpers/mock.js';

// curl runs as a child process, asynchronously: the mock is served by this same event loop.
const curl = async (...args: string[]) => (await promisify(execFile)('curl', args)).stdout;
let m: RunningMock;
const auth = { authorization: basic('John.Doe', 'MyPassword') };
const status = (id: number | string) => `${m.url}/integrations/api/v1/integrations/${id}/status`;
const put = (id: number, body: unknown) =>
  fetch(status(id), {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const get = async (id: number) => {
  const client = createMoogsoftClient({ baseUrl: m.url, headers: auth });
  const { data, response } = await client.GET('/integrations/api/v1/integrations/{integrationId}/status', {
    params: { path: { integrationId: id } },
  });
  if (!data) throw new Error(`GET status ${id}: ${response.status}`);
  return data;
};

beforeAll(async () => {
  m = await startMock({ vendors: ['moogsoft'] });
});
afterAll(() => m.close());
beforeEach(() => m.mock.reset());

describe('Moogsoft documented examples', () => {
  it('GET status of integration 6 returns the documented body (curl as written)', async () => {
    const out = await curl('-s', status(6), '-u', 'John.Doe:MyPassword', '-H', 'accept: application/json');
    expect(JSON.parse(out)).toEqual({
      global: { integration_config_id: 6, status: 'running' },
      instances: { [BROKER_A]: { integration_name: 'Azure1', status: 'running', last_heartbeat: 1567789762645 } },
    });
  });

  it('PUT {"command": "start"} as the document sends it answers 204 with no body', async () => {
    const text = await curl(
      '-s',
      '-i',
      '-X',
      'PUT',
      status(7),
      '-u',
      'John.Doe:MyPassword',
      '-d',
      '{ "command": "start" }',
    );
    expect(text).toMatch(/^HTTP\/1.1 204/);
    expect(text.split('\r\n\r\n')[1]).toBe('');
  });
});

describe('Moogsoft behaviour', () => {
  it('start without target places the integration on the least-loaded broker, deterministically', async () => {
    expect((await put(7, { command: 'start' })).status).toBe(204);
    const after = await get(7);
    expect(after.global.status).toBe('running');
    expect(Object.keys(after.instances)).toEqual([BROKER_B]); // B ran 1, C 2, A 3
    // B and C now both run 2: the tie goes to the broker id that sorts first (B).
    expect((await put(8, { command: 'start' })).status).toBe(204);
    expect(Object.keys((await get(8)).instances)).toEqual([BROKER_B]);
    const third = await (await put(7, { command: 'start', target: BROKER_C }), get(7));
    expect(Object.keys(third.instances).sort()).toEqual([BROKER_B, BROKER_C].sort());
  });

  it('stop needs a target, and the global status follows the instances', async () => {
    const noTarget = await put(6, { command: 'stop' });
    expect(noTarget.status).toBe(400);
    expect(((await noTarget.json()) as { message: string }).message).toMatch(/'target' is required/);
    expect((await get(6)).global.status).toBe('running');
    expect((await put(6, { command: 'stop', target: BROKER_A })).status).toBe(204);
    const stopped = await get(6);
    expect(stopped.global.status).toBe('stopped');
    expect(stopped.instances[BROKER_A]?.status).toBe('stopped');
  });

  it('rejects an unknown command, an unknown broker and an unknown integration without changing state', async () => {
    const before = m.mock.dumpState();
    const bad = await put(6, { command: 'restart' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/'command' must be one of: "start", "stop"/);
    const broker = await put(6, { command: 'start', target: 'Broker_nope' });
    expect(broker.status).toBe(400);
    expect(((await broker.json()) as { message: string }).message).toMatch(/'Broker_nope' is not a known broker/);
    expect((await put(999, { command: 'start' })).status).toBe(404);
    expect((await fetch(status(999), { headers: auth })).status).toBe(404);
    expect(m.mock.dumpState()).toEqual(before);
  });

  it('answers 401 with WWW-Authenticate for missing or wrong credentials', async () => {
    for (const headers of [{}, { authorization: basic('John.Doe', 'wrong') }] as Array<Record<string, string>>) {
      const res = await fetch(status(6), { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
      expect(((await res.json()) as { message: string }).message).toMatch(/not authenticated/);
    }
  });

  it('lists the integrations', async () => {
    const client = createMoogsoftClient({ baseUrl: m.url, headers: auth });
    const { data } = await client.GET('/integrations/api/v1/integrations');
    expect(data?.map((i) => i.name)).toContain('Azure1');
  });

  it('never answered with a response that breaks the spec', () => {
    expect(violations(m.mock)).toEqual([]);
  });
});
