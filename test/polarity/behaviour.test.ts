// Polarity behaviour over a real socket: paging totals under every filter combination, JSON:API
// links that resolve on this server, 400s that name the parameter, bearer tokens and their expiry.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPolarityClient } from '../../src/client.js';
import type { components } from '../../src/generated/polarity.js';
import { FIXTURE_COUNTS, fixtureState } from '../../src/vendors/polarity/fixtures.js';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';

type IntegrationList = components['schemas']['IntegrationList'];
type ErrorDocument = components['schemas']['ErrorDocument'];

const JSONAPI = 'application/vnd.api+json';
const START = new Date('2025-01-08T12:00:00.000Z');
let clock = START;
let m: RunningMock;
const bearer = (token = 'my-auth-token') => ({ authorization: `Bearer ${token}` });
const get = async (path: string, headers: Record<string, string> = bearer()) => {
  const res = await fetch(path.startsWith('http') ? path : m.url + path, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
};
const list = async (query: string) => {
  const res = await get(`/api/integrations${query}`);
  expect(res.status).toBe(200);
  return res.body as unknown as IntegrationList;
};

beforeAll(async () => {
  m = await startMock({ vendors: ['polarity'], now: () => clock });
});
afterAll(() => m.close());
beforeEach(() => {
  clock = START;
  m.mock.reset();
});

describe('Polarity fixtures and filters', () => {
  it('the fixtures hold what FIXTURE_COUNTS documents', () => {
    const { integrations, errors } = fixtureState(false, {
      user: 'u',
      password: 'p',
      tokenTtlSeconds: 1,
      maxSessions: 1,
    });
    const failing = new Set(errors.map((e) => e.attributes['integration-id']));
    const count = (status: string, withErrors?: boolean) =>
      integrations.filter(
        (i) => i.attributes.status === status && (withErrors === undefined || failing.has(i.id) === withErrors),
      ).length;
    expect({
      integrations: integrations.length,
      running: count('running'),
      stopped: count('stopped'),
      withErrors: failing.size,
      runningWithErrors: count('running', true),
      stoppedWithErrors: count('stopped', true),
      errors: errors.length,
    }).toEqual(FIXTURE_COUNTS);
    expect(FIXTURE_COUNTS).toEqual({
      integrations: 135,
      running: 120,
      stopped: 15,
      withErrors: 20,
      runningWithErrors: 18,
      stoppedWithErrors: 2,
      errors: 39,
    });
  });

  it.each([
    ['', 135],
    ['?filter[integration.status]=running', 120],
    ['?filter[integration.status]=stopped', 15],
    ['?filter[integration.integration-errors]=true', 20],
    ['?filter[integration.integration-errors]=false', 115],
    ['?filter[integration.status]=running&filter[integration.integration-errors]=true', 18],
    ['?filter[integration.status]=stopped&filter[integration.integration-errors]=true', 2],
    ['?filter[integration.status]=running&filter[integration.integration-errors]=false', 102],
    ['?filter[integration.status]=stopped&filter[integration.integration-errors]=false', 13],
  ])('meta.page.total of %s is %i, and the models agree', async (query, total) => {
    const page = await list(`${query}${query ? '&' : '?'}page[size]=1000`);
    expect(page.meta.page).toEqual({ number: 1, size: 1000, total });
    expect(page.data).toHaveLength(total);
    const params = new URLSearchParams(query.slice(1));
    const status = params.get('filter[integration.status]');
    const errors = params.get('filter[integration.integration-errors]');
    for (const i of page.data) {
      if (status) expect(i.attributes.status).toBe(status);
      if (errors) expect(i.relationships['integration-errors'].data.length > 0).toBe(errors === 'true');
    }
  });

  it.each([
    ['True', 20],
    ['TRUE', 20],
    ['False', 115],
    ['FALSE', 115],
  ])(
    "filter[integration.integration-errors]=%s (Python's requests writes True and False) counts %i, as the lower-case spelling",
    async (value, total) => {
      const page = await list(`?filter[integration.integration-errors]=${value}&page[size]=1000`);
      expect(page.meta.page.total).toBe(total);
      for (const i of page.data)
        expect(i.relationships['integration-errors'].data.length > 0).toBe(value.toLowerCase() === 'true');
      const next = await list(`?filter[integration.integration-errors]=${value}&page[size]=10`);
      expect((await get(next.links!.next!)).status).toBe(200);
    },
  );

  it.each(['1', '0', 'yes', 'Truee', ''])(
    'filter[integration.integration-errors]=%s is no boolean: 400 naming the parameter',
    async (value) => {
      const res = await get(`/api/integrations?filter[integration.integration-errors]=${value}`);
      expect(res.status).toBe(400);
      expect((res.body as unknown as ErrorDocument).errors[0]).toMatchObject({
        source: { parameter: 'filter[integration.integration-errors]' },
      });
    },
  );

  it('pages through 120 running integrations 50 at a time: 50, 50, 20, then empty', async () => {
    const seen = new Set<string>();
    const sizes: number[] = [];
    for (let n = 1; n <= 4; n++) {
      const page = await list(`?filter[integration.status]=running&page[size]=50&page[number]=${n}`);
      expect(page.meta.page).toEqual({ number: n, size: 50, total: 120 });
      sizes.push(page.data.length);
      for (const i of page.data) seen.add(i.id);
    }
    expect(sizes).toEqual([50, 50, 20, 0]);
    expect(seen.size).toBe(120);
  });

  it('builds JSON:API pagination links on this server, keeping the filters', async () => {
    const page = await list('?filter[integration.status]=running&page[size]=50&page[number]=2');
    const base = `${m.url}/api/integrations?`;
    const filter = '&filter[integration.status]=running';
    expect(page.links).toEqual({
      self: `${base}page[number]=2&page[size]=50${filter}`,
      first: `${base}page[number]=1&page[size]=50${filter}`,
      prev: `${base}page[number]=1&page[size]=50${filter}`,
      next: `${base}page[number]=3&page[size]=50${filter}`,
      last: `${base}page[number]=3&page[size]=50${filter}`,
    });
    const last = (await get(page.links!.last!)).body as unknown as IntegrationList;
    expect(last.data).toHaveLength(20);
    expect(last.links?.next).toBeNull();
    const first = (await get(page.links!.first!)).body as unknown as IntegrationList;
    expect(first.links?.prev).toBeNull();
  });

  it('a page past the end is empty with status 200, and its prev is the last page', async () => {
    const page = await list('?page[number]=9');
    expect(page.data).toEqual([]);
    expect(page.meta.page).toEqual({ number: 9, size: 100, total: 135 });
    expect(page.links?.prev).toBe(`${m.url}/api/integrations?page[number]=2&page[size]=100`);
  });
});

describe('Polarity links resolve on this server', () => {
  it('every model link, relationship link and error link answers 200 with what the model says', async () => {
    const all = await list('?page[size]=1000');
    const errorLinks: string[] = [];
    for (const model of all.data) {
      const self = await get(model.links.self);
      expect(self.status).toBe(200);
      expect((self.body.data as { id: string }).id).toBe(model.id);

      const errors = await get(model.relationships['integration-errors'].links.self);
      expect(errors.status).toBe(200);
      const errorData = errors.body.data as Array<{ id: string; links: { self: string } }>;
      expect(errorData.map((e) => e.id)).toEqual(model.relationships['integration-errors'].data.map((e) => e.id));
      errorLinks.push(...errorData.map((e) => e.links.self));

      const options = await get(model.relationships['integration-options'].links.self);
      expect(options.status).toBe(200);
      expect((options.body.data as Array<{ id: string }>).map((o) => o.id)).toEqual(
        model.relationships['integration-options'].data.map((o) => o.id),
      );
    }
    expect(errorLinks).toHaveLength(39);
    for (const link of errorLinks) expect((await get(link)).status).toBe(200);
  });

  it('the typed client reads the same integration', async () => {
    const client = createPolarityClient({ baseUrl: m.url, headers: bearer() });
    const { data } = await client.GET('/api/integrations/{integrationId}', {
      params: { path: { integrationId: 'virustotal_node_18_1725278818' } },
    });
    expect(data?.data.attributes.name).toBe('VirusTotal');
  });

  it('an unknown integration or error is a 404 JSON:API error', async () => {
    const missing = await get('/api/integrations/nope_node_18_1');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/vnd\.api\+json/);
    expect(missing.body).toEqual({
      errors: [{ status: '404', title: 'Not Found', detail: 'No integration with id nope_node_18_1' }],
      jsonapi: { version: '1.0' },
    });
    expect((await get('/api/integration/virustotal_node_18_1725278818/errors/nope')).status).toBe(404);
    // The error exists, but belongs to another integration.
    expect(
      (await get('/api/integration/shodan_node_18_1725365231/errors/3f9a1c52-7d4e-4b8a-9c61-2e5d8f0b7a14')).status,
    ).toBe(404);
  });
});

describe('Polarity rejects invalid paging with a JSON:API error naming the parameter', () => {
  it.each([
    ['page[size]', '0', 'must be >= 1'],
    ['page[size]', '-5', 'must be >= 1'],
    ['page[size]', 'ten', 'must be integer'],
    ['page[size]', '2.5', 'must be integer'],
    ['page[size]', '1001', 'must be <= 1000'],
    ['page[number]', '0', 'must be >= 1'],
    ['page[number]', '-1', 'must be >= 1'],
    ['page[number]', 'last', 'must be integer'],
    ['filter[integration.status]', 'paused', 'must be one of: "running", "stopped"'],
    ['filter[integration.integration-errors]', 'yes', 'must be boolean'],
  ])('%s=%s → 400', async (name, value, reason) => {
    const before = m.mock.dumpState();
    const res = await get(`/api/integrations?${name}=${value}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errors: [
        {
          status: '400',
          title: 'Invalid Query Parameter',
          detail: `query parameter '${name}' ${reason}`,
          source: { parameter: name },
        },
      ],
      jsonapi: { version: '1.0' },
    });
    expect(m.mock.dumpState()).toEqual(before);
  });

  it('names every bad parameter, one error each', async () => {
    const res = await get('/api/integrations?page[size]=0&page[number]=x');
    expect((res.body as unknown as ErrorDocument).errors.map((e) => e.source?.parameter)).toEqual([
      'page[size]',
      'page[number]',
    ]);
  });
});

describe('Polarity authentication', () => {
  const login = (identification: string, password: string) =>
    fetch(`${m.url}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': JSONAPI },
      body: JSON.stringify({ identification, password }),
    });

  it('no token, or an unknown one: 401 JSON:API error with a Bearer challenge, state unchanged', async () => {
    const before = m.mock.dumpState();
    for (const headers of [{}, bearer('wrong-token'), { authorization: 'Basic YWRtaW46YWRtaW4=' }]) {
      const res = await get('/api/integrations', headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect((res.body as unknown as ErrorDocument).errors[0]).toMatchObject({ status: '401', title: 'Unauthorized' });
    }
    expect((await get('/api/integrations/errors', {})).status).toBe(401);
    expect(m.mock.dumpState()).toEqual(before);
  });

  it('login issues a token that works until expiration_time', async () => {
    const res = await login('admin@example.com', 'admin');
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as components['schemas']['LoginResponse'];
    expect(data.expiration_time).toBe(START.getTime() / 1000 + 24 * 60 * 60);
    expect((await get('/api/integrations/errors', bearer(data.token))).status).toBe(200);
    clock = new Date(data.expiration_time * 1000 - 1);
    expect((await get('/api/integrations', bearer(data.token))).status).toBe(200);
    clock = new Date(data.expiration_time * 1000);
    const expired = await get('/api/integrations', bearer(data.token));
    expect(expired.status).toBe(401);
    expect((expired.body as unknown as ErrorDocument).errors[0]?.detail).toMatch(/expired/);
    // The documented token does not expire.
    expect((await get('/api/integrations')).status).toBe(200);
  });

  it('a wrong password or a malformed body is refused and opens no session', async () => {
    const before = m.mock.dumpState();
    const wrong = await login('admin@example.com', 'nope');
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as ErrorDocument).errors[0]?.detail).toBe('Invalid username or password');
    const malformed = await fetch(`${m.url}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': JSONAPI },
      body: '{"identification": "admin@example.com"}',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorDocument).errors[0]).toMatchObject({
      detail: "body field 'password' is required",
      source: { pointer: '/password' },
    });
    expect(m.mock.dumpState()).toEqual(before);
  });

  it('options replace the documented token and the login', async () => {
    const other = await startMock({
      vendors: ['polarity'],
      vendorOptions: { polarity: { token: 'team-token', user: 'soc@example.org', password: 's3cret' } },
    });
    try {
      expect((await fetch(`${other.url}/api/integrations`, { headers: bearer() })).status).toBe(401);
      expect((await fetch(`${other.url}/api/integrations`, { headers: bearer('team-token') })).status).toBe(200);
      const body = JSON.stringify({ identification: 'soc@example.org', password: 's3cret' });
      expect(
        (await fetch(`${other.url}/api/users/login`, { method: 'POST', headers: { 'content-type': JSONAPI }, body }))
          .status,
      ).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('never answered with a response that breaks the spec', () => {
    expect(violations(m.mock)).toEqual([]);
  });
});
