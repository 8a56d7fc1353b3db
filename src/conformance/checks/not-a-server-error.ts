import { excerpt, type Check } from './context.js';

/** A 5xx is a server failure, unless the step deliberately provokes the documented one. */
export const notAServerError: Check = {
  name: 'not_a_server_error',
  applies: () => true,
  run({ response, step, variant }) {
    if (response.status < 500) return undefined;
    if (variant === 'main' && step.expectStatuses?.includes(response.status)) return undefined;
    return {
      message: `server error ${response.status}${response.text ? `: ${excerpt(response.text)}` : ''}`,
      expected: 'a status below 500',
      actual: response.status,
    };
  },
};
