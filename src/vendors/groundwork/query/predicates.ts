import type { ComparisonOperator, Position } from './ast.js';
import { compileLike } from './like.js';
import { typeError, type GroupsTerm, type Read, type ScalarTerm, type Term } from './terms.js';
import type { QueryRow } from './host.js';
import {
  asNumber,
  asText,
  compareForSort,
  compareLoose,
  compareNumbers,
  compareText,
  parseTimestamp,
  type Scalar,
} from './values.js';

/** SQL three-valued logic: null is UNKNOWN, which a WHERE clause treats as false. */
export type Pred = (row: QueryRow) => boolean | null;

const ACCEPT: Record<ComparisonOperator, (order: number) => boolean> = {
  '=': (c) => c === 0,
  '<>': (c) => c !== 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

/**
 * The comparison domain is chosen once, from the static kinds of both sides:
 * a timestamp field makes it a date comparison, a text field a text one, a
 * numeric field a numeric one; only properties and literals are typed per row.
 */
export function compileComparison(op: ComparisonOperator, left: Term, right: Term, at: Position): Pred {
  if (left.kind === 'groups') return membership(op, left, right, at);
  if (right.kind === 'groups') return membership(op, right, left, at);
  const accept = ACCEPT[op];
  const kinds = [left.kind, right.kind];
  if (kinds.includes('date')) {
    return binary(dateSide(left, right, at), dateSide(right, left, at), compareNumbers, accept);
  }
  if (kinds.includes('string')) return binary(textSide(left), textSide(right), compareText, accept);
  if (kinds.includes('number')) {
    return binary(numberSide(left, right), numberSide(right, left), compareNumbers, accept);
  }
  return binary(left.read, right.read, compareLoose, accept);
}

function binary<T>(
  left: Read<T>,
  right: Read<T>,
  order: (a: T, b: T) => number,
  accept: (order: number) => boolean,
): Pred {
  return (row) => {
    const a = left(row);
    if (a === null) return null;
    const b = right(row);
    if (b === null) return null;
    return accept(order(a, b));
  };
}

function dateSide(term: ScalarTerm, other: ScalarTerm, at: Position): Read<number> {
  if (term.kind === 'literal') {
    const value = term.literal.value;
    const ts = typeof value === 'string' ? parseTimestamp(value) : null;
    if (!ts) {
      throw typeError(
        `${other.label} is a timestamp; compare it with one such as '2013-05-22T09:44:56-07:00' ` +
          `(or use year(), month(), day(), hour(), minute()), not ${term.label}`,
        term.literal.at,
      );
    }
    return () => ts.epochMs;
  }
  if (term.kind === 'number') throw typeError(`cannot compare ${other.label} with ${term.label}`, at);
  const read = term.read;
  return (row) => {
    const value = read(row);
    return typeof value === 'string' ? (parseTimestamp(value)?.epochMs ?? null) : null;
  };
}

function numberSide(term: ScalarTerm, other: ScalarTerm): Read<number> {
  if (term.kind === 'literal') {
    const n = asNumber(term.literal.value);
    if (n === null) throw typeError(`${other.label} is numeric; ${term.label} is not a number`, term.literal.at);
    return () => n;
  }
  const read = term.read;
  return (row) => asNumber(read(row));
}

/** Number literals keep their spelling, so `hostName = 10.0` looks for "10.0". */
function textSide(term: Term): Read<string> {
  if (term.kind === 'literal') {
    const text = term.literal.text;
    return () => text;
  }
  const read = term.read as Read<Scalar>;
  return (row) => {
    const value = read(row);
    return value === null ? null : asText(value);
  };
}

/**
 * `hostGroup = 'x'` asks whether the host is a member of x and `<>` whether
 * it is not. A host in no group reads as NULL, as it would through the SQL
 * join, so neither form matches it; use `hostGroup is null` for those.
 */
function membership(op: ComparisonOperator, groups: GroupsTerm, other: Term, at: Position): Pred {
  if (other.kind === 'groups') throw typeError('hostGroup cannot be compared with hostGroup', at);
  if (op !== '=' && op !== '<>') {
    throw typeError(`hostGroup can only be used with =, <>, in, like and is null, not ${op}`, at);
  }
  const name = textSide(other);
  const wantMember = op === '=';
  return (row) => {
    const names = groups.read(row);
    if (names.length === 0) return null;
    const wanted = name(row);
    if (wanted === null) return null;
    return names.includes(wanted) === wantMember;
  };
}

/** LIKE on a non-text field matches its text form; on hostGroup, any group. */
export function compileLikeTest(term: Term, pattern: string): Pred {
  const match = compileLike(pattern);
  if (term.kind === 'groups') {
    return (row) => {
      const names = term.read(row);
      return names.length === 0 ? null : names.some(match);
    };
  }
  const text = textSide(term);
  return (row) => {
    const value = text(row);
    return value === null ? null : match(value);
  };
}

export function compileIsNull(term: Term): (row: QueryRow) => boolean {
  if (term.kind === 'groups') return (row) => term.read(row).length === 0;
  const read = term.read;
  return (row) => read(row) === null;
}

export interface SortKey {
  key: (row: QueryRow) => unknown;
  order: (a: unknown, b: unknown) => number;
}

/** Keys are normalised so `order` never re-parses: timestamps become epoch milliseconds. */
export function compileSortKey(term: Term, at: Position): SortKey {
  switch (term.kind) {
    case 'groups':
      throw typeError('cannot order by hostGroup: a host can be in several groups', at);
    case 'date': {
      const read = term.read;
      return {
        key: (row) => {
          const value = read(row);
          return typeof value === 'string' ? (parseTimestamp(value)?.epochMs ?? null) : null;
        },
        order: (a, b) => compareNumbers(a as number, b as number),
      };
    }
    case 'number':
      return { key: numberSide(term, term), order: (a, b) => compareNumbers(a as number, b as number) };
    case 'string':
      return { key: textSide(term), order: (a, b) => compareText(a as string, b as string) };
    default:
      return { key: term.read, order: (a, b) => compareForSort(a as Scalar, b as Scalar) };
  }
}
