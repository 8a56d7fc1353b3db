/* eslint-disable @typescript-eslint/no-non-null-assertion -- index arithmetic (typed arrays, a heap, a merge)
   kept in bounds by each loop's condition: a guard would be a dead branch in the query's hot path. */
import type { Condition, QueryAst } from './ast.js';
import { HOST_FIELDS, type FieldCatalogue } from './fields.js';
import type { QueryHost, QueryRow } from './host.js';
import { compileComparison, compileIsNull, compileLikeTest, compileSortKey, type Pred } from './predicates.js';
import { compileOperand } from './terms.js';

export interface OrderKey<R extends QueryRow = QueryHost> {
  /** Canonical name of the sort field, e.g. `property.ExecutionTime`. */
  field: string;
  descending: boolean;
  /** Normalised sort value (timestamps as epoch ms); null when missing. */
  key(row: R): unknown;
}

/** A query over rows of type R: hosts (the default) or services, by the catalogue it was compiled with. */
export interface CompiledQuery<R extends QueryRow = QueryHost> {
  /** True when the row satisfies the WHERE clause (UNKNOWN counts as false). */
  predicate(row: R): boolean;
  orderBy: Array<OrderKey<R>>;
  /** Array.prototype.sort comparator for `orderBy`; 0 keeps input order (sort is stable). */
  compare(a: R, b: R): number;
  /** Filter then sort, evaluating each sort key once per row. */
  select<T extends R>(rows: Iterable<T>): T[];
  /**
   * Sorts rows that already match by `orderBy` and keeps the first `limit`: exactly the first
   * `limit` of what `select` would return for them, without putting the rest in order.
   */
  sortTop<T extends R>(rows: readonly T[], limit: number): T[];
}

/**
 * Resolves fields (from the catalogue: host fields by default) and picks comparison semantics
 * once, producing closures; rows never see the AST. Throws QueryFieldError / QueryTypeError.
 */
export function compile(ast: QueryAst): CompiledQuery;
export function compile<R extends QueryRow>(ast: QueryAst, fields: FieldCatalogue<R>): CompiledQuery<R>;
export function compile(ast: QueryAst, fields: FieldCatalogue = HOST_FIELDS): CompiledQuery<QueryRow> {
  const where = ast.where ? compileCondition(ast.where, fields) : () => true;
  const predicate = (row: QueryRow): boolean => where(row) === true;

  const keys = ast.orderBy.map((term) => {
    const operand = compileOperand(term.key, fields);
    const sortKey = compileSortKey(operand, term.key.at);
    return { ...sortKey, field: operand.label, descending: term.descending };
  });

  // Missing values sort last in both directions, so "desc" never floods the
  // top of a listing with hosts that lack the field.
  const compareKeys = (ka: unknown[], kb: unknown[]): number => {
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const a = ka[i] ?? null;
      const b = kb[i] ?? null;
      if (a === null || b === null) {
        if (a !== b) return a === null ? 1 : -1;
        continue;
      }
      const c = k.order(a, b);
      if (c !== 0) return k.descending ? -c : c;
    }
    return 0;
  };
  // A compiled query is kept and run request after request (hosts.ts), so a sort makes no
  // closures of its own: the keys are read in a loop, and one comparator serves every sort.
  const keysOf = (row: QueryRow): unknown[] => {
    const values = new Array<unknown>(keys.length);
    for (let i = 0; i < keys.length; i++) values[i] = keys[i]!.key(row);
    return values;
  };
  // The input index breaks ties, which is what keeps the order stable, whole or partial.
  const before = (x: SortRow<QueryRow>, y: SortRow<QueryRow>): number =>
    compareKeys(x.sortKeys, y.sortKeys) || x.index - y.index;

  const sortTop = <T extends QueryRow>(rows: readonly T[], limit: number): T[] => {
    if (keys.length === 0) return rows.slice(0, limit);
    const sorting = new Array<SortRow<T>>(rows.length);
    for (let index = 0; index < rows.length; index++)
      sorting[index] = { row: rows[index]!, index, sortKeys: keysOf(rows[index]!) };
    const top = limit * 4 >= sorting.length ? sorting.sort(before).slice(0, limit) : topRows(sorting, limit, before);
    return top.map((x) => x.row);
  };

  return {
    predicate,
    orderBy: keys.map(({ field, descending, key }) => ({ field, descending, key })),
    compare: (a, b) => compareKeys(keysOf(a), keysOf(b)),
    select: (rows) => sortTop([...rows].filter(predicate), Infinity),
    sortTop,
  };
}

interface SortRow<T> {
  row: T;
  index: number;
  sortKeys: unknown[];
}

/**
 * The `limit` smallest rows under `before` (a total order), in order: a bounded max-heap, so a
 * page of 100 out of 100,000 matches costs n·log(100) comparisons instead of a full sort.
 */
function topRows<T>(rows: T[], limit: number, before: (a: T, b: T) => number): T[] {
  if (limit <= 0) return [];
  const heap: T[] = [];
  const siftDown = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let largest = i;
      if (l < heap.length && before(heap[l]!, heap[largest]!) > 0) largest = l;
      if (r < heap.length && before(heap[r]!, heap[largest]!) > 0) largest = r;
      if (largest === i) return;
      [heap[i], heap[largest]] = [heap[largest]!, heap[i]!];
      i = largest;
    }
  };
  for (const row of rows) {
    if (heap.length < limit) {
      heap.push(row);
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (before(heap[i]!, heap[parent]!) <= 0) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (before(row, heap[0]!) < 0) {
      heap[0] = row;
      siftDown(0);
    }
  }
  return heap.sort(before);
}

function compileCondition(c: Condition, fields: FieldCatalogue): Pred {
  const operand = (o: Parameters<typeof compileOperand>[0]) => compileOperand(o, fields);
  switch (c.type) {
    case 'and':
      return and(compileCondition(c.left, fields), compileCondition(c.right, fields));
    case 'or':
      return or(compileCondition(c.left, fields), compileCondition(c.right, fields));
    case 'not':
      return not(compileCondition(c.operand, fields));
    case 'compare':
      return compileComparison(c.op, operand(c.left), operand(c.right), c.at);
    case 'like':
      return negate(c.negated, compileLikeTest(operand(c.operand), c.pattern));
    case 'between': {
      const left = operand(c.operand);
      const inRange = and(
        compileComparison('>=', left, operand(c.low), c.at),
        compileComparison('<=', left, operand(c.high), c.at),
      );
      return negate(c.negated, inRange);
    }
    case 'in': {
      const left = operand(c.operand);
      const anyEqual = c.values.map((v) => compileComparison('=', left, operand(v), c.at)).reduce(or);
      return negate(c.negated, anyEqual);
    }
    case 'isNull': {
      const isNull = compileIsNull(operand(c.operand));
      return c.negated ? (row) => !isNull(row) : isNull;
    }
  }
}

// Kleene logic, so `not (x = 1)` does not match rows where x is missing.
function and(left: Pred, right: Pred): Pred {
  return (row) => {
    const a = left(row);
    if (a === false) return false;
    const b = right(row);
    if (b === false) return false;
    return a === null || b === null ? null : true;
  };
}

function or(left: Pred, right: Pred): Pred {
  return (row) => {
    const a = left(row);
    if (a === true) return true;
    const b = right(row);
    if (b === true) return true;
    return a === null || b === null ? null : false;
  };
}

function not(operand: Pred): Pred {
  return (row) => {
    const v = operand(row);
    return v === null ? null : !v;
  };
}

function negate(negated: boolean, pred: Pred): Pred {
  return negated ? not(pred) : pred;
}
