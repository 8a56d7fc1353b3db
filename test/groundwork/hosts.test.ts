// GroundWork Host APIs (seed 002, ch. 2) beyond the documented examples: depth projections, paging,
// the agentId filter, query errors, rename, autocomplete, filter, delete, async batches, and the
// create → query → rename → autocomplete → delete → 404 life of a host.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { call, FORM, XML, type Reply } from './helpers.js';

let m: RunningMock;
beforeAll(async () => {
  m = await startMock({ vendors: ['groundwork'] });
});
afterAll(() => m.close());
beforeEach(() => m.mock.reset());

const get = (path: string, accept?: string) => call(m, 'GET', path, { accept });
const names = (reply: Reply): string[] => (reply.body.hosts as Array<{ hostName: string }>).map((h) => h.hostName);
const keys = (value: object): string[] => Object.keys(value).sort();
const createHosts = (hosts: object[], query = '') => call(m, 'POST', `/api/hosts${query}`, { body: { hosts } });
const host = (hostName: string, extra: object = {}) => ({
  hostName,
  appType: 'NAGIOS',
  deviceIdentification: `dev-${hostName}`,
  ...extra,
});
const bizHost = (form: string) => call(m, 'POST', '/api/biz/host', { body: form, type: FORM });

const SIMPLE = [
  'acknowledged',
  'appType',
  'bubbleUpStatus',
  'description',
  'deviceIdentification',
  'hostName',
  'id',
  'lastCheckTime',
  'monitorStatus',
  'serviceAvailability',
];
const SHALLOW = [...SIMPLE, 'properties'];
const DEEP = [...SHALLOW, 'applicationType', 'device', 'hostGroups', 'hostStatus', 'serviceCount', 'services'];
const SYNC = [...SIMPLE, 'serviceCount', 'services'];

describe('GroundWork depth', () => {
  it.each([
    ['simple', SIMPLE],
    ['shallow', SHALLOW],
    ['deep', DEEP],
    ['full', DEEP],
    ['sync', SYNC],
    ['SHALLOW', SHALLOW],
    ['Deep', DEEP],
  ])('depth=%s gives exactly its key set', async (depth, expected) => {
    const one = await get(`/api/hosts/localhost?depth=${depth}`);
    expect(keys(one.body)).toEqual([...expected].sort());
    const all = await get(`/api/hosts?depth=${depth}`);
    expect(keys(all.body.hosts[0])).toEqual([...expected].sort());
  });

  it('deep: services shallow (with properties), 1:1 associations shallow', async () => {
    const { body } = await get('/api/hosts/localhost?depth=deep');
    expect(body.serviceCount).toBe(21);
    expect(body.services).toHaveLength(21);
    const load = body.services.find((s: { description: string }) => s.description === 'local_load');
    expect(load).toMatchObject({
      monitorStatus: 'OK',
      hostName: 'localhost',
      deviceIdentification: '127.0.0.1',
      properties: { LastPluginOutput: expect.stringMatching(/^OK/) },
    });
    expect(body.device).toEqual({ id: 1, identification: '127.0.0.1' });
    expect(body.hostStatus).toEqual({
      hostStatusId: 1,
      hostMonitorStatus: { monitorStatusId: 1, name: 'UP', description: 'UP' },
      lastCheckTime: '2013-05-22T09:44:56-07:00',
    });
    expect(body.hostGroups).toEqual([{ id: 1, name: 'hosts', appType: 'NAGIOS' }]);
    expect(body.applicationType).toEqual({
      id: 100,
      name: 'NAGIOS',
      description: 'System monitored by Nagios',
      stateTransitionCriteria: 'Device;Host;ServiceDescription',
      properties: {},
    });
  });

  it('sync: services by name, without properties', async () => {
    const { body } = await get('/api/hosts/localhost?depth=sync');
    expect(body.services.map((s: { description: string }) => s.description)).toContain('local_users');
    expect(body.services.every((s: object) => !('properties' in s))).toBe(true);
  });

  it('deep XML writes the documented elements', async () => {
    const res = await get('/api/hosts/localhost?depth=deep', XML);
    expect(res.text).toMatch(/^<\?xml[^>]*\?>\n<host id="1" hostName="localhost"/);
    expect(res.text).toContain(
      '<hostStatus hostStatusId="1" lastCheckTime="2013-05-22T09:44:56-07:00"><monitorStatus monitorStatusId="1" name="UP" description="UP"/></hostStatus>',
    );
    expect(res.text).toContain('<hostGroups><hostGroup id="1" name="hosts" appType="NAGIOS"/></hostGroups>');
    expect(res.body.services).toHaveLength(21);
  });

  it('an unknown depth is a 400', async () => {
    expect((await get('/api/hosts?depth=deeper')).status).toBe(400);
  });
});

describe('GroundWork query, paging and agentId', () => {
  it('without a query: every host, sorted by name case-insensitively', async () => {
    await createHosts([host('Zulu'), host('alpha'), host('Bravo')]);
    expect(names(await get('/api/hosts'))).toEqual(['alpha', 'Bravo', 'localhost', 'malbec', 'Zulu']);
  });

  it('first and count page the result; a page past the end is a 404', async () => {
    await createHosts([host('a1'), host('a2'), host('a3')]);
    expect(names(await get('/api/hosts?first=1&count=2'))).toEqual(['a2', 'a3']);
    expect(names(await get('/api/hosts?first=4'))).toEqual(['malbec']);
    expect(names(await get('/api/hosts?count=1'))).toEqual(['a1']);
    const past = await get('/api/hosts?first=5');
    expect(past.status).toBe(404);
    expect(past.body.error).toMatch(/no hosts from record 5 on \(5 match\)/);
    const q = encodeURIComponent("hostName like 'a%' order by hostName desc");
    expect(names(await get(`/api/hosts?query=${q}&first=1&count=1`))).toEqual(['a2']);
  });

  it('agentId keeps the hosts of that agent, with or without a query', async () => {
    await createHosts([
      host('x1', { agentId: 'agent-1' }),
      host('x2', { agentId: 'agent-2' }),
      host('x3', { agentId: 'agent-1', monitorStatus: 'DOWN' }),
    ]);
    expect(names(await get('/api/hosts?agentId=agent-1'))).toEqual(['x1', 'x3']);
    expect(
      names(await get(`/api/hosts?agentId=agent-1&query=${encodeURIComponent("monitorStatus = 'DOWN'")}`)),
    ).toEqual(['x3']);
    expect((await get('/api/hosts?agentId=agent-9')).status).toBe(404);
  });

  it('a query that matches nothing is a 404 with the error body', async () => {
    const res = await get(`/api/hosts?query=${encodeURIComponent("hostName = 'nope'")}`, XML);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: "Hosts not found: no hosts match query [hostName = 'nope']", status: 404 });
  });

  it('a syntax error is a 400 whose message gives the column', async () => {
    const res = await get(`/api/hosts?query=${encodeURIComponent("hostName = 'a' and and")}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/at column 20/);
  });

  it('the calculated fields cannot be queried: 400', async () => {
    for (const field of ['serviceAvailability', 'bubbleUpStatus']) {
      const res = await get(`/api/hosts?query=${encodeURIComponent(`${field} = 'UP'`)}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/is calculated and cannot be queried at column 1/);
    }
  });

  it('queries see host groups, devices and the application type', async () => {
    await bizHost('host=grouped&status=UP&device=10.7.7.7&agentId=a&appType=NAGIOS&hostGroup=web');
    const q = (text: string) => get(`/api/hosts?query=${encodeURIComponent(text)}`);
    expect(names(await q("hostGroup = 'web'"))).toEqual(['grouped']);
    expect(names(await q("deviceName = '10.7.7.7'"))).toEqual(['grouped']);
    expect(names(await q("applicationType.description like 'System%' and device = '127.0.0.1'"))).toEqual([
      'localhost',
    ]);
  });

  it('GET /api/hosts/{name} is case-insensitive and 404s an absent host', async () => {
    expect((await get('/api/hosts/LOCALHOST')).body.hostName).toBe('localhost');
    const missing = await get('/api/hosts/nosuchhost');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'Host name [nosuchhost] was not found', status: 404 });
  });
});

describe('GroundWork bubbleUpStatus and serviceAvailability', () => {
  it('follow the services: percentage OK, and an UP host with a troubled service bubbles up WARNING', async () => {
    const service = (name: string, status: string) =>
      call(m, 'POST', '/api/biz/service', {
        body: `host=web&service=${name}&status=${status}&device=10.3.3.3&agentId=a&appType=NAGIOS&setStatusOnCreate=true`,
        type: FORM,
      });
    await service('http', 'OK');
    expect((await get('/api/hosts/web')).body).toMatchObject({
      monitorStatus: 'UP',
      bubbleUpStatus: 'UP',
      serviceAvailability: '100',
    });
    await service('disk', 'PENDING');
    await service('cpu', 'OK');
    expect((await get('/api/hosts/web')).body).toMatchObject({ bubbleUpStatus: 'UP', serviceAvailability: '66.67' });
    await service('mem', 'CRITICAL');
    expect((await get('/api/hosts/web')).body).toMatchObject({ bubbleUpStatus: 'WARNING', serviceAvailability: '50' });
    await bizHost('host=web&status=DOWN&agentId=a&appType=NAGIOS');
    expect((await get('/api/hosts/web')).body).toMatchObject({ monitorStatus: 'DOWN', bubbleUpStatus: 'DOWN' });
  });
});

describe('GroundWork create, update, rename, autocomplete, delete', () => {
  it('a host lives: create → query → rename → autocomplete → delete → 404', async () => {
    await createHosts([host('app-server', { monitorStatus: 'UP', properties: { Tier: 'gold' } })]);
    expect(names(await get(`/api/hosts?query=${encodeURIComponent("property.Tier = 'gold'")}`))).toEqual([
      'app-server',
    ]);
    const renamed = await call(
      m,
      'PUT',
      '/api/hosts/rename?oldHostName=app-server&newHostName=api-server&description=API&deviceIdentification=10.4.4.4',
    );
    expect(renamed.body).toMatchObject({
      hostName: 'api-server',
      description: 'API',
      deviceIdentification: '10.4.4.4',
      deviceDisplayName: '10.4.4.4',
      properties: { Tier: 'gold' },
    });
    expect((await get('/api/hosts/autocomplete/ap')).body).toEqual({ names: [{ name: 'api-server' }] });
    expect(names(await get(`/api/hosts?query=${encodeURIComponent("property.Tier = 'gold'")}`))).toEqual([
      'api-server',
    ]);
    const deleted = await call(m, 'DELETE', '/api/hosts/api-server');
    expect(deleted.body).toMatchObject({ successful: 1, failed: 0, operation: 'Delete' });
    expect((await get('/api/hosts/api-server')).status).toBe(404);
    expect((await get('/api/hosts/autocomplete/ap')).status).toBe(404);
  });

  it('POST /api/hosts updates an existing host, merging properties and keeping what is not sent', async () => {
    await createHosts([host('h1', { description: 'one', properties: { A: '1' } })]);
    const res = await createHosts([{ hostName: 'h1', monitorStatus: 'DOWN', properties: { B: '2' } }]);
    expect(res.body.successful).toBe(1);
    const { body } = await get('/api/hosts/h1');
    expect(body).toMatchObject({
      description: 'one',
      monitorStatus: 'DOWN',
      appType: 'NAGIOS',
      properties: { A: '1', B: '2', LastStateChange: body.lastStateChange },
    });
  });

  it('POST /api/hosts: a new host without monitorStatus is PENDING; merge matches names ignoring case', async () => {
    await createHosts([host('Mixed')]);
    expect((await get('/api/hosts/Mixed')).body.monitorStatus).toBe('PENDING');
    const merged = await createHosts([{ hostName: 'MIXED', description: 'merged' }]);
    expect(merged.body.results[0]).toMatchObject({ entity: 'Mixed', status: 'success' });
    expect(names(await get('/api/hosts'))).toEqual(['localhost', 'malbec', 'Mixed']);
    const refused = await createHosts([{ hostName: 'MIXED', description: 'not merged' }], '?merge=false');
    expect(refused.body).toMatchObject({ successful: 0, failed: 1, results: [{ entity: 'MIXED', status: 'failure' }] });
    expect((await get('/api/hosts/mixed')).body.description).toBe('merged');
  });

  it('POST /api/hosts refuses an unknown application type or host status for that host only', async () => {
    const res = await createHosts([
      host('ok1'),
      host('bad1', { appType: 'NOPE' }),
      host('bad2', { monitorStatus: 'OK' }),
    ]);
    expect(res.body).toMatchObject({ successful: 1, failed: 2, count: 3 });
    expect(res.body.results[1].message).toMatch(/Application Type 'NOPE' is not valid/);
    expect(res.body.results[2].message).toMatch(/'OK' is not a host status/);
    expect((await get('/api/hosts/bad1')).status).toBe(404);
  });

  it('async=true answers at once with the job, as the server does, and the hosts arrive soon after', async () => {
    const res = await createHosts([host('later-1'), host('later-2'), { hostName: 'later-bad' }], '?async=true');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      successful: 1,
      failed: 0,
      entityType: 'Host Async',
      operation: 'Update',
      results: [
        {
          entity: expect.stringMatching(/^\d+$/),
          status: 'success',
          message: expect.stringMatching(/^Job \d+ submitted$/),
        },
      ],
      count: 1,
    });
    let found = 0;
    for (let i = 0; i < 50 && found < 2; i++) {
      found = (await Promise.all([get('/api/hosts/later-1'), get('/api/hosts/later-2')])).filter(
        (r) => r.status === 200,
      ).length;
      if (found < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(found).toBe(2);
    expect((await get('/api/hosts/later-bad')).status).toBe(404);
  });

  it('rename: 404 without the old host, 400 onto another host, case-only renames allowed', async () => {
    const absent = await call(m, 'PUT', '/api/hosts/rename?oldHostName=nope&newHostName=x');
    expect(absent.status).toBe(404);
    expect(absent.body).toEqual({ error: 'Host name [nope] was not found', status: 404 });
    const clash = await call(m, 'PUT', '/api/hosts/rename?oldHostName=malbec&newHostName=LOCALHOST', { accept: XML });
    expect(clash.status).toBe(400);
    expect(clash.body).toEqual({ error: 'Host name [LOCALHOST] already exists', status: 400 });
    const caseOnly = await call(m, 'PUT', '/api/hosts/rename?oldHostName=malbec&newHostName=Malbec');
    expect(caseOnly.body.hostName).toBe('Malbec');
    expect(
      (await get('/api/hosts/filter?hostGroupNames=hosts')).body.hosts.map((h: { hostName: string }) => h.hostName),
    ).toEqual(['localhost', 'Malbec']);
  });

  it('autocomplete: case-insensitive prefix, case-insensitive order, limited to 10, 404 when none', async () => {
    await createHosts(
      [
        'ALPS',
        'alpine',
        'Alpha',
        'beta',
        ...Array.from({ length: 12 }, (_, i) => `node-${String(i).padStart(2, '0')}`),
      ].map((n) => host(n)),
    );
    const named = (...list: string[]) => ({ names: list.map((name) => ({ name })) });
    expect((await get('/api/hosts/autocomplete/AL')).body).toEqual(named('Alpha', 'alpine', 'ALPS'));
    expect((await get('/api/hosts/autocomplete/alph')).body).toEqual(named('Alpha'));
    const star = await get('/api/hosts/autocomplete/*');
    expect(star.body).toEqual(
      named('Alpha', 'alpine', 'ALPS', 'beta', 'localhost', 'malbec', 'node-00', 'node-01', 'node-02', 'node-03'),
    );
    expect((await get('/api/hosts/autocomplete/node')).body.names).toHaveLength(10);
    const none = await get('/api/hosts/autocomplete/zzz');
    expect(none.status).toBe(404);
    expect(none.body).toEqual({ error: 'No host names start with [zzz]', status: 404 });
  });

  it('autocompleteLimit is an option', async () => {
    const small = await startMock({ vendors: ['groundwork'], vendorOptions: { groundwork: { autocompleteLimit: 1 } } });
    try {
      const res = await fetch(`${small.url}/api/hosts/autocomplete/*`, {
        headers: { 'GWOS-API-TOKEN': 'understudy-demo-token', 'GWOS-APP-NAME': 't', accept: 'application/json' },
      });
      expect(await res.json()).toEqual({ names: [{ name: 'localhost' }] });
    } finally {
      await small.close();
    }
  });

  it('filter: hosts of any named group, once each, by name; 404 when none', async () => {
    for (const [name, group] of [
      ['w2', 'web'],
      ['d1', 'db'],
      ['w1', 'web'],
      ['x', 'other'],
    ]) {
      await bizHost(`host=${name}&status=UP&device=${name}&agentId=a&appType=NAGIOS&hostGroup=${group}`);
    }
    await bizHost('host=w1&status=UP&agentId=a&appType=NAGIOS&hostGroup=db');
    expect(names(await get('/api/hosts/filter?hostGroupNames=web,db'))).toEqual(['d1', 'w1', 'w2']);
    expect(names(await get('/api/hosts/filter?hostGroupNames=db'))).toEqual(['d1', 'w1']);
    expect((await get('/api/hosts/filter?hostGroupNames=nothing')).status).toBe(404);
    await call(m, 'DELETE', '/api/hosts/w1');
    expect(names(await get('/api/hosts/filter?hostGroupNames=web,db'))).toEqual(['d1', 'w2']);
  });

  it('delete: an absent host is a warning result; the others are deleted', async () => {
    await createHosts([host('gone-1')]);
    const res = await call(m, 'DELETE', '/api/hosts', {
      body: { hosts: [{ hostName: 'GONE-1' }, { hostName: 'never' }] },
    });
    expect(res.body).toMatchObject({ successful: 1, failed: 0, warning: 1, count: 2, operation: 'Delete' });
    expect(res.body.results[0]).toMatchObject({ entity: 'gone-1', status: 'success' });
    expect(res.body.results[1]).toEqual({
      entity: 'never',
      status: 'warning',
      message: 'Host name [never] was not found',
    });
    const xml = await call(m, 'DELETE', '/api/hosts/never,localhost', { accept: XML });
    expect(xml.text).toContain(
      '<results successful="1" failed="0" entityType="Host" operation="Delete" warning="1" count="2">',
    );
    expect(names(await get('/api/hosts'))).toEqual(['malbec']);
  });

  it('GET /api/services/{name}: 404 for an unknown service or host', async () => {
    expect((await get('/api/services/local_load?hostName=LOCALHOST')).body).toMatchObject({
      description: 'local_load',
      hostName: 'localhost',
    });
    for (const path of ['/api/services/nope?hostName=localhost', '/api/services/local_load?hostName=nope']) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(res.body.error).toMatch(/^Service \[.*\] on host \[.*\] was not found$/);
    }
  });

  it('never answered with a response that breaks the spec', () => {
    expect(violations(m.mock)).toEqual([]);
  });
});
