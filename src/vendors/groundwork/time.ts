/**
 * GroundWork's timestamp spellings, written in the server's local offset as the vendor does:
 * `2016-01-04T23:42:30.468-0700` for attributes, `01/04/2016 11:42:30 PM` inside lastPlugInOutput.
 */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function offset(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

/** `2016-01-04T23:42:30.468-0700`; with `wholeSeconds`, `.000` as the vendor writes service times. */
export function formatTimestamp(date: Date, wholeSeconds = false): string {
  const ms = wholeSeconds ? 0 : date.getMilliseconds();
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(ms, 3)}${offset(date)}`
  );
}

/** `01/04/2016 11:42:30 PM`. */
export function formatPluginTime(date: Date): string {
  const hours12 = date.getHours() % 12 === 0 ? 12 : date.getHours() % 12;
  const meridiem = date.getHours() < 12 ? 'AM' : 'PM';
  const day = `${pad(date.getMonth() + 1)}/${pad(date.getDate())}/${date.getFullYear()}`;
  return `${day} ${pad(hours12)}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ${meridiem}`;
}

/**
 * One instant and its spellings, each worked out on first use. A Biz request checks every host and
 * service of a batch at the same instant, and the next checks at the same few intervals after it,
 * so a request spells each of them once: spelling them per entity (each time asking the zone for
 * the local time) was a third of what a batch of updates cost. Made per request and never kept,
 * as the zone (TZ) may change between requests.
 */
export class Instant {
  private exact?: string;
  private whole?: string;
  private plugin?: string;
  private later?: Map<number, Instant>;

  constructor(readonly date: Date) {}

  /** formatTimestamp(date). */
  get timestamp(): string {
    return (this.exact ??= formatTimestamp(this.date));
  }

  /** formatTimestamp(date, true). */
  get wholeSeconds(): string {
    return (this.whole ??= formatTimestamp(this.date, true));
  }

  /** formatPluginTime(date). */
  get pluginTime(): string {
    return (this.plugin ??= formatPluginTime(this.date));
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

/**
 * `-1^^^-1^^^-1^^^<last check>^^^<message>^^^<next check>`, the shape of every example: a PENDING
 * entity has not been checked, so its last check is NEVER_CHECKED and its next check `NA`; services
 * always print `NA` for the next check, hosts the next check time.
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
  return `-1^^^-1^^^-1^^^${last}^^^${opts.message}^^^${next}`;
}
