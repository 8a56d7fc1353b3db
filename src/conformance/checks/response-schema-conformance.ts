import { describeIssue } from '../../spec/ajv.js';
import { bodyKind } from '../../spec/codec.js';
import { excerpt, type Check } from './context.js';

/** The body, read by its media type (XML through the spec's mapping), must match the documented schema. */
export const responseSchemaConformance: Check = {
  name: 'response_schema_conformance',
  applies: ({ body }) => body.key !== undefined && body.documentedTypes.length > 0,
  run({ body, validators, response, op }) {
    const documented = body.documentedTypes;
    if (body.empty) {
      // Only text may be empty; JSON and XML documents cannot.
      if (documented.some((t) => bodyKind(t) === 'text')) return undefined;
      return {
        message: `the body is empty; the spec documents ${documented.join(' or ')} for ${op.operationId} ${body.key}`,
        expected: documented,
        actual: '(empty)',
      };
    }
    if (!body.mediaType || !documented.includes(body.mediaType)) return undefined;
    const read = body.read();
    if (read.error !== undefined) {
      return { message: `the ${body.mediaType} body cannot be read: ${read.error}`, actual: excerpt(response.text) };
    }
    const issues = validators.response(response.status, body.mediaType, read.value);
    const first = issues[0];
    if (first === undefined) return undefined;
    return {
      message:
        issues.slice(0, 3).map(describeIssue).join('; ') + (issues.length > 3 ? ` (+${issues.length - 3} more)` : ''),
      pointer: first.pointer,
      expected: first.message,
      actual: excerpt(response.text),
    };
  },
};
