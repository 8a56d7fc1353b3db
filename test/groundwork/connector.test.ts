// GroundWork's connector API as its Go SDK (gwos/tcg) calls it: JSON login, inventory
// synchronization scoped by agent, monitoring with the feeder's status rules and metrics, the event
// console, host groups by member and agent removal - all on the one GroundWork state.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeVendor } from '../../src/ui/state-model.js';
import { MAX_SAMPLES } from '../../src/vendors/groundwork/state.js';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { adminState, call, GW_TIME, testClock } from './helpers.js';

const clock = testClock('2023-11-14T22:13:20.000Z');
let m: RunningMock;
beforeAll(async () => {
  m = await startMock({ vendors: ['groundwork'], now: clock.now });
});
afterAll(() => m.close());
beforeEach(() => {
  m.mock.reset();
  clock.set('2023-11-14T22:13:20.000Z');
});

const context = (agentId = 'agent-1', appType = 'VEMA') => ({
  appType,
  agentId,
  traceToken: 't',
  timeStamp: '1700000000000',
  version: '1.0.0',
});
const typed = (s: string) => ({ valueType: 'StringType', stringValue: s });
const sync = (body: object, query = '?merge=false', headers?: Record<string, string>) =>
  call(m, 'POST', `/api/synchronizer${query}`, { body, headers });
const monitor = (body: object, query = '', headers?: Record<string, string>) =>
  call(m, 'POST', `/api/monitoring${query}`, { body, headers });
const get = (path: string) => call(m, 'GET', path);

/** An agent's inventory: hosts by name with their service names, all in one group when `group` is given. */
function inventory(
  hosts: Record<string, string[]>,
  opts: { agentId?: string; group?: string; ownershipType?: string } = {},
) {
  return {
    context: context(opts.agentId),
    ...(opts.ownershipType ? { ownershipType: opts.ownershipType } : {}),
    resources: Object.entries(hosts).map(([name, services]) => ({
      name,
      type: 'host',
      device: `${name}.example`,
      properties: { Alias: typed(`${name}-alias`) },
      services: services.length === 0 ? null : services.map((s) => ({ name: s, type: 'service', owner: name })),
    })),
    ...(opts.group
      ? {
          groups: [
            {
              groupName: opts.group,
              type: 'HostGroup',
              resources: Object.keys(hosts).map((name) => ({ name, type: 'host' })),
            },
          ],
        }
      : {}),
  };
}

const metric = (value: number, end: string) => ({
  metricName: 'cpu_pct',
  sampleType: 'Value',
  interval: { endTime: end },
  value: { valueType: 'DoubleType', doubleValue: value },
  unit: '%{cpu}',
  thresholds: [
    { sampleType: 'Warning', label: 'cpu_pct_wn', value: { valueType: 'IntegerType', integerValue: 80 } },
    { sampleType: 'Critical', label: 'cpu_pct_cr', value: { valueType: 'DoubleType', doubleValue: 90 } },
  ],
});

const statuses = (
  host: string,
  service: string,
  hostStatus = 'HOST_UP',
  serviceStatus = 'SERVICE_OK',
  extra: object = {},
) => ({
  context: context(),
  resources: [
    {
      name: host,
      type: 'host',
      status: hostStatus,
      lastCheckTime: '1700000000000',
      lastPluginOutput: 'host ok',
      services: [{ name: service, type: 'service', status: serviceStatus, lastPluginOutput: 'svc', ...extra }],
    },
  ],
});

describe('GroundWork connector: AuthenticatePassword', () => {
  it('answers name and accessToken; the token works with the app name it was issued for', async () => {
    const login = await call(m, 'PUT', '/api/users/authenticatePassword', {
      auth: false,
      body: { name: 'admin', password: 'admin' },
      headers: { 'Gwos-App-Name': 'tcg' },
    });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ name: 'admin', accessToken: expect.any(String) });
    const token = login.body.accessToken as string;
    expect(
      (
        await call(m, 'GET', '/api/hosts/localhost', {
          auth: false,
          headers: { 'Gwos-Api-Token': token, 'Gwos-App-Name': 'tcg' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(m, 'GET', '/api/hosts/localhost', {
          auth: false,
          headers: { 'Gwos-Api-Token': token, 'Gwos-App-Name': 'other' },
        })
      ).status,
    ).toBe(401);
  });

  it('a wrong password is 401 (the SDK maps it to ErrUnauthorized), a missing app name 400; neither opens a session', async () => {
    const wrong = await call(m, 'PUT', '/api/users/authenticatePassword', {
      auth: false,
      body: { name: 'admin', password: 'nope' },
      headers: { 'Gwos-App-Name': 'tcg' },
    });
    expect(wrong.status).toBe(401);
    const noApp = await call(m, 'PUT', '/api/users/authenticatePassword', {
      auth: false,
      body: { name: 'admin', password: 'admin' },
    });
    expect(noApp.status).toBe(400);
    expect(noApp.body.error).toMatch(/GWOS-APP-NAME/i);
    expect(((await adminState(m)) as unknown as { sessions: unknown[] }).sessions).toEqual([]);
  });
});

describe('GroundWork connector: synchronizer', () => {
  it('creates PENDING hosts and services tagged with the agent, its application type and the group', async () => {
    const res = await sync(inventory({ 'host-a': ['cpu', 'mem'], 'host-b': [] }, { group: 'G1' }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      successful: 5,
      failed: 0,
      entityType: 'Inventory',
      operation: 'Update',
      count: 5,
    });
    const host = (await get('/api/hosts/host-a?depth=deep')).body;
    expect(host).toMatchObject({
      monitorStatus: 'PENDING',
      appType: 'VEMA',
      agentId: 'agent-1',
      deviceIdentification: 'host-a.example',
      properties: { Alias: 'host-a-alias' },
    });
    expect(
      host.services.map((s: { description: string; monitorStatus: string; agentId: string }) => [
        s.description,
        s.monitorStatus,
        s.agentId,
      ]),
    ).toEqual([
      ['cpu', 'PENDING', 'agent-1'],
      ['mem', 'PENDING', 'agent-1'],
    ]);
    expect(host.hostGroups).toEqual([expect.objectContaining({ name: 'G1', appType: 'VEMA' })]);
    const dump = await adminState(m);
    expect(dump.hostGroups).toContainEqual(expect.objectContaining({ name: 'G1', agentId: 'agent-1' }));
    expect(violations(m.mock)).toEqual([]);
  });

  it('merge=false removes what the agent no longer reports, and nothing of another agent', async () => {
    await sync(inventory({ 'host-a': ['cpu', 'mem'], 'host-b': [] }, { group: 'G1' }));
    await sync(inventory({ 'other-1': ['disk'] }, { agentId: 'agent-2', group: 'G2' }));
    // agent-2 adds a service to agent-1's host; agent-1 then drops host-b, mem and G1.
    await sync({
      context: context('agent-2'),
      resources: [
        { name: 'other-1', services: [{ name: 'disk' }] },
        { name: 'host-a', services: [{ name: 'probe' }] },
      ],
      groups: [{ groupName: 'G2', type: 'HostGroup', resources: [{ name: 'other-1' }] }],
    });
    const res = await sync(inventory({ 'host-a': ['cpu'] }));
    expect(res.body.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entity: 'host-a:mem', message: 'Delete' }),
        expect.objectContaining({ entity: 'host-b', message: 'Delete' }),
        expect.objectContaining({ entity: 'G1', message: 'Delete' }),
      ]),
    );
    expect((await get('/api/hosts/host-b')).status).toBe(404);
    const hostA = (await get('/api/hosts/host-a?depth=deep')).body;
    expect(hostA.services.map((s: { description: string }) => s.description).sort()).toEqual(['cpu', 'probe']);
    expect((await get('/api/hosts/other-1?depth=deep')).body.hostGroups).toEqual([
      expect.objectContaining({ name: 'G2' }),
    ]);
    const dump = await adminState(m);
    expect(dump.hostGroups.map((g) => g.name)).not.toContain('G1');
  });

  it('merge=true only adds and updates', async () => {
    await sync(inventory({ 'host-a': ['cpu', 'mem'], 'host-b': [] }));
    await sync(inventory({ 'host-a': ['cpu'] }), '?merge=true');
    expect((await get('/api/hosts/host-b')).status).toBe(200);
    expect((await get('/api/hosts/host-a?depth=deep')).body.serviceCount).toBe(2);
  });

  it('a name differing only by case is refused with merge=false (the host spared), merged with merge=true', async () => {
    await sync(inventory({ 'host-a': ['cpu'] }));
    const refused = await sync(inventory({ 'HOST-A': ['cpu'] }));
    expect(refused.body.results[0]).toMatchObject({
      entity: 'HOST-A',
      status: 'failure',
      message: expect.stringContaining('only by letter case'),
    });
    expect((await get('/api/hosts/host-a')).body.hostName).toBe('host-a');
    const merged = await sync(inventory({ 'HOST-A': ['cpu'] }), '?merge=true');
    expect(merged.body.results[0]).toMatchObject({ entity: 'host-a', status: 'success', message: 'Update' });
  });

  it("another agent's host changes owner only under Take", async () => {
    await sync(inventory({ shared: [] }, { agentId: 'agent-2' }));
    await sync(inventory({ shared: ['cpu'] }, { ownershipType: 'Yield' }), '?merge=true');
    const kept = (await get('/api/hosts/shared?depth=deep')).body;
    expect(kept.agentId).toBe('agent-2');
    expect(kept.services).toEqual([expect.objectContaining({ description: 'cpu', agentId: 'agent-1' })]);
    await sync(inventory({ shared: ['cpu'] }, { ownershipType: 'Take' }), '?merge=true');
    expect((await get('/api/hosts/shared')).body.agentId).toBe('agent-1');
  });

  it('a Hostnameprefix header prefixes every host name of the payload', async () => {
    await sync(inventory({ 'host-a': ['cpu'] }, { group: 'G1' }), '?merge=false', { Hostnameprefix: 'p-' });
    expect((await get('/api/hosts/p-host-a')).status).toBe(200);
    expect((await get('/api/hosts/host-a')).status).toBe(404);
    expect((await get('/api/hosts/p-host-a?depth=deep')).body.hostGroups).toEqual([
      expect.objectContaining({ name: 'G1' }),
    ]);
  });

  it('a new host without a device whose name is too long to be its device fails alone, naming the device', async () => {
    const long = 'h'.repeat(200);
    const res = await sync({ context: context(), resources: [{ name: long }, { name: 'host-ok' }] });
    expect(res.body.results).toEqual([
      expect.objectContaining({ entity: long, status: 'failure', message: expect.stringContaining('device') }),
      expect.objectContaining({ entity: 'host-ok', status: 'success' }),
    ]);
    expect((await get(`/api/hosts/${long}`)).status).toBe(404);
    expect(
      (await sync({ context: context(), resources: [{ name: long, device: '10.0.0.9' }, { name: 'host-ok' }] })).body
        .failed,
    ).toBe(0);
  });

  it('refuses a payload without context, or with an empty agentId, naming the field, and changes nothing', async () => {
    const before = await adminState(m);
    const noContext = await sync({ resources: [{ name: 'x' }] });
    expect(noContext.status).toBe(400);
    expect(noContext.body.error).toMatch(/context/);
    const emptyAgent = await sync({ context: { ...context(), agentId: '' }, resources: [{ name: 'x' }] });
    expect(emptyAgent.status).toBe(400);
    expect(emptyAgent.body.error).toMatch(/agentId/);
    expect(await adminState(m)).toEqual(before);
  });
});

describe('GroundWork connector: monitoring', () => {
  it('moves statuses by the feeder rules: lastStateChange and an event only on a change', async () => {
    await sync(inventory({ 'host-a': ['cpu'] }));
    const first = await monitor(statuses('host-a', 'cpu', 'HOST_UP', 'SERVICE_WARNING'));
    expect(first.body).toMatchObject({ successful: 2, failed: 0, entityType: 'Monitoring' });
    const host = (await get('/api/hosts/host-a?depth=deep')).body;
    expect(host).toMatchObject({ monitorStatus: 'UP', bubbleUpStatus: 'WARNING', lastPlugInOutput: 'host ok' });
    expect(host.lastCheckTime).toMatch(GW_TIME);
    expect(host.services[0]).toMatchObject({ monitorStatus: 'WARNING', lastPlugInOutput: 'svc' });
    const changed = host.lastStateChange;
    let dump = await adminState(m);
    expect(dump.events.map((e) => [e.hostName, e.serviceDescription, e.previousStatus, e.status])).toEqual([
      ['host-a', undefined, 'PENDING', 'UP'],
      ['host-a', 'cpu', 'PENDING', 'WARNING'],
    ]);
    clock.advance(60_000);
    await monitor(statuses('host-a', 'cpu', 'HOST_UNCHANGED', 'SERVICE_WARNING'));
    expect((await get('/api/hosts/host-a')).body).toMatchObject({ monitorStatus: 'UP', lastStateChange: changed });
    dump = await adminState(m);
    expect(dump.events).toHaveLength(2);
    await monitor(statuses('host-a', 'cpu', 'HOST_UNSCHEDULED_DOWN', 'SERVICE_UNSCHEDULED_CRITICAL'));
    expect((await get('/api/hosts/host-a')).body.monitorStatus).toBe('UNSCHEDULED DOWN');
    expect((await get('/api/hosts/host-a')).body.lastStateChange).not.toBe(changed);
    dump = await adminState(m);
    expect(dump.notifications.map((n) => n.status)).toEqual([
      'UP',
      'WARNING',
      'UNSCHEDULED DOWN',
      'UNSCHEDULED CRITICAL',
    ]);
  });

  it('skips unknown hosts and services with a warning, unless dynamic=true creates them', async () => {
    const skipped = await monitor(statuses('new-host', 'cpu'));
    expect(skipped.body).toMatchObject({ successful: 0, warning: 1 });
    expect((await get('/api/hosts/new-host')).status).toBe(404);
    const created = await monitor(
      {
        ...statuses('new-host', 'cpu'),
        groups: [{ groupName: 'DG', type: 'HostGroup', resources: [{ name: 'new-host' }] }],
      },
      '?dynamic=true',
    );
    expect(created.body).toMatchObject({ successful: 3, warning: 0 });
    expect((await get('/api/hosts/new-host?depth=deep')).body).toMatchObject({
      monitorStatus: 'UP',
      agentId: 'agent-1',
      appType: 'VEMA',
      services: [expect.objectContaining({ description: 'cpu', monitorStatus: 'OK', agentId: 'agent-1' })],
      hostGroups: [expect.objectContaining({ name: 'DG' })],
    });
  });

  it('keeps each metric per service: the last samples, unit and thresholds', async () => {
    await sync(inventory({ 'host-a': ['cpu'] }));
    for (let i = 0; i < MAX_SAMPLES + 5; i++)
      await monitor(
        statuses('host-a', 'cpu', 'HOST_UP', 'SERVICE_OK', { metrics: [metric(i, String(1700000000000 + i * 1000))] }),
      );
    const dump = (await adminState(m)) as unknown as {
      hosts: Array<{
        hostName: string;
        services: Array<{
          metrics?: Array<{
            name: string;
            unit: string;
            warning: number;
            critical: number;
            samples: Array<{ time: string; value: number }>;
          }>;
        }>;
      }>;
    };
    const [cpu] = dump.hosts.find((h) => h.hostName === 'host-a')!.services[0]!.metrics!;
    expect(cpu).toMatchObject({ name: 'cpu_pct', unit: '%{cpu}', warning: 80, critical: 90 });
    expect(cpu!.samples).toHaveLength(MAX_SAMPLES);
    expect(cpu!.samples.at(-1)!.value).toBe(MAX_SAMPLES + 4);
    expect(cpu!.samples[0]!.time).toMatch(GW_TIME);
  });

  it('reads timestamps as strings or numbers of milliseconds, up to 14 digits, so every year GroundWork writes has four', async () => {
    await sync(inventory({ 'host-a': ['cpu'] }));
    const latest = {
      ...statuses('host-a', 'cpu'),
      resources: [{ ...statuses('host-a', 'cpu').resources[0]!, lastCheckTime: 99999999999999, nextCheckTime: '0' }],
    };
    expect((await monitor(latest)).status).toBe(200);
    const host = (await get('/api/hosts/host-a')).body;
    expect(host.lastCheckTime).toMatch(GW_TIME);
    expect(host.nextCheckTime).toMatch(GW_TIME);
    const tooLate = { ...latest, resources: [{ ...latest.resources[0]!, lastCheckTime: '999999999999999' }] };
    const refused = await monitor(tooLate);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/lastCheckTime/);
    expect(violations(m.mock)).toEqual([]);
  });

  it('refuses an unknown transit status, naming the field', async () => {
    await sync(inventory({ 'host-a': ['cpu'] }));
    const res = await monitor(statuses('host-a', 'cpu', 'UP'));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/status/);
  });
});

describe('GroundWork connector: events', () => {
  const events = [
    {
      appType: 'VEMA',
      device: '10.0.0.1',
      host: 'host-a',
      service: 'cpu',
      monitorStatus: 'WARNING',
      severity: 'WARNING',
      textMessage: 'cpu high',
      reportDate: '1700000000000',
    },
    { appType: 'VEMA', host: 'host-b', monitorStatus: 'UP', reportDate: null },
  ];

  it('posts events for hosts that need not exist, and reads them back', async () => {
    const res = await call(m, 'POST', '/api/events', { body: { events } });
    expect(res.body).toMatchObject({ successful: 2, entityType: 'Event', operation: 'Insert' });
    const read = (await get('/api/events')).body.events;
    expect(read).toEqual([
      expect.objectContaining({
        host: 'host-a',
        service: 'cpu',
        device: '10.0.0.1',
        monitorStatus: 'WARNING',
        severity: 'WARNING',
        textMessage: 'cpu high',
        operationStatus: 'OPEN',
        appType: 'VEMA',
      }),
      expect.objectContaining({ host: 'host-b', monitorStatus: 'UP', operationStatus: 'OPEN' }),
    ]);
    expect(read[0].reportDate).toMatch(GW_TIME);
    expect(violations(m.mock)).toEqual([]);
  });

  it('keeps each text field a posted event carries, and reads it back under the same name', async () => {
    // Written out here, not taken from the mock's list: a field the mock forgets must fail this.
    const fields = [
      ...['device', 'severity', 'applicationSeverity', 'component', 'subComponent', 'priority', 'typeRule'],
      ...['applicationName', 'consolidationName', 'errorType', 'loggerName', 'logType', 'monitorServer'],
    ];
    const posted = Object.fromEntries(fields.map((key) => [key, `${key}-value`]));
    const res = await call(m, 'POST', '/api/events', {
      body: { events: [{ appType: 'VEMA', host: 'host-a', monitorStatus: 'UP', ...posted }] },
    });
    expect(res.body).toMatchObject({ successful: 1 });
    const [read] = (await get('/api/events')).body.events;
    expect(read).toMatchObject(posted);
    expect(violations(m.mock)).toEqual([]);
  });

  it('acknowledges by host and service (a host-only ack touches only host events), and takes it back', async () => {
    await call(m, 'POST', '/api/events', {
      body: { events: [...events, { appType: 'VEMA', host: 'host-a', monitorStatus: 'DOWN' }] },
    });
    const ack = await call(m, 'POST', '/api/events/ack', {
      body: {
        acks: [
          { appType: 'VEMA', host: 'HOST-A', service: 'cpu', acknowledgedBy: 'admin', acknowledgeComment: 'looking' },
          { appType: 'VEMA', host: 'nobody' },
        ],
      },
    });
    expect(ack.body).toMatchObject({ successful: 1, warning: 1, entityType: 'Ack' });
    let read = (await get('/api/events')).body.events;
    expect(read.map((e: { operationStatus: string }) => e.operationStatus)).toEqual(['ACKNOWLEDGED', 'OPEN', 'OPEN']);
    expect(read[0].properties).toEqual({ AcknowledgedBy: 'admin', AcknowledgeComment: 'looking' });
    const unack = await call(m, 'POST', '/api/events/unack', {
      body: { unacks: [{ appType: 'VEMA', host: 'host-a', service: 'cpu' }] },
    });
    expect(unack.body).toMatchObject({ successful: 1, entityType: 'UnAck' });
    read = (await get('/api/events')).body.events;
    expect(read[0].operationStatus).toBe('OPEN');
    expect(read[0].properties).toBeUndefined();
  });

  it('the status changes of monitoring are in the same console, acknowledged the same way', async () => {
    await sync(inventory({ 'host-a': ['cpu'] }));
    await monitor(statuses('host-a', 'cpu', 'HOST_UP', 'SERVICE_WARNING'));
    await call(m, 'POST', '/api/events/ack', { body: { acks: [{ appType: 'VEMA', host: 'host-a', service: 'cpu' }] } });
    const read = (await get('/api/events')).body.events;
    expect(
      read.map((e: { service?: string; monitorStatus: string; operationStatus: string }) => [
        e.service,
        e.monitorStatus,
        e.operationStatus,
      ]),
    ).toEqual([
      [undefined, 'UP', 'OPEN'],
      ['cpu', 'WARNING', 'ACKNOWLEDGED'],
    ]);
  });

  it('an empty console is 404', async () => {
    expect((await get('/api/events')).status).toBe(404);
  });
});

describe('GroundWork connector: host groups and agent removal', () => {
  it('lists host groups with their member hosts', async () => {
    await sync(inventory({ 'host-a': [], 'host-b': [] }, { group: 'G1' }));
    const groups = (await get('/api/hostgroups?depth=Shallow')).body.hostGroups;
    expect(groups.map((g: { name: string }) => g.name)).toEqual(['G1', 'hosts']);
    expect(groups).toContainEqual(
      expect.objectContaining({
        name: 'G1',
        agentId: 'agent-1',
        appType: 'VEMA',
        hosts: [expect.objectContaining({ hostName: 'host-a' }), expect.objectContaining({ hostName: 'host-b' })],
      }),
    );
    expect(violations(m.mock)).toEqual([]);
  });

  it("DELETE /api/agents/{id} removes the agent's hosts, groups and services, and nothing else", async () => {
    await sync(inventory({ 'host-a': ['cpu'] }, { group: 'G1' }));
    await sync(inventory({ 'other-1': ['disk'] }, { agentId: 'agent-2', group: 'G2' }));
    await sync(
      {
        context: context('agent-1'),
        resources: [
          { name: 'host-a', services: [{ name: 'cpu' }] },
          { name: 'other-1', services: [{ name: 'probe' }] },
        ],
      },
      '?merge=true',
    );
    const res = await call(m, 'DELETE', '/api/agents/agent-1');
    expect(res.body).toMatchObject({
      successful: 2,
      entityType: 'Agent',
      operation: 'Delete',
      results: [
        { entity: 'host-a', message: 'Host deleted.' },
        { entity: 'G1', message: 'Host Group deleted.' },
      ],
    });
    expect((await get('/api/hosts/host-a')).status).toBe(404);
    expect(
      (await get('/api/hosts/other-1?depth=deep')).body.services.map((s: { description: string }) => s.description),
    ).toEqual(['disk']);
    expect((await get('/api/hosts/localhost')).status).toBe(200);
    expect((await call(m, 'DELETE', '/api/agents/agent-1')).body).toMatchObject({ successful: 0, count: 0 });
  });
});

describe('GroundWork connector: dashboard', () => {
  it("shows a service's metrics in the state the dashboard draws (hosts › services)", async () => {
    await sync(inventory({ 'host-a': ['cpu'] }));
    await monitor(statuses('host-a', 'cpu', 'HOST_UP', 'SERVICE_OK', { metrics: [metric(42.5, '1700000000000')] }));
    const view = describeVendor('groundwork', await adminState(m));
    const cpu = view.collections.find((c) => c.title === 'hosts › services')!.rows.find((r) => r.parent === 'host-a')!;
    expect(cpu.cells.metrics).toContain('cpu_pct');
    expect(cpu.haystack).toContain('"value":42.5');
  });
});

describe('GroundWork connector: state file', () => {
  it('what the connector API accepted survives a dump and load', async () => {
    await sync(inventory({ 'host-a': ['cpu'] }, { group: 'G1' }));
    await monitor(
      statuses('host-a', 'cpu', 'HOST_UP', 'SERVICE_OK', {
        metrics: [{ ...metric(1, '1700000000000'), tags: { core: 'all' } }],
      }),
    );
    await call(m, 'POST', '/api/events', {
      body: { events: [{ appType: 'VEMA', host: 'host-a', service: 'cpu', monitorStatus: 'OK', component: 'c' }] },
    });
    await call(m, 'POST', '/api/events/ack', {
      body: { acks: [{ appType: 'VEMA', host: 'host-a', service: 'cpu', acknowledgedBy: 'me' }] },
    });
    const before = await fetch(`${m.url}/__admin/state`).then((r) => r.json());
    const put = await fetch(`${m.url}/__admin/state`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(before),
    });
    expect(put.status).toBeLessThan(300);
    const after = await fetch(`${m.url}/__admin/state`).then((r) => r.json());
    expect(after).toEqual(before);
  });
});

describe('GroundWork connector: queries', () => {
  it("answers the SDK's host group query: hosts.hostName in (...) joined with appType", async () => {
    await sync(inventory({ 'host-a': [], 'host-b': [] }, { group: 'G1' }));
    await sync(inventory({ 'host-c': [] }, { agentId: 'agent-2', group: 'G2' }));
    const q = (text: string) =>
      get(`/api/hostgroups?query=${encodeURIComponent(text).replaceAll('%20', '+')}&depth=Shallow`);
    const found = await q("( hosts.hostName in ('host-b','nobody') ) and appType = 'VEMA'");
    expect(found.status).toBe(200);
    expect(found.body.hostGroups.map((g: { name: string }) => g.name)).toEqual(['G1']);
    expect(
      (await q("( hosts.hostName in ('host-c') ) and appType = 'VEMA'")).body.hostGroups.map(
        (g: { name: string }) => g.name,
      ),
    ).toEqual(['G2']);
    expect((await q("( hosts.hostName in ('host-a') ) and appType = 'NAGIOS'")).status).toBe(404);
    expect((await q("agentId = 'agent-2'")).body.hostGroups).toEqual([
      expect.objectContaining({ name: 'G2', hosts: [expect.objectContaining({ hostName: 'host-c' })] }),
    ]);
    const bad = await q('hosts.nope = 1');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/hosts\.nope/);
  });

  it('reads events back by query, over posted events and status changes alike', async () => {
    await sync(inventory({ 'host-a': ['cpu'] }));
    await monitor(statuses('host-a', 'cpu', 'HOST_UP', 'SERVICE_WARNING'));
    await call(m, 'POST', '/api/events', {
      body: {
        events: [
          { appType: 'VEMA', host: 'host-a', service: 'cpu', monitorStatus: 'WARNING', textMessage: 'cpu high' },
        ],
      },
    });
    const q = (text: string) => get(`/api/events?query=${encodeURIComponent(text)}`);
    expect(
      (await q("host = 'host-a' and service = 'cpu'")).body.events.map((e: { textMessage?: string }) => e.textMessage),
    ).toEqual(['svc', 'cpu high']);
    expect((await q("textMessage like 'cpu%' and operationStatus = 'OPEN'")).body.events).toHaveLength(1);
    expect((await q("host = 'nobody'")).status).toBe(404);
    expect((await q('bogus = 1')).status).toBe(400);
  });
});
