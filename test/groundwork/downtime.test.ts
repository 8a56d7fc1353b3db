// Scheduled downtime and authorized services, as the Java BizClient and the TCG SDK call them and
// the server's BizResource / BizServicesImpl answer: depths are the hosts' and services'
// ScheduledDowntimeDepth property, on the same state as everything else.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { AGENT, call, XML } from './helpers.js';

let m: RunningMock;
beforeAll(async () => {
  m = await startMock({ vendors: ['groundwork'] });
});
afterAll(() => m.close());
beforeEach(() => m.mock.reset());

type Entry = {
  hostName: string;
  serviceDescription?: string;
  scheduledDowntimeDepth?: number;
  entityType?: string;
  entityName?: string;
};
const set = (body: unknown) => call(m, 'POST', '/api/biz/setindowntime', { body });
const clear = (entries: Entry[]) =>
  call(m, 'POST', '/api/biz/clearindowntime', { body: { bizHostServiceInDowntimes: entries } });
const inDowntime = (entries: Entry[]) =>
  call(m, 'POST', '/api/biz/getindowntime', { body: { bizHostServiceInDowntimes: entries } });
const depths = (body: { bizHostServiceInDowntimes: Entry[] }) =>
  body.bizHostServiceInDowntimes.map(
    (e) => `${e.hostName}${e.serviceDescription ? `:${e.serviceDescription}` : ''}=${e.scheduledDowntimeDepth ?? '-'}`,
  );

describe('set, get and clear in downtime', () => {
  it('a host by convention (host names, no services), nested depths, then cleared back to 0', async () => {
    const first = await set({ hostNames: ['localhost'] });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      bizHostServiceInDowntimes: [
        { hostName: 'localhost', scheduledDowntimeDepth: 1, entityType: 'HOST', entityName: 'localhost' },
      ],
    });
    expect(depths((await set({ hostNames: ['LOCALHOST'], setHosts: true })).body)).toEqual(['localhost=2']);
    expect((await call(m, 'GET', '/api/hosts/localhost')).body.properties).toMatchObject({
      ScheduledDowntimeDepth: '2',
    });
    expect(depths((await inDowntime([{ hostName: 'localhost' }, { hostName: 'nobody' }])).body)).toEqual([
      'localhost=2',
      'nobody=-',
    ]);
    expect(depths((await clear(first.body.bizHostServiceInDowntimes)).body)).toEqual(['localhost=1']);
    expect(depths((await clear(first.body.bizHostServiceInDowntimes)).body)).toEqual(['localhost=0']);
    expect(depths((await clear(first.body.bizHostServiceInDowntimes)).body)).toEqual(['localhost=0']);
  });

  it("services: all of a host's by *, or named ones; clear answers the list reversed", async () => {
    const all = await set({ hostNames: ['localhost'], serviceDescriptions: ['*'] });
    expect(all.body.bizHostServiceInDowntimes).toHaveLength(21);
    expect(all.body.bizHostServiceInDowntimes[0]).toMatchObject({
      hostName: 'localhost',
      serviceDescription: 'local_cpu_httpd',
      scheduledDowntimeDepth: 1,
      entityType: 'HOST',
      entityName: 'localhost',
    });
    const named = await set({ hostNames: ['localhost'], serviceDescriptions: ['local_load', 'no_such'] });
    expect(named.body).toEqual({
      bizHostServiceInDowntimes: [
        {
          hostName: 'localhost',
          serviceDescription: 'local_load',
          scheduledDowntimeDepth: 2,
          entityType: 'SERVICE_STATUS',
          entityName: 'localhost:local_load',
        },
      ],
    });
    expect((await call(m, 'GET', '/api/services/local_load?hostName=localhost')).body.properties).toMatchObject({
      ScheduledDowntimeDepth: '2',
    });
    const cleared = await clear(all.body.bizHostServiceInDowntimes);
    expect(cleared.body.bizHostServiceInDowntimes[0]).toMatchObject({
      serviceDescription: 'tcp_http',
      scheduledDowntimeDepth: 0,
    });
    expect(depths((await inDowntime([{ hostName: 'localhost', serviceDescription: 'local_load' }])).body)).toEqual([
      'localhost:local_load=1',
    ]);
  });

  it('by host group and by service group', async () => {
    await call(m, 'POST', '/api/biz/services', {
      body: {
        services: [
          {
            host: 'sg-host',
            service: 'sg-svc',
            status: 'OK',
            device: '10.9.0.1',
            appType: 'NAGIOS',
            agentId: AGENT,
            serviceGroup: 'sg1',
          },
        ],
      },
    });
    const byGroup = await set({ hostGroupNames: ['hosts'], setHosts: true, setServices: false });
    expect(depths(byGroup.body)).toEqual(['localhost=1', 'malbec=1']);
    expect(byGroup.body.bizHostServiceInDowntimes[0]).toMatchObject({ entityType: 'HOSTGROUP', entityName: 'hosts' });
    const bySg = await set({ serviceDescriptions: ['*'], serviceGroupCategoryNames: ['sg1'] });
    expect(bySg.body.bizHostServiceInDowntimes).toEqual([
      {
        hostName: 'sg-host',
        serviceDescription: 'sg-svc',
        scheduledDowntimeDepth: 1,
        entityType: 'SERVICE_GROUP',
        entityName: 'sg1',
      },
    ]);
  });

  it("the conventions refuse what they cannot read, in the server's words, and change nothing", async () => {
    const before = m.mock.dumpState();
    const refusals: Array<[unknown, RegExp]> = [
      [{}, /either host names or service descriptions are required/],
      [{ hostNames: ['*'], hostGroupNames: ['*'] }, /groups cannot be wildcard/],
      [{ hostNames: ['*'], serviceDescriptions: ['*'] }, /require host or service groups/],
      [{ hostNames: ['localhost'], hostGroupNames: ['hosts'] }, /cannot be specified with host names/],
      [{ serviceDescriptions: ['local_load'], hostGroupNames: ['hosts'] }, /not setting host or service downtime/],
    ];
    for (const [body, message] of refusals) {
      const res = await set(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatch(message);
    }
    expect(m.mock.dumpState()).toEqual(before);
  });

  it('XML as the Java client marshals it, and nulls as Go marshals empty lists (TCG)', async () => {
    const xml = await call(m, 'POST', '/api/biz/setindowntime', {
      body: '<bizHostsAndServices setHosts="false" setServices="false"><hostNames><hostName>malbec</hostName></hostNames></bizHostsAndServices>',
      type: XML,
      accept: XML,
    });
    expect(xml.text).toMatch(
      /<bizHostServiceInDowntimes><bizHostServiceInDowntime hostName="malbec" scheduledDowntimeDepth="1" entityType="HOST" entityName="malbec"\/><\/bizHostServiceInDowntimes>/,
    );
    const go = await set({
      hostNames: ['malbec'],
      serviceDescriptions: null,
      hostGroupNames: null,
      serviceGroupCategoryNames: [],
      setHosts: true,
      setServices: false,
    });
    expect(depths(go.body)).toEqual(['malbec=2']);
    const none = await call(m, 'POST', '/api/biz/getindowntime', {
      body: '<bizHostServiceInDowntimes/>',
      type: XML,
      accept: XML,
    });
    expect(none.status).toBe(200);
    expect(none.text).toContain('<bizHostServiceInDowntimes/>');
  });
});

describe('authorized services', () => {
  it('GET: every host, and the hosts of each service description, in JSON and XML', async () => {
    await call(m, 'POST', '/api/biz/services', {
      body: {
        services: [
          { host: 'other', service: 'local_load', status: 'OK', device: '10.9.0.2', appType: 'NAGIOS', agentId: AGENT },
        ],
      },
    });
    const json = (await call(m, 'GET', '/api/biz/getauthorizedservices')).body;
    expect(json.hostNames).toEqual(['localhost', 'malbec', 'other']);
    expect(json.serviceHostNames.local_load).toEqual(['localhost', 'other']);
    expect(Object.keys(json.serviceHostNames)).toHaveLength(21);
    const xml = await call(m, 'GET', '/api/biz/getauthorizedservices', { accept: XML });
    expect(xml.text).toContain(
      '<serviceHostNames><serviceHostMap><serviceHostMapEntry serviceName="local_cpu_httpd"><hostNames><hostName>localhost</hostName></hostNames></serviceHostMapEntry>',
    );
    expect(xml.text).toContain(
      '<serviceHostMapEntry serviceName="local_load"><hostNames><hostName>localhost</hostName><hostName>other</hostName></hostNames></serviceHostMapEntry>',
    );
    expect(xml.body).toEqual(json);
  });

  it('POST: by host groups and service groups; neither is 404 No authorization', async () => {
    await call(m, 'POST', '/api/biz/services', {
      body: {
        services: [
          {
            host: 'sg-host',
            service: 'sg-svc',
            status: 'OK',
            device: '10.9.0.3',
            appType: 'NAGIOS',
            agentId: AGENT,
            serviceGroup: 'sg1',
          },
        ],
      },
    });
    const res = await call(m, 'POST', '/api/biz/getauthorizedservices', {
      body: '<bizAuthorization><serviceGroupNames><serviceGroupName>sg1</serviceGroupName></serviceGroupNames></bizAuthorization>',
      type: XML,
    });
    expect(res.body).toEqual({ hostNames: [], serviceHostNames: { 'sg-svc': ['sg-host'] } });
    const byHostGroup = await call(m, 'POST', '/api/biz/getauthorizedservices', {
      body: { hostGroupNames: ['hosts'] },
    });
    expect(byHostGroup.body.hostNames).toEqual(['localhost', 'malbec']);
    const none = await call(m, 'POST', '/api/biz/getauthorizedservices', { body: { hostGroupNames: [] } });
    expect(none.status).toBe(404);
    expect(none.body.error).toBe('No authorization');
  });
});

afterAll(() => {
  expect(violations(m.mock)).toEqual([]);
});
