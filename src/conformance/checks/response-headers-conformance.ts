import type { Check } from './context.js';

/** Every response header the spec marks required for that status must be there (Moogsoft's WWW-Authenticate on 401). */
export const responseHeadersConformance: Check = {
  name: 'response_headers_conformance',
  applies: ({ body, op }) => Object.values(op.responses[body.key ?? '']?.headers ?? {}).some((h) => h.required),
  run({ body, op, response }) {
    const required = Object.entries(op.responses[body.key ?? '']?.headers ?? {})
      .filter(([, h]) => h.required)
      .map(([name]) => name);
    const missing = required.filter((name) => response.headers[name.toLowerCase()] === undefined);
    if (missing.length === 0) return undefined;
    return {
      message: `required response header${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing on ${op.operationId} ${body.key}`,
      expected: required,
      actual: Object.keys(response.headers),
    };
  },
};
