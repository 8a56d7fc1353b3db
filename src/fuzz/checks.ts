import { contentTypeConformance } from '../conformance/checks/content-type-conformance.js';
import type { Check, CheckContext, Failure } from '../conformance/checks/context.js';
import { authFailureStatuses, ignoredAuth } from '../conformance/checks/ignored-auth.js';
import { notAServerError } from '../conformance/checks/not-a-server-error.js';
import { responseHeadersConformance } from '../conformance/checks/response-headers-conformance.js';
import { responseSchemaConformance } from '../conformance/checks/response-schema-conformance.js';
import { statusCodeConformance } from '../conformance/checks/status-code-conformance.js';
import { RESPONSE_CHECK_NAMES, type CheckResult } from '../conformance/results.js';
import { NEGATIVE_KINDS } from './generate.js';
import type { CaseKind, FuzzFacts } from './types.js';
import { present } from '../common/present.js';

/**
 * The fuzz checks. Every exchange gets verify's response checks (not_a_server_error,
 * status_code_conformance, content_type_conformance, response_schema_conformance,
 * response_headers_conformance) through the same Check objects and a CheckContext built the
 * way the verify runner builds one; replays without or with wrong credentials get verify's
 * ignored_auth. The checks below are the fuzzer's own:
 *
 * - negative_data_rejection: a request the spec refuses (the oracle says why) must get a 4xx.
 * - positive_data_acceptance: a request the spec accepts must get a 2xx, or a 4xx the spec
 *   documents for the operation (a 404 for a random host name; a 400 for a business rule the
 *   spec describes). An undocumented 4xx (405, 406, 415, 422, ...) or a 1xx/3xx fails. 5xx are
 *   not_a_server_error's.
 * - missing_required_header: without one header the spec requires (a required header parameter,
 *   or one of several API-key headers a security requirement needs together) the request must be
 *   refused: with a documented refused-credentials status for a credential header, else a 4xx.
 * - unsupported_method: a method the spec documents on no operation of the path must get 405 with
 *   an `Allow` header that lists the documented methods (and not the one sent).
 * - use_after_free: after a create and a delete (or a logout, or consuming a one-time result),
 *   using the thing again must get the lifecycle's "gone" status (404, 401, 204/410).
 * - state_round_trip: after an accepted request that can change state, an understudy target's
 *   state survives its own state file (state-round-trip.ts).
 */

export const FUZZ_CHECK_NAMES = [
  ...RESPONSE_CHECK_NAMES,
  'negative_data_rejection',
  'positive_data_acceptance',
  'missing_required_header',
  'unsupported_method',
  'use_after_free',
  'state_round_trip',
] as const;
export type FuzzCheckName = (typeof FUZZ_CHECK_NAMES)[number];

/** verify's CheckResult with the fuzzer's check names. */
export type FuzzCheckResult = Omit<CheckResult, 'check'> & { check: FuzzCheckName };

export type FuzzContext = CheckContext & { fuzz: FuzzFacts };

interface FuzzCheck {
  name: FuzzCheckName;
  applies(ctx: FuzzContext): boolean;
  run(ctx: FuzzContext): Failure | undefined;
}

/** The kinds of case built to break the contract: the target must refuse them. */
const NEGATIVE: ReadonlySet<CaseKind> = new Set<CaseKind>(NEGATIVE_KINDS);

export function isNegative(kind: CaseKind): boolean {
  return NEGATIVE.has(kind);
}

function reason(ctx: FuzzContext): string {
  const reasons = ctx.fuzz.reasons ?? [];
  const first = reasons[0];
  return first ? ` (${first}${reasons.length > 1 ? `, +${reasons.length - 1} more` : ''})` : '';
}

export const negativeDataRejection: FuzzCheck = {
  name: 'negative_data_rejection',
  applies: ({ fuzz }) => isNegative(fuzz.kind),
  run(ctx) {
    const { status } = ctx.response;
    if (status >= 400 && status < 500) return undefined;
    const verdict = status < 400 ? 'accepted it' : 'failed on it';
    return {
      message: `${ctx.fuzz.description}: the spec refuses this request${reason(ctx)}, but the target ${verdict} with ${status}`,
      expected: 'a 4xx',
      actual: status,
    };
  },
};

export const positiveDataAcceptance: FuzzCheck = {
  name: 'positive_data_acceptance',
  applies: ({ fuzz }) => fuzz.valid === true && (fuzz.kind === 'valid' || fuzz.role === 'setup'),
  run({ response, validators, op, fuzz }) {
    const { status } = response;
    if ((status >= 200 && status < 300) || status >= 500) return undefined;
    const key = validators.responseKey(status);
    if (status >= 400 && key !== undefined && key !== 'default') return undefined;
    const documented = Object.keys(op.responses).join(', ');
    return {
      message:
        `${fuzz.description}: a request the spec accepts got ${status}, which ${op.operationId} ` +
        `does not document as an answer to it (documented: ${documented})`,
      expected: `2xx or a documented 4xx (${documented})`,
      actual: status,
    };
  },
};

export const missingRequiredHeader: FuzzCheck = {
  name: 'missing_required_header',
  applies: ({ fuzz }) => fuzz.kind === 'missing-header' && fuzz.droppedHeader !== undefined,
  run({ spec, op, response, fuzz }) {
    const dropped = present(fuzz.droppedHeader, 'the dropped header (applies checked it)');
    const documented = dropped.credential ? authFailureStatuses(spec, op) : [];
    const { status } = response;
    if (documented.length > 0 ? documented.includes(status) : status >= 400 && status < 500) return undefined;
    const expected = documented.length > 0 ? documented.join(' or ') : 'a 4xx';
    return {
      message: `sent without the required header ${dropped.name}: got ${status}${status < 300 ? ' (the request went through)' : ''}; expected ${expected}`,
      expected: documented.length > 0 ? documented : 'a 4xx',
      actual: status,
    };
  },
};

export const unsupportedMethod: FuzzCheck = {
  name: 'unsupported_method',
  applies: ({ fuzz }) => fuzz.kind === 'unsupported-method',
  run({ request, response, op, fuzz }) {
    const documented = fuzz.documentedMethods ?? [];
    const sent = request.method.toUpperCase();
    if (response.status !== 405) {
      return {
        message:
          `${sent} is documented on no operation of ${op.path} (documented: ${documented.join(', ')}): ` +
          `got ${response.status}, expected 405 Method Not Allowed`,
        expected: 405,
        actual: response.status,
      };
    }
    const allow = response.headers.allow;
    if (allow === undefined)
      return {
        message: `405 without an Allow header (documented on ${op.path}: ${documented.join(', ')})`,
        expected: `Allow: ${documented.join(', ')}`,
        actual: '(no Allow header)',
      };
    const listed = allow
      .split(',')
      .map((m) => m.trim().toUpperCase())
      .filter(Boolean);
    const missing = documented.filter((m) => !listed.includes(m));
    if (missing.length > 0 || listed.includes(sent)) {
      return {
        message: `Allow: ${allow} ${
          missing.length > 0 ? `leaves out ${missing.join(', ')}` : `lists ${sent}, which was just refused`
        } (documented on ${op.path}: ${documented.join(', ')})`,
        expected: documented,
        actual: allow,
      };
    }
    return undefined;
  },
};

export const useAfterFree: FuzzCheck = {
  name: 'use_after_free',
  applies: ({ fuzz }) => fuzz.role === 'gone',
  run({ response, fuzz }) {
    const gone = fuzz.gone ?? [404];
    if (gone.includes(response.status)) return undefined;
    const verdict = response.status < 300 ? 'it is still served' : 'not the documented answer';
    return {
      message: `${fuzz.description}: got ${response.status} (${verdict}); expected ${gone.join(' or ')}`,
      expected: gone,
      actual: response.status,
    };
  },
};

/** verify's checks of a response, run on fuzz exchanges as they are. */
const VERIFY_RESPONSE_CHECKS: readonly Check[] = [
  contentTypeConformance,
  responseSchemaConformance,
  responseHeadersConformance,
];
const FUZZ_CHECKS: readonly FuzzCheck[] = [
  negativeDataRejection,
  positiveDataAcceptance,
  missingRequiredHeader,
  unsupportedMethod,
  useAfterFree,
];

function result(name: FuzzCheckName, failure: Failure | undefined): FuzzCheckResult {
  return failure ? { check: name, status: 'failed', ...failure } : { check: name, status: 'passed' };
}

/** Every check that has something to say about one fuzz exchange, in report order. */
export function runFuzzChecks(ctx: FuzzContext): FuzzCheckResult[] {
  const out: FuzzCheckResult[] = [result('not_a_server_error', notAServerError.run(ctx))];
  // An undocumented method addresses no operation: there is nothing to conform to.
  if (ctx.fuzz.kind !== 'unsupported-method') {
    // 413/414/415 answer what the request provoked on purpose; specs do not list them per operation.
    if (!ctx.fuzz.protocolStatuses?.includes(ctx.response.status))
      out.push(result('status_code_conformance', statusCodeConformance.run(ctx)));
    for (const check of VERIFY_RESPONSE_CHECKS)
      if (check.applies(ctx)) out.push(result(check.name as FuzzCheckName, check.run(ctx)));
    if (ignoredAuth.applies(ctx)) out.push(result('ignored_auth', ignoredAuth.run(ctx)));
  }
  for (const check of FUZZ_CHECKS) if (check.applies(ctx)) out.push(result(check.name, check.run(ctx)));
  const order = (name: FuzzCheckName) => FUZZ_CHECK_NAMES.indexOf(name);
  return out.sort((a, b) => order(a.check) - order(b.check));
}

/** A transport failure (no answer at all) is a server failure. */
export function noResponseResult(error: string): FuzzCheckResult {
  return {
    check: 'not_a_server_error',
    status: 'failed',
    message: `no response: ${error}`,
    expected: 'an HTTP response',
    actual: error,
  };
}
