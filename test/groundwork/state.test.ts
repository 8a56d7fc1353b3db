// GroundWork mock state: the empty fixture set, dump and load (round trip, garbage refused without
// touching the current state), and rejected requests that must change nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { groundwork } from '../../src/vendors/groundwork/index.js';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { AGENT, call, FORM, XML } from './helpers.js';

let m: RunningMock;
beforeAll(async () => {
  m = await startMock({ vendors: ['groundwork'] });
});
afterAll(() => m.close());
beforeEach(() => m.mock.reset());

describe('GroundWork fixtures', () => {
  it('--fixtures empty starts with nothing but the NAGIOS application type', async () => {
    const empty = await startMock({ vendors: ['groundwork'], fixtures: 'empty' });
    try {
      const headers = { 'GWOS-API-TOKEN': 'understudy-demo-token', 'GWOS-APP-NAME': 't', accept: 'application/json' };
      expect((await fetch(`${empty.url}/api/hosts`, { headers })).status).toBe(404);
      expect((await fetch(`${empty.url}/api/hosts/autocomplete/*`, { headers })).status).toBe(404);
      const dump = empty.mock.dumpState().groundwork as {
        applicationTypes: Array<{ id: number; name: string }>;
        hosts: unknown[];
        devices: unknown[];
      };
      expect(dump.applicationTypes.map((a) => [a.id, a.name])).toEqual([[100, 'NAGIOS']]);
      expect(dump.hosts).toEqual([]);
      expect(dump.devices).toEqual([]);
      const created = await fetch(`${empty.url}/api/biz/host`, {
        method: 'POST',
        headers: { ...headers, 'content-type': FORM },
        body: 'host=first&status=UP&device=10.0.0.1&agentId=a&appType=NAGIOS',
      });
      expect(((await created.json()) as { id: number }).id).toBe(1);
      expect(violations(empty.mock)).toEqual([]);
    } finally {
      await empty.close();
    }
  });
});

describe('GroundWork dump and load', () => {
  it('a dump loads back to the same state, indexes included', async () => {
    await call(m, 'POST', '/api/biz/service', {
      body: `host=dumped&device=10.8.8.8&service=s&status=OK&agentId=${AGENT}&appType=NAGIOS&hostGroup=g&serviceGroup=sg`,
      type: FORM,
    });
    const before = m.mock.dumpState();
    const text = JSON.stringify(before);
    m.mock.reset();
    m.mock.loadState(JSON.parse(text) as Record<string, unknown>);
    expect(m.mock.dumpState()).toEqual(before);
    expect((await call(m, 'GET', '/api/hosts/filter?hostGroupNames=g')).body.hosts[0].hostName).toBe('dumped');
    expect((await call(m, 'GET', '/api/hosts/autocomplete/DUM')).body).toEqual({ names: [{ name: 'dumped' }] });
    // Ids go on from where the dump left off.
    const next = await call(m, 'POST', '/api/biz/host', {
      body: 'host=after&status=UP&device=x&agentId=a&appType=NAGIOS',
      type: FORM,
    });
    expect(next.body.id).toBe(21);
  });

  it('loaded records share their empty name lists, and a name added to one record stays its own', async () => {
    const made = (host: string, service: string) =>
      call(m, 'POST', '/api/biz/service', {
        body: `host=${host}&device=10.9.9.9&service=${service}&status=OK&agentId=${AGENT}&appType=NAGIOS`,
        type: FORM,
      });
    await made('shared-a', 'one');
    await made('shared-a', 'two');
    await made('shared-b', 'three');
    m.mock.loadState(JSON.parse(JSON.stringify(m.mock.dumpState())) as Record<string, unknown>);
    const added = await call(m, 'POST', '/api/biz/service', {
      body: `host=shared-a&service=two&status=WARNING&agentId=${AGENT}&appType=NAGIOS&serviceGroup=sg&serviceCategory=sc&hostCategory=hc`,
      type: FORM,
    });
    expect(added.status).toBe(200);
    type Dumped = {
      hostName: string;
      hostCategories: string[];
      services: Array<{ description: string; serviceGroups: string[]; serviceCategories: string[] }>;
    };
    const hosts = (m.mock.dumpState().groundwork as { hosts: Dumped[] }).hosts;
    const names = (host: string) => {
      const h = hosts.find((x) => x.hostName === host);
      return [
        h?.hostCategories,
        ...(h?.services ?? []).map((s) => [s.description, s.serviceGroups, s.serviceCategories]),
      ];
    };
    expect(names('shared-a')).toEqual([['hc'], ['one', [], []], ['two', ['sg'], ['sc']]]);
    expect(names('shared-b')).toEqual([[], ['three', [], []]]);
  });

  it('a dump is a copy: later requests do not change it', async () => {
    const before = m.mock.dumpState();
    const copy = JSON.parse(JSON.stringify(before)) as unknown;
    await call(m, 'POST', '/api/biz/host', {
      body: 'host=localhost&status=DOWN&agentId=a&appType=NAGIOS&message=x',
      type: FORM,
    });
    expect(before).toEqual(copy);
  });

  it.each([
    ['not an object', 'nope', /state must be an object/],
    ['hosts not an array', { hosts: 5 }, /state\.hosts must be an array/],
    ['host without a name', { hosts: [{ id: 1 }] }, /state\.hosts\[0\]\.hostName must be a non-empty string/],
    [
      'host with an unknown device',
      {
        applicationTypes: [{ id: 100, name: 'NAGIOS' }],
        hosts: [{ id: 1, hostName: 'a', monitorStatus: 'UP', appType: 'NAGIOS', deviceIdentification: 'zz' }],
      },
      /names device 'zz', which is not in devices/,
    ],
    [
      'hosts equal ignoring case',
      {
        devices: [{ id: 1, identification: 'd' }],
        hosts: ['a', 'A'].map((hostName, id) => ({
          id,
          hostName,
          monitorStatus: 'UP',
          appType: 'NAGIOS',
          deviceIdentification: 'd',
        })),
      },
      /state\.hosts\[1\]\.hostName repeats host 'A'/,
    ],
    [
      'a property that is an object',
      {
        devices: [{ id: 1, identification: 'd' }],
        hosts: [
          {
            id: 1,
            hostName: 'a',
            monitorStatus: 'UP',
            appType: 'NAGIOS',
            deviceIdentification: 'd',
            properties: { x: {} },
          },
        ],
      },
      /properties\.x must be a string, number or boolean/,
    ],
    [
      'a negative id',
      { devices: [{ id: -1, identification: 'd' }] },
      /state\.devices\[0\]\.id must be a non-negative integer/,
    ],
    // One reader walks the hosts and one each host's services: the path names the element that fails.
    [
      'a service repeated on a host',
      servicesOn(['a', 'b', 'c', 'b']),
      /state\.hosts\[1\]\.services\[3\] repeats service 'b'/,
    ],
    [
      'a service repeated on a host of many (over 32)',
      servicesOn([...Array.from({ length: 40 }, (_, i) => `s${i}`), 's7']),
      /state\.hosts\[1\]\.services\[40\] repeats service 's7'/,
    ],
    [
      'a service without a description',
      servicesOn(['a', '']),
      /state\.hosts\[1\]\.services\[1\]\.description must be a non-empty string/,
    ],
    [
      'a host in a group that is not there',
      withHost({ hostGroups: ['g', 'nope'] }),
      /state\.hosts\[1\]\.hostGroups names host group 'nope', which is not in hostGroups/,
    ],
    [
      'a service in a group that is not there',
      withHost({
        services: [{ id: 9, description: 's', appType: 'NAGIOS', monitorStatus: 'OK', serviceGroups: ['x'] }],
      }),
      /state\.hosts\[1\]\.services name service group 'x', which is not in serviceGroups/,
    ],
    [
      'a host of an application type that is not there',
      withHost({ appType: 'NOPE' }),
      /state\.hosts\[1\]\.appType names application type 'NOPE', which is not in applicationTypes/,
    ],
  ])('garbage (%s) is refused with a clear error and the state is untouched', async (_label, garbage, message) => {
    const before = m.mock.dumpState();
    expect(() => m.mock.loadState({ groundwork: garbage })).toThrow(message);
    expect(m.mock.dumpState()).toEqual(before);
    const res = await fetch(`${m.url}/__admin/state`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ groundwork: garbage }),
    });
    expect(res.status).toBe(400);
    expect(m.mock.dumpState()).toEqual(before);
  });

  it('loadState keeps only the options, never credentials, out of the dump', () => {
    const state = groundwork.loadState({}, { user: 'u', password: 'p' });
    expect(state.settings.user).toBe('u');
    expect(JSON.stringify(groundwork.dumpState(state))).not.toContain('"p"');
  });
});

/** A dump of two hosts, the second one with `fields` on top. */
function withHost(fields: Record<string, unknown>): Record<string, unknown> {
  const host = (id: number, hostName: string) => ({
    id,
    hostName,
    monitorStatus: 'UP',
    appType: 'NAGIOS',
    deviceIdentification: 'd',
  });
  return {
    devices: [{ id: 1, identification: 'd' }],
    hostGroups: [{ id: 1, name: 'g' }],
    hosts: [host(1, 'a'), { ...host(2, 'b'), ...fields }],
  };
}

/** The second host with services of these descriptions. */
function servicesOn(descriptions: string[]): Record<string, unknown> {
  return withHost({
    services: descriptions.map((description, id) => ({ id, description, appType: 'NAGIOS', monitorStatus: 'OK' })),
  });
}

describe('GroundWork rejected requests change nothing', () => {
  it('every refused or failing request leaves the state as it was', async () => {
    const before = m.mock.dumpState();
    const form = (path: string, body: string) => call(m, 'POST', path, { body, type: FORM });
    const refused = [
      call(m, 'GET', '/api/hosts', { auth: false }),
      call(m, 'POST', '/api/hosts', {
        auth: false,
        body: { hosts: [{ hostName: 'x', appType: 'NAGIOS', deviceIdentification: 'x' }] },
      }),
      call(m, 'POST', '/api/hosts', {
        headers: { 'GWOS-API-TOKEN': 'bad' },
        body: { hosts: [{ hostName: 'x', appType: 'NAGIOS', deviceIdentification: 'x' }] },
      }),
      call(m, 'GET', `/api/hosts?query=${encodeURIComponent('hostName =')}`),
      call(m, 'POST', '/api/hosts', { body: { hosts: [] } }),
      call(m, 'POST', '/api/hosts', { body: '<hosts><host hostName="x"', type: XML }),
      call(m, 'POST', '/api/hosts?merge=false', { body: { hosts: [{ hostName: 'LOCALHOST', description: 'no' }] } }),
      call(m, 'PUT', '/api/hosts/rename?oldHostName=nope&newHostName=x'),
      call(m, 'PUT', '/api/hosts/rename?oldHostName=malbec&newHostName=localhost&description=changed'),
      form('/api/biz/host', 'host=new&status=UP&agentId=a&appType=NAGIOS'),
      form(
        '/api/biz/host',
        'host=new&status=UP&device=d&agentId=a&appType=NAGIOS&allowInserts=false&hostGroup=new-group',
      ),
      form('/api/biz/host', 'host=localhost&status=BROKEN&agentId=a&appType=NAGIOS'),
      form('/api/biz/service', 'host=new&service=s&status=OK&device=d&agentId=a&appType=NOPE&serviceGroup=sg'),
      form(
        '/api/biz/service',
        'host=localhost&service=s&status=OK&agentId=a&appType=NAGIOS&allowInserts=false&serviceGroup=sg',
      ),
      call(m, 'POST', '/api/biz/hosts', {
        body: {
          hosts: [
            {
              host: 'n',
              status: 'UP',
              appType: 'NAGIOS',
              agentId: 'a',
              hostGroup: 'g',
              services: [{ service: 's', status: 'OK' }],
            },
          ],
        },
      }),
      call(m, 'POST', '/api/biz/services', {
        body: {
          services: [
            { host: 'LOCALHOST', service: 's', status: 'OK', appType: 'NAGIOS', agentId: 'a', mergeHosts: false },
          ],
        },
      }),
      call(m, 'POST', '/api/auth/login', {
        body: 'user=admin&password=wrong&gwos-app-name=a',
        type: FORM,
        accept: 'text/plain',
      }),
      call(m, 'POST', '/api/auth/logout', {
        body: 'gwos-app-name=a&gwos-api-token=unknown',
        type: FORM,
        accept: 'text/plain',
      }),
    ];
    const replies = await Promise.all(refused);
    // The batch calls answer 200 with failure results; the others are errors.
    expect(replies.map((r) => r.status)).toEqual([
      400, 400, 401, 400, 400, 400, 200, 404, 400, 400, 400, 400, 400, 400, 200, 200, 404, 404,
    ]);
    for (const batch of [replies[6]!, replies[14]!, replies[15]!]) expect(batch.body).toMatchObject({ successful: 0 });
    expect(m.mock.dumpState()).toEqual(before);
  });

  it('a batch that only fails changes nothing', async () => {
    const before = m.mock.dumpState();
    const res = await call(m, 'POST', '/api/hosts', {
      body: { hosts: [{ hostName: 'x' }, { hostName: 'y', appType: 'NOPE', deviceIdentification: 'y' }] },
    });
    expect(res.body).toMatchObject({ successful: 0, failed: 2 });
    expect(m.mock.dumpState()).toEqual(before);
  });

  it('never answered with a response that breaks the spec', () => {
    expect(violations(m.mock)).toEqual([]);
  });
});
