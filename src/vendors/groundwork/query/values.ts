import type { PropertyValue } from './host.js';

export type Scalar = PropertyValue;

// Applied to stored values, never to query text; anchored with no nested
// quantifiers, so it runs in linear time.
const NUMERIC = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** Numbers, and strings that spell one: GroundWork stores most property values as text. */
export function asNumber(value: Scalar | null): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && NUMERIC.test(value)) return Number(value);
  return null;
}

export function asBoolean(value: Scalar): boolean | null {
  if (typeof value === 'boolean') return value;
  const lower = value.toString().toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : null;
}

export function asText(value: Scalar): string {
  return typeof value === 'string' ? value : String(value);
}

/** Code-unit order, i.e. case-sensitive like PostgreSQL's C collation. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Comparison for values whose type is only known per row (dynamic
 * properties): numeric when both sides are numeric, boolean when one side is
 * a real boolean and the other reads as one, otherwise text.
 */
export function compareLoose(a: Scalar, b: Scalar): number {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== null && nb !== null) return compareNumbers(na, nb);
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    const ba = asBoolean(a);
    const bb = asBoolean(b);
    if (ba !== null && bb !== null) return Number(ba) - Number(bb);
  }
  return compareText(asText(a), asText(b));
}

/**
 * A total order for sorting mixed values (compareLoose is not transitive
 * across numbers and text): numbers first, numerically, then booleans, then
 * text.
 */
export function compareForSort(a: Scalar, b: Scalar): number {
  const ra = sortRank(a);
  const rb = sortRank(b);
  if (ra !== rb) return ra - rb;
  // Rank 0 is a number: the fallbacks only satisfy the type.
  if (ra === 0) return compareNumbers(asNumber(a) ?? 0, asNumber(b) ?? 0);
  if (ra === 1) return Number(a) - Number(b);
  return compareText(asText(a), asText(b));
}

function sortRank(value: Scalar): number {
  if (asNumber(value) !== null) return 0;
  return typeof value === 'boolean' ? 1 : 2;
}

/** Wall-clock parts are as written, i.e. in the timestamp's own UTC offset. */
export interface Timestamp {
  epochMs: number;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

// Stored-value format check, anchored and linear like NUMERIC above.
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses GroundWork's timestamp spellings (`2016-01-04T23:42:30.468-0700`,
 * `2013-05-22T09:44:56-07:00`, ISO `Z`) plus date-only and space-separated
 * forms. A timestamp without an offset is taken as UTC.
 */
export function parseTimestamp(text: string): Timestamp | null {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hour = Number(m[4] ?? 0);
  const minute = Number(m[5] ?? 0);
  const second = Number(m[6] ?? 0);
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 60) return null;
  const wallClock = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  return { epochMs: wallClock - offsetMinutes(m[8]) * 60_000, year, month, day, hour, minute };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  return zone.startsWith('-') ? -minutes : minutes;
}
