// GroundWork spells a time in its server's zone (src/vendors/groundwork/time.ts): the one pair of
// functions the mock's handlers and the fixture generator both use.
import { afterEach, describe, expect, it } from 'vitest';
import { formatPluginTime, formatTimestamp, Instant, pluginOutput } from '../../src/vendors/groundwork/time.js';

// The vendor's own example (specs/groundwork.yaml): 2016-01-04T23:42:30.468-0700.
const EXAMPLE = new Date('2016-01-05T06:42:30.468Z');

describe('GroundWork time spellings', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    // Files share a worker's process: put its zone back.
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it("writes the vendor's example in its zone, to the millisecond or whole seconds", () => {
    expect(formatTimestamp(EXAMPLE, { offsetMinutes: -420 })).toBe('2016-01-04T23:42:30.468-0700');
    expect(formatTimestamp(EXAMPLE, { offsetMinutes: -420, wholeSeconds: true })).toBe('2016-01-04T23:42:30.000-0700');
    expect(formatPluginTime(EXAMPLE, { offsetMinutes: -420 })).toBe('01/04/2016 11:42:30 PM');
  });

  it('spells the offset with its sign and minutes, and the date and hour of that zone', () => {
    expect(formatTimestamp(EXAMPLE, { offsetMinutes: 0 })).toBe('2016-01-05T06:42:30.468+0000');
    expect(formatTimestamp(EXAMPLE, { offsetMinutes: 345 })).toBe('2016-01-05T12:27:30.468+0545');
    expect(formatTimestamp(EXAMPLE, { offsetMinutes: -210 })).toBe('2016-01-05T03:12:30.468-0330');
    expect(formatTimestamp(new Date('2016-01-01T00:00:05.007Z'), { offsetMinutes: -60 })).toBe(
      '2015-12-31T23:00:05.007-0100',
    );
  });

  it('writes the plugin time on a 12-hour clock: midnight and noon are 12', () => {
    const utc = { offsetMinutes: 0 };
    expect(formatPluginTime(new Date('2016-01-04T00:05:09Z'), utc)).toBe('01/04/2016 12:05:09 AM');
    expect(formatPluginTime(new Date('2016-01-04T12:05:09Z'), utc)).toBe('01/04/2016 12:05:09 PM');
    expect(formatPluginTime(new Date('2016-11-30T09:59:59Z'), utc)).toBe('11/30/2016 09:59:59 AM');
  });

  it("uses the process's zone when none is given, as the vendor uses its server's", () => {
    process.env.TZ = 'America/Denver';
    expect(formatTimestamp(EXAMPLE)).toBe('2016-01-04T23:42:30.468-0700');
    expect(formatPluginTime(EXAMPLE)).toBe('01/04/2016 11:42:30 PM');
    // Summer time: the offset of the instant, not of the year's start.
    expect(formatTimestamp(new Date('2016-07-04T06:42:30.468Z'))).toBe('2016-07-04T00:42:30.468-0600');
    process.env.TZ = 'Asia/Kathmandu';
    expect(formatTimestamp(EXAMPLE)).toBe('2016-01-05T12:27:30.468+0545');
  });

  it('spells an instant in the zone of the moment it is spelled, though the same instant was spelled in another zone', () => {
    // Spellings are remembered by instant across requests (time.ts, Remembered): the zone is part of the key.
    const spelledIn = (zone: string) => {
      process.env.TZ = zone;
      const at = new Instant(new Date(EXAMPLE));
      return { at, spellings: [at.timestamp, at.wholeSeconds, at.pluginTime] };
    };
    expect(spelledIn('America/Denver').spellings).toEqual([
      '2016-01-04T23:42:30.468-0700',
      '2016-01-04T23:42:30.000-0700',
      '01/04/2016 11:42:30 PM',
    ]);
    const { at: kathmandu, spellings } = spelledIn('Asia/Kathmandu');
    expect(spellings).toEqual([
      '2016-01-05T12:27:30.468+0545',
      '2016-01-05T12:27:30.000+0545',
      '01/05/2016 12:27:30 PM',
    ]);
    expect(
      pluginOutput({ status: 'UP', message: 'ok', lastCheck: kathmandu, nextCheck: kathmandu.minutesLater(5) }),
    ).toBe('-1^^^-1^^^-1^^^01/05/2016 12:27:30 PM^^^ok^^^01/05/2016 12:32:30 PM');
  });

  it('spells each millisecond of a second to the millisecond, and the second alike', () => {
    const utc = { offsetMinutes: 0 };
    process.env.TZ = 'UTC';
    for (const ms of [0, 1, 468, 999]) {
      const date = new Date(Date.UTC(2016, 0, 5, 6, 42, 30, ms));
      const instant = new Instant(date);
      expect(instant.timestamp).toBe(formatTimestamp(date, utc));
      expect(instant.wholeSeconds).toBe('2016-01-05T06:42:30.000+0000');
      expect(pluginOutput({ status: 'OK', message: `m${ms}`, lastCheck: instant })).toBe(
        `-1^^^-1^^^-1^^^01/05/2016 06:42:30 AM^^^m${ms}^^^NA`,
      );
    }
    expect(pluginOutput({ status: 'PENDING', message: 'm', lastCheck: new Instant(new Date(0)) })).toBe(
      '-1^^^-1^^^-1^^^01/01/1970 12:00:00 AM^^^m^^^NA',
    );
  });
});
