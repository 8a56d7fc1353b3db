import type { components } from '../../generated/boomi.js';
import { HttpError } from '../../mock/errors.js';
import { likeMatch } from '../groundwork/query/index.js';
import type { Listener } from './state.js';

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
    throw new HttpError(400, 'The QueryFilter must contain a containerId EQUALS expression (a listener status query is always about one container).');
  }
}

function namesContainer(e: Expression): boolean {
  if (isGrouping(e)) return (e.nestedExpression ?? []).some(namesContainer);
  return e.property === 'containerId' && e.operator === 'EQUALS';
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
    case 'EQUALS': return value === a;
    case 'NOT_EQUALS': return value !== a;
    case 'LIKE': return likeMatch(value, a); // linear wildcard matcher: no RegExp is built from input
    case 'CONTAINS': return value.includes(a);
    case 'NOT_CONTAINS': return !value.includes(a);
    case 'IS_NULL': return false; // every listener has both IDs
    case 'IS_NOT_NULL': return true;
    case 'BETWEEN': return a <= value && value <= b;
    case 'GREATER_THAN': return value > a;
    case 'GREATER_THAN_OR_EQUAL': return value >= a;
    case 'LESS_THAN': return value < a;
    case 'LESS_THAN_OR_EQUAL': return value <= a;
  }
}
