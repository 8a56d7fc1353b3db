// GroundWork's storage bounds (issue 14 items 4 and 5): text as long as its database columns allow
// and no longer, host keys lower-cased once, and devices that go with their last host.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { AGENT, gw, stateHash } from '../hardening/helpers.js';

let m: RunningMock;
beforeAll(async () => {
  m = await startMock({ vendors: ['groundwork'] });
});
afterAll(() => m.close());
beforeEach(() => m.mock.reset());

const XML = 'application/xml';
const FORM = 'application/x-www-form-urlencoded';
const x = (n: number) => 'x'.repeat(n);
const host = (fields: Record<string, unknown>) => ({
  hosts: [{ hostName: 'bounded', appType: 'NAGIOS', deviceIdentification: '10.6.0.1', ...fields }],
});

describe("text is bounded as GroundWork's database columns bound it (GWCollageDB.sql)", () => {
  const cases: Array<[string, Record<string, unknown>, string, number]> = [
    ['host name (host.hostname)', { hostName: x(255) }, 'hosts[0].hostName', 254],
    ['description (host.description)', { description: x(4097) }, 'hosts[0].description', 4096],
    ['agent id (host.agentid)', { agentId: x(129) }, 'hosts[0].agentId', 128],
    [
      'device identification (device.identification)',
      { deviceIdentification: x(129) },
      'hosts[0].deviceIdentification',
      128,
    ],
    ['device display name (device.displayname)', { deviceDisplayName: x(255) }, 'hosts[0].deviceDisplayName', 254],
    ['application type (applicationtype.name)', { appType: x(129) }, 'hosts[0].appType', 128],
    ['monitor server (monitorserver.monitorservername)', { monitorServer: x(255) }, 'hosts[0].monitorServer', 254],
    [
      'property value (hoststatusproperty.valuestring)',
      { properties: { Note: x(32769) } },
      'hosts[0].properties.Note',
      32768,
    ],
  ];
  // A batch is not all-or-none (x-per-entity): the host is refused alone, as its failure in a 200,
  // with the reason naming the field, and nothing of it is stored.
  for (const [name, fields, field, max] of cases) {
    it(`${name}: ${max} accepted, ${max + 1} refused as that host's failure naming the field`, async () => {
      const before = await stateHash(m);
      const over = await gw(m, 'POST', '/api/hosts', host(fields));
      expect(over.status).toBe(200);
      expect(over.json().results[0]).toMatchObject({
        status: 'failure',
        message: `body field '${field}' must NOT have more than ${max} characters`,
      });
      expect(await stateHash(m)).toBe(before);
      const at = JSON.parse(JSON.stringify(fields).replace(x(max + 1), x(max))) as Record<string, unknown>;
      const ok = await gw(m, 'POST', '/api/hosts', host(at));
      // Past validation: the host is taken, or fails on its own merits (an unknown application type).
      expect(ok.status, ok.text.slice(0, 200)).toBe(200);
      expect(ok.json().count).toBe(1);
    });
  }

  it('a property name is bounded too (propertytype.name, 128), in JSON and XML', async () => {
    const json = await gw(m, 'POST', '/api/hosts', host({ properties: { [x(129)]: 'v' } }));
    expect(json.status).toBe(200);
    expect(json.json().results[0]).toMatchObject({
      status: 'failure',
      message: `body field 'hosts[0].properties' property name '${x(40)}…' (129 characters) must NOT have more than 128 characters`,
    });
    const xml = await gw(
      m,
      'POST',
      '/api/hosts',
      `<hosts><host hostName="b" appType="NAGIOS" deviceIdentification="d"><properties><property name="${x(129)}" value="v"/></properties></host></hosts>`,
      XML,
    );
    expect(xml.status).toBe(200);
    expect(xml.json().results[0]).toMatchObject({ entity: 'b', status: 'failure' });
  });

  it('service property values are bounded at 16,384 (servicestatusproperty.valuestring), the Biz message as its LastPluginOutput', async () => {
    const service = (message: string) =>
      `host=svc&service=s&status=OK&appType=NAGIOS&agentId=${AGENT}&device=d&message=${message}`;
    const over = await gw(m, 'POST', '/api/biz/service', service(x(16385)), FORM);
    expect(over.status).toBe(400);
    expect(over.json().error).toBe("body field 'message' must NOT have more than 16384 characters");
    expect((await gw(m, 'POST', '/api/biz/service', service(x(16384)), FORM)).status).toBe(200);
    const hostMessage = await gw(
      m,
      'POST',
      '/api/biz/host',
      `host=h&status=UP&appType=NAGIOS&agentId=${AGENT}&device=d&message=${x(32768)}`,
      FORM,
    );
    expect(hostMessage.status).toBe(200);
  });

  it('path and query parameters too: a 255-character host name is refused, not looked for', async () => {
    const answer = await gw(m, 'GET', `/api/hosts/${x(255)}`);
    expect(answer.status).toBe(400);
    expect(answer.json().error).toBe("path parameter 'hostName' must NOT have more than 254 characters");
    const rename = await gw(m, 'PUT', `/api/hosts/rename?oldHostName=localhost&newHostName=${x(255)}`);
    expect(rename.status).toBe(400);
  });
});

describe('host keys are lower-cased once', () => {
  it('a bulk delete of 2,000 hosts lower-cases no stored name, however long (a 254-character one is among them)', async () => {
    const hosts = [
      { hostName: `L${x(253)}`, appType: 'NAGIOS', deviceIdentification: '10.6.1.0' },
      ...Array.from({ length: 2000 }, (_, i) => ({
        hostName: `k-${i}`,
        appType: 'NAGIOS',
        deviceIdentification: `10.6.${2 + (i >> 8)}.${i & 255}`,
      })),
    ];
    expect((await gw(m, 'POST', '/api/hosts', { hosts })).status).toBe(200);
    expect((await gw(m, 'GET', '/api/hosts?count=1')).status).toBe(200); // merges the new hosts into name order
    const body = JSON.stringify({ hosts: hosts.slice(1).map(({ hostName }) => ({ hostName })) });
    const lowerCase = vi.spyOn(String.prototype, 'toLowerCase');
    try {
      const answer = await gw(m, 'DELETE', '/api/hosts', body);
      expect(answer.json().successful).toBe(2000);
      // Each name in the request is lower-cased once to look it up; nothing else is.
      const long = lowerCase.mock.contexts.filter((s) => String(s).length >= 254);
      expect(long).toHaveLength(0);
      expect(lowerCase.mock.calls.length).toBeLessThan(2000 * 2);
    } finally {
      lowerCase.mockRestore();
    }
  });
});

describe('a device does not outlive its last host (HostServiceImpl.deleteHostAndOrphanedDevice)', () => {
  const devices = async (): Promise<string[]> =>
    (
      (await (await fetch(`${m.url}/__admin/state`)).json()) as {
        groundwork: { devices: Array<{ identification: string }> };
      }
    ).groundwork.devices.map((d) => d.identification);

  it('deleting the only host of a device deletes the device; a device two hosts share stays until the second goes', async () => {
    const hosts = [
      { hostName: 'solo', appType: 'NAGIOS', deviceIdentification: '10.6.9.1' },
      { hostName: 'pair-a', appType: 'NAGIOS', deviceIdentification: '10.6.9.2' },
      { hostName: 'pair-b', appType: 'NAGIOS', deviceIdentification: '10.6.9.2' },
    ];
    expect((await gw(m, 'POST', '/api/hosts', { hosts })).status).toBe(200);
    expect(await devices()).toEqual(expect.arrayContaining(['10.6.9.1', '10.6.9.2']));
    expect((await gw(m, 'DELETE', '/api/hosts/solo,pair-a')).status).toBe(200);
    expect(await devices()).not.toContain('10.6.9.1');
    expect(await devices()).toContain('10.6.9.2');
    expect((await gw(m, 'DELETE', '/api/hosts/pair-b')).status).toBe(200);
    expect(await devices()).not.toContain('10.6.9.2');
  });

  it('a host that moved to another device still counts for the new one, not the old one', async () => {
    expect(
      (await gw(m, 'POST', '/api/hosts', host({ hostName: 'mover', deviceIdentification: '10.6.8.1' }))).status,
    ).toBe(200);
    expect(
      (await gw(m, 'PUT', '/api/hosts/rename?oldHostName=mover&newHostName=moved&deviceIdentification=10.6.8.2'))
        .status,
    ).toBe(200);
    // The device left behind stays, as GroundWork leaves it; the one in use goes with the host.
    expect(await devices()).toEqual(expect.arrayContaining(['10.6.8.1', '10.6.8.2']));
    expect((await gw(m, 'DELETE', '/api/hosts/moved')).status).toBe(200);
    expect(await devices()).not.toContain('10.6.8.2');
  });

  it('no response of the mock broke its spec along the way', () => {
    expect(violations(m.mock)).toEqual([]);
  });
});
