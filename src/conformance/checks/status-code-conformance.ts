import type { Check } from './context.js';

/** The status must be one the spec documents for the operation (exact, `4XX` range, or `default`). */
export const statusCodeConformance: Check = {
  name: 'status_code_conformance',
  applies: () => true,
  run({ op, body, response }) {
    if (body.key) return undefined;
    const documented = Object.keys(op.responses);
    return {
      message: `status ${response.status} is not documented for ${op.operationId} (documented: ${documented.join(', ')})`,
      expected: documented,
      actual: response.status,
    };
  },
};
