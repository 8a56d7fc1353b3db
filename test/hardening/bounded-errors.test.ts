// A rejection's size is bounded (issue 14 item 5): the first 20 issues, then how many more; a body
// over 64 KiB is checked up to its first issue. A 1 MB form of 150,000 unknown fields was answered
// with 5 MB of JSON (7 MB of XML) after seconds of validation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LISTED_ISSUES } from '../../src/spec/ajv.js';
import { MAX_FORM_FIELDS } from '../../src/spec/codec.js';
import { FIRST_ISSUE_ONLY_BYTES } from '../../src/spec/validators.js';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { AGENT, gw, stateHash } from './helpers.js';

let m: RunningMock;
beforeAll(async () => {
  m = await startMock();
});
afterAll(() => m.close());

const FORM = 'application/x-www-form-urlencoded';
const unknownFields = (n: number) => Array.from({ length: n }, (_, i) => `u${i}=`).join('&');
const MOOG = {
  Authorization: `Basic ${Buffer.from('John.Doe:MyPassword').toString('base64')}`,
  'Content-Type': 'application/json',
};

describe('the issues a 400 lists', () => {
  it(`GroundWork form with 300 unknown fields: the first ${MAX_LISTED_ISSUES}, then "and 280 more", in JSON and XML`, async () => {
    const form = `host=b&status=UP&appType=NAGIOS&agentId=${AGENT}&device=d&${unknownFields(300)}`;
    const json = await gw(m, 'POST', '/api/biz/host', form, FORM);
    expect(json.status).toBe(400);
    const message = json.json().error as string;
    expect(message.split('; ')).toHaveLength(MAX_LISTED_ISSUES + 1);
    expect(message).toMatch(
      /^body field 'u0' is not allowed; .*body field 'u19' is not allowed; and 280 more issues \(only the first 20 are listed\)$/,
    );
    const xml = await gw(m, 'POST', '/api/biz/host', form, FORM, { Accept: 'application/xml' });
    expect(xml.status).toBe(400);
    expect(xml.text).toMatch(/and 280 more issues/);
    expect(xml.text.length).toBeLessThan(2_000);
  });

  it('Polarity lists 20 JSON:API errors and a 21st that counts the rest', async () => {
    const body = JSON.stringify({
      identification: 'admin@example.com',
      password: 'admin',
      ...Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`x${i}`, 1])),
    });
    const res = await fetch(`${m.url}/api/users/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/vnd.api+json' },
      body,
    });
    expect(res.status).toBe(400);
    const { errors } = (await res.json()) as { errors: Array<{ detail: string; source?: { pointer: string } }> };
    expect(errors).toHaveLength(MAX_LISTED_ISSUES + 1);
    expect(errors[0]!.source?.pointer).toBe('/x0');
    expect(errors[MAX_LISTED_ISSUES]!.detail).toBe('and 30 more issues (only the first 20 are listed)');
  });

  it('Boomi says how many more after the first 20', async () => {
    const filter = {
      QueryFilter: {
        expression: {
          operator: 'and',
          nestedExpression: Array.from({ length: 25 }, () => ({
            operator: 'EQUALS',
            property: 'nope',
            argument: ['x'],
          })),
        },
      },
    };
    const res = await fetch(`${m.url}/api/rest/v1/dev-account/async/ListenerStatus/query`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('BOOMI_TOKEN.dev@example.com:dev-api-token').toString('base64')}`,
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: JSON.stringify(filter),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(
      /; and 5 more issues \(only the first 20 are listed\)$/,
    );
  });
});

describe(`bodies over ${FIRST_ISSUE_ONLY_BYTES / 1024} KiB are checked up to their first issue`, () => {
  it('a 160 KB form of 9,000 unknown fields: one issue, a small answer, no state change', async () => {
    const before = await stateHash(m);
    const form = `host=b&status=UP&appType=NAGIOS&agentId=${AGENT}&device=d&${Array.from({ length: 9_000 }, (_, i) => `unknown-field-${i}=`).join('&')}`;
    expect(form.length).toBeGreaterThan(FIRST_ISSUE_ONLY_BYTES);
    for (const accept of ['application/json', 'application/xml']) {
      const answer = await gw(m, 'POST', '/api/biz/host', form, FORM, { Accept: accept });
      expect(answer.status).toBe(400);
      expect(answer.text.length).toBeLessThan(400);
      expect(answer.text).toMatch(/is not allowed.*a body over 64 KiB is checked up to its first issue/);
    }
    expect(await stateHash(m)).toBe(before);
  });

  it(`a 1 MB form of 150,000 fields is refused before it is read: more than ${MAX_FORM_FIELDS} fields`, async () => {
    const form = `host=b&status=UP&appType=NAGIOS&agentId=${AGENT}&device=d&${unknownFields(150_000)}`.slice(
      0,
      1024 * 1024 - 1,
    );
    const answer = await gw(m, 'POST', '/api/biz/host', form, FORM);
    expect(answer.status).toBe(400);
    expect(answer.json().error).toBe(
      `a form of more than ${MAX_FORM_FIELDS} fields: understudy reads at most ${MAX_FORM_FIELDS}, as Tomcat does`,
    );
    const most = await gw(
      m,
      'POST',
      '/api/biz/host',
      `host=b&status=UP&appType=NAGIOS&agentId=${AGENT}&device=d&${unknownFields(MAX_FORM_FIELDS - 6)}`,
      FORM,
    );
    expect(most.status).toBe(400);
    expect(most.json().error).toMatch(/'u0' is not allowed/);
  });

  it('Moogsoft: 90,000 unknown JSON fields get a one-issue answer (it was 3.9 MB)', async () => {
    const body = `{${Array.from({ length: 90_000 }, (_, i) => `"f${i}":1`).join(',')},"command":"start"}`;
    const res = await fetch(`${m.url}/integrations/api/v1/integrations/6/status`, {
      method: 'PUT',
      headers: MOOG,
      body,
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text.length).toBeLessThan(200);
    expect(text).toMatch(/body field 'f0' is not allowed; \(a body over 64 KiB/);
  });

  it('a large valid body is still accepted whole (a 10,000-host batch)', async () => {
    const hosts = Array.from({ length: 10_000 }, (_, i) => ({
      hostName: `bulk-${i}`,
      appType: 'NAGIOS',
      deviceIdentification: `10.9.${i >> 8}.${i & 255}`,
    }));
    expect(JSON.stringify({ hosts }).length).toBeGreaterThan(FIRST_ISSUE_ONLY_BYTES);
    const answer = await gw(m, 'POST', '/api/hosts', { hosts });
    expect(answer.status).toBe(200);
    expect(answer.json().successful).toBe(10_000);
  });

  it('no response of the mock broke its spec along the way', () => {
    expect(violations(m.mock)).toEqual([]);
  });
});
