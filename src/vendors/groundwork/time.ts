/**
 * GroundWork's timestamp spellings: `2016-01-04T23:42:30.468-0700` for attributes,
 * `01/04/2016 11:42:30 PM` inside lastPlugInOutput. The vendor writes both in its server's zone
 * (the JVM's default): its JSON mapper formats dates with `TimeZone.getDefault()`, and the plugin
 * output is a `SimpleDateFormat` given no zone (wang-shun/groundwork-trunk@ea1ca766,
 * enterprise-foundation `collagerest-common/.../ConfiguredObjectMapper.java`,
 * `collagerest-server/.../conversion/HostStatusSupport.java`). So the mock writes them in its own
 * process's zone; a fixture file, which must be the same bytes in any zone, writes them as a server
 * in UTC would (`offsetMinutes: 0`).
 */

import { Memo } from '../../common/memo.js';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export interface ZoneOptions {
  /** The zone's offset from UTC at that instant, in minutes east (-420 for -0700). Default: this process's zone. */
  offsetMinutes?: number;
}

// One Date reused to hold a wall clock: formatting allocates nothing (each call uses it and is done).
const wall = new Date(0);

/** The date's wall-clock fields in the zone, read with the UTC getters. */
function wallClock(date: Date, offsetMinutes: number): Date {
  wall.setTime(date.getTime() + offsetMinutes * 60_000);
  return wall;
}

function offsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

/** `2016-01-04T23:42:30.468-0700`; with `wholeSeconds`, `.000` as the vendor writes service times. */
export function formatTimestamp(date: Date, options: ZoneOptions & { wholeSeconds?: boolean } = {}): string {
  const offset = options.offsetMinutes ?? -date.getTimezoneOffset();
  const d = wallClock(date, offset);
  const ms = options.wholeSeconds ? 0 : d.getUTCMilliseconds();
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(ms, 3)}${offsetText(offset)}`
  );
}

/** `01/04/2016 11:42:30 PM`. */
export function formatPluginTime(date: Date, options: ZoneOptions = {}): string {
  const d = wallClock(date, options.offsetMinutes ?? -date.getTimezoneOffset());
  const hours = d.getUTCHours();
  const day = `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}`;
  const time = `${pad(hours % 12 === 0 ? 12 : hours % 12)}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${day} ${time} ${hours < 12 ? 'AM' : 'PM'}`;
}

/**
 * Spellings made lately, by instant and zone offset: the requests of one second (a feeder's batches
 * arrive many a second) spell the same times, and each spelling is worked out once for all of them,
 * not once a request. The same text object is then what every host and service of those requests
 * holds, rather than a new string each that outlives its request in the state (young-generation
 * garbage that must be copied). Keyed by the instant (milliseconds, or whole seconds for the spellings
 * without milliseconds); the offset is stored beside the text, so a zone that changed (TZ) is
 * spelled afresh. A few dozen are kept, the latest.
 */
class Remembered {
  private readonly texts = new Memo<number, { offset: number; text: string }>(64);

  constructor(
    private readonly unitMs: number,
    private readonly spell: (date: Date, offsetMinutes: number) => string,
  ) {}

  get(date: Date, offsetMinutes: number): string {
    const key = Math.floor(date.getTime() / this.unitMs);
    const known = this.texts.get(key);
    if (known !== undefined && known.offset === offsetMinutes) return known.text;
    return this.texts.set(key, { offset: offsetMinutes, text: this.spell(date, offsetMinutes) }).text;
  }
}

const exactTimestamps = new Remembered(1, (date, offsetMinutes) => formatTimestamp(date, { offsetMinutes }));
const wholeTimestamps = new Remembered(1000, (date, offsetMinutes) =>
  formatTimestamp(date, { offsetMinutes, wholeSeconds: true }),
);
const pluginTimes = new Remembered(1000, (date, offsetMinutes) => formatPluginTime(date, { offsetMinutes }));

/**
 * One instant and its spellings, each worked out on first use (and shared with the other requests
 * of the same second, see Remembered). A Biz request checks every host and service of a batch at the
 * same instant, and the next checks at the same few intervals after it, so a request spells each of
 * them once: spelling them per entity (each time asking the zone for the local time) was a third of
 * what a batch of updates cost. Made per request and never kept, as the zone (TZ) may change between
 * requests: its offset is asked once, when first spelled.
 */
export class Instant {
  private exact?: string;
  private whole?: string;
  private plugin?: string;
  private offset?: number;
  private later?: Map<number, Instant>;

  constructor(readonly date: Date) {}

  private offsetMinutes(): number {
    return (this.offset ??= -this.date.getTimezoneOffset());
  }

  /** formatTimestamp(date). */
  get timestamp(): string {
    return (this.exact ??= exactTimestamps.get(this.date, this.offsetMinutes()));
  }

  /** formatTimestamp(date, { wholeSeconds: true }). */
  get wholeSeconds(): string {
    return (this.whole ??= wholeTimestamps.get(this.date, this.offsetMinutes()));
  }

  /** formatPluginTime(date). */
  get pluginTime(): string {
    return (this.plugin ??= pluginTimes.get(this.date, this.offsetMinutes()));
  }

  /** The instant `minutes` later (a next check), the same object for the same interval. */
  minutesLater(minutes: number): Instant {
    this.later ??= new Map();
    let later = this.later.get(minutes);
    if (later === undefined)
      this.later.set(minutes, (later = new Instant(new Date(this.date.getTime() + minutes * 60_000))));
    return later;
  }
}

/** What the vendor prints for an entity that has never been checked (§30.1.6, §30.2.6). */
export const NEVER_CHECKED = '01/01/1970 12:00:00 AM';

/** Messages longer than this are not remembered (a message may be 16 KB). */
const REMEMBERED_MESSAGE_LENGTH = 256;
/** The plugin outputs made lately, by next check then message, all with the same last check. */
const outputs = new Memo<string, Memo<string, string>>(16);
let outputsLastCheck: string | undefined;

/**
 * `-1^^^-1^^^-1^^^<last check>^^^<message>^^^<next check>`, the shape of every example: a PENDING
 * entity has not been checked, so its last check is NEVER_CHECKED and its next check `NA`; services
 * always print `NA` for the next check, hosts the next check time. The texts of the latest last
 * check are remembered, so the hosts and services a second's requests update with the same message
 * hold one text (see Remembered).
 */
export function pluginOutput(opts: {
  status: string;
  message: string;
  lastCheck: Instant;
  nextCheck?: Instant;
}): string {
  const pending = opts.status === 'PENDING';
  const last = pending ? NEVER_CHECKED : opts.lastCheck.pluginTime;
  const next = pending || !opts.nextCheck ? 'NA' : opts.nextCheck.pluginTime;
  const { message } = opts;
  if (message.length > REMEMBERED_MESSAGE_LENGTH) return outputText(last, message, next);
  if (last !== outputsLastCheck) {
    outputs.clear();
    outputsLastCheck = last;
  }
  const byMessage = outputs.get(next) ?? outputs.set(next, new Memo(256));
  return byMessage.get(message) ?? byMessage.set(message, outputText(last, message, next));
}

const outputText = (last: string, message: string, next: string): string =>
  `-1^^^-1^^^-1^^^${last}^^^${message}^^^${next}`;
