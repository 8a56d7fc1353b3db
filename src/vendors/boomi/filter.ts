import type { components } from '../../generated/boomi.js';
import { HttpError } from '../../mock/errors.js';
import { likeMatch } from '../groundwork/query/index.js';
import type { BoomiState, Listener } from './state.js';

type Expression = components['schemas']['ListenerStatusExpression'];
type Simple = components['schemas']['ListenerStatusSimpleExpression'];
type Grouping = components['schemas']['ListenerStatusGroupingExpression'];

const isGrouping = (e: Expression): e is Grouping => e.operator === 'and' || e.operator === 'or';

/**
 * The schema has already checked properties, operators and argument counts; what it cannot say is
 * that a container must be named: a `containerId` `EQUALS` somewhere in the tree.
 */
export function requireContainer(expression: Expression): void {
  if (!namesContainer(expression)) {
    throw new HttpError(
      400,
      'The QueryFilter must contain a containerId EQUALS expression (a listener status query is always about one container).',
    );
  }
}

function namesContainer(e: Expression): boolean {
  if (isGrouping(e)) return (e.nestedExpression ?? []).some(namesContainer);
  return e.property === 'containerId' && e.operator === 'EQUALS';
}

/**
 * The listeners the filter matches, in stored order. Every query names a container, and a listener
 * outside a container the filter insists on cannot match, so only that container's listeners are
 * tried rather than all of them.
 */
export function select(state: BoomiState, expression: Expression): Listener[] {
  const container = requiredContainer(expression);
  if (container === undefined) return state.listeners.filter((l) => matches(expression, l));
  const candidates = byContainer(state).get(container) ?? [];
  return isGrouping(expression) ? candidates.filter((l) => matches(expression, l)) : candidates.slice();
}

/** The containerId every listener the expression matches must have, where the expression fixes one. */
function requiredContainer(e: Expression): string | undefined {
  if (!isGrouping(e)) {
    const [a = ''] = e.argument ?? [];
    return e.property === 'containerId' && e.operator === 'EQUALS' ? a : undefined;
  }
  if (e.operator !== 'and') return undefined;
  for (const nested of e.nestedExpression ?? []) {
    const container = requiredContainer(nested);
    if (container !== undefined) return container;
  }
  return undefined;
}

/**
 * Listeners by container, each list in stored order. Nothing adds, removes or moves a listener
 * (changes touch only `status`, read afresh by every query), and a loaded dump is a new state, so
 * the index holds for as long as its state keeps the same `listeners` array at the same length.
 */
interface ContainerIndex {
  listeners: Listener[];
  length: number;
  byContainer: Map<string, Listener[]>;
}

const containerIndexes = new WeakMap<BoomiState, ContainerIndex>();

function byContainer(state: BoomiState): Map<string, Listener[]> {
  const { listeners } = state;
  let index = containerIndexes.get(state);
  if (index?.listeners !== listeners || index.length !== listeners.length) {
    index = { listeners, length: listeners.length, byContainer: new Map() };
    for (const l of listeners) {
      const list = index.byContainer.get(l.containerId);
      if (list) list.push(l);
      else index.byContainer.set(l.containerId, [l]);
    }
    containerIndexes.set(state, index);
  }
  return index.byContainer;
}

/** Evaluates the filter against one listener; IDs compare as case-sensitive text. */
export function matches(e: Expression, listener: Listener): boolean {
  if (isGrouping(e)) {
    const nested = e.nestedExpression ?? [];
    return e.operator === 'and' ? nested.every((n) => matches(n, listener)) : nested.some((n) => matches(n, listener));
  }
  return compare(e, listener[e.property]);
}

function compare(e: Simple, value: string): boolean {
  const [a = '', b = ''] = e.argument ?? [];
  switch (e.operator) {
    case 'EQUALS':
      return value === a;
    case 'NOT_EQUALS':
      return value !== a;
    case 'LIKE':
      return likeMatch(value, a); // linear wildcard matcher: no RegExp is built from input
    case 'CONTAINS':
      return value.includes(a);
    case 'NOT_CONTAINS':
      return !value.includes(a);
    case 'IS_NULL':
      return false; // every listener has both IDs
    case 'IS_NOT_NULL':
      return true;
    case 'BETWEEN':
      return a <= value && value <= b;
    case 'GREATER_THAN':
      return value > a;
    case 'GREATER_THAN_OR_EQUAL':
      return value >= a;
    case 'LESS_THAN':
      return value < a;
    case 'LESS_THAN_OR_EQUAL':
      return value <= a;
  }
}
