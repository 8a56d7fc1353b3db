// What Boomi's own clients send: the Python SDK's `@type` on every request object (accepted, ignored,
// never stored) and Boomi's published changeListenerStatus sample, wrapped in a
// `ChangeListenerStatusRequest` key. Bodies are the bytes the SDK (RenEra-ai/boomi-python@07bcffbc)
// put on the wire when run against the mock, so Python's `json.dumps` spacing is kept.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CLOUD_CONTAINER,
  DOC_CONTAINER,
  DOC_LISTENER,
  SAMPLE_CONTAINER,
  SAMPLE_LISTENER,
} from '../../src/vendors/boomi/fixtures.js';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { AUTH, and, boomiClient, eq, tokenOf, type AsyncResult } from './client.js';

let m: RunningMock;
const boomi = boomiClient(() => m.url);
const statusOf = async (containerId: string, listenerId: string) =>
  (await boomi.statuses(and(eq('containerId', containerId), eq('listenerId', listenerId))))[0]?.status;

const SDK_QUERY =
  `{"@type": "ListenerStatusQueryConfig", "QueryFilter": {"@type": "ListenerStatusQueryConfigQueryFilter", "expression": ` +
  `{"@type": "ListenerStatusGroupingExpression", "nestedExpression": [` +
  `{"@type": "ListenerStatusSimpleExpression", "argument": ["${DOC_LISTENER}"], "operator": "EQUALS", "property": "listenerId"}, ` +
  `{"@type": "ListenerStatusSimpleExpression", "argument": ["${DOC_CONTAINER}"], "operator": "EQUALS", "property": "containerId"}], "operator": "and"}}}`;
const SDK_CONTAINER_QUERY =
  `{"@type": "ListenerStatusQueryConfig", "QueryFilter": {"@type": "ListenerStatusQueryConfigQueryFilter", "expression": ` +
  `{"@type": "ListenerStatusSimpleExpression", "argument": ["${CLOUD_CONTAINER}"], "operator": "EQUALS", "property": "containerId"}}}`;
const sdkChange = (action: string, listenerId?: string) =>
  `{"@type": "ChangeListenerStatusRequest", "action": "${action}", "containerId": "${SAMPLE_CONTAINER}"` +
  (listenerId ? `, "listenerId": "${listenerId}"}` : '}');
/** Boomi's published OpenAPI request example for UpdateListenerStatus, as published. */
const PUBLISHED = {
  ChangeListenerStatusRequest: { listenerId: SAMPLE_LISTENER, containerId: SAMPLE_CONTAINER, action: 'pause' },
  listenerId: SAMPLE_LISTENER,
  containerId: SAMPLE_CONTAINER,
  action: 'pause',
};

beforeAll(async () => {
  m = await startMock({ vendors: ['boomi'] });
});
afterAll(() => m.close());
beforeEach(() => {
  expect(violations(m.mock)).toEqual([]);
  m.mock.reset();
});

describe('Boomi: @type on request objects (the Python SDK writes one on every object)', () => {
  it('a QUERY with @type at every level is answered as the same QUERY without', async () => {
    const typed = await boomi.query({ raw: SDK_QUERY });
    expect(typed.status).toBe(200);
    const withType = (await boomi.result(tokenOf(typed))).body as AsyncResult;
    const plain = (
      await boomi.result(
        tokenOf(await boomi.query(and(eq('listenerId', DOC_LISTENER), eq('containerId', DOC_CONTAINER)))),
      )
    ).body as AsyncResult;
    expect(withType).toEqual(plain);
    expect(withType).toMatchObject({ numberOfResults: 1, result: [{ listenerId: DOC_LISTENER, status: 'listening' }] });
  });

  it('a paged result reached through the SDK-shaped QUERY keeps its queryToken', async () => {
    const first = (await boomi.result(tokenOf(await boomi.query({ raw: SDK_CONTAINER_QUERY })))).body as AsyncResult;
    expect(first.numberOfResults).toBe(100);
    const rest = (await boomi.result(first.queryToken!)).body as AsyncResult;
    expect(rest).toMatchObject({ numberOfResults: 50 });
    expect(rest.queryToken).toBeUndefined();
  });

  it('every changeListenerStatus action the SDK sends, with @type, changes the listeners', async () => {
    for (const [action, expected] of [
      ['pause', 'paused'],
      ['resume', 'listening'],
      ['pause', 'paused'],
      ['restart', 'listening'],
    ] as const) {
      expect((await boomi.send('POST', '/changeListenerStatus', sdkChange(action, SAMPLE_LISTENER))).status).toBe(200);
      expect(await statusOf(SAMPLE_CONTAINER, SAMPLE_LISTENER)).toBe(expected);
    }
    for (const [action, expected] of [
      ['pause_all', ['paused']],
      ['resume_all', ['listening']],
      ['restart_all', ['listening']],
    ] as const) {
      expect((await boomi.send('POST', '/changeListenerStatus', sdkChange(action))).status).toBe(200);
      expect([...new Set((await boomi.statuses(eq('containerId', SAMPLE_CONTAINER))).map((l) => l.status))]).toEqual(
        expected,
      );
    }
  });

  it('@type is not stored: the state holds none of the type names the requests carried', async () => {
    await boomi.query({ raw: SDK_QUERY });
    await boomi.send('POST', '/changeListenerStatus', sdkChange('pause', SAMPLE_LISTENER));
    const state = JSON.stringify(m.mock.dumpState());
    for (const name of [
      'ListenerStatusQueryConfig',
      'ListenerStatusGroupingExpression',
      'ListenerStatusSimpleExpression',
      'ChangeListenerStatusRequest',
    ]) {
      expect(state).not.toContain(name);
    }
  });

  it.each([
    [
      'QUERY',
      '/async/ListenerStatus/query',
      `{"@type": 7, "QueryFilter": {"expression": {"operator": "EQUALS", "property": "containerId", "argument": ["${DOC_CONTAINER}"]}}}`,
      "body field '@type' must be string",
    ],
    [
      'QUERY',
      '/async/ListenerStatus/query',
      `{"QueryFilter": {"expression": {"@type": ["x"], "operator": "EQUALS", "property": "containerId", "argument": ["${DOC_CONTAINER}"]}}}`,
      "body field 'QueryFilter.expression.@type' must be string",
    ],
    [
      'changeListenerStatus',
      '/changeListenerStatus',
      `{"@type": null, "action": "pause", "containerId": "${SAMPLE_CONTAINER}", "listenerId": "${SAMPLE_LISTENER}"}`,
      "body field '@type' must be string",
    ],
  ])('%s: an @type that is not a name is refused, naming it', async (_what, path, body, message) => {
    const before = m.mock.dumpState();
    const res = await boomi.send('POST', path, body);
    expect(res.status).toBe(400);
    expect(res.body?.message).toContain(message);
    expect(m.mock.dumpState()).toEqual(before);
  });
});

describe("Boomi: changeListenerStatus wrapped in a ChangeListenerStatusRequest key (Boomi's published OpenAPI sample)", () => {
  it('the published sample as written (wrapper, and the same fields beside it) pauses the listener', async () => {
    const res = await boomi.change(PUBLISHED);
    expect(res.status).toBe(200);
    expect(res.body).toBeUndefined();
    expect(await statusOf(SAMPLE_CONTAINER, SAMPLE_LISTENER)).toBe('paused');
  });

  it('the wrapper alone is the request; @type inside it is ignored and not stored', async () => {
    const res = await boomi.change({
      ChangeListenerStatusRequest: {
        '@type': 'ChangeListenerStatusRequest',
        action: 'pause_all',
        containerId: SAMPLE_CONTAINER,
      },
    });
    expect(res.status).toBe(200);
    expect([...new Set((await boomi.statuses(eq('containerId', SAMPLE_CONTAINER))).map((l) => l.status))]).toEqual([
      'paused',
    ]);
    expect(JSON.stringify(m.mock.dumpState())).not.toContain('ChangeListenerStatusRequest');
  });

  it.each([
    [
      { ...PUBLISHED, action: 'resume' },
      'body field \'action\' ("resume") disagrees with \'ChangeListenerStatusRequest.action\' ("pause")',
    ],
    [
      { ...PUBLISHED, ChangeListenerStatusRequest: { containerId: SAMPLE_CONTAINER, action: 'pause_all' } },
      "body field 'listenerId'",
    ],
    [
      { ChangeListenerStatusRequest: { action: 'pause', containerId: SAMPLE_CONTAINER } },
      "body field 'ChangeListenerStatusRequest.listenerId' is required",
    ],
    [
      { ChangeListenerStatusRequest: { ...PUBLISHED.ChangeListenerStatusRequest, paused: true } },
      "body field 'ChangeListenerStatusRequest.paused' is not allowed",
    ],
    [
      { ChangeListenerStatusRequest: { ChangeListenerStatusRequest: PUBLISHED.ChangeListenerStatusRequest } },
      "body field 'ChangeListenerStatusRequest.ChangeListenerStatusRequest' is not allowed",
    ],
    [{ ...PUBLISHED, paused: true }, "body field 'paused' is not allowed"],
    [{}, "body field 'action' is required"],
  ])('%j → 400 naming the field, nothing changes', async (body, message) => {
    const before = m.mock.dumpState();
    const res = await boomi.change(body);
    expect(res.status).toBe(400);
    expect(res.body?.message).toContain(message);
    expect(m.mock.dumpState()).toEqual(before);
  });
});

describe('Boomi: a token read a second time', () => {
  it('answers 204 with no body and no Content-Type, as the platform does (the SDK raises ApiError(204) on it)', async () => {
    const token = tokenOf(await boomi.query({ raw: SDK_QUERY }));
    expect((await boomi.result(token)).status).toBe(200);
    const again = await fetch(`${m.url}/api/rest/v1/dev-account/async/ListenerStatus/response/${token}`, {
      headers: { authorization: AUTH, accept: 'application/json' },
    });
    expect(again.status).toBe(204);
    expect(again.headers.get('content-type')).toBeNull();
    expect(await again.text()).toBe('');
  });
});
