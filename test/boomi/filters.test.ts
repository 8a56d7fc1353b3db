// Boomi QueryFilter evaluation: every operator over listenerId and containerId, nested and/or,
// and 400s that say what is wrong with a filter.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CLOUD_CONTAINER,
  DOC_CONTAINER,
  DOC_LISTENER,
  SAMPLE_CONTAINER,
  SAMPLE_LISTENER,
} from '../../src/vendors/boomi/fixtures.js';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { and, boomiClient, eq, or, type Expression } from './client.js';

let m: RunningMock;
const boomi = boomiClient(() => m.url);
const cloud = eq('containerId', CLOUD_CONTAINER);
const on = (property: 'listenerId' | 'containerId', operator: string, ...argument: string[]) =>
  ({ operator, property, argument }) as Expression;

beforeAll(async () => {
  m = await startMock({ vendors: ['boomi'] });
});
afterAll(() => m.close());
beforeEach(() => m.mock.reset());

describe('Boomi filter evaluation', () => {
  // Cloud listener ids begin 6b1f3000 … 6b1f3095 (positions 0x00 … 0x95).
  it.each([
    ['one container', cloud, 150],
    ['the seed: a listener on its container', and(eq('listenerId', DOC_LISTENER), eq('containerId', DOC_CONTAINER)), 1],
    ['a listener on another container', and(eq('listenerId', DOC_LISTENER), eq('containerId', SAMPLE_CONTAINER)), 0],
    ['two containers with or', or(eq('containerId', DOC_CONTAINER), eq('containerId', SAMPLE_CONTAINER)), 10],
    [
      'and with a nested or',
      and(eq('containerId', DOC_CONTAINER), or(eq('listenerId', DOC_LISTENER), eq('listenerId', SAMPLE_LISTENER))),
      1,
    ],
    [
      'or with nested ands',
      or(
        and(eq('containerId', DOC_CONTAINER), eq('listenerId', DOC_LISTENER)),
        and(eq('containerId', SAMPLE_CONTAINER), eq('listenerId', SAMPLE_LISTENER)),
      ),
      2,
    ],
    ['deeply nested', and(or(and(cloud)), or(on('listenerId', 'LIKE', '6b1f300%'))), 16],
    ['NOT_EQUALS', and(eq('containerId', DOC_CONTAINER), on('listenerId', 'NOT_EQUALS', DOC_LISTENER)), 5],
    ['LIKE with %', and(cloud, on('listenerId', 'LIKE', '6b1f300%')), 16],
    ['LIKE with _', and(cloud, on('listenerId', 'LIKE', '6b1f30_0-%')), 10],
    ['LIKE is no regular expression', and(cloud, on('listenerId', 'LIKE', '6b1f30.*')), 0],
    ['CONTAINS', and(eq('containerId', DOC_CONTAINER), on('listenerId', 'CONTAINS', 'ea56da44')), 1],
    ['NOT_CONTAINS', and(eq('containerId', DOC_CONTAINER), on('listenerId', 'NOT_CONTAINS', 'ea56')), 5],
    ['BETWEEN, inclusive', and(cloud, on('listenerId', 'BETWEEN', '6b1f3010', '6b1f301f-ffff')), 16],
    ['GREATER_THAN', and(cloud, on('listenerId', 'GREATER_THAN', '6b1f3090-ffff')), 5],
    ['GREATER_THAN_OR_EQUAL', and(cloud, on('listenerId', 'GREATER_THAN_OR_EQUAL', '6b1f3090')), 6],
    ['LESS_THAN', and(cloud, on('listenerId', 'LESS_THAN', '6b1f3005')), 5],
    ['LESS_THAN_OR_EQUAL', and(cloud, on('listenerId', 'LESS_THAN_OR_EQUAL', '6b1f3004-ffff')), 5],
    ['IS_NULL', and(cloud, on('listenerId', 'IS_NULL')), 0],
    ['IS_NOT_NULL', and(cloud, on('containerId', 'IS_NOT_NULL')), 150],
  ])('%s → %i listeners', async (_name, filter, count) => {
    expect(await boomi.statuses(filter)).toHaveLength(count);
  });

  it('GREATER_THAN excludes the id itself (its 0x90 listener)', async () => {
    const all = await boomi.statuses(cloud);
    const at90 = all.find((l) => l.listenerId.startsWith('6b1f3090'))!.listenerId;
    const above = await boomi.statuses(and(cloud, on('listenerId', 'GREATER_THAN', at90)));
    expect(above.map((l) => l.listenerId)).not.toContain(at90);
  });
});

describe('Boomi rejects filters it cannot run, saying which part is wrong', () => {
  it.each([
    ['no container at all', eq('listenerId', DOC_LISTENER), /containerId EQUALS expression/],
    [
      'a container named only by NOT_EQUALS',
      on('containerId', 'NOT_EQUALS', DOC_CONTAINER),
      /containerId EQUALS expression/,
    ],
    ['an empty and', and(), /containerId EQUALS expression/],
    [
      'an unknown property',
      on('name' as 'listenerId', 'EQUALS', 'x'),
      /^body field 'QueryFilter\.expression\.property' must be one of: "listenerId", "containerId"$/,
    ],
    [
      'an unknown operator',
      on('listenerId', 'STARTS_WITH', 'x'),
      /^body field 'QueryFilter\.expression\.operator' must be one of: "and", "or", "EQUALS", .*"LESS_THAN_OR_EQUAL"$/,
    ],
    [
      'EQUALS with two arguments',
      on('containerId', 'EQUALS', 'a', 'b'),
      /^body field 'QueryFilter\.expression\.argument' must NOT have more than 1 items$/,
    ],
    [
      'EQUALS with no argument',
      on('containerId', 'EQUALS'),
      /^body field 'QueryFilter\.expression\.argument' must NOT have fewer than 1 items$/,
    ],
    [
      'BETWEEN with one argument',
      on('listenerId', 'BETWEEN', 'a'),
      /^body field 'QueryFilter\.expression\.argument' must NOT have fewer than 2 items$/,
    ],
    [
      'IS_NULL with an argument',
      on('listenerId', 'IS_NULL', 'a'),
      /^body field 'QueryFilter\.expression\.argument' must NOT have more than 0 items$/,
    ],
    [
      'a nested unknown operator',
      and(cloud, on('listenerId', 'MATCHES', 'x')),
      /^body field 'QueryFilter\.expression\.nestedExpression\[1\]\.operator' must be one of: "and", "or", "EQUALS"/,
    ],
    [
      'a nested unknown property',
      or(cloud, and(cloud, on('status' as 'listenerId', 'EQUALS', 'paused'))),
      /^body field 'QueryFilter\.expression\.nestedExpression\[1\]\.nestedExpression\[1\]\.property' must be one of/,
    ],
    [
      'a grouping with a property',
      { operator: 'and', property: 'containerId', nestedExpression: [cloud] } as Expression,
      /^body field 'QueryFilter\.expression\.property' is not allowed$/,
    ],
  ])('%s → 400', async (_name, filter, message) => {
    const before = m.mock.dumpState();
    for (const legacy of [false, true]) {
      const res = await boomi.query(filter, legacy);
      expect(res.status).toBe(400);
      expect(res.body?.message).toMatch(message);
    }
    expect(m.mock.dumpState()).toEqual(before);
  });

  it('a body that is not a QueryFilter → 400', async () => {
    for (const raw of ['{"QueryFilter": ', { filter: {} }, {}]) {
      const res = await boomi.query({ raw });
      expect(res.status).toBe(400);
      expect(typeof res.body?.message).toBe('string');
    }
  });

  it('never answered with a response that breaks the spec', () => {
    expect(violations(m.mock)).toEqual([]);
  });
});
