import type { JournalEntry } from '../mock/journal.js';

export type VerdictKind =
  'ok' | 'request' | 'response' | 'violation' | 'fault' | 'dropped' | 'unknown' | 'admin' | 'preflight';

export interface Verdict {
  kind: VerdictKind;
  label: string;
  /** One sentence for the details panel. */
  explanation: string;
}

/**
 * The conformance verdict of one journaled exchange. Violations on a 400 are the request's (the
 * spec's validation refused it); on a 500 they are the mock's own response's (dev/test mode checks
 * every response). Entries from a mock without `violationsIn` are read by their status the same way.
 */
export function verdictOf(entry: JournalEntry, responsesChecked: boolean): Verdict {
  if (entry.path.startsWith('/__admin'))
    return {
      kind: 'admin',
      label: 'admin',
      explanation: 'A call to the mock’s own admin API: not in any vendor’s spec.',
    };
  const whose =
    entry.violationsIn ??
    (entry.violations.length === 0
      ? undefined
      : entry.status >= 500
        ? 'response'
        : entry.status === 400
          ? 'request'
          : undefined);
  if (entry.violations.length > 0) {
    if (whose === 'request')
      return {
        kind: 'request',
        label: 'request violates spec',
        explanation: 'The request does not conform to the spec; the mock refused it with 400 and changed nothing.',
      };
    if (whose === 'response')
      return {
        kind: 'response',
        label: 'response violates spec',
        explanation:
          'The mock’s own response broke the spec (a bug in the mock); it answered 500 naming the violation instead.',
      };
    return {
      kind: 'violation',
      label: 'violates spec',
      explanation: 'Spec violations were recorded for this exchange.',
    };
  }
  if (entry.status === 0)
    return {
      kind: 'dropped',
      label: 'dropped (fault)',
      explanation: `Fault injection dropped the connection without an answer${entry.fault ? ` (${entry.fault})` : ''}.`,
    };
  if (entry.fault && entry.status >= 400)
    return {
      kind: 'fault',
      label: 'injected fault',
      explanation: `Fault injection answered instead of the vendor (${entry.fault}); the request was not checked.`,
    };
  if (entry.method === 'OPTIONS' && entry.vendor && !entry.operationId && entry.status < 300) {
    return {
      kind: 'preflight',
      label: 'CORS preflight',
      explanation:
        'A browser’s CORS preflight, answered by the mock as the vendor’s server answers it (see --cors); no operation of the spec is involved.',
    };
  }
  if (!entry.operationId)
    return {
      kind: 'unknown',
      label: 'path not in spec',
      explanation: 'No operation of any served spec is documented at this path.',
    };
  if (entry.status === 405)
    return {
      kind: 'unknown',
      label: 'method not in spec',
      explanation: 'The path is documented, but not for this method.',
    };
  if (!responsesChecked)
    return {
      kind: 'ok',
      label: 'request conforms',
      explanation:
        'The request conforms to the spec. Responses are not checked (production mode or --no-validate-responses).',
    };
  return { kind: 'ok', label: 'conforms', explanation: 'The request and the response both conform to the spec.' };
}
