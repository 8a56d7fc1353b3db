// Batch calls are not all-or-none (002 §2.2; the server's HostCreateTask and BizResource retry
// entity by entity): an entity that breaks its schema is that entity's failure in the results, and
// the rest of the batch goes ahead. Only a body that is malformed as a whole is a 400. And the
// fields of the server's own DTOs that a write does not use are accepted and ignored, not stored.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { adminState, AGENT, call, encodeRequest, spec, testClock, XML } from './helpers.js';

// A fixed clock: states are compared whole, and a write stamps lastStateChange to the second, so two
// writes on either side of a second's end differed (seen under load in the full run).
const clock = testClock('2016-01-05T06:42:30.468Z');
let m: RunningMock;
beforeAll(async () => {
  m = await startMock({ vendors: ['groundwork'], now: clock.now });
});
afterAll(() => m.close());
beforeEach(() => m.mock.reset());

const outcomes = (body: { results: Array<{ entity: string; status: string; message?: string }> }) =>
  body.results.map((r) => `${r.entity} ${r.status}${r.status === 'success' ? '' : `: ${r.message}`}`);

describe('a bad entity fails alone', () => {
  for (const mediaType of ['application/json', XML]) {
    it(`POST /api/hosts (${mediaType}): the valid host is created beside a host of the wrong type and one without a name`, async () => {
      const hosts = [
        { hostName: 'good-1', appType: 'NAGIOS', deviceIdentification: '10.1.1.1' },
        { hostName: 'bad-type', appType: 'NAGIOS', deviceIdentification: '10.1.1.2', lastCheckTime: 'yesterday' },
        { description: 'no name at all' },
      ];
      const res = await call(m, 'POST', '/api/hosts', {
        body: encodeRequest('createOrUpdateHosts', mediaType, { hosts }),
        type: mediaType,
        accept: mediaType,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ successful: 1, failed: 2, count: 3 });
      expect(outcomes(res.body)).toEqual([
        'good-1 success',
        expect.stringMatching(/^bad-type failure: body field 'hosts\[1\]\.lastCheckTime' must match pattern/),
        "unknown host failure: body field 'hosts[2].hostName' is required",
      ]);
      expect((await call(m, 'GET', '/api/hosts/good-1')).status).toBe(200);
      expect((await call(m, 'GET', '/api/hosts/bad-type')).status).toBe(404);
    });
  }

  it('POST /api/biz/hosts: a bad service fails alone; a bad host fails with its services; the rest is written', async () => {
    const res = await call(m, 'POST', '/api/biz/hosts', {
      body: {
        hosts: [
          {
            host: 'feed-1',
            status: 'UP',
            device: '10.2.2.1',
            appType: 'NAGIOS',
            agentId: AGENT,
            services: [
              { service: 'ok-svc', status: 'OK' },
              { service: 'bad-svc', status: 'FINE' },
            ],
          },
          {
            host: 'feed-2',
            status: 'up',
            device: '10.2.2.2',
            appType: 'NAGIOS',
            agentId: AGENT,
            services: [{ service: 's', status: 'OK' }],
          },
          { status: 'UP', appType: 'NAGIOS', agentId: AGENT },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(outcomes(res.body)).toEqual([
      'feed-1 success',
      'feed-1:ok-svc success',
      expect.stringMatching(/^feed-1:bad-svc failure: body field 'hosts\[0\]\.services\[1\]\.status' must be one of/),
      expect.stringMatching(/^feed-2 failure: body field 'hosts\[1\]\.status' must be one of/),
      expect.stringMatching(/^feed-2:s failure: host 'feed-2' was not created or updated/),
      "(Unknown) failure: body field 'hosts[2].host' is required",
    ]);
    const state = await adminState(m);
    const feed1 = state.hosts.find((h) => h.hostName === 'feed-1')!;
    expect(feed1.services.map((s) => s.description)).toEqual(['ok-svc']);
    expect(state.hosts.some((h) => h.hostName === 'feed-2')).toBe(false);
  });

  it('POST /api/biz/services and DELETE /api/hosts: per entity too', async () => {
    const svc = await call(m, 'POST', '/api/biz/services', {
      body: {
        services: [
          { host: 'localhost', service: 'new-svc', status: 'OK', appType: 'NAGIOS', agentId: AGENT },
          { host: 'localhost', service: 'x', status: 'OK', appType: 'NAGIOS' },
        ],
      },
    });
    expect(outcomes(svc.body)).toEqual([
      'localhost success',
      'localhost:new-svc success',
      "localhost:x failure: body field 'services[1].agentId' is required",
    ]);
    const del = await call(m, 'DELETE', '/api/hosts', {
      body: { hosts: [{ hostName: 'malbec' }, { description: 'who?' }] },
    });
    expect(outcomes(del.body)).toEqual([
      'malbec success',
      "unknown host failure: body field 'hosts[1].hostName' is required",
    ]);
    const array = await call(m, 'DELETE', '/api/hosts', { body: [{ hostName: 7 }] });
    expect(outcomes(array.body)).toEqual(["unknown host failure: body field '[0].hostName' must be string"]);
  });

  it('a body malformed as a whole is still a 400 that changes nothing', async () => {
    const before = m.mock.dumpState();
    for (const body of [
      { hosts: 'nope' },
      {},
      { hosts: [] },
      { hosts: [{ hostName: 'a' }], extra: 1 },
      { hosts: ['not an object'] },
    ]) {
      const res = await call(m, 'POST', '/api/hosts', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await call(m, 'POST', '/api/biz/hosts', { body: '{"hosts": [', type: 'application/json' })).status).toBe(
      400,
    );
    expect(m.mock.dumpState()).toEqual(before);
  });
});

/** A value for each field of the server's DtoHost that a write ignores (x-ignored in the spec). */
const IGNORED: Record<string, unknown> = {
  id: 4242,
  appTypeDisplayName: 'Nagios',
  bubbleUpStatus: 'DOWN',
  serviceAvailability: '42.0',
  acknowledged: true,
  serviceCount: 99,
  alias: 'an alias',
  lastStateChange: '2016-01-04T23:42:30.468-0700',
  lastPlugInOutput: 'from the client',
  device: { id: 7, identification: '10.3.3.3', displayName: 'elsewhere' },
  hostStatus: { hostStatusId: 9, hostMonitorStatus: { name: 'DOWN' } },
  services: [{ description: 'smuggled', hostName: 'dto-host' }],
  hostGroups: [{ name: 'smuggled-group' }],
  applicationType: { name: 'OTHER' },
  statistics: [{}],
  comments: [{}],
};

describe("the server's DTO fields", () => {
  it('the test names every x-ignored field of HostInput', () => {
    const properties = spec.schema({ $ref: '#/components/schemas/HostInput' }).properties!;
    const ignored = Object.entries(properties)
      .filter(([, p]) => spec.schema(p)['x-ignored'] === true)
      .map(([name]) => name);
    expect(Object.keys(IGNORED).sort()).toEqual(ignored.sort());
  });

  it('are accepted and ignored: a host posted with all of them is the host posted without them', async () => {
    const host = { hostName: 'dto-host', appType: 'NAGIOS', deviceIdentification: '10.3.3.1', monitorStatus: 'UP' };
    const plain = await call(m, 'POST', '/api/hosts', { body: { hosts: [host] } });
    expect(plain.body).toMatchObject({ successful: 1 });
    const expected = m.mock.dumpState();
    m.mock.reset();
    const full = await call(m, 'POST', '/api/hosts', { body: { hosts: [{ ...host, ...IGNORED }] } });
    expect(full.body).toMatchObject({ successful: 1, failed: 0 });
    expect(m.mock.dumpState()).toEqual(expected);
    const read = await call(m, 'GET', '/api/hosts/dto-host?depth=deep');
    expect(read.body).toMatchObject({
      acknowledged: false,
      serviceCount: 0,
      services: [],
      deviceIdentification: '10.3.3.1',
    });
  });

  it('the fields the server does write from a DtoHost are stored', async () => {
    const res = await call(m, 'POST', '/api/hosts', {
      body: {
        hosts: [
          {
            hostName: 'localhost',
            lastCheckTime: '2016-01-04T23:42:30.468-0700',
            nextCheckTime: '2016-01-04T23:47:30.468-0700',
            stateType: 'SOFT',
            checkType: 'PASSIVE',
          },
        ],
      },
    });
    expect(res.body).toMatchObject({ successful: 1 });
    const read = await call(m, 'GET', '/api/hosts/localhost');
    expect(read.body).toMatchObject({
      lastCheckTime: '2016-01-04T23:42:30.468-0700',
      nextCheckTime: '2016-01-04T23:47:30.468-0700',
      stateType: 'SOFT',
      checkType: 'PASSIVE',
    });
  });

  it('XML as the Java client marshals `new DtoHost(name)`: acknowledged and serviceCount on post and delete', async () => {
    const post = await call(m, 'POST', '/api/hosts', {
      body: '<hosts><host hostName="java-host" appType="NAGIOS" deviceIdentification="10.4.4.4" acknowledged="false" serviceCount="0"/></hosts>',
      type: XML,
      accept: XML,
    });
    expect(post.body).toMatchObject({ successful: 1, failed: 0 });
    const del = await call(m, 'DELETE', '/api/hosts', {
      body: '<hosts><host hostName="java-host" acknowledged="false" serviceCount="0"/></hosts>',
      type: XML,
      accept: XML,
    });
    expect(del.body).toMatchObject({ successful: 1, failed: 0 });
  });
});

describe('XML writes no empty properties element', () => {
  it('the deep host of a Biz call: <applicationType .../> without <properties>, as 001 §30.1.6 prints it', async () => {
    const res = await call(m, 'POST', '/api/biz/host', {
      body: `host=h-xml&status=UP&device=10.5.5.5&agentId=${AGENT}&appType=NAGIOS`,
      type: 'application/x-www-form-urlencoded',
      accept: XML,
    });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(
      /<applicationType id="100" name="NAGIOS" description="System monitored by Nagios" stateTransitionCriteria="Device;Host;ServiceDescription"\/>/,
    );
    expect(res.text).not.toContain('<properties></properties>');
  });
});

afterAll(() => {
  expect(violations(m.mock)).toEqual([]);
});
