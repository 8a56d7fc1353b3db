// The Service APIs as GroundWork's Java ServiceClient calls them (GWT collagerest-client
// ServiceClient; collagerest-server ServiceResource, ServiceCreateTask), on the same state as the
// hosts and the Biz feeder: what one API writes, the others read.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { AGENT, call, spec, XML } from './helpers.js';

let m: RunningMock;
beforeAll(async () => {
  // A fixed clock: the state's change times (lastStateChange, to the second) must not differ between
  // two posts that should leave the same state just because they fell in two different seconds.
  m = await startMock({ vendors: ['groundwork'], now: () => new Date('2026-01-05T10:00:00Z') });
});
afterAll(() => m.close());
beforeEach(() => m.mock.reset());

const get = (path: string, accept?: string) => call(m, 'GET', path, { accept });
const post = (services: unknown[], query = '') => call(m, 'POST', `/api/services${query}`, { body: { services } });
const descriptions = (body: { services: Array<{ description: string }> }) => body.services.map((s) => s.description);

describe('one state: services written by any API are read by the others', () => {
  it('a service fed by the Biz feeder is listed, looked up and deleted through /api/services', async () => {
    await call(m, 'POST', '/api/biz/services', {
      body: {
        services: [
          { host: 'fed', service: 'feed-svc', status: 'OK', device: '10.7.0.1', appType: 'NAGIOS', agentId: AGENT },
        ],
      },
    });
    expect(descriptions((await get('/api/services/?hostName=fed')).body)).toEqual(['feed-svc']);
    expect((await get('/api/services/feed-svc?hostName=fed')).body).toMatchObject({
      description: 'feed-svc',
      hostName: 'fed',
      monitorStatus: 'PENDING',
    });
    const del = await call(m, 'DELETE', '/api/services/feed-svc?hostName=fed');
    expect(del.body).toMatchObject({ successful: 1, entityType: 'ServiceStatus', operation: 'Delete' });
    expect((await get('/api/hosts/fed?depth=deep')).body).toMatchObject({ serviceCount: 0, services: [] });
  });

  it('a service written by /api/services shows in its host, deep', async () => {
    const res = await post([
      {
        description: 'new-one',
        hostName: 'localhost',
        monitorStatus: 'CRITICAL',
        properties: { LastPluginOutput: 'down' },
      },
    ]);
    expect(res.body).toMatchObject({ successful: 1, entityType: 'ServiceStatus', operation: 'Update' });
    expect(res.body.results[0].location).toBe(`${m.url}/api/services/new-one%3FhostName=localhost`);
    const host = (await get('/api/hosts/localhost?depth=deep')).body;
    expect(host.services.find((s: { description: string }) => s.description === 'new-one')).toMatchObject({
      monitorStatus: 'CRITICAL',
      properties: { LastPluginOutput: 'down' },
    });
  });
});

describe('listing and querying', () => {
  it('lists every service by description, pages with first/count, and leaves properties out at simple depth', async () => {
    const all = (await get('/api/services/')).body;
    expect(descriptions(all)).toEqual([...descriptions(all)].sort());
    expect(all.services).toHaveLength(21);
    expect(descriptions((await get('/api/services?first=1&count=2')).body)).toEqual(descriptions(all).slice(1, 3));
    const simple = (await get('/api/services?depth=simple')).body;
    expect(simple.services.every((s: { properties?: unknown }) => s.properties === undefined)).toBe(true);
    expect((await get('/api/services?first=100')).status).toBe(404);
  });

  it('queries service fields: monitorStatus, hostGroup, property, agentId (as the TCG SDK asks, any case)', async () => {
    await call(m, 'POST', '/api/biz/services', {
      body: {
        services: [
          {
            host: 'q-host',
            service: 'q-svc',
            status: 'WARNING',
            device: '10.7.0.2',
            appType: 'NAGIOS',
            agentId: 'agent-q',
            hostGroup: 'q-group',
          },
        ],
      },
    });
    const q = (query: string) => get(`/api/services?query=${encodeURIComponent(query)}&depth=Shallow`);
    expect(descriptions((await q("monitorStatus = 'OK'")).body)).toEqual(['local_load', 'local_users']);
    expect(descriptions((await q("hostGroup = 'q-group'")).body)).toEqual(['q-svc']);
    expect(descriptions((await q("agentid='agent-q'")).body)).toEqual(['q-svc']);
    expect(descriptions((await q("property.LastPluginOutput like 'USERS%'")).body)).toEqual(['local_users']);
    expect(descriptions((await q("hostName = 'localhost' order by description desc")).body)[0]).toBe('tcp_http');
    expect((await q('bubbleUpStatus = 1')).status).toBe(400);
    expect((await q("nosuchfield = 'x'")).body.error).toMatch(/unknown field 'nosuchfield'.*valid fields are id/);
  });

  it('query and hostName together are a 400; an unknown host has no services (404)', async () => {
    expect(
      (await get(`/api/services?hostName=localhost&query=${encodeURIComponent("monitorStatus = 'OK'")}`)).status,
    ).toBe(400);
    expect((await get('/api/services?hostName=nobody')).status).toBe(404);
  });
});

describe('lookup', () => {
  it('by id: a numeric name is an id first (deep, no hostName needed); else the name on the host', async () => {
    const users = (await get('/api/services/local_users?hostName=localhost')).body;
    expect((await get(`/api/services/${users.id}`)).body).toMatchObject({
      description: 'local_users',
      hostName: 'localhost',
      properties: { LastPluginOutput: expect.any(String) },
    });
    expect((await get('/api/services/99999')).status).toBe(404);
    await post([{ description: '12345', hostName: 'localhost' }]);
    expect((await get('/api/services/12345?hostName=localhost')).body.description).toBe('12345');
  });

  it('a name without hostName is a 400 naming it; the vendor-encoded link (%3F) is one too', async () => {
    const res = await get('/api/services/local_users');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('Host name is mandatory');
    expect((await get('/api/services/local_users%3FhostName=localhost')).status).toBe(400);
  });

  it('XML, and the host name matched ignoring case', async () => {
    const res = await get('/api/services/local_load?hostName=LOCALHOST', XML);
    expect(res.text).toMatch(/^<\?xml[^>]*>\n<service id="\d+" appType="NAGIOS" description="local_load"/);
  });
});

describe('writes', () => {
  it('a missing host is created when the service names its device, else that service fails alone', async () => {
    const res = await post([
      { description: 'a', hostName: 'made-by-service', deviceIdentification: '10.7.1.1', agentId: 'x' },
      { description: 'b', hostName: 'no-device' },
    ]);
    expect(res.body.results.map((r: { entity: string; status: string }) => `${r.entity} ${r.status}`)).toEqual([
      'made-by-service:a success',
      'no-device:b failure',
    ]);
    expect((await get('/api/hosts/made-by-service')).body).toMatchObject({
      deviceIdentification: '10.7.1.1',
      appType: 'NAGIOS',
      monitorStatus: 'PENDING',
    });
    expect((await get('/api/hosts/no-device')).status).toBe(404);
  });

  it('statuses and application types are checked per service; merge=false refuses a host that differs by case', async () => {
    const res = await post(
      [
        { description: 's1', hostName: 'localhost', monitorStatus: 'UP' },
        { description: 's2', hostName: 'localhost', appType: 'NOPE' },
        { description: 's3', hostName: 'LocalHost' },
      ],
      '/?async=false&merge=false',
    );
    expect(res.body.results.map((r: { status: string; message?: string }) => `${r.status} ${r.message ?? ''}`)).toEqual(
      [
        expect.stringMatching(/^failure Monitor status 'UP' is not a service status/),
        expect.stringMatching(/^failure Application Type 'NOPE' is not valid/),
        expect.stringMatching(/^failure Duplicate hostname/),
      ],
    );
  });

  it('the DtoService fields the server writes are stored; x-ignored ones are not', async () => {
    const ignored: Record<string, unknown> = {
      id: 77,
      appTypeDisplayName: 'Nagios',
      lastPlugInOutput: 'from the client',
      comments: [{}],
    };
    const declared = Object.entries(spec.schema({ $ref: '#/components/schemas/ServiceInput' }).properties!)
      .filter(([, p]) => spec.schema(p)['x-ignored'] === true)
      .map(([name]) => name);
    expect(Object.keys(ignored).sort()).toEqual(declared.sort());
    const written = {
      description: 'dto',
      hostName: 'localhost',
      monitorStatus: 'WARNING',
      stateType: 'SOFT',
      checkType: 'PASSIVE',
      lastHardState: 'OK',
      metricType: 'vm',
      lastCheckTime: '2016-01-04T23:42:30.000-0700',
      agentId: 'a-1',
      monitorServer: 'poller',
    };
    await post([written]);
    const expected = m.mock.dumpState();
    m.mock.reset();
    await post([{ ...written, ...ignored, domain: 'not modelled' }]);
    expect(m.mock.dumpState()).toEqual(expected);
    expect((await get('/api/services/dto?hostName=localhost')).body).toMatchObject({
      monitorStatus: 'WARNING',
      stateType: 'SOFT',
      checkType: 'PASSIVE',
      lastHardState: 'OK',
      agentId: 'a-1',
      monitorServer: 'poller',
    });
  });

  it('async=true answers the job (Service Async) and the services arrive soon after', async () => {
    const res = await post([{ description: 'later', hostName: 'localhost' }], '/?async=true&merge=true');
    expect(res.body).toMatchObject({
      entityType: 'Service Async',
      successful: 1,
      results: [{ message: expect.stringMatching(/^Job \d+ submitted$/) }],
    });
    let status = 404;
    for (let i = 0; i < 50 && status === 404; i++)
      status = (await get('/api/services/later?hostName=localhost')).status;
    expect(status).toBe(200);
  });
});

describe('deletes and autocomplete', () => {
  it('by names in the path (comma list) and by body, each service on its own; a missing one warns', async () => {
    const byName = await call(m, 'DELETE', '/api/services/local_swap,local_users,nope?hostName=localhost');
    expect(byName.body).toMatchObject({
      successful: 2,
      warning: 1,
      results: [
        { message: 'Service deleted.' },
        { message: 'Service deleted.' },
        { entity: 'localhost:nope', status: 'warning', message: 'Service not found, cannot delete.' },
      ],
    });
    const byBody = await call(m, 'DELETE', '/api/services', {
      body: {
        services: [
          { hostName: 'localhost', description: 'tcp_http', monitorServer: 'localhost', properties: {} },
          { description: 'no-host' },
        ],
      },
    });
    expect(byBody.body).toMatchObject({
      successful: 1,
      failed: 1,
      results: [
        { entity: 'localhost:tcp_http', status: 'success' },
        { entity: 'unknown host:no-host', status: 'failure' },
      ],
    });
    expect((await call(m, 'DELETE', '/api/services/x')).status).toBe(400);
  });

  it('autocomplete: descriptions of every host, once each, by prefix, with limit', async () => {
    await call(m, 'POST', '/api/biz/services', {
      body: {
        services: [
          { host: 'other', service: 'local_load', status: 'OK', device: '10.7.2.1', appType: 'NAGIOS', agentId: AGENT },
        ],
      },
    });
    const res = await get('/api/services/autocomplete/LOCAL_L');
    expect(res.body).toEqual({ names: [{ name: 'local_load' }] });
    expect((await get('/api/services/autocomplete/local_cpu?limit=3')).body.names).toHaveLength(3);
    expect((await get('/api/services/autocomplete/*?limit=-1')).body.names).toHaveLength(21);
    const xml = await get('/api/services/autocomplete/tcp', XML);
    expect(xml.text).toContain('<names><names><name name="tcp_http"/></names></names>');
    expect((await get('/api/services/autocomplete/zzz')).status).toBe(404);
  });
});

afterAll(() => {
  expect(violations(m.mock)).toEqual([]);
});
