import { describe, expect, it } from 'vitest';
import { compileQuery, parseTimestamp, type QueryHost } from '../../../src/vendors/groundwork/query/index.js';
import { HOSTS } from './fixtures.js';

const names = (query: string, hosts: QueryHost[] = HOSTS) =>
  compileQuery(query)
    .select(hosts)
    .map((h) => h.hostName);

/** Hosts built only for one assertion: id order is input order. */
function hosts(...specs: Array<Partial<QueryHost> & { hostName: string }>): QueryHost[] {
  return specs.map((spec, i) => ({ id: i + 1, ...spec }));
}

describe('comparison operators', () => {
  const numbered = hosts({ hostName: 'one', agentId: 'b' }, { hostName: 'two', agentId: 'c' }, { hostName: 'three' });
  it.each([
    ['id = 2', ['two']],
    ['id <> 2', ['one', 'three']],
    ['id != 2', ['one', 'three']],
    ['id < 2', ['one']],
    ['id <= 2', ['one', 'two']],
    ['id > 2', ['three']],
    ['id >= 2', ['two', 'three']],
    ['2 < id', ['three']],
    ["agentId > 'b'", ['two']],
    ["agentId <> 'b'", ['two']],
  ])('%s', (query, expected) => {
    expect(names(query, numbered)).toEqual(expected);
  });

  it('compares text exactly and case-sensitively', () => {
    const hs = hosts({ hostName: 'Alpha' }, { hostName: 'alpha' }, { hostName: 'beta' });
    expect(names("hostName = 'alpha'", hs)).toEqual(['alpha']);
    expect(names("hostName < 'a'", hs)).toEqual(['Alpha']);
  });

  it('compares a number literal with a text field as written', () => {
    const hs = hosts({ hostName: '10' }, { hostName: '10.0' });
    expect(names('hostName = 10.0', hs)).toEqual(['10.0']);
  });
});

describe('like', () => {
  it('matches with % and _ case-sensitively', () => {
    expect(names("hostName like 'm%'")).toEqual(['malbec', 'merlot']);
    expect(names("hostName like '_erlot'")).toEqual(['merlot']);
    expect(names("hostName like 'M%'")).toEqual([]);
    expect(names("hostName not like '%e%'")).toEqual(['localhost', 'syrah', 'pinot', 'shiraz']);
  });

  it('is unknown, hence false, for a missing value, with or without not', () => {
    expect(names("property.LastPluginOutput like '%'")).toEqual([
      'syrah',
      'cabernet',
      'merlot',
      'zinfandel',
      'grenache',
    ]);
    expect(names("property.LastPluginOutput not like 'OK%'")).toEqual(['syrah', 'merlot', 'grenache']);
  });

  it('matches the text form of numbers and any host group', () => {
    expect(names("id like '2_'")).toEqual([
      'syrah',
      'cabernet',
      'merlot',
      'pinot',
      'riesling',
      'zinfandel',
      'grenache',
      'shiraz',
      'barbera',
    ]);
    expect(names("property.ExecutionTime like '4%'")).toEqual(['merlot', 'riesling']);
    expect(names("hostGroup like 'Linux%'")).toEqual(['localhost', 'malbec', 'zinfandel']);
  });
});

describe('between, in, is null', () => {
  it('between is inclusive and not between is its complement among known values', () => {
    expect(names('id between 19 and 21')).toEqual(['malbec', 'syrah', 'cabernet']);
    expect(names('id not between 2 and 27')).toEqual(['localhost', 'barbera']);
    expect(names('property.ExecutionTime not between 6 and 4000')).toEqual(['syrah', 'grenache']);
  });

  it('in and not in', () => {
    expect(names("hostName in ('malbec', 'pinot', 'nonesuch')")).toEqual(['malbec', 'pinot']);
    expect(names("monitorStatus not in ('UP', 'DOWN')")).toEqual(['cabernet']);
    expect(names('property.ExecutionTime in (6, 400)')).toEqual(['localhost', 'merlot', 'barbera']);
  });

  it('is null covers missing fields, missing properties and hosts in no group', () => {
    expect(names('lastCheckTime is null')).toEqual(['riesling', 'zinfandel', 'shiraz', 'barbera']);
    expect(names('property.Latency is not null')).toEqual(['pinot', 'grenache', 'shiraz', 'barbera']);
    expect(names('hostGroup is null')).toEqual(['merlot', 'riesling']);
    expect(names('description is null and id < 22')).toEqual(['cabernet']);
  });
});

describe('null semantics', () => {
  it('a missing value makes a comparison unknown, and not(unknown) is still unknown', () => {
    expect(names('property.Latency > 0')).toEqual(['pinot', 'grenache', 'shiraz', 'barbera']);
    expect(names('not property.Latency > 0')).toEqual([]);
    expect(names('property.Latency <> 850')).toEqual(['grenache', 'shiraz', 'barbera']);
  });

  it('or with unknown is true when the other side is true', () => {
    expect(names("property.Latency > 0 or hostName = 'localhost'")).toEqual([
      'localhost',
      'pinot',
      'grenache',
      'shiraz',
      'barbera',
    ]);
    expect(names("not (property.Latency > 0 and hostName = 'localhost')")).toEqual(
      names("hostName <> 'localhost'").filter((n) => n !== 'localhost'),
    );
  });
});

describe('boolean structure', () => {
  it('evaluates a or b and c as a or (b and c)', () => {
    const query = "hostName = 'localhost' or monitorStatus = 'DOWN' and hostName like 'p%'";
    expect(names(query)).toEqual(['localhost', 'pinot']);
    const grouped = "(hostName = 'localhost' or monitorStatus = 'DOWN') and hostName like 'p%'";
    expect(names(grouped)).toEqual(['pinot']);
  });

  it('not and parentheses', () => {
    expect(names("not monitorStatus = 'UP'")).toEqual(['cabernet', 'merlot', 'pinot', 'riesling', 'grenache']);
    expect(names("not (monitorStatus = 'UP' or monitorStatus = 'DOWN')")).toEqual(['cabernet']);
    expect(names("not not hostName = 'malbec'")).toEqual(['malbec']);
  });

  it('an empty query matches everything in input order', () => {
    expect(names('')).toEqual(HOSTS.map((h) => h.hostName));
  });
});

describe('property typing', () => {
  const hs = hosts(
    { hostName: 'nine', properties: { n: '9' } },
    { hostName: 'ten', properties: { n: '10' } },
    { hostName: 'ten-number', properties: { n: 10 } },
    { hostName: 'word', properties: { n: 'abc' } },
    { hostName: 'flag-true', properties: { n: true } },
  );

  it('compares numerically when both the value and the literal are numeric', () => {
    expect(names('property.n < 10', hs)).toEqual(['nine']);
    expect(names("property.n < '10'", hs)).toEqual(['nine']);
    expect(names("property.n > '9'", hs)).toEqual(['ten', 'ten-number', 'word', 'flag-true']);
    expect(names('property.n = 10.0', hs)).toEqual(['ten', 'ten-number']);
  });

  it('falls back to text when either side is not numeric', () => {
    expect(names("property.n = 'abc'", hs)).toEqual(['word']);
    // Text order: 'abc' and 'true' sort after 'a'; the digits sort before it.
    expect(names("property.n > 'a'", hs)).toEqual(['word', 'flag-true']);
    expect(names("property.n > '9'", hs)).toContain('word');
    expect(names("property.n = '10.0'", hs)).toEqual(['ten', 'ten-number']);
  });

  it('compares booleans with boolean literals, accepting the text forms', () => {
    expect(names('property.isAcknowledged = true')).toEqual(['shiraz']);
    expect(names('property.isAcknowledged = false')).toEqual(['barbera']);
    expect(names('property.n = true', hs)).toEqual(['flag-true']);
  });
});

describe('date functions and timestamps', () => {
  it('extracts parts in the timestamp’s own offset', () => {
    expect(parseTimestamp('2016-01-04T23:42:30.468-0700')).toEqual({
      epochMs: Date.UTC(2016, 0, 5, 6, 42, 30, 468),
      year: 2016,
      month: 1,
      day: 4,
      hour: 23,
      minute: 42,
    });
    expect(parseTimestamp('2013-05-22T09:44:56-07:00')?.epochMs).toBe(Date.UTC(2013, 4, 22, 16, 44, 56));
    expect(parseTimestamp('2013-05-22')?.epochMs).toBe(Date.UTC(2013, 4, 22));
    expect(parseTimestamp('2013-02-30T00:00:00Z')).toBeNull();
    expect(parseTimestamp('yesterday')).toBeNull();
  });

  it.each([
    ['year(lastCheckTime) = 2013', ['localhost', 'malbec', 'syrah', 'cabernet', 'merlot', 'pinot', 'grenache']],
    ['month(lastCheckTime) = 6', ['pinot']],
    ['day(lastCheckTime) = 23', ['merlot']],
    ['hour(lastCheckTime) = 23', ['grenache']],
    ['minute(lastCheckTime) = 45', ['malbec']],
    ["minute(lastCheckTime) between '44' and 50", ['localhost', 'malbec', 'syrah', 'merlot', 'grenache']],
  ])('%s', (query, expected) => {
    expect(names(query)).toEqual(expected);
  });

  it('compares lastCheckTime with a timestamp literal as an instant, not as text', () => {
    // syrah's text (09:50-05:00) sorts after localhost's but is earlier in time.
    expect(names("lastCheckTime < '2013-05-22T09:44:56-07:00'")).toEqual(['syrah', 'cabernet']);
    expect(names("lastCheckTime = '2013-05-22 16:44:56'")).toEqual(['localhost']);
    expect(names("lastCheckTime >= '2013-05-23'")).toEqual(['merlot', 'pinot', 'grenache']);
  });

  it('applies date functions to timestamp properties, unknown when not a timestamp', () => {
    const hs = hosts(
      { hostName: 'stamped', properties: { LastStateChange: '2015-03-01T10:00:00Z' } },
      { hostName: 'garbled', properties: { LastStateChange: 'soon' } },
    );
    expect(names('year(property.LastStateChange) = 2015', hs)).toEqual(['stamped']);
    expect(names('year(property.LastStateChange) is null', hs)).toEqual(['garbled']);
  });
});

describe('host groups', () => {
  it('= and <> test membership; hosts in no group match neither', () => {
    expect(names("hostGroup = 'Wine Cellar'")).toEqual([
      'malbec',
      'syrah',
      'cabernet',
      'pinot',
      'grenache',
      'shiraz',
      'barbera',
    ]);
    expect(names("hostGroup <> 'Wine Cellar'")).toEqual(['localhost', 'zinfandel']);
    expect(names("hostGroup in ('Linux Servers', 'Nowhere')")).toEqual(['localhost', 'malbec', 'zinfandel']);
    expect(names("hostGroup not in ('Wine Cellar')")).toEqual(['localhost', 'zinfandel']);
  });
});

describe('order by', () => {
  it('sorts ascending and descending', () => {
    expect(names("hostGroup = 'Linux Servers' order by hostName")).toEqual(['localhost', 'malbec', 'zinfandel']);
    expect(names("hostGroup = 'Linux Servers' order by hostName desc")).toEqual(['zinfandel', 'malbec', 'localhost']);
  });

  it('sorts by several keys', () => {
    expect(names('id < 25 order by monitorStatus desc, hostName asc')).toEqual([
      'localhost',
      'malbec',
      'syrah',
      'cabernet',
      'merlot',
      'pinot',
      'riesling',
    ]);
    expect(names('id < 25 order by monitorStatus, id desc')).toEqual([
      'riesling',
      'pinot',
      'merlot',
      'cabernet',
      'syrah',
      'malbec',
      'localhost',
    ]);
  });

  it('puts missing values last in both directions', () => {
    expect(names('order by property.Latency')).toEqual([
      'grenache',
      'pinot',
      'shiraz',
      'barbera',
      'localhost',
      'malbec',
      'syrah',
      'cabernet',
      'merlot',
      'riesling',
      'zinfandel',
    ]);
    expect(names('order by property.Latency desc').slice(0, 5)).toEqual([
      'barbera',
      'shiraz',
      'pinot',
      'grenache',
      'localhost',
    ]);
    expect(names('order by lastCheckTime desc').slice(-4)).toEqual(['riesling', 'zinfandel', 'shiraz', 'barbera']);
  });

  it('sorts numeric property values numerically, whether stored as text or numbers', () => {
    expect(names('order by property.ExecutionTime')).toEqual([
      'syrah',
      'grenache',
      'localhost',
      'barbera',
      'shiraz',
      'cabernet',
      'zinfandel',
      'merlot',
      'pinot',
      'riesling',
      'malbec',
    ]);
  });

  it('sorts lastCheckTime by instant and by date function', () => {
    expect(names('lastCheckTime is not null order by lastCheckTime')).toEqual([
      'syrah',
      'cabernet',
      'localhost',
      'malbec',
      'grenache',
      'merlot',
      'pinot',
    ]);
    expect(names('lastCheckTime is not null order by minute(lastCheckTime) desc, hostName')).toEqual([
      'pinot',
      'grenache',
      'merlot',
      'syrah',
      'malbec',
      'localhost',
      'cabernet',
    ]);
  });

  it('exposes keys and a comparator that agree with select', () => {
    const q = compileQuery('id > 20 order by property.ExecutionTime desc');
    expect(q.orderBy.map((o) => [o.field, o.descending])).toEqual([['property.ExecutionTime', true]]);
    expect(q.orderBy[0]?.key(HOSTS[0]!)).toBe('6');
    const viaComparator = HOSTS.filter((h) => q.predicate(h))
      .sort((a, b) => q.compare(a, b))
      .map((h) => h.hostName);
    expect(viaComparator).toEqual(q.select(HOSTS).map((h) => h.hostName));
    expect(compileQuery('order by lastCheckTime').orderBy[0]?.key(HOSTS[0]!)).toBe(Date.UTC(2013, 4, 22, 16, 44, 56));
  });
});
