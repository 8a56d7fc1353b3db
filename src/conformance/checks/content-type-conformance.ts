import { headerValue } from '../request.js';
import type { Check } from './context.js';

/**
 * A body's Content-Type must be one the spec documents for that status; when the client asked
 * for a documented type by Accept, that is the type it must get. A status documented without a
 * body must not carry one.
 */
export const contentTypeConformance: Check = {
  name: 'content_type_conformance',
  applies: ({ body }) => body.key !== undefined && !body.empty,
  run({ body, request, response, op }) {
    const documented = body.documentedTypes;
    if (documented.length === 0) {
      return {
        message:
          `the spec documents no body for ${op.operationId} ${body.key}, ` +
          `but ${response.text.length} byte(s) of ${body.mediaType ?? 'untyped content'} came back`,
        expected: 'no body',
        actual: body.mediaType ?? '(no Content-Type)',
      };
    }
    if (!body.mediaType) {
      return {
        message: `the body has no Content-Type header (documented: ${documented.join(', ')})`,
        expected: documented,
        actual: '(none)',
      };
    }
    if (!documented.includes(body.mediaType)) {
      return {
        message: `Content-Type ${body.mediaType} is not documented for ${op.operationId} ${body.key} (documented: ${documented.join(', ')})`,
        expected: documented,
        actual: body.mediaType,
      };
    }
    const accept = headerValue(request.headers, 'accept')?.split(';')[0]?.trim().toLowerCase();
    if (accept && !accept.includes(',') && documented.includes(accept) && accept !== body.mediaType) {
      return {
        message: `asked for ${accept} (Accept), which the spec documents, but got ${body.mediaType}`,
        expected: accept,
        actual: body.mediaType,
      };
    }
    return undefined;
  },
};
