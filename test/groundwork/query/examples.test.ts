import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../../src/vendors/groundwork/query/index.js';
import { HOSTS } from './fixtures.js';

const names = (query: string) =>
  compileQuery(query)
    .select(HOSTS)
    .map((h) => h.hostName);
const ALL = HOSTS.map((h) => h.hostName);

/**
 * The ten example queries of §2.1.6. Examples 1–6 carry no query string:
 * 1–3 list every host (depth only changes the representation) and 4–6 fetch
 * /api/hosts/localhost, whose filter is hostName = 'localhost'.
 */
describe('§2.1.6 example queries', () => {
  it.each([
    ['1: all hosts, shallow', ''],
    ['2: all hosts, simple', ''],
    ['3: all hosts, deep', ''],
  ])('%s', (_label, query) => {
    expect(names(query)).toEqual(ALL);
  });

  it.each([
    ['4: localhost, shallow', "hostName = 'localhost'"],
    ['5: localhost, deep', "name = 'localhost'"],
    ['6: localhost, simple', "host = 'localhost'"],
  ])('%s', (_label, query) => {
    expect(names(query)).toEqual(['localhost']);
  });

  it('7: property LIKE with the curly quotes as printed', () => {
    // 'OK' matches with % taking nothing; 'ok - lower case' does not (case-sensitive).
    expect(names('property.LastPluginOutput like ‘OK%’')).toEqual(['cabernet', 'zinfandel']);
  });

  it('8: property range and monitor status, ordered by the property', () => {
    // Numeric, not text: 400 is inside 10..3500 and sorts before 3001.
    expect(
      names("(property.ExecutionTime between 10 and 3500 and (monitorStatus <> 'UP')) order by property.ExecutionTime"),
    ).toEqual(['cabernet', 'merlot', 'pinot']);
  });

  it('9: date functions on lastCheckTime, ordered by it', () => {
    // syrah (-05:00) is earliest in time; grenache is the 22nd on its own clock.
    expect(
      names(
        'day(lastCheckTime) = 22 and month(lastCheckTime) = 5 and minute(lastCheckTime) > 43 order by lastCheckTime',
      ),
    ).toEqual(['syrah', 'localhost', 'malbec', 'grenache']);
  });

  it('10: two numeric property ranges, ordered by one', () => {
    // grenache's ExecutionTime '5' is < 10 only numerically.
    expect(
      names('(property.ExecutionTime < 10 and property.Latency between 800 and 900) order by property.Latency'),
    ).toEqual(['grenache', 'shiraz']);
  });
});
