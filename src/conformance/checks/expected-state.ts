import { interpolate, MissingVariableError } from '../interpolate.js';
import { isMatcher, match, short } from '../match.js';
import { excerpt, type Check } from './context.js';

/** The state the documents promise, as the scenario states it: status, headers, a subset of the body. */
export const expectedState: Check = {
  name: 'expected_state',
  applies: ({ variant }) => variant === 'main',
  run({ step, response, body, vars, captureErrors }) {
    const statuses = step.expectStatuses;
    if (statuses && !statuses.includes(response.status)) {
      return {
        message: `expected status ${statuses.join(' or ')}, got ${response.status}${response.text ? `: ${excerpt(response.text)}` : ''}`,
        expected: statuses,
        actual: response.status,
      };
    }
    try {
      for (const [name, raw] of Object.entries(step.step.expect.headers ?? {})) {
        const expected = interpolate(raw, vars);
        const actual = response.headers[name.toLowerCase()];
        const mismatch = isMatcher(expected)
          ? match(expected, actual)
          : actual === String(expected)
            ? undefined
            : { message: `expected ${short(String(expected))}, found ${short(actual)}` };
        if (mismatch) return { message: `header ${name}: ${mismatch.message}`, expected, actual: actual ?? '(absent)' };
      }
      if (step.expectBody !== undefined) {
        const read = body.read();
        if (read.error !== undefined)
          return { message: `the body cannot be read: ${read.error}`, actual: excerpt(response.text) };
        const mismatch = match(interpolate(step.expectBody, vars), read.value);
        if (mismatch) {
          return {
            message: `body ${mismatch.pointer || '(root)'}: ${mismatch.message}`,
            pointer: mismatch.pointer,
            expected: mismatch.expected,
            actual: mismatch.actual === undefined ? excerpt(response.text) : mismatch.actual,
          };
        }
      }
    } catch (error) {
      if (error instanceof MissingVariableError) return { message: error.message };
      throw error;
    }
    if (captureErrors.length > 0) return { message: captureErrors.join('; ') };
    return undefined;
  },
};
