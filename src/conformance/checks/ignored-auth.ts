import type { LoadedSpec, OperationInfo } from '../../spec/load.js';
import type { Check } from './context.js';

/**
 * The statuses the spec documents as the answer to a request without valid credentials: 401 and
 * 403 where documented, and any other documented 4xx whose description names one of the
 * operation's credential headers (GroundWork answers a missing GWOS-API-TOKEN with 400).
 */
export function authFailureStatuses(spec: LoadedSpec, op: OperationInfo): number[] {
  const headers = Object.keys(op.security[0] ?? {})
    .map((name) => spec.securitySchemes[name])
    .flatMap((s) => (s?.type === 'apiKey' && s.in === 'header' && s.name ? [s.name.toLowerCase()] : []));
  const out: number[] = [];
  for (const [key, response] of Object.entries(op.responses)) {
    const status = Number(key);
    if (!Number.isInteger(status) || status < 400 || status > 499) continue;
    const description = response.description.toLowerCase();
    if (status === 401 || status === 403 || headers.some((h) => description.includes(h))) out.push(status);
  }
  return out.sort();
}

/** A secured operation replayed without, or with wrong, credentials must be refused as documented. */
export const ignoredAuth: Check = {
  name: 'ignored_auth',
  applies: ({ variant }) => variant === 'no-credentials' || variant === 'bad-credentials',
  run({ spec, op, response, variant }) {
    const expected = authFailureStatuses(spec, op);
    const sent = variant === 'no-credentials' ? 'without credentials' : 'with wrong credentials';
    if (expected.length === 0) {
      return {
        message: `${op.operationId} is secured but the spec documents no status for refused credentials`,
        expected: '401 or 403',
        actual: response.status,
      };
    }
    if (expected.includes(response.status)) return undefined;
    const verdict = response.status < 300 ? 'the credentials were ignored' : 'not a documented refusal';
    return {
      message: `sent ${sent}: got ${response.status} (${verdict}); expected ${expected.join(' or ')}`,
      expected,
      actual: response.status,
    };
  },
};
