import type { CheckResult } from '../results.js';
import { contentTypeConformance } from './content-type-conformance.js';
import type { Check, CheckContext } from './context.js';
import { expectedState } from './expected-state.js';
import { ignoredAuth } from './ignored-auth.js';
import { notAServerError } from './not-a-server-error.js';
import { responseHeadersConformance } from './response-headers-conformance.js';
import { responseSchemaConformance } from './response-schema-conformance.js';
import { statusCodeConformance } from './status-code-conformance.js';

/** Every check, in report order. */
export const CHECKS: readonly Check[] = [
  notAServerError,
  statusCodeConformance,
  contentTypeConformance,
  responseSchemaConformance,
  responseHeadersConformance,
  ignoredAuth,
  expectedState,
];

export function runChecks(ctx: CheckContext): CheckResult[] {
  const results: CheckResult[] = [];
  for (const check of CHECKS) {
    if (!check.applies(ctx)) continue;
    const failure = check.run(ctx);
    results.push(
      failure ? { check: check.name, status: 'failed', ...failure } : { check: check.name, status: 'passed' },
    );
  }
  return results;
}

export { ResponseBody, type CheckContext } from './context.js';
export { authFailureStatuses } from './ignored-auth.js';
