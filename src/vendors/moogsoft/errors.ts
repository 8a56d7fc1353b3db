import type { components } from '../../generated/moogsoft.js';
import type { HttpError } from '../../mock/errors.js';

type ErrorBody = components['schemas']['Error'];

/** Error bodies answered recently, by their message: a client repeating a mistake gets the same one. */
const bodies = new Map<string, Readonly<ErrorBody>>();
const MAX_REMEMBERED_BODIES = 256;
const MAX_REMEMBERED_MESSAGE_LENGTH = 1024;

/**
 * Moogsoft's `{message}` for an error. The body is a function of the message alone (no state, no
 * request beside it), so one frozen body is shared by every answer with that message: the codec
 * remembers a frozen body's JSON and its UTF-8 (spec/codec.ts), which a new object would have had
 * stringified and encoded again on every request (a tenth of a refused PUT's own work).
 */
export function errorBody(error: HttpError): ErrorBody {
  const { message } = error;
  let body = bodies.get(message);
  if (body === undefined) {
    body = Object.freeze({ message });
    if (bodies.size >= MAX_REMEMBERED_BODIES) bodies.clear();
    if (message.length <= MAX_REMEMBERED_MESSAGE_LENGTH) bodies.set(message, body);
  }
  // Read-only to every reader: the codec checks that it is frozen before it reuses its text.
  return body;
}
