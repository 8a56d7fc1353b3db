import type { Condition, QueryAst } from './ast.js';
import type { QueryHost } from './host.js';
import {
  compileComparison,
  compileIsNull,
  compileLikeTest,
  compileSortKey,
  type Pred,
} from './predicates.js';
import { compileOperand } from './terms.js';

export interface OrderKey {
  /** Canonical name of the sort field, e.g. `property.ExecutionTime`. */
  field: string;
  descending: boolean;
  /** Normalised sort value (timestamps as epoch ms); null when missing. */
  key(host: QueryHost): unknown;
}

export interface CompiledQuery {
  /** True when the host satisfies the WHERE clause (UNKNOWN counts as false). */
  predicate(host: QueryHost): boolean;
  orderBy: OrderKey[];
  /** Array.prototype.sort comparator for `orderBy`; 0 keeps input order (sort is stable). */
  compare(a: QueryHost, b: QueryHost): number;
  /** Filter then sort, evaluating each sort key once per host. */
  select<T extends QueryHost>(hosts: Iterable<T>): T[];
  /**
   * Sorts hosts that already match by `orderBy` and keeps the first `limit`: exactly the first
   * `limit` of what `select` would return for them, without putting the rest in order.
   */
  sortTop<T extends QueryHost>(hosts: readonly T[], limit: number): T[];
}

/**
 * Resolves fields and picks comparison semantics once, producing closures;
 * rows never see the AST. Throws QueryFieldError / QueryTypeError.
 */
export function compile(ast: QueryAst): CompiledQuery {
  const where = ast.where ? compileCondition(ast.where) : () => true;
  const predicate = (host: QueryHost): boolean => where(host) === true;

  const keys = ast.orderBy.map((term) => {
    const operand = compileOperand(term.key);
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
  const keysOf = (host: QueryHost): unknown[] => {
    const values = new Array<unknown>(keys.length);
    for (let i = 0; i < keys.length; i++) values[i] = keys[i]!.key(host);
    return values;
  };
  // The input index breaks ties, which is what keeps the order stable, whole or partial.
  const before = (x: SortRow<QueryHost>, y: SortRow<QueryHost>): number => compareKeys(x.sortKeys, y.sortKeys) || x.index - y.index;

  const sortTop = <T extends QueryHost>(hosts: readonly T[], limit: number): T[] => {
    if (keys.length === 0) return hosts.slice(0, limit);
    const rows: SortRow<T>[] = new Array(hosts.length);
    for (let index = 0; index < hosts.length; index++) rows[index] = { host: hosts[index]!, index, sortKeys: keysOf(hosts[index]!) };
    const top = limit * 4 >= rows.length ? rows.sort(before).slice(0, limit) : topRows(rows, limit, before);
    return top.map((x) => x.host);
  };

  return {
    predicate,
    orderBy: keys.map(({ field, descending, key }) => ({ field, descending, key })),
    compare: (a, b) => compareKeys(keysOf(a), keysOf(b)),
    select: (hosts) => sortTop([...hosts].filter(predicate), Infinity),
    sortTop,
  };
}

interface SortRow<T> {
  host: T;
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
      for (let i = heap.length - 1; i > 0; ) {
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

function compileCondition(c: Condition): Pred {
  switch (c.type) {
    case 'and':
      return and(compileCondition(c.left), compileCondition(c.right));
    case 'or':
      return or(compileCondition(c.left), compileCondition(c.right));
    case 'not':
      return not(compileCondition(c.operand));
    case 'compare':
      return compileComparison(c.op, compileOperand(c.left), compileOperand(c.right), c.at);
    case 'like':
      return negate(c.negated, compileLikeTest(compileOperand(c.operand), c.pattern));
    case 'between': {
      const operand = compileOperand(c.operand);
      const inRange = and(
        compileComparison('>=', operand, compileOperand(c.low), c.at),
        compileComparison('<=', operand, compileOperand(c.high), c.at),
      );
      return negate(c.negated, inRange);
    }
    case 'in': {
      const operand = compileOperand(c.operand);
      const anyEqual = c.values
        .map((v) => compileComparison('=', operand, compileOperand(v), c.at))
        .reduce(or);
      return negate(c.negated, anyEqual);
    }
    case 'isNull': {
      const isNull = compileIsNull(compileOperand(c.operand));
      return c.negated ? (host) => !isNull(host) : isNull;
    }
  }
}

// Kleene logic, so `not (x = 1)` does not match hosts where x is missing.
function and(left: Pred, right: Pred): Pred {
  return (host) => {
    const a = left(host);
    if (a === false) return false;
    const b = right(host);
    if (b === false) return false;
    return a === null || b === null ? null : true;
  };
}

function or(left: Pred, right: Pred): Pred {
  return (host) => {
    const a = left(host);
    if (a === true) return true;
    const b = right(host);
    if (b === true) return true;
    return a === null || b === null ? null : false;
  };
}

function not(operand: Pred): Pred {
  return (host) => {
    const v = operand(host);
    return v === null ? null : !v;
  };
}

function negate(negated: boolean, pred: Pred): Pred {
  return negated ? not(pred) : pred;
}
