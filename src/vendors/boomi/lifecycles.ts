// Boomi's use-after-free lifecycles for fuzz: a one-time listener status token, its result
// fetched once (200), then again → 204 or 410, never the result twice.
import type { Lifecycle, LifecycleKit, LifecycleStep } from '../../fuzz/lifecycle-types.js';
import type { VendorModel } from '../../fuzz/model-types.js';
import { present } from '../../common/present.js';

export function boomiLifecycles(vendor: VendorModel, kit: LifecycleKit): Lifecycle[] {
  const op = (id: string) => vendor.operations.find((o) => o.op.operationId === id);
  const out: Lifecycle[] = [];
  const accountId = vendor.credentials.accountId;
  if (!accountId) return out;
  for (const [name, query, result, label] of [
    ['boomi-listener-token', 'queryListenerStatus', 'getListenerStatusResult', 'async/ListenerStatus'],
    [
      'boomi-listener-token-legacy',
      'queryListenerStatusLegacy',
      'getListenerStatusResultLegacy',
      'ListenerStatus/query/async',
    ],
  ] as const) {
    const queryOp = op(query);
    if (!queryOp || !op(result)) continue;
    const examples = kit.requestExamples(queryOp);
    // The example that names only the container: any account's container is accepted.
    const body = examples[examples.length - 1] ?? {
      QueryFilter: { expression: { operator: 'EQUALS', property: 'containerId', argument: ['understudy'] } },
    };
    const fetchResult = (role: 'setup' | 'gone'): LifecycleStep => ({
      operationId: result,
      role,
      ...(role === 'gone' ? { gone: [204, 410] } : { pollWhile: [202] }),
      request: (v) => ({ path: { accountId, token: present(v.get('token'), 'captured token') } }),
    });
    out.push({
      vendor: 'boomi',
      name,
      description:
        `listener status token from POST …/${label} query, its result fetched once (200), ` +
        'then fetched again → 204 or 410, never the result twice',
      vars: () => new Map(),
      steps: [
        {
          operationId: query,
          role: 'setup',
          request: () => ({
            path: { accountId },
            body: { mediaType: present(queryOp.bodyTypes[0], 'queryOp body type'), value: structuredClone(body) },
          }),
          capture: (response, v) => {
            let token: unknown;
            try {
              token = kit.pointerGet(JSON.parse(response.text), '/asyncToken/token');
            } catch {
              return false;
            }
            if (typeof token !== 'string' || token === '') return false;
            v.set('token', token);
            return true;
          },
        },
        fetchResult('setup'),
        fetchResult('gone'),
      ],
    });
  }
  return out;
}
