// Polarity builds its JSON:API documents once per state, not per request. These tests prove that
// nothing answers from documents of a state that has gone: a loaded dump and a reset (the only
// ways the integrations and errors change) are seen at once, exactly as a cold mock would answer.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { polarity } from '../../src/vendors/polarity/index.js';
import { viewOf } from '../../src/vendors/polarity/models.js';
import type { PolarityDump, PolarityState } from '../../src/vendors/polarity/state.js';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';

const VT = 'virustotal_node_18_1725278818';
const SHODAN = 'shodan_node_18_1725365231';
const VT_ERROR = '3f9a1c52-7d4e-4b8a-9c61-2e5d8f0b7a14';

/** Every read the cache serves, including the benchmark's filtered page. */
const READS = [
  '/api/integrations',
  '/api/integrations?page[size]=20&page[number]=2&filter[integration.status]=running',
  '/api/integrations?filter[integration.status]=stopped&page[size]=1000',
  '/api/integrations?filter[integration.integration-errors]=true&page[size]=1000',
  '/api/integrations?filter[integration.integration-errors]=false&page[size]=7&page[number]=3',
  `/api/integrations/${VT}`,
  `/api/integrations/${SHODAN}`,
  '/api/integrations/errors',
  '/api/integration-errors',
  `/api/integration-errors?filter[integration.id]=${VT}`,
  `/api/integration-errors?filter[integration.id]=${SHODAN}`,
  '/api/integration-options',
  `/api/integration-options?filter[integration.id]=${SHODAN}`,
  `/api/integration/${VT}/errors/${VT_ERROR}`,
  `/api/integration/${SHODAN}/errors/${VT_ERROR}`,
];

let m: RunningMock;
let cold: RunningMock;

/** Status and body of every read, with the server's own origin taken out of the links. */
async function snapshot(mock: RunningMock): Promise<string[]> {
  const out: string[] = [];
  for (const path of READS) {
    const res = await fetch(mock.url + path, { headers: { authorization: 'Bearer my-auth-token' } });
    out.push(`${res.status} ${(await res.text()).replaceAll(mock.url, '<origin>')}`);
  }
  return out;
}

/** The fixtures, changed in every way a document can show: name, status, errors moved, an integration gone. */
function altered(): PolarityDump {
  const d = polarity.dumpState(polarity.createState('default', {})) as PolarityDump;
  const shodan = d.integrations.find((i) => i.id === SHODAN)!;
  shodan.attributes.name = 'Shodan (renamed)';
  shodan.attributes.status = 'stopped';
  for (const e of d.errors) if (e.id === VT_ERROR) e.attributes['integration-id'] = SHODAN;
  const gone = d.integrations.splice(2, 1)[0]!;
  d.errors = d.errors.filter((e) => e.attributes['integration-id'] !== gone.id);
  return d;
}

beforeAll(async () => {
  m = await startMock({ vendors: ['polarity'] });
  cold = await startMock({ vendors: ['polarity'] });
});
afterAll(async () => {
  await m.close();
  await cold.close();
});
beforeEach(() => {
  m.mock.reset();
  cold.mock.reset();
});

describe('Polarity documents follow the state', () => {
  it('a loaded dump is answered at once, as a mock that never saw the old state answers it', async () => {
    const fixtures = await snapshot(m); // every document of the fixtures is now built
    const dump = altered();
    m.mock.loadState({ polarity: dump });
    cold.mock.loadState({ polarity: dump });
    const loaded = await snapshot(m);
    expect(loaded).toEqual(await snapshot(cold));
    expect(loaded).not.toEqual(fixtures);

    const shodan = (await (
      await fetch(`${m.url}/api/integrations/${SHODAN}`, { headers: { authorization: 'Bearer my-auth-token' } })
    ).json()) as {
      data: {
        attributes: { name: string; status: string };
        relationships: { 'integration-errors': { data: Array<{ id: string }> } };
      };
    };
    expect(shodan.data.attributes).toMatchObject({ name: 'Shodan (renamed)', status: 'stopped' });
    expect(shodan.data.relationships['integration-errors'].data).toEqual([
      { type: 'integration-errors', id: VT_ERROR },
    ]);
    expect(loaded[2]).toContain('"total":16');
    expect(loaded[14]).toMatch(/^200 /); // the moved error is now Shodan's
    expect(loaded[13]).toMatch(/^404 /);
  });

  it('a reset, of all vendors or of Polarity alone, is answered at once', async () => {
    const fixtures = await snapshot(m);
    m.mock.loadState({ polarity: altered() });
    expect(await snapshot(m)).not.toEqual(fixtures);
    m.mock.reset();
    expect(await snapshot(m)).toEqual(fixtures);
    m.mock.loadState({ polarity: altered() });
    expect(await snapshot(m)).not.toEqual(fixtures);
    m.mock.reset('polarity');
    expect(await snapshot(m)).toEqual(fixtures);
  });

  it('a list is answered with links to the origin each request names (remembered whole, by Host)', async () => {
    const path = '/api/integrations?page%5Bsize%5D=20&page%5Bnumber%5D=2&filter%5Bintegration.status%5D=running';
    const list = async (host: string) => {
      const reply = await m.mock.core.handle({
        method: 'GET',
        url: path,
        headers: { host, authorization: 'Bearer my-auth-token' },
      });
      expect(reply.status).toBe(200);
      // The bytes a socket is written, where the reply carries them, are its text's.
      if (reply.bytes) expect(new TextDecoder().decode(reply.bytes)).toBe(reply.body);
      return reply;
    };
    for (let round = 0; round < 2; round++) {
      for (const host of ['one.example:80', 'two.example:81']) {
        const { body } = await list(host);
        const links = (JSON.parse(body) as { links: Record<string, string | null> }).links;
        expect(links.self).toBe(
          `http://${host}/api/integrations?page[number]=2&page[size]=20&filter[integration.status]=running`,
        );
      }
    }
    expect((await list('one.example:80')).bytes).toBeDefined(); // the remembered document's bytes
  });

  it('a login, which changes only sessions, changes no document', async () => {
    const fixtures = await snapshot(m);
    const login = await fetch(`${m.url}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.api+json' },
      body: JSON.stringify({ identification: 'admin@example.com', password: 'admin' }),
    });
    expect(login.status).toBe(200);
    expect(await snapshot(m)).toEqual(fixtures);
  });

  it('never answered with a response that breaks the spec', () => {
    expect(violations(m.mock)).toEqual([]);
    expect(violations(cold.mock)).toEqual([]);
  });
});

describe('Polarity views', () => {
  const ctx = (state: PolarityState) => ({ state, op: {} as never, changed: () => {}, now: () => new Date() });
  const list = async (state: PolarityState) => {
    const req = {
      query: { 'page[number]': 1, 'page[size]': 1000 },
      path: {},
      header: {},
      body: undefined,
      principal: { user: 'u' },
      origin: 'http://x',
    };
    const res = (await polarity.handlers.listIntegrations!(req as never, ctx(state))) as { body: unknown };
    return res.body as {
      data: Array<{ id: string; relationships: { 'integration-errors': { data: unknown[] } } }>;
      meta: { page: { total: number } };
    };
  };

  it('a state whose integrations or errors array is replaced gets a new view', async () => {
    const state = polarity.createState('default', {});
    const first = viewOf(state);
    expect(viewOf(state)).toBe(first);
    expect((await list(state)).meta.page.total).toBe(135);

    state.integrations = state.integrations.slice(1);
    expect(viewOf(state)).not.toBe(first);
    expect((await list(state)).meta.page.total).toBe(134);

    const second = viewOf(state);
    state.errors = [];
    expect(viewOf(state)).not.toBe(second);
    expect((await list(state)).data.every((i) => i.relationships['integration-errors'].data.length === 0)).toBe(true);

    const third = viewOf(state);
    state.sessions = new Map([['t', { token: 't', user: 'u', expires: 1 }]]);
    expect(viewOf(state)).toBe(third);
  });

  it('a list document is remembered by origin, filters and page, each its own, and at most 256 of them', () => {
    const view = viewOf(polarity.createState('default', {}));
    const all = { status: undefined, withErrors: undefined };
    const running = { status: 'running', withErrors: undefined };
    const first = view.list('http://a', running, 2, 3);
    expect(view.list('http://a', running, 2, 3)).toBe(first);
    // Every part of the key is its own: another origin, filter, page number or size is another document.
    const others = [
      view.list('http://b', running, 2, 3),
      view.list('http://a', { status: 'stopped', withErrors: undefined }, 2, 3),
      view.list('http://a', all, 2, 3),
      view.list('http://a', { status: 'running', withErrors: true }, 2, 3),
      view.list('http://a', { status: 'running', withErrors: false }, 2, 3),
      view.list('http://a', running, 1, 3),
      view.list('http://a', running, 2, 4),
    ];
    const texts = new Set([first, ...others].map((doc) => JSON.stringify(doc)));
    expect(texts.size).toBe(others.length + 1);
    expect(first.links?.self).toBe(
      'http://a/api/integrations?page[number]=2&page[size]=3&filter[integration.status]=running',
    );
    expect(first.data.every((i) => i.attributes.status === 'running')).toBe(true);
    for (let n = 0; n < 300; n++) {
      const doc = view.list(`http://h${n}`, all, 1, 5);
      expect(doc.links?.self).toBe(`http://h${n}/api/integrations?page[number]=1&page[size]=5`);
    }
    // Past the bound the memory started afresh: the same document, built again.
    const again = view.list('http://a', running, 2, 3);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('shared documents are frozen copies: no response can change another, or the state', async () => {
    const state = polarity.createState('default', {});
    const model = (await list(state)).data[0]!;
    expect(Object.isFrozen(model)).toBe(true);
    expect(() => {
      (model as { id: string }).id = 'changed';
    }).toThrow(TypeError);
    expect(Object.isFrozen(state.integrations[0]!.attributes)).toBe(false);
    expect(Object.isFrozen(state.errors[0]!.attributes.meta)).toBe(false);
  });

  it('a page is the same models however often and in whatever order pages are asked for, past the pages kept', () => {
    const view = viewOf(polarity.createState('default', {}));
    const filters = [
      { status: undefined, withErrors: undefined },
      { status: 'running', withErrors: undefined },
      { status: undefined, withErrors: true },
      { status: 'running', withErrors: false },
    ];
    const expected = (f: (typeof filters)[number], number: number, size: number) =>
      view
        .filtered(f.status, f.withErrors)
        .slice((number - 1) * size, number * size)
        .map((n) => view.integration(n).id);
    // 4 filters × 8 sizes × 10 pages = 320 pages, more than are kept, each asked twice in a different order.
    const asks = filters.flatMap((f) =>
      [1, 2, 3, 5, 7, 10, 20, 100].flatMap((size) =>
        Array.from({ length: 10 }, (_, i) => ({ f, size, number: i + 1 })),
      ),
    );
    for (const { f, size, number } of [...asks, ...asks.reverse()]) {
      const positions = view.filtered(f.status, f.withErrors).slice((number - 1) * size, number * size);
      const page = view.page(f, number, size, positions);
      expect(Object.isFrozen(page)).toBe(true);
      expect(page.map((i) => i.id)).toEqual(expected(f, number, size));
    }
  });
});
