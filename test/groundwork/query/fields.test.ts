import assert from 'node:assert/strict';
import { describe, expect, it } from 'vitest';
import {
  compileQuery,
  QueryError,
  QueryFieldError,
  QueryTypeError,
  resolveField,
} from '../../../src/vendors/groundwork/query/index.js';
import { HOSTS } from './fixtures.js';

const names = (query: string) =>
  compileQuery(query)
    .select(HOSTS)
    .map((h) => h.hostName);

function failure(query: string): QueryError {
  try {
    compileQuery(query);
  } catch (err) {
    expect(err).toBeInstanceOf(QueryError);
    return err as QueryError;
  }
  throw new Error(`expected ${query} to fail`);
}

describe('field resolution', () => {
  it.each([
    ['id = 19', ['malbec']],
    ['hostId = 19', ['malbec']],
    ["hostName = 'malbec'", ['malbec']],
    ["name = 'malbec'", ['malbec']],
    ["host = 'malbec'", ['malbec']],
    ["description = 'malbec'", ['malbec']],
    ["monitor = 'UNREACHABLE'", ['cabernet']],
    ["monitorStatus = 'UNREACHABLE'", ['cabernet']],
    ["agentId = 'agent-7'", ['localhost']],
    ["device = '127.0.0.1'", ['localhost']],
    ["deviceIdentification = '127.0.0.1'", ['localhost']],
    ["deviceName = 'localhost'", ['localhost']],
    ["deviceDisplayName = 'localhost'", ['localhost']],
    ["stateType = 'SOFT'", ['malbec']],
    ["checkType = 'PASSIVE'", ['malbec']],
    ["lastCheckTime = '2013-05-22T16:44:56Z'", ['localhost']],
    ["hostGroup = 'Linux Servers'", ['localhost', 'malbec', 'zinfandel']],
  ])('%s', (query, expected) => {
    expect(names(query)).toEqual(expected);
  });

  it('resolves appType and applicationType.name alike, falling back to the application type', () => {
    expect(names("appType = 'VEMA'")).toEqual(['syrah']);
    expect(names("applicationType.name = 'VEMA'")).toEqual(['syrah']);
    expect(names("applicationType.description like 'Virtual%'")).toEqual(['syrah']);
    expect(names('applicationType.applicationTypeId = 101')).toEqual(['syrah']);
    expect(names("applicationType.stateTransitionCriteria = 'Device;Host'")).toEqual(['localhost', 'malbec']);
  });

  it('is case-insensitive for fields, aliases and property names', () => {
    expect(names("HOSTNAME = 'malbec'")).toEqual(['malbec']);
    expect(names("hostname = 'malbec'")).toEqual(['malbec']);
    expect(names("MonitorStatus = 'UNREACHABLE'")).toEqual(['cabernet']);
    expect(names("APPLICATIONTYPE.NAME = 'VEMA'")).toEqual(['syrah']);
    expect(names("Properties.latency = '850'")).toEqual(['pinot']);
    expect(names("PROPERTY.LATENCY = '850'")).toEqual(['pinot']);
    expect(names("property.Latency = '850'")).toEqual(['pinot']);
  });

  it('keeps field values case-sensitive', () => {
    expect(names("hostName = 'MALBEC'")).toEqual([]);
  });

  it('exposes canonical names through resolveField', () => {
    expect(resolveField('HOST').name).toBe('hostName');
    expect(resolveField('deviceidentification').name).toBe('device');
    expect(resolveField('properties.ExecutionTime')).toMatchObject({
      name: 'property.ExecutionTime',
      kind: 'property',
    });
  });
});

describe('field errors', () => {
  it.each(['serviceAvailability', 'bubbleUpStatus', 'SERVICEAVAILABILITY'])(
    'refuses the calculated field %s',
    (field) => {
      const err = failure(`${field} > 0`);
      assert(err instanceof QueryFieldError, 'a QueryFieldError');
      const canonical = field.toLowerCase() === 'bubbleupstatus' ? 'bubbleUpStatus' : 'serviceAvailability';
      expect(err.message).toBe(`query: ${canonical} is calculated and cannot be queried at column 1`);
      expect(err.field).toBe(field);
    },
  );

  it('names an unknown field, where it is, and the valid ones', () => {
    const err = failure("hostName = 'x' or colour = 'red'");
    expect(err).toBeInstanceOf(QueryFieldError);
    expect(err).toMatchObject({ field: 'colour', offset: 18, column: 19 });
    expect(err.message).toMatch(
      /^query: unknown field 'colour' at column 19; valid fields are id \(hostId\), hostName \(name, host\),/,
    );
    expect(err.message).toContain('monitorStatus (monitor)');
    expect(err.message).toContain('property.<Name>');
  });

  it('explains incomplete applicationType and property references', () => {
    expect(failure("applicationType = 'x'").message).toMatch(/applicationType fields are applicationType.name/);
    expect(failure("applicationType.colour = 'x'").message).toMatch(/unknown field 'applicationType.colour'/);
    expect(failure("property = 'x'").message).toMatch(/property needs a property name/);
  });

  it('checks fields in order by and inside functions', () => {
    expect(failure('order by colour')).toBeInstanceOf(QueryFieldError);
    expect(failure('day(colour) = 1')).toMatchObject({ field: 'colour', column: 5 });
  });

  it('refuses queries that make no sense for the field type', () => {
    expect(failure('year(hostName) = 2013')).toBeInstanceOf(QueryTypeError);
    expect(failure('year(hostName) = 2013').message).toBe(
      'query: year() needs a timestamp field such as lastCheckTime, not hostName at column 1',
    );
    expect(failure("id = 'abc'").message).toBe("query: id is numeric; 'abc' is not a number at column 6");
    expect(failure('lastCheckTime > 5').message).toMatch(
      /^query: lastCheckTime is a timestamp; .* not 5 at column 17$/,
    );
    expect(failure("lastCheckTime > 'yesterday'")).toBeInstanceOf(QueryTypeError);
    expect(failure("hostGroup > 'a'").message).toMatch(/hostGroup can only be used with =, <>, in, like and is null/);
    expect(failure('order by hostGroup').message).toMatch(/cannot order by hostGroup/);
  });
});
