// Concurrency on GroundWork: 1,100 mixed creates, updates, renames and deletes sent 110 at a time
// (Promise.all per batch) end in the same state as the same operations sent one by one to a fresh
// mock; no update is lost; two spellings of one name never make two hosts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_PROCESS_TARGET, inProcess } from '../helpers/in-process.js';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { AGENT, GW, gw, type Answer } from './helpers.js';

const SLOTS = 100;
const STEPS = 10;
const SHARED_PER_BATCH = 10;
const FORM = 'application/x-www-form-urlencoded';
const XML = 'application/xml';

interface Op {
  label: string;
  method: string;
  path: string;
  body?: string | object;
  type?: string;
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/**
 * Slot i's own program, one operation per batch. Every operation of slot i touches only slot i's
 * hosts (`c<i>`, `c<i>-r`, `C<i>-Final`) and devices, so operations of different slots commute:
 * whatever order the server completes the operations of one batch in, the state after the batch is
 * the same. Batches are sent one after the other, so the concurrent run must end exactly where the
 * sequential run does. (Ids, event order and host group ids depend on arrival order and are not
 * compared.)
 */
function slotOp(i: number, step: number): Op {
  const c = `c${i}`;
  const renamed = `${c}-r`;
  const final = `C${i}-Final`;
  const device = (k: number) => `10.60.${i}.${k}`;
  switch (step) {
    case 0:
      return {
        label: 'biz form create',
        method: 'POST',
        path: '/api/biz/host',
        type: FORM,
        body: form({
          host: c,
          status: 'UP',
          device: device(0),
          agentId: AGENT,
          appType: 'NAGIOS',
          setStatusOnCreate: 'true',
          hostGroup: 'conc',
        }),
      };
    case 1:
      return {
        label: 'update (host API, JSON)',
        method: 'POST',
        path: '/api/hosts',
        body: { hosts: [{ hostName: c, monitorStatus: 'DOWN', properties: { Step: '1' } }] },
      };
    case 2:
      return { label: 'rename', method: 'PUT', path: `/api/hosts/rename?oldHostName=${c}&newHostName=${renamed}` };
    case 3:
      return {
        label: 'biz update (JSON)',
        method: 'POST',
        path: '/api/biz/hosts',
        body: {
          hosts: [{ host: renamed, status: 'UNREACHABLE', appType: 'NAGIOS', agentId: AGENT, message: 'step 3' }],
        },
      };
    case 4:
      return {
        label: 'update (host API, XML)',
        method: 'POST',
        path: '/api/hosts',
        type: XML,
        body: `<hosts><host hostName="${renamed}" description="step 4"><properties><property name="Step" value="4"/></properties></host></hosts>`,
      };
    case 5:
      return i % 2 === 0
        ? { label: 'delete by name', method: 'DELETE', path: `/api/hosts/${renamed}` }
        : {
            label: 'biz form update',
            method: 'POST',
            path: '/api/biz/host',
            type: FORM,
            body: form({ host: renamed, status: 'UP', agentId: AGENT, appType: 'NAGIOS' }),
          };
    case 6:
      return {
        label: 'create (host API)',
        method: 'POST',
        path: '/api/hosts',
        body: { hosts: [{ hostName: c, appType: 'NAGIOS', deviceIdentification: device(6), monitorStatus: 'UP' }] },
      };
    case 7:
      return {
        label: 'rename with a new case',
        method: 'PUT',
        path: `/api/hosts/rename?oldHostName=${c}&newHostName=${final}&description=final`,
      };
    case 8:
      return {
        label: 'biz service on the host',
        method: 'POST',
        path: '/api/biz/services',
        body: {
          services: [
            {
              host: final,
              service: 's1',
              status: 'WARNING',
              appType: 'NAGIOS',
              agentId: AGENT,
              setStatusOnCreate: true,
            },
          ],
        },
      };
    default:
      return i % 3 === 0
        ? { label: 'delete (body)', method: 'DELETE', path: '/api/hosts', body: { hosts: [{ hostName: renamed }] } }
        : {
            label: 'rename again',
            method: 'PUT',
            path: `/api/hosts/rename?oldHostName=${renamed}&newHostName=${renamed}2`,
          };
  }
}

/** Lost updates: each batch also merges ten new properties into one shared host, concurrently. */
function sharedOp(step: number, j: number): Op {
  return {
    label: 'shared property',
    method: 'POST',
    path: '/api/hosts',
    body: { hosts: [{ hostName: 'shared-host', properties: { [`P${step}_${j}`]: `${step}-${j}` } }] },
  };
}

function batches(): Op[][] {
  return Array.from({ length: STEPS }, (_, step) => [
    ...Array.from({ length: SLOTS }, (_, i) => slotOp(i, step)),
    ...Array.from({ length: SHARED_PER_BATCH }, (_, j) => sharedOp(step, j)),
  ]);
}

/** Where a run's requests go: over the socket (`gw`), or to the mock's core in this process. */
type Door = (method: string, path: string, body?: string | object, type?: string) => Promise<Answer>;

const socket =
  (m: RunningMock): Door =>
  (method, path, body, type) =>
    gw(m, method, path, body, type);

/** The same requests as `gw` sends, handed to the mock's core (test/helpers/in-process.ts). */
function core(m: RunningMock): Door {
  const sender = inProcess((r) => m.mock.core.handle(r));
  return async (method, path, body, type = 'application/json') => {
    const sent = await sender(
      {
        method,
        url: `${IN_PROCESS_TARGET}${path}`,
        headers: { ...GW, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': type }) },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      },
      30_000,
    );
    if (!sent.response) throw new Error(`${method} ${path}: ${sent.error.message}`);
    const text = sent.response.text;
    return { status: sent.response.status, text, json: () => JSON.parse(text) };
  };
}

async function send(door: Door, op: Op): Promise<number> {
  return (await door(op.method, op.path, op.body, op.type)).status;
}

interface Outcome {
  statuses: number[];
  hosts: Array<Record<string, unknown>>;
  names: string[];
  shared: Record<string, unknown>;
}

async function outcome(door: Door, statuses: number[]): Promise<Outcome> {
  const listed = (await door('GET', '/api/hosts?depth=simple')).json() as { hosts: Array<Record<string, unknown>> };
  const hosts = listed.hosts
    .map((h) => ({
      hostName: h.hostName,
      monitorStatus: h.monitorStatus,
      description: h.description,
      deviceIdentification: h.deviceIdentification,
      appType: h.appType,
    }))
    .sort((a, b) => String(a.hostName).localeCompare(String(b.hostName)));
  const names = ((await door('GET', '/api/hosts/autocomplete/*')).json() as { names: string[] }).names;
  const shared = ((await door('GET', '/api/hosts/shared-host')).json() as { properties: Record<string, unknown> })
    .properties;
  return { statuses, hosts, names, shared };
}

const OPTIONS = { vendors: ['groundwork' as const], vendorOptions: { groundwork: { autocompleteLimit: 100_000 } } };
const SHARED_HOST = { hosts: [{ hostName: 'shared-host', appType: 'NAGIOS', deviceIdentification: '10.59.0.1' }] };

let concurrent: Outcome;
let sequential: Outcome;
let mocks: RunningMock[] = [];

beforeAll(async () => {
  const [a, b] = await Promise.all([startMock(OPTIONS), startMock(OPTIONS)]);
  mocks = [a, b];
  const plan = batches();

  // Concurrently, over the socket: each batch all at once; the next batch once every answer of this
  // one is in.
  const overSocket = socket(a);
  expect(await send(overSocket, { label: 'setup', method: 'POST', path: '/api/hosts', body: SHARED_HOST })).toBe(200);
  const statusesA: number[] = [];
  for (const batch of plan) statusesA.push(...(await Promise.all(batch.map((op) => send(overSocket, op)))));
  concurrent = await outcome(overSocket, statusesA);

  // One by one, in the order of the plan, against a fresh mock: the reference, sent to its core in
  // this process (no socket; a door that answered otherwise than the socket would fail the
  // comparison, not pass it).
  const inCore = core(b);
  expect(await send(inCore, { label: 'setup', method: 'POST', path: '/api/hosts', body: SHARED_HOST })).toBe(200);
  const statusesB: number[] = [];
  for (const op of plan.flat()) statusesB.push(await send(inCore, op));
  sequential = await outcome(inCore, statusesB);
}, 120_000);

afterAll(() => Promise.all(mocks.map((m) => m.close())));

describe('GroundWork under concurrent writes', () => {
  it(`${STEPS * (SLOTS + SHARED_PER_BATCH)} mixed operations, ${SLOTS + SHARED_PER_BATCH} at a time, end as the same operations one by one do`, () => {
    expect(concurrent.statuses.length).toBeGreaterThanOrEqual(1000);
    // Every operation got the same answer either way...
    expect(concurrent.statuses).toEqual(sequential.statuses);
    // ...and they were the answers the program expects (not 4xx/5xx across the board).
    expect(concurrent.statuses.filter((s) => s === 200).length).toBeGreaterThan(900);
    expect(concurrent.statuses.filter((s) => s >= 500)).toEqual([]);
    // Hosts (names, statuses, descriptions, devices) and the autocomplete list are the same.
    expect(concurrent.hosts).toEqual(sequential.hosts);
    expect(concurrent.names).toEqual(sequential.names);
    expect(concurrent.hosts.map((h) => h.hostName)).toContain('C0-Final');
    expect(concurrent.hosts.map((h) => h.hostName)).not.toContain('c0-r');
  });

  it('loses no update: every concurrently merged property of the shared host is there', () => {
    const expected = Object.fromEntries(
      Array.from({ length: STEPS }, (_, s) =>
        Array.from({ length: SHARED_PER_BATCH }, (_, j) => [`P${s}_${j}`, `${s}-${j}`]),
      ).flat(),
    );
    expect(concurrent.shared).toMatchObject(expected);
    expect(concurrent.shared).toEqual(sequential.shared);
  });

  it('never makes two hosts of one name in two cases, however the creates race', async () => {
    const m = mocks[0]!;
    const overSocket = socket(m);
    const creates: Op[] = [];
    for (let j = 0; j < 50; j++) {
      creates.push(
        {
          label: 'Host-X',
          method: 'POST',
          path: '/api/hosts',
          body: { hosts: [{ hostName: `Host-X${j}`, appType: 'NAGIOS', deviceIdentification: `10.58.0.${j}` }] },
        },
        {
          label: 'host-x',
          method: 'POST',
          path: '/api/biz/host',
          type: FORM,
          body: form({ host: `host-x${j}`, status: 'UP', device: `10.58.1.${j}`, agentId: AGENT, appType: 'NAGIOS' }),
        },
        {
          label: 'HOST-X',
          method: 'POST',
          path: '/api/biz/hosts',
          body: {
            hosts: [
              {
                host: `HOST-X${j}`,
                status: 'DOWN',
                device: `10.58.2.${j}`,
                agentId: AGENT,
                appType: 'NAGIOS',
                mergeHosts: j % 2 === 0,
              },
            ],
          },
        },
        {
          label: 'hOsT-x',
          method: 'POST',
          path: '/api/hosts?merge=false',
          body: { hosts: [{ hostName: `hOsT-x${j}`, appType: 'NAGIOS', deviceIdentification: `10.58.3.${j}` }] },
        },
      );
    }
    const statuses = await Promise.all(creates.map((op) => send(overSocket, op)));
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    const names = (
      (await gw(m, 'GET', '/api/hosts?depth=simple')).json() as { hosts: Array<{ hostName: string }> }
    ).hosts.map((h) => h.hostName);
    for (let j = 0; j < 50; j++) {
      const spellings = names.filter((n) => n.toLowerCase() === `host-x${j}`);
      expect(spellings, `host-x${j}`).toHaveLength(1);
    }
    expect(violations(m.mock)).toEqual([]);
  });
});
