import type { components } from '../../generated/moogsoft.js';
import type { HttpError } from '../../mock/errors.js';
import { Memo } from '../../common/memo.js';

type ErrorBody = components['schemas']['Error'];

/** Error bodies answered recently, by their message: a client repeating a mistake gets the same one. */
const bodies = new Memo<string, Readonly<ErrorBody>>(256, 1024);

/**
 * Moogsoft's `{message}` for an error. The body is a function of the message alone (no state, no
 * request beside it), so one frozen body is shared by every answer with that message: the codec
 * remembers a frozen body's JSON and its UTF-8 (spec/codec.ts), which a new object would have had
 * stringified and encoded again on every request (a tenth of a refused PUT's own work).
 */
export function errorBody(error: HttpError): ErrorBody {
  return bodies.remember(error.message, frozenBody);
}

/** Read-only to every reader: the codec checks that it is frozen before it reuses its text. */
const frozenBody = (message: string): Readonly<ErrorBody> => Object.freeze({ message });
