// Every documented GroundWork example (seeds 001 ch. 30 and 002 ch. 2), replayed over a real socket in
// JSON and in XML. Requests come straight from specs/groundwork.yaml, so the test cannot drift from
// the spec; responses are compared with the spec's examples, exactly where the fixtures reproduce
// the documents (§2.1, §2.5, §2.6) and otherwise without ids, clock times and the server origin.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../src/vendors/groundwork/query/index.js';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import {
  AGENT,
  call,
  DEMO_TOKEN,
  encodeRequest,
  FORM,
  GW_TIME,
  JSON_TYPE,
  parameterExample,
  parameterExampleNames,
  requestExample,
  requestExampleNames,
  responseExample,
  stable,
  testClock,
  XML,
  type Reply,
} from './helpers.js';

const clock = testClock('2016-01-05T06:42:30.468Z'); // 2016-01-04T23:42:30.468-0700, as in §30
let m: RunningMock;

beforeAll(async () => {
  m = await startMock({ vendors: ['groundwork'], now: clock.now });
});
afterAll(() => m.close());
beforeEach(() => {
  m.mock.reset();
  clock.set('2016-01-05T06:42:30.468Z');
});

const names = (reply: Reply): string[] => (reply.body.hosts as Array<{ hostName: string }>).map((h) => h.hostName);

/** Every result's location must lead to the entity with a GET, once the vendor's `%3F` is read as the `?` it stands for. */
async function expectLocationsResolve(reply: Reply): Promise<void> {
  for (const result of reply.body.results as Array<{ location?: string; status: string }>) {
    if (result.status !== 'success') continue;
    const path = result.location!.slice(m.url.length).replace('%3F', '?');
    expect(result.location!.startsWith(m.url), result.location).toBe(true);
    expect((await call(m, 'GET', path)).status, result.location).toBe(200);
  }
}

describe.each([JSON_TYPE, XML])('GroundWork documented examples in %s', (mt) => {
  const send = (method: string, path: string, body?: unknown, type?: string) =>
    call(m, method, path, { accept: mt, body, type });
  const example = (operationId: string, name: string) => requestExample(operationId, mt, name);
  const formExample = (operationId: string, name: string) => String(requestExample(operationId, FORM, name));
  const createHosts = (hosts: unknown[], query = '') =>
    send('POST', `/api/hosts${query}`, encodeRequest('createOrUpdateHosts', mt, { hosts }));

  describe('§2.1 query hosts', () => {
    it('GET /api/hosts (§2.1.6 example 1) answers the §2.1 example result exactly', async () => {
      const res = await send('GET', '/api/hosts');
      expect(res.status).toBe(200);
      expect(res.contentType).toBe(mt);
      expect(res.body).toEqual(responseExample('getHosts', 200, mt, 'twoShallowHosts'));
    });

    it.each(parameterExampleNames('getHosts', 'depth'))(
      '§2.1.6 examples 1-3: all hosts at depth example %s',
      async (name) => {
        const depth = parameterExample('getHosts', 'depth', name);
        const res = await send('GET', `/api/hosts?depth=${depth}`);
        expect(res.status).toBe(200);
        expect(names(res)).toEqual(['localhost', 'malbec']);
        const localhost = res.body.hosts[0];
        expect('properties' in localhost).toBe(depth !== 'simple');
        expect(localhost.services?.length).toBe(depth === 'deep' ? 21 : undefined);
      },
    );

    it.each(parameterExampleNames('getHost', 'depth'))(
      '§2.1.6 examples 4-6: localhost at depth example %s',
      async (name) => {
        const hostName = parameterExample('getHost', 'hostName', 'localhost');
        const depth = parameterExample('getHost', 'depth', name);
        const res = await send('GET', `/api/hosts/${hostName}?depth=${depth}`);
        expect(res.status).toBe(200);
        expect(res.body.hostName).toBe('localhost');
        expect(res.body.hosts).toBeUndefined(); // a single host is not wrapped
        expect('properties' in res.body).toBe(depth !== 'simple');
        expect('hostStatus' in res.body).toBe(depth === 'deep');
      },
    );

    it('GET /api/hosts/malbec answers the §2.1 single-host example exactly', async () => {
      const res = await send('GET', '/api/hosts/malbec');
      expect(res.body).toEqual(responseExample('getHost', 200, mt, 'malbec'));
    });

    it('§2.1.6 examples 7-10: each example query finds what a person expects', async () => {
      const host = (hostName: string, monitorStatus: string, properties: Record<string, string>) => ({
        hostName,
        monitorStatus,
        appType: 'NAGIOS',
        deviceIdentification: `dev-${hostName}`,
        properties,
      });
      const created = await createHosts([
        host('web-1', 'UP', { LastPluginOutput: 'OK - 200 in 0.01s', ExecutionTime: '7', Latency: '812.5' }),
        host('web-2', 'UNREACHABLE', { ExecutionTime: '25', LastPluginOutput: 'CRITICAL - timeout' }),
        host('web-3', 'DOWN', { ExecutionTime: '4000' }),
        host('web-4', 'UP', { ExecutionTime: '100' }),
        host('web-5', 'UP', { ExecutionTime: '6', Latency: '950' }),
        host('db-1', 'DOWN', { ExecutionTime: '400', LastPluginOutput: 'CRITICAL - connection refused' }),
        host('cache-1', 'UP', { ExecutionTime: '5', Latency: '899', LastPluginOutput: 'ok - lower case' }),
      ]);
      expect(created.body.successful).toBe(7);
      // Checked at minute 40 (10 or 25 in half-hour zones): never "minute > 43", in any time zone.
      clock.set('2013-05-22T16:40:00.000Z');
      const biz = 'host=latecomer&status=UP&device=10.9.9.9&agentId=a&appType=NAGIOS&setStatusOnCreate=true';
      expect((await send('POST', '/api/biz/host', biz, FORM)).status).toBe(200);

      const expected: Record<string, string[]> = {
        like: ['web-1'], // 'ok - lower case' does not match: LIKE is case-sensitive
        rangeAndStatus: ['web-2', 'db-1'], // 25 then 400; web-3 is out of range, web-4 is UP
        dateFunctions: ['localhost', 'malbec'], // 09:44:56 and 09:45:06 on 22 May (-07:00)
        twoRanges: ['web-1', 'cache-1'], // Latency 812.5 then 899; web-5's 950 is out of range
      };
      expect(parameterExampleNames('getHosts', 'query').sort()).toEqual(Object.keys(expected).sort());
      for (const [name, want] of Object.entries(expected)) {
        const query = parameterExample('getHosts', 'query', name);
        const res = await send('GET', `/api/hosts?query=${encodeURIComponent(query)}`);
        expect(res.status, query).toBe(200);
        expect(names(res), query).toEqual(want);
      }
    });
  });

  describe('§2.2 create hosts', () => {
    it('the §2.2.5 POST data creates host-100, whose location answers a GET', async () => {
      const res = await send('POST', '/api/hosts', example('createOrUpdateHosts', 'oneHost'));
      expect(res.status).toBe(200);
      expect(stable(res.body)).toEqual({
        successful: 1,
        failed: 0,
        entityType: 'Host',
        operation: 'Update',
        count: 1,
        results: [{ entity: 'host-100', status: 'success', location: '/api/hosts/host-100' }],
      });
      await expectLocationsResolve(res);
      const host = await send('GET', '/api/hosts/host-100');
      expect(host.body).toMatchObject({
        hostName: 'host-100',
        description: 'First of my servers',
        monitorStatus: 'UP',
        appType: 'NAGIOS',
        deviceIdentification: '192.168.5.50',
        deviceDisplayName: 'Device-50',
        properties: { Latency: '125' },
      });
    });

    it('reproduces the §2.2.7 outcome: two of four hosts created, each failure with its reason', async () => {
      await createHosts([{ hostName: 'HOST33', appType: 'NAGIOS', deviceIdentification: '10.1.0.33' }]);
      const res = await createHosts(
        [
          { hostName: 'host33', appType: 'NAGIOS', deviceIdentification: '10.1.0.33' },
          { hostName: 'host34', appType: 'NAGIOS', deviceIdentification: '10.1.0.34' },
          { hostName: 'host35', deviceIdentification: '10.1.0.35' },
          { hostName: 'host36', appType: 'NAGIOS', deviceIdentification: '10.1.0.36' },
        ],
        '?merge=false',
      );
      const documented = stable(responseExample('createOrUpdateHosts', 200, mt, 'twoOfFour')) as {
        results: Array<{ message?: string }>;
      };
      documented.results[0]!.message = expect.stringMatching(/^Duplicate hostname already exists/);
      expect(stable(res.body)).toEqual(documented);
      await expectLocationsResolve(res);
      expect((await send('GET', '/api/hosts/host35')).status).toBe(404);
    });
  });

  describe('§2.3 delete hosts', () => {
    it.each(requestExampleNames('deleteHosts', mt))(
      'the §2.3.2 body example %s deletes host-100 and host-101',
      async (name) => {
        await createHosts(
          ['host-100', 'host-101'].map((hostName) => ({ hostName, appType: 'NAGIOS', deviceIdentification: hostName })),
        );
        const res = await send('DELETE', '/api/hosts', example('deleteHosts', name));
        expect(res.status).toBe(200);
        const documented = responseExample('deleteHosts', 200, mt, 'twoDeleted') as Record<string, unknown>;
        // The §2.3.5 example names other hosts than its own request (a seed defect): compare the rest.
        expect(res.body).toMatchObject({ ...documented, results: expect.any(Array) as unknown });
        expect(stable(res.body.results)).toEqual([
          { entity: 'host-100', status: 'success', location: '/api/hosts/host-100' },
          { entity: 'host-101', status: 'success', location: '/api/hosts/host-101' },
        ]);
        const gone = await send('GET', '/api/hosts/host-100');
        expect(gone.status).toBe(404);
        expect(gone.body).toEqual({ error: 'Host name [host-100] was not found', status: 404 });
      },
    );

    it('the §2.3.1 path examples delete one host and a comma-separated list', async () => {
      const one = parameterExample('deleteHostsByName', 'hostName', 'one');
      const several = parameterExample('deleteHostsByName', 'hostName', 'several');
      await createHosts(
        [one, ...several.split(',')].map((hostName) => ({
          hostName,
          appType: 'NAGIOS',
          deviceIdentification: hostName,
        })),
      );
      const first = await send('DELETE', `/api/hosts/${one}`);
      expect(first.body).toMatchObject({ successful: 1, failed: 0, entityType: 'Host', operation: 'Delete', count: 1 });
      const rest = await send('DELETE', `/api/hosts/${several}`);
      expect(rest.body.results.map((r: { entity: string }) => r.entity)).toEqual(several.split(','));
      for (const name of [one, ...several.split(',')])
        expect((await send('GET', `/api/hosts/${name}`)).status).toBe(404);
    });
  });

  it('§2.4.1 renames old to new and answers the shallow host', async () => {
    const oldName = parameterExample('renameHost', 'oldHostName', 'old');
    const newName = parameterExample('renameHost', 'newHostName', 'new');
    await createHosts([
      { hostName: oldName, appType: 'NAGIOS', deviceIdentification: '10.2.0.1', properties: { Note: 'kept' } },
    ]);
    const res = await send('PUT', `/api/hosts/rename?oldHostName=${oldName}&newHostName=${newName}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      hostName: newName,
      deviceIdentification: '10.2.0.1',
      properties: { Note: 'kept' },
    });
    expect(res.body.services).toBeUndefined();
    expect((await send('GET', `/api/hosts/${oldName}`)).status).toBe(404);
    expect((await send('GET', `/api/hosts/${newName}`)).body.hostName).toBe(newName);
  });

  it('§2.5.5: autocomplete of the prefix example answers the documented names', async () => {
    await createHosts([{ hostName: 'localhost2', appType: 'NAGIOS', deviceIdentification: '127.0.0.2' }]);
    const prefix = parameterExample('autocompleteHosts', 'prefix', 'local');
    const res = await send('GET', `/api/hosts/autocomplete/${prefix}`);
    expect(res.body).toEqual(responseExample('autocompleteHosts', 200, mt, 'twoNames'));
    const all = await send(
      'GET',
      `/api/hosts/autocomplete/${encodeURIComponent(parameterExample('autocompleteHosts', 'prefix', 'all'))}`,
    );
    expect(all.body).toEqual({ names: [{ name: 'localhost' }, { name: 'localhost2' }, { name: 'malbec' }] });
  });

  describe('§2.6 filter by host groups', () => {
    it('the host group of the fixtures answers the §2.6.5 example exactly', async () => {
      const res = await send('GET', '/api/hosts/filter?hostGroupNames=hosts');
      const documented =
        mt === XML
          ? responseExample('filterHosts', 200, XML, 'twoShallowHosts')
          : responseExample('getHosts', 200, JSON_TYPE, 'twoShallowHosts');
      expect(res.body).toEqual(documented);
    });

    it('the §2.6.4 examples find the hosts of any of three groups, at shallow and simple depth', async () => {
      const groups = parameterExample('filterHosts', 'hostGroupNames', 'threeGroups');
      expect((await send('GET', `/api/hosts/filter?hostGroupNames=${groups}`)).status).toBe(404);
      for (const [host, group] of [
        ['zeta', 'hostGroup3'],
        ['alpha', 'hostGroup1'],
        ['beta', 'other'],
      ]) {
        const form = `host=${host}&status=UP&device=${host}&agentId=a&appType=NAGIOS&hostGroup=${group}&message=fine`;
        expect((await send('POST', '/api/biz/host', form, FORM)).status).toBe(200);
      }
      const shallow = await send('GET', `/api/hosts/filter?hostGroupNames=${groups}`);
      expect(names(shallow)).toEqual(['alpha', 'zeta']);
      expect(shallow.body.hosts[0].properties).toEqual({ LastPluginOutput: 'fine' });
      const depth = parameterExample('filterHosts', 'depth', 'simple');
      const simple = await send('GET', `/api/hosts/filter?hostGroupNames=${groups}&depth=${depth}`);
      expect(names(simple)).toEqual(['alpha', 'zeta']);
      expect(simple.body.hosts.every((h: object) => !('properties' in h))).toBe(true);
    });
  });

  describe('§30.1-30.2 form create and update', () => {
    it('replays the four form examples and answers the documented host and services', async () => {
      const created = await send('POST', '/api/biz/host', formExample('bizCreateOrUpdateHost', 'create'), FORM);
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({
        hostName: 'host5',
        monitorStatus: 'PENDING',
        hostGroups: [{ name: 'hosts' }],
        serviceCount: 0,
      });

      clock.advance(1000);
      const service = await send('POST', '/api/biz/service', formExample('bizCreateOrUpdateService', 'create'), FORM);
      expect(service.status).toBe(200);
      expect(stable(service.body)).toEqual(
        stable(responseExample('bizCreateOrUpdateService', 200, XML, 'pendingService')),
      );
      expect(service.body.lastCheckTime).toMatch(/\.000[+-]\d{4}$/); // service times in whole seconds

      clock.advance(500);
      const updated = await send('POST', '/api/biz/host', formExample('bizCreateOrUpdateHost', 'update'), FORM);
      expect(stable(updated.body)).toEqual(stable(responseExample('bizCreateOrUpdateHost', 200, mt, 'deepHost')));
      expect(updated.body.lastCheckTime).toMatch(GW_TIME);
      expect(parseTimestamp(updated.body.lastCheckTime)!.epochMs).toBe(clock.now().getTime());
      expect(parseTimestamp(updated.body.nextCheckTime)!.epochMs).toBe(clock.now().getTime() + 5 * 60_000);
      expect(updated.body.properties.LastStateChange).toBe(updated.body.lastStateChange);

      clock.advance(500);
      const ok = await send('POST', '/api/biz/service', formExample('bizCreateOrUpdateService', 'update'), FORM);
      const documentedOk = stable(responseExample('bizCreateOrUpdateService', 200, JSON_TYPE, 'okService'));
      expect(stable(ok.body)).toEqual(documentedOk);
      const lookedUp = await send('GET', '/api/services/local_cpu_httpd?hostName=host5');
      expect(stable(lookedUp.body)).toEqual(stable(responseExample('getService', 200, JSON_TYPE, 'okService')));
    });

    it('the form example posted with curl as the document shows it', async () => {
      const { stdout } = await promisify(execFile)('curl', [
        '-s',
        '-X',
        'POST',
        `${m.url}/api/biz/host`,
        '-H',
        `GWOS-API-TOKEN: ${DEMO_TOKEN}`,
        '-H',
        'GWOS-APP-NAME: curl',
        '-H',
        `Accept: ${mt}`,
        '-d',
        formExample('bizCreateOrUpdateHost', 'create'),
      ]);
      expect(stdout).toContain(mt === XML ? 'hostName="host5"' : '"hostName":"host5"');
    });
  });

  describe('§30.3-30.4 batch create and update', () => {
    it('§30.3.2 a host without services is inserted (§30.3.5)', async () => {
      const res = await send('POST', '/api/biz/hosts', example('bizCreateOrUpdateHosts', 'withoutServices'));
      expect(stable(res.body)).toEqual(stable(responseExample('bizCreateOrUpdateHosts', 200, mt, 'inserted')));
      await expectLocationsResolve(res);
      expect((await send('GET', '/api/hosts/host6')).body).toMatchObject({ monitorStatus: 'PENDING', agentId: AGENT });
    });

    it('§30.4.2 two services insert their host (§30.4.5); §30.3.2 with services then updates all three', async () => {
      const services = await send('POST', '/api/biz/services', example('bizCreateOrUpdateServices', 'twoServices'));
      expect(stable(services.body)).toEqual(stable(responseExample('bizCreateOrUpdateServices', 200, mt, 'inserted')));
      await expectLocationsResolve(services);

      const hosts = await send('POST', '/api/biz/hosts', example('bizCreateOrUpdateHosts', 'withServices'));
      expect(stable(hosts.body)).toEqual(
        stable(responseExample('bizCreateOrUpdateHosts', 200, mt, 'updatedWithServices')),
      );
      await expectLocationsResolve(hosts);

      const service = await send(
        'GET',
        `/api/services/${parameterExample('getService', 'serviceName', 'httpd')}?hostName=${parameterExample('getService', 'hostName', 'host6')}`,
      );
      expect(service.body).toMatchObject({
        description: 'local_cpu_httpd',
        hostName: 'host6',
        monitorStatus: 'OK',
        properties: { LastPluginOutput: 'OK - 10' },
      });
      const host = await send('GET', '/api/hosts/host6?depth=deep');
      expect(host.body).toMatchObject({
        monitorStatus: 'UP',
        serviceCount: 2,
        serviceAvailability: '100',
        bubbleUpStatus: 'UP',
      });
    });
  });
});

describe('GroundWork auth examples', () => {
  it('logs in, validates, and logs out with the illustrative forms', async () => {
    const login = await call(m, 'POST', '/api/auth/login', {
      body: requestExample('login', FORM, 'login'),
      type: FORM,
      accept: 'text/plain',
      auth: false,
    });
    expect(login.status).toBe(200);
    const token = login.text;
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    const form = `gwos-app-name=understudy&gwos-api-token=${token}`;
    expect(
      (await call(m, 'POST', '/api/auth/validatetoken', { body: form, type: FORM, accept: 'text/plain', auth: false }))
        .text,
    ).toBe('true');
    expect(
      (await call(m, 'POST', '/api/auth/logout', { body: form, type: FORM, accept: 'text/plain', auth: false })).text,
    ).toBe('true');
    const example = String(requestExample('validateToken', FORM, 'validate'));
    expect(
      (
        await call(m, 'POST', '/api/auth/validatetoken', {
          body: example,
          type: FORM,
          accept: 'text/plain',
          auth: false,
        })
      ).text,
    ).toBe('false');
  });
});

describe('GroundWork examples: spec conformance', () => {
  it('never answered with a response that breaks the spec', () => {
    expect(violations(m.mock)).toEqual([]);
  });
});
