// Test sessions (issue 18 part 4): isolated states on one mock, bounded by an idle TTL and a cap
// with least-recently-used eviction, and a session id that is checked before anything is made.
import { describe, expect, it } from 'vitest';
import { CORE_DEFAULTS, MockCore } from '../../src/core/mock-core.js';
import { Sessions, sessionIdOf } from '../../src/core/sessions.js';
import { HttpError } from '../../src/mock/errors.js';
import { STATIC_AJV } from '../../src/spec/ajv-static.js';
import { loadSpec } from '../../src/spec/load.js';
import { ajvCompiler } from '../../src/spec/schema-compiler.js';

function store(max: number, ttlMs = 60_000) {
  let now = 0;
  const made: string[] = [];
  const sessions = new Sessions(
    { max, ttlMs },
    (scope) => made.push(scope.id),
    () => now,
  );
  return { sessions, made, tick: (ms: number) => (now += ms) };
}

describe('Sessions', () => {
  it('makes a session on first use and hands back the same scope afterwards', () => {
    const { sessions, made } = store(3);
    const a = sessions.use('a');
    expect(sessions.use('a')).toBe(a);
    expect(made).toEqual(['a']);
    expect(sessions.get('a')?.requests).toBe(2);
  });

  it('holds at most `max` sessions however many are made: the least recently used goes', () => {
    const { sessions, tick } = store(5);
    for (let i = 0; i < 50; i++) {
      sessions.use(`s${i}`);
      tick(1);
      // s0 is used again each time, so it is never the least recently used.
      sessions.use('s0');
      expect(sessions.size).toBeLessThanOrEqual(5);
    }
    expect(sessions.list().map((s) => s.id)).toEqual(['s46', 's47', 's48', 's49', 's0']);
    expect(sessions.evicted).toBe(45);
  });

  it('drops a session idle longer than the TTL: its next use starts afresh', () => {
    const { sessions, made, tick } = store(10, 1000);
    const first = sessions.use('a');
    sessions.use('b');
    tick(600);
    sessions.use('b');
    tick(600);
    expect(sessions.get('a')).toBeUndefined();
    expect(sessions.get('b')).toBeDefined();
    expect(sessions.use('a')).not.toBe(first);
    expect(made).toEqual(['a', 'b', 'a']);
    expect(sessions.expired).toBe(1);
  });

  it('refuses a malformed id with a 400 that says what an id is, and makes nothing', () => {
    const { sessions } = store(1);
    sessions.use('keep');
    for (const bad of ['', 'a b', 'x'.repeat(129), 'é', 'a/b', 'a;b']) {
      expect(() => sessions.use(bad)).toThrow(HttpError);
      expect(() => sessions.use(bad)).toThrow(/1 to 128 letters, digits/);
    }
    expect(sessions.list().map((s) => s.id)).toEqual(['keep']);
  });

  it('reads the id from the header first, else from the understudy-session cookie', () => {
    expect(sessionIdOf({})).toBeUndefined();
    expect(sessionIdOf({ cookie: 'theme=dark' })).toBeUndefined();
    expect(sessionIdOf({ cookie: 'theme=dark; understudy-session=c1' })).toBe('c1');
    expect(sessionIdOf({ 'x-understudy-session': 'h1', cookie: 'understudy-session=c1' })).toBe('h1');
  });
});

describe('MockCore with sessions', () => {
  const demo = {
    'gwos-api-token': 'understudy-demo-token',
    'gwos-app-name': 'sessions-test',
    accept: 'application/json',
    host: 'gw.test',
  };
  const hostBody = (name: string) =>
    JSON.stringify({
      hosts: [
        {
          hostName: name,
          monitorStatus: 'UP',
          appType: 'NAGIOS',
          agentId: 'a4ca80e0-e855-43ee-86d8-f4e499f0a824',
          deviceIdentification: '10.0.0.9',
        },
      ],
    });
  const core = (max = 100) =>
    new MockCore({
      ...CORE_DEFAULTS,
      sessions: { ttlMs: 60_000, max },
      validateResponses: true,
      specs: [loadSpec('groundwork')],
      schemaCompiler: (specs) => ajvCompiler(specs, () => STATIC_AJV),
    });
  const create = (mock: MockCore, name: string, session?: string) =>
    mock.handle({
      method: 'POST',
      url: '/api/hosts',
      headers: {
        ...demo,
        'content-type': 'application/json',
        ...(session ? { 'x-understudy-session': session } : {}),
      },
      body: hostBody(name),
    });
  const status = async (mock: MockCore, name: string, headers: Record<string, string> = {}) =>
    (await mock.handle({ method: 'GET', url: `/api/hosts/${name}`, headers: { ...demo, ...headers } })).status;

  it('keeps two sessions and the shared state apart', async () => {
    const mock = core();
    expect((await create(mock, 'only-in-a', 'a')).status).toBe(200);
    expect((await create(mock, 'only-in-b', 'b')).status).toBe(200);
    expect(await status(mock, 'only-in-a', { 'x-understudy-session': 'a' })).toBe(200);
    expect(await status(mock, 'only-in-a', { 'x-understudy-session': 'b' })).toBe(404);
    expect(await status(mock, 'only-in-b', { cookie: 'understudy-session=b' })).toBe(200);
    expect(await status(mock, 'only-in-a')).toBe(404);
    // A fresh session starts from the fixtures, whatever the shared state has become.
    expect((await create(mock, 'shared-only')).status).toBe(200);
    expect(await status(mock, 'shared-only', { 'x-understudy-session': 'c' })).toBe(404);
    expect(await status(mock, 'localhost', { 'x-understudy-session': 'c' })).toBe(200);
  });

  it("answers a bad session id with a 400 in the vendor's format, journaled without a session", async () => {
    const mock = core();
    const reply = await mock.handle({
      method: 'GET',
      url: '/api/hosts/localhost',
      headers: { ...demo, 'x-understudy-session': 'no spaces please' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toContain('is not valid: use 1 to 128 letters');
    expect(mock.sessions.size).toBe(0);
    expect(mock.journal.list().at(-1)).toMatchObject({ status: 400, operationId: 'getHost' });
    expect(mock.journal.list().at(-1)?.session).toBeUndefined();
  });

  it('a request the mock does not serve makes no session', async () => {
    const mock = core();
    const reply = await mock.handle({ method: 'GET', url: '/nowhere', headers: { 'x-understudy-session': 'z' } });
    expect(reply.status).toBe(404);
    expect(mock.sessions.size).toBe(0);
  });

  it('stays within the cap when more sessions than that make requests (memory stays bounded)', async () => {
    const mock = core(8);
    for (let i = 0; i < 40; i++) expect((await create(mock, `h${i}`, `s${i}`)).status).toBe(200);
    const live = mock.listSessions();
    expect(live.map((s) => s.id)).toEqual(['s32', 's33', 's34', 's35', 's36', 's37', 's38', 's39']);
    expect(mock.sessions.evicted).toBe(32);
    // An evicted session's changes are gone: it starts again from the fixtures.
    expect(await status(mock, 'h0', { 'x-understudy-session': 's0' })).toBe(404);
    expect(await status(mock, 'h39', { 'x-understudy-session': 's39' })).toBe(200);
    expect(live[0]).toMatchObject({ requests: 1 });
    expect(live[0]!.approxBytes).toBeGreaterThan(100);
  });

  it('dumps, loads and resets one session without touching the shared state', async () => {
    const mock = core();
    await create(mock, 'in-a', 'a');
    const dump = mock.dumpState('a');
    mock.loadState(dump, 'copy');
    expect(await status(mock, 'in-a', { 'x-understudy-session': 'copy' })).toBe(200);
    mock.reset(undefined, 'a');
    expect(await status(mock, 'in-a', { 'x-understudy-session': 'a' })).toBe(404);
    expect(await status(mock, 'in-a')).toBe(404);
    expect(() => mock.dumpState('never-used')).toThrow(/no session 'never-used'/);
  });
});
