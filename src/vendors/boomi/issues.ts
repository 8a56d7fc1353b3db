import type { ValidationIssue } from '../../spec/ajv.js';

/**
 * A QueryFilter expression is `oneOf` a simple and a grouping expression, so a bad one fails both
 * branches and ajv reports both: an `EQUALS` with an unknown property also hears that its operator
 * must be "and" or "or". The operator tells which branch the client meant (the two operator sets
 * are disjoint); this keeps that branch's complaints and drops the other's. An operator neither
 * branch knows is the one thing said about its expression.
 */
export function focusExpressionIssues(issues: ValidationIssue[]): ValidationIssue[] {
  const operators = new Map<string, { notGrouping?: ValidationIssue; notSimple?: ValidationIssue }>();
  for (const issue of issues) {
    const at = locate(issue.pointer);
    if (at?.member !== 'operator' || !issue.message.startsWith(ENUM)) continue;
    const entry = operators.get(at.expression) ?? {};
    if (issue.message === GROUPING_ENUM) entry.notGrouping = issue;
    else entry.notSimple = issue;
    operators.set(at.expression, entry);
  }
  const meant = (expression: string): Branch | 'unknown' | undefined => {
    const { notGrouping, notSimple } = operators.get(expression) ?? {};
    if (notGrouping && notSimple) return 'unknown';
    return notGrouping ? 'simple' : notSimple ? 'grouping' : undefined;
  };

  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    const at = locate(issue.pointer);
    if (!at) {
      out.push(issue);
      continue;
    }
    // Anything inside the nested expressions of an expression meant to be simple is the grouping branch talking.
    if (at.ancestors.some((a) => meant(a) === 'simple' || meant(a) === 'unknown')) continue;
    const intent = meant(at.expression);
    if (intent === 'unknown') {
      const { notGrouping, notSimple } = operators.get(at.expression) ?? {};
      if (issue === notSimple && notGrouping)
        out.push({ ...issue, message: `${notGrouping.message}, ${issue.message.slice(ENUM.length)}` });
      continue;
    }
    const branch = at.member === undefined ? undefined : branchOf(at.member, issue.message);
    if (intent === undefined || branch === undefined || branch === intent) out.push(issue);
  }
  return out.length > 0 ? out : issues;
}

type Branch = 'simple' | 'grouping';
const ENUM = 'must be one of: ';
const GROUPING_ENUM = `${ENUM}"and", "or"`;

/** Which branch of the oneOf reports this complaint about this member. */
function branchOf(member: string, message: string): Branch | undefined {
  switch (member) {
    case 'operator':
      return message === GROUPING_ENUM ? 'grouping' : 'simple';
    case 'property':
    case 'argument':
      return message === 'is not allowed' ? 'grouping' : 'simple';
    case 'nestedExpression':
      return message === 'is not allowed' ? 'simple' : 'grouping';
    default:
      return undefined;
  }
}

/**
 * The expression a pointer is inside (`/QueryFilter/expression`, `…/nestedExpression/2`), the
 * expressions around it, and the member of it the pointer names.
 */
function locate(pointer: string): { expression: string; ancestors: string[]; member?: string } | undefined {
  const segments = pointer.split('/');
  if (segments[1] !== 'QueryFilter' || segments[2] !== 'expression') return undefined;
  const expressions = ['/QueryFilter/expression'];
  let i = 3;
  while (segments[i] === 'nestedExpression' && isIndex(segments[i + 1])) {
    expressions.push(`${expressions[expressions.length - 1]}/nestedExpression/${segments[i + 1]}`);
    i += 2;
  }
  return { expression: expressions.at(-1) ?? '', ancestors: expressions.slice(0, -1), member: segments[i] };
}

const isIndex = (s: string | undefined) => s !== undefined && s.length > 0 && /^[0-9]+$/.test(s);
