import { CHECKS, ResponseBody, type CheckContext } from '../conformance/checks/index.js';
import type { HttpRequest, HttpResponse } from '../conformance/http.js';
import type { LoadedStep } from '../conformance/load-scenarios.js';
import type { CheckName } from '../conformance/results.js';
import { decodeContentCoding, decodeRequestBody, readQuery, type DecodedBody } from '../core/body.js';
import { DEFAULT_LIMITS } from '../core/pipeline.js';
import { HttpError } from '../mock/errors.js';
import { describeIssue, type ValidationIssue } from '../spec/ajv.js';
import type { LoadedSpec, OperationInfo } from '../spec/load.js';
import { FIRST_ISSUE_ONLY_BYTES, type OperationValidators } from '../spec/validators.js';
import type { RequestCheckName } from './types.js';

/**
 * verify's checks that judge a response on its own. `ignored_auth` needs the replays verify makes
 * and `expected_state` a scenario's expectations: neither has anything to say about live traffic.
 */
export const LIVE_TRAFFIC_CHECKS: readonly CheckName[] = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'response_headers_conformance',
];

export interface Finding {
  check: RequestCheckName | CheckName;
  message: string;
}

export interface RequestFacts {
  method: string;
  pathname: string;
  /** `?a=b` or `''`, as sent. */
  search: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Uint8Array;
}

/**
 * The request against the operation: parameters (path, query, header) and body, read by the mock's
 * own decoder (src/core/body.ts), so that what the proxy reports of a request is what the mock would
 * answer to it (UTF-8, depth, `__proto__`, non-finite numbers, curl's form label on JSON).
 */
export async function checkRequest(
  spec: LoadedSpec,
  op: OperationInfo,
  validators: OperationValidators,
  pathParams: Record<string, string>,
  request: RequestFacts,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  let query: Record<string, string | string[]> = {};
  try {
    query = readQuery(request.search);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    findings.push({ check: 'request_parameters_conformance', message: error.message });
  }
  const params = validators.params({ path: pathParams, query, header: { ...request.headers } });
  if (params.issues.length > 0)
    findings.push({ check: 'request_parameters_conformance', message: joinIssues(params.issues) });

  if (validators.requestMediaTypes.length === 0) {
    if (request.body.length > 0) {
      findings.push({
        check: 'request_body_conformance',
        message: `${op.operationId} takes no request body, but ${request.body.length} byte(s) were sent`,
      });
    }
    return findings;
  }
  let decoded: DecodedBody;
  try {
    // Judged as the mock reads it: after the Content-Encoding the spec allows (TCG's gzip) is undone.
    const bytes = await decodeContentCoding(
      request.body,
      request.headers['content-encoding'],
      spec.document['x-content-encodings'] ?? [],
      DEFAULT_LIMITS.maxBodyBytes,
    );
    decoded = decodeRequestBody(bytes, request.headers['content-type'], spec, op, validators, DEFAULT_LIMITS);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    findings.push({ check: 'request_body_conformance', message: error.message });
    return findings;
  }
  if (!decoded.mediaType) return findings;
  const issues = validators.body(decoded.mediaType, decoded.body, decoded.bytes > FIRST_ISSUE_ONLY_BYTES);
  if (issues.length > 0) findings.push({ check: 'request_body_conformance', message: joinIssues(issues) });
  return findings;
}

/**
 * The response through verify's own checks, with a CheckContext built as the runner builds one
 * (src/conformance/runner.ts): the exchange stands for the `main` variant of a one-step scenario
 * that states no expectation of its own.
 */
export function checkResponse(
  spec: LoadedSpec,
  op: OperationInfo,
  validators: OperationValidators,
  pathParams: Record<string, string>,
  request: HttpRequest,
  response: HttpResponse,
): Finding[] {
  const step: LoadedStep = {
    index: 0,
    name: op.operationId,
    line: 0,
    step: { operation: op.operationId, expect: { status: response.status } },
    op,
    path: pathParams,
    query: {},
    examples: [],
    requires: [],
    readOnly: op.readOnly,
    phase: 'main',
  };
  const body = new ResponseBody(spec, op, validators, response);
  const ctx: CheckContext = {
    spec,
    op,
    validators,
    step,
    variant: 'main',
    request,
    response,
    body,
    vars: new Map(),
    captureErrors: [],
  };
  // A HEAD answer carries no body: only what its status and headers say is checked.
  const names =
    request.method === 'HEAD'
      ? LIVE_TRAFFIC_CHECKS.filter((n) => n !== 'content_type_conformance' && n !== 'response_schema_conformance')
      : LIVE_TRAFFIC_CHECKS;
  const findings: Finding[] = [];
  for (const check of CHECKS) {
    if (!names.includes(check.name) || !check.applies(ctx)) continue;
    const failure = check.run(ctx);
    if (failure) findings.push({ check: check.name, message: failure.message });
  }
  return findings;
}

function joinIssues(issues: ValidationIssue[]): string {
  return issues.slice(0, 5).map(describeIssue).join('; ') + (issues.length > 5 ? ` (+${issues.length - 5} more)` : '');
}
