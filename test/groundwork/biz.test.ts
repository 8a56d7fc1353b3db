// GroundWork Biz feeder (seed 001, ch. 30) beyond the documented examples: PENDING on create,
// setStatusOnCreate, allowInserts, mergeHosts, inheritance of nested services, lastStateChange,
// events and notifications, and the entities created on demand.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../src/vendors/groundwork/query/index.js';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { adminState, AGENT, call, FORM, GW_TIME, testClock, XML } from './helpers.js';

const clock = testClock('2016-01-05T06:42:30.468Z');
let m: RunningMock;
beforeAll(async () => {
  m = await startMock({ vendors: ['groundwork'], now: clock.now });
});
afterAll(() => m.close());
beforeEach(() => {
  m.mock.reset();
  clock.set('2016-01-05T06:42:30.468Z');
});

const bizHost = (form: string, accept?: string) =>
  call(m, 'POST', '/api/biz/host', { body: `agentId=${AGENT}&appType=NAGIOS&${form}`, type: FORM, accept });
const bizService = (form: string) =>
  call(m, 'POST', '/api/biz/service', { body: `agentId=${AGENT}&appType=NAGIOS&${form}`, type: FORM });
const bizHosts = (hosts: object[]) => call(m, 'POST', '/api/biz/hosts', { body: { hosts } });
const bizServices = (services: object[]) => call(m, 'POST', '/api/biz/services', { body: { services } });
const get = (path: string) => call(m, 'GET', path);

describe('GroundWork Biz: create', () => {
  it('new hosts and services are PENDING unless setStatusOnCreate', async () => {
    expect((await bizHost('host=h1&status=UP&device=10.0.0.1')).body.monitorStatus).toBe('PENDING');
    expect((await bizHost('host=h2&status=DOWN&device=10.0.0.2&setStatusOnCreate=true')).body.monitorStatus).toBe(
      'DOWN',
    );
    expect((await bizService('host=h1&service=s1&status=OK')).body.monitorStatus).toBe('PENDING');
    expect((await bizService('host=h1&service=s2&status=WARNING&setStatusOnCreate=true')).body.monitorStatus).toBe(
      'WARNING',
    );
  });

  it('a service call that creates its host leaves it PENDING, or sets it UP with setStatusOnCreate', async () => {
    await bizService('host=svc-host-1&device=10.1.1.1&service=s&status=OK');
    expect((await get('/api/hosts/svc-host-1')).body.monitorStatus).toBe('PENDING');
    await bizService('host=svc-host-2&device=10.1.1.2&service=s&status=CRITICAL&setStatusOnCreate=true');
    expect((await get('/api/hosts/svc-host-2')).body).toMatchObject({
      monitorStatus: 'UP',
      bubbleUpStatus: 'WARNING',
      description: 'svc-host-2',
      agentId: AGENT,
    });
  });

  it('device, host group, host category, service group and service category are created on demand', async () => {
    await bizService(
      'host=made&device=10.5.5.5&service=s&status=OK&hostGroup=hg&hostCategory=hc&serviceGroup=sg&serviceCategory=sc',
    );
    const state = await adminState(m);
    expect(state.devices.find((d) => d.identification === '10.5.5.5')).toMatchObject({ displayName: '10.5.5.5' });
    expect(state.hostGroups.map((g) => g.name)).toEqual(['hosts', 'hg']);
    expect(state.hostCategories.map((c) => c.name)).toEqual(['hc']);
    expect(state.serviceGroups.map((g) => g.name)).toEqual(['sg']);
    expect(state.serviceCategories.map((c) => c.name)).toEqual(['sc']);
    expect(state.hosts.find((h) => h.hostName === 'made')!.hostGroups).toEqual(['hg']);
  });

  it('device is required to create a host: 400 on the form calls, a failure in batches, nothing created', async () => {
    const before = m.mock.dumpState();
    const form = await bizHost('host=nodevice&status=UP');
    expect(form.status).toBe(400);
    expect(form.body).toEqual({
      error: "Host 'nodevice' does not exist: device is required to create it",
      status: 400,
    });
    expect((await bizService('host=nodevice&service=s&status=OK')).status).toBe(400);
    const batch = await bizServices([
      { host: 'nodevice', service: 's', status: 'OK', appType: 'NAGIOS', agentId: AGENT },
    ]);
    expect(batch.body).toMatchObject({ successful: 0, failed: 1, warning: 0, count: 1, entityType: 'ServiceStatus' });
    expect(m.mock.dumpState()).toEqual(before);
  });

  it('ids are integers that only grow', async () => {
    const a = (await bizHost('host=id-a&status=UP&device=1.1.1.1')).body.id;
    await call(m, 'DELETE', '/api/hosts/id-a');
    const b = (await bizHost('host=id-b&status=UP&device=1.1.1.2')).body.id;
    expect(Number.isInteger(a) && a > 19).toBe(true);
    expect(b).toBeGreaterThan(a);
  });
});

describe('GroundWork Biz: allowInserts', () => {
  it('allowInserts=false refuses to create, everywhere, and creates nothing', async () => {
    const before = m.mock.dumpState();
    const host = await bizHost('host=new1&status=UP&device=10.0.0.9&allowInserts=false', XML);
    expect(host.status).toBe(400);
    expect(host.text).toContain(
      '<error error="Host &apos;new1&apos; does not exist and allowInserts is false" status="400"/>',
    );
    expect((await bizService('host=localhost&service=brand_new&status=OK&allowInserts=false')).status).toBe(400);
    const batch = await bizHosts([
      {
        host: 'new2',
        status: 'UP',
        device: '10.0.0.8',
        appType: 'NAGIOS',
        agentId: AGENT,
        allowInserts: false,
        services: [{ service: 's', status: 'OK' }],
      },
    ]);
    expect(batch.body).toMatchObject({ successful: 0, failed: 2, count: 2 });
    expect(batch.body.results[1].entity).toBe('new2:s');
    expect(m.mock.dumpState()).toEqual(before);
  });

  it('allowInserts=false still updates what exists', async () => {
    const res = await bizHost('host=localhost&status=DOWN&allowInserts=false&message=down');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ monitorStatus: 'DOWN', properties: { LastPluginOutput: 'down' } });
    const service = await bizService('host=localhost&service=local_load&status=WARNING&allowInserts=false');
    expect(service.body.monitorStatus).toBe('WARNING');
  });
});

describe('GroundWork Biz: mergeHosts', () => {
  it('merges a name that differs only by case into the existing host', async () => {
    const res = await bizHosts([
      { host: 'LOCALHOST', status: 'UP', appType: 'NAGIOS', agentId: AGENT, message: 'merged' },
    ]);
    expect(res.body.results).toEqual([
      { entity: 'localhost', status: 'success', location: `${m.url}/api/hosts/localhost`, message: 'Update' },
    ]);
    expect((await get('/api/hosts')).body.hosts).toHaveLength(2);
    const service = await bizService('host=LocalHost&service=local_load&status=OK&message=via+case');
    expect(service.body.hostName).toBe('localhost');
  });

  it('with mergeHosts=false a case-different host is refused, and nothing changes', async () => {
    const before = m.mock.dumpState();
    const res = await bizHosts([
      { host: 'LOCALHOST', status: 'DOWN', appType: 'NAGIOS', agentId: AGENT, mergeHosts: false },
    ]);
    expect(res.body).toMatchObject({ successful: 0, failed: 1 });
    expect(res.body.results[0].message).toMatch(
      /^Duplicate hostname already exists: 'LOCALHOST' differs from host 'localhost' only by case/,
    );
    expect((await bizService('host=Localhost&service=x&status=OK&mergeHosts=false')).status).toBe(400);
    expect(m.mock.dumpState()).toEqual(before);
    // The exact name is the same host, merge or not.
    expect((await bizHost('host=localhost&status=UP&mergeHosts=false')).status).toBe(200);
  });
});

describe('GroundWork Biz: nested services', () => {
  it('inherit message, appType and agentId from their host', async () => {
    const res = await bizHosts([
      {
        host: 'parent',
        status: 'UP',
        message: 'all fine',
        device: '10.6.6.6',
        appType: 'NAGIOS',
        agentId: 'agent-p',
        setStatusOnCreate: true,
        services: [{ service: 'child', status: 'OK', setStatusOnCreate: true }],
      },
    ]);
    expect(res.body).toMatchObject({ successful: 2, failed: 0, count: 2 });
    const child = await get('/api/services/child?hostName=parent');
    expect(child.body).toMatchObject({
      appType: 'NAGIOS',
      agentId: 'agent-p',
      monitorStatus: 'OK',
      properties: { LastPluginOutput: 'all fine' },
    });
    expect(child.body.lastPlugInOutput).toMatch(
      /^-1\^\^\^-1\^\^\^-1\^\^\^\d{2}\/\d{2}\/2016 \d{2}:\d{2}:\d{2} [AP]M\^\^\^all fine\^\^\^NA$/,
    );
  });

  it('a refused service does not stop its host or its siblings', async () => {
    const res = await bizHosts([
      {
        host: 'mixed',
        status: 'UP',
        device: '10.6.6.7',
        appType: 'NAGIOS',
        agentId: AGENT,
        services: [
          { service: 'good', status: 'OK' },
          { service: 'bad', status: 'UP' },
          { service: 'other', status: 'OK', host: 'elsewhere' },
        ],
      },
    ]);
    expect(res.body).toMatchObject({ successful: 2, failed: 2, count: 4 });
    expect(res.body.results.map((r: { entity: string; status: string }) => `${r.entity} ${r.status}`)).toEqual([
      'mixed success',
      'mixed:good success',
      'mixed:bad failure',
      'mixed:other failure',
    ]);
    expect(res.body.results[2].message).toMatch(/'UP' is not a service status/);
  });

  it('services of several hosts: each host reported once, before the services', async () => {
    const svc = (host: string, service: string) => ({
      host,
      service,
      status: 'OK',
      device: `d-${host}`,
      appType: 'NAGIOS',
      agentId: AGENT,
    });
    const res = await bizServices([
      svc('b-host', 's1'),
      svc('a-host', 's1'),
      svc('b-host', 's2'),
      svc('localhost', 'local_load'),
    ]);
    expect(res.body.results.map((r: { entity: string; message: string }) => `${r.entity} ${r.message}`)).toEqual([
      'b-host Insert',
      'a-host Insert',
      'localhost Update',
      'b-host:s1 Insert',
      'a-host:s1 Insert',
      'b-host:s2 Insert',
      'localhost:local_load Update',
    ]);
    for (const r of res.body.results)
      expect((await get(r.location.slice(m.url.length).replace('%3F', '?'))).status).toBe(200);
  });

  // Failures are remembered by message and entity (results.ts): the same entity refused for another
  // reason, or another entity for the same reason, must answer its own.
  it('a repeated refusal answers each entity with its own reason', async () => {
    const refused = async (host: string, status: string, appType = 'NAGIOS', services = ['s']) =>
      (
        await bizHosts([
          {
            host,
            status,
            device: '10.6.6.9',
            appType,
            agentId: AGENT,
            services: services.map((service) => ({ service, status: 'OK' })),
          },
        ])
      ).body.results.map((r: { entity: string; message: string }) => `${r.entity}: ${r.message}`);
    const [host, service] = await refused('bad', 'up');
    expect(host).toMatch(/^bad: body field 'hosts\[0\]\.status' must be one of/);
    expect(service).toBe(`bad:s: host 'bad' was not created or updated: ${host?.slice('bad: '.length)}`);
    expect(await refused('bad', 'up')).toEqual([host, service]);
    // Another service of the same count, one more after the same, then another reason for the same.
    expect(await refused('bad', 'up', 'NAGIOS', ['t'])).toEqual([host, service?.replace('bad:s', 'bad:t')]);
    expect(await refused('bad', 'up', 'NAGIOS', ['t', 's'])).toEqual([
      host,
      service?.replace('bad:s', 'bad:t'),
      service,
    ]);
    expect(await refused('bad', 'UP', 'NOPE', ['t', 's'])).toEqual([
      expect.stringMatching(/^bad: Application type 'NOPE' does not exist/),
      expect.stringMatching(/^bad:t: host 'bad' was not created or updated: Application type 'NOPE'/),
      expect.stringMatching(/^bad:s: host 'bad' was not created or updated: Application type 'NOPE'/),
    ]);
    expect(await refused('other', 'up')).toEqual([
      host?.replace(/^bad/, 'other'),
      service?.replace(/^bad:s: host 'bad'/, "other:s: host 'other'"),
    ]);
  });

  // A host's and a service's success results are remembered per record (results.ts): a repeated
  // batch must still answer what changed since, its message, its base URL, its host's new name.
  it('a repeated batch answers Update, the base URL it came by, and a renamed host by its new name', async () => {
    const batch = [
      {
        host: 'again',
        status: 'UP',
        device: '10.6.6.8',
        appType: 'NAGIOS',
        agentId: AGENT,
        services: [{ service: 's', status: 'OK' }],
      },
    ];
    const answered = async (path: string) =>
      (await call(m, 'POST', path, { body: { hosts: batch } })).body.results.map(
        (r: { entity: string; location: string; message: string }) => `${r.entity} ${r.message} ${r.location}`,
      );
    expect(await answered('/api/biz/hosts')).toEqual([
      `again Insert ${m.url}/api/hosts/again`,
      `again:s Insert ${m.url}/api/services/s%3FhostName=again`,
    ]);
    expect(await answered('/api/biz/hosts')).toEqual([
      `again Update ${m.url}/api/hosts/again`,
      `again:s Update ${m.url}/api/services/s%3FhostName=again`,
    ]);
    expect((await call(m, 'PUT', '/api/hosts/rename?oldHostName=again&newHostName=AGAIN')).status).toBe(200);
    expect(await answered('/api/biz/hosts')).toEqual([
      `AGAIN Update ${m.url}/api/hosts/AGAIN`,
      `AGAIN:s Update ${m.url}/api/services/s%3FhostName=AGAIN`,
    ]);
    expect(await answered('/foundation-webapp/api/biz/hosts')).toEqual([
      `AGAIN Update ${m.url}/foundation-webapp/api/hosts/AGAIN`,
      `AGAIN:s Update ${m.url}/foundation-webapp/api/services/s%3FhostName=AGAIN`,
    ]);
    // The same results in another call's envelope (results.ts remembers envelopes by their results).
    const services = await bizServices([
      { host: 'AGAIN', service: 's', status: 'OK', appType: 'NAGIOS', agentId: AGENT },
    ]);
    expect(services.body).toMatchObject({ entityType: 'ServiceStatus', count: 2 });
    m.mock.reset();
    expect(await answered('/api/biz/hosts')).toEqual([
      `again Insert ${m.url}/api/hosts/again`,
      `again:s Insert ${m.url}/api/services/s%3FhostName=again`,
    ]);
  });
});

describe('GroundWork Biz: times, status changes, events', () => {
  it('lastCheckTime is now, nextCheckTime now + checkIntervalMinutes', async () => {
    const res = await bizHost('host=timed&status=UP&device=10.0.1.1&checkIntervalMinutes=15');
    expect(res.body.lastCheckTime).toMatch(GW_TIME);
    expect(parseTimestamp(res.body.lastCheckTime)!.epochMs).toBe(clock.now().getTime());
    expect(parseTimestamp(res.body.nextCheckTime)!.epochMs).toBe(clock.now().getTime() + 15 * 60_000);
    const service = await bizService('host=timed&service=s&status=OK&checkIntervalMinutes=2');
    expect(
      parseTimestamp(service.body.nextCheckTime)!.epochMs - parseTimestamp(service.body.lastCheckTime)!.epochMs,
    ).toBe(2 * 60_000);
  });

  it('lastStateChange moves only when the status changes; each change records an event and a notification', async () => {
    const first = await bizHost('host=flappy&status=UP&device=10.0.2.2&setStatusOnCreate=true&message=up');
    const t0 = first.body.lastStateChange;
    expect(first.body.properties).toEqual({ LastPluginOutput: 'up', LastStateChange: t0 });
    expect(parseTimestamp(t0)!.epochMs).toBe(Math.floor(clock.now().getTime() / 1000) * 1000);

    clock.advance(60_000);
    const same = await bizHost('host=flappy&status=UP&message=still+up');
    expect(same.body.lastStateChange).toBe(t0);
    expect(same.body.properties.LastStateChange).toBe(t0);
    expect(same.body.lastCheckTime).not.toBe(first.body.lastCheckTime);
    expect(same.body.properties.LastPluginOutput).toBe('still up');

    clock.advance(60_000);
    const down = await bizHost('host=flappy&status=DOWN&message=gone');
    expect(down.body.lastStateChange).not.toBe(t0);
    expect(parseTimestamp(down.body.lastStateChange)!.epochMs).toBe(Math.floor(clock.now().getTime() / 1000) * 1000);
    expect(down.body.lastPlugInOutput).toMatch(/\^\^\^gone\^\^\^\d{2}\/\d{2}\/2016 /);

    const state = await adminState(m);
    const events = state.events.filter((e) => e.hostName === 'flappy');
    expect(events.map((e) => `${e.previousStatus}->${e.status}`)).toEqual(['PENDING->UP', 'UP->DOWN']);
    expect(events[1]).toMatchObject({ entityType: 'HOST', message: 'gone' });
    const notifications = state.notifications.filter((n) => n.hostName === 'flappy');
    expect(notifications.map((n) => `${n.notificationType} ${n.status}`)).toEqual(['RECOVERY UP', 'PROBLEM DOWN']);
  });

  it('a service status change is an event too; an unchanged one is not', async () => {
    await bizService('host=localhost&service=local_load&status=OK');
    await bizService('host=localhost&service=local_load&status=CRITICAL&message=load+high');
    const state = await adminState(m);
    expect(state.events).toEqual([
      expect.objectContaining({
        entityType: 'SERVICE',
        hostName: 'localhost',
        serviceDescription: 'local_load',
        previousStatus: 'OK',
        status: 'CRITICAL',
        message: 'load high',
      }),
    ]);
    expect(state.notifications).toHaveLength(1);
  });

  it('a host status that is no host status, or an unknown application type, is refused', async () => {
    expect((await bizHost('host=localhost&status=OK')).body.error).toMatch(/'OK' is not a host status/);
    const app = await call(m, 'POST', '/api/biz/host', {
      body: 'host=localhost&status=UP&agentId=a&appType=VEMA',
      type: FORM,
    });
    expect(app.status).toBe(400);
    expect(app.body.error).toMatch(/Application type 'VEMA' does not exist: use one of NAGIOS/);
  });

  it('never answered with a response that breaks the spec', () => {
    expect(violations(m.mock)).toEqual([]);
  });
});
