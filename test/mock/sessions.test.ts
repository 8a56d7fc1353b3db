// Login tokens expire as the vendors' do and live ones are bounded (issue 14 item 5): GroundWork's
// 8-hour idle expiry and its drop-all at 500 tokens (AuthService, ExpiringMap), Polarity's token
// life with a bound on live tokens, Boomi's async tokens bounded. Time is the mock's clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DOC_CONTAINER } from '../../src/vendors/boomi/fixtures.js';
import { DEFAULT_MAX_SESSIONS, DEFAULT_TOKEN_IDLE_SECONDS } from '../../src/vendors/groundwork/fixtures.js';
import { basic, startMock, violations, type RunningMock } from '../helpers/mock.js';

const START = new Date('2025-01-08T12:00:00.000Z');
let clock = START;
const advance = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));
let m: RunningMock;
let small: RunningMock;

beforeAll(async () => {
  m = await startMock({ now: () => clock });
  small = await startMock({
    now: () => clock,
    vendorOptions: { groundwork: { maxSessions: 3 }, polarity: { maxSessions: 3 }, boomi: { maxTokens: 10 } },
  });
});
afterAll(async () => {
  await m.close();
  await small.close();
});
beforeEach(() => {
  clock = START;
  m.mock.reset();
  small.mock.reset();
});

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

async function gwLogin(target: RunningMock, app = 'soak'): Promise<string> {
  const res = await fetch(`${target.url}/api/auth/login`, {
    method: 'POST',
    headers: FORM,
    body: `user=admin&password=admin&gwos-app-name=${app}`,
  });
  expect(res.status).toBe(200);
  return res.text();
}
const gwHost = async (target: RunningMock, token: string, app = 'soak') =>
  (
    await fetch(`${target.url}/api/hosts/localhost?depth=simple`, {
      headers: { 'GWOS-API-TOKEN': token, 'GWOS-APP-NAME': app, Accept: 'application/json' },
    })
  ).status;

describe(`GroundWork: a token expires after ${DEFAULT_TOKEN_IDLE_SECONDS} s unused; every use renews it`, () => {
  it('used within the idle time, it lives on; left idle for it, it is refused and forgotten', async () => {
    const token = await gwLogin(m);
    advance(DEFAULT_TOKEN_IDLE_SECONDS - 1);
    expect(await gwHost(m, token)).toBe(200);
    advance(DEFAULT_TOKEN_IDLE_SECONDS - 1); // past 8 h since login, within 8 h of its last use
    expect(await gwHost(m, token)).toBe(200);
    advance(DEFAULT_TOKEN_IDLE_SECONDS);
    expect(await gwHost(m, token)).toBe(401);
    const state = (await (await fetch(`${m.url}/__admin/state`)).json()) as { groundwork: { sessions: unknown[] } };
    expect(state.groundwork.sessions).toEqual([]);
  });

  it('validatetoken renews it too, and answers false once it has expired', async () => {
    const token = await gwLogin(m);
    const validate = async () =>
      (
        await fetch(`${m.url}/api/auth/validatetoken`, {
          method: 'POST',
          headers: FORM,
          body: `gwos-app-name=soak&gwos-api-token=${token}`,
        })
      ).text();
    advance(DEFAULT_TOKEN_IDLE_SECONDS - 1);
    expect(await validate()).toBe('true');
    advance(DEFAULT_TOKEN_IDLE_SECONDS - 1);
    expect(await validate()).toBe('true');
    advance(DEFAULT_TOKEN_IDLE_SECONDS);
    expect(await validate()).toBe('false');
  });

  it(`a login at the limit (${DEFAULT_MAX_SESSIONS} by default; 3 here) drops every token, as GroundWork does, and the new one works`, async () => {
    const old = [await gwLogin(small), await gwLogin(small), await gwLogin(small)];
    for (const token of old) expect(await gwHost(small, token)).toBe(200);
    const fresh = await gwLogin(small);
    for (const token of old) expect(await gwHost(small, token)).toBe(401);
    expect(await gwHost(small, fresh)).toBe(200);
  });
});

describe('Polarity: tokens found by value, expired ones dropped, live ones bounded', () => {
  const login = async (target: RunningMock) => {
    const res = await fetch(`${target.url}/api/users/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/vnd.api+json' },
      body: JSON.stringify({ identification: 'admin@example.com', password: 'admin' }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: { token: string } }).data.token;
  };
  const use = async (target: RunningMock, token: string) =>
    (
      await fetch(`${target.url}/api/integrations?page[size]=1`, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/vnd.api+json' },
      })
    ).status;
  const sessions = async (target: RunningMock) =>
    (
      (await (await fetch(`${target.url}/__admin/state`)).json()) as {
        polarity: { sessions: Array<{ token: string }> };
      }
    ).polarity.sessions.map((s) => s.token);

  it('past the bound (3 here) the oldest live token goes first', async () => {
    const tokens = [await login(small), await login(small), await login(small)];
    const fourth = await login(small);
    expect(await use(small, tokens[0]!)).toBe(401);
    for (const token of [...tokens.slice(1), fourth]) expect(await use(small, token)).toBe(200);
    expect(await sessions(small)).toEqual([...tokens.slice(1), fourth]);
  });

  it('a state file that lists sessions out of expiry order still has its expired ones dropped', async () => {
    const seconds = START.getTime() / 1000;
    const state = (await (await fetch(`${m.url}/__admin/state`)).json()) as { polarity: { sessions: unknown[] } };
    state.polarity.sessions = [
      { token: 'late', user: 'admin@example.com', expires: seconds + 1000 },
      { token: 'early', user: 'admin@example.com', expires: seconds + 10 },
    ];
    m.mock.loadState(state);
    advance(100);
    const fresh = await login(m);
    expect(await sessions(m)).toEqual(['late', fresh]);
  });

  it('expired tokens are dropped when the next login opens a session, and are refused meanwhile', async () => {
    const first = await login(m);
    advance(24 * 60 * 60);
    expect(await use(m, first)).toBe(401);
    const second = await login(m);
    expect(await sessions(m)).toEqual([second]);
  });
});

describe('Boomi: live async tokens are bounded (10 here); the oldest are forgotten, as if expired', () => {
  it('a token past the bound answers 410; the newest are kept', async () => {
    const auth = {
      Authorization: basic('BOOMI_TOKEN.dev@example.com', 'dev-api-token'),
      'Content-Type': 'application/json',
      Accept: 'application/json',
    };
    const filter = JSON.stringify({
      QueryFilter: { expression: { operator: 'EQUALS', property: 'containerId', argument: [DOC_CONTAINER] } },
    });
    const tokens: string[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await fetch(`${small.url}/api/rest/v1/dev-account/async/ListenerStatus/query`, {
        method: 'POST',
        headers: auth,
        body: filter,
      });
      expect(res.status).toBe(200);
      tokens.push(((await res.json()) as { asyncToken: { token: string } }).asyncToken.token);
    }
    const result = async (token: string) =>
      (await fetch(`${small.url}/api/rest/v1/dev-account/async/ListenerStatus/response/${token}`, { headers: auth }))
        .status;
    expect(await result(tokens[0]!)).toBe(410);
    expect(await result(tokens[10]!)).toBe(200);
  });
});

describe('along the way', () => {
  it('no response of the mock broke its spec', () => {
    expect(violations(m.mock)).toEqual([]);
    expect(violations(small.mock)).toEqual([]);
  });
});
