import type { IncomingMessage } from 'node:http';

/**
 * A message's whole body, refused with `tooLarge(declared)` as soon as it is known to pass `limit`
 * bytes: by its Content-Length before a byte is read (`declared`), or by what arrived. The one
 * reader of the mock's requests, the admin API's and the proxy's (requests and upstream answers).
 * After a refusal a request is drained, so that its connection can still carry the 413; an upstream
 * answer is abandoned (`abandon`), as nobody will read the rest.
 */
export function readBody(
  message: IncomingMessage,
  limit: number,
  tooLarge: (declared?: number) => Error,
  { abandon = false }: { abandon?: boolean } = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const refuse = (declared?: number) => {
      message.removeAllListeners('data');
      if (abandon) message.destroy();
      else message.resume();
      reject(tooLarge(declared));
    };
    const declared = Number(message.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      refuse(declared);
      return;
    }
    const arrived = arrivedBody(message, limit, tooLarge);
    if (arrived !== undefined) {
      resolve(arrived);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    message.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) refuse();
      else chunks.push(chunk);
    });
    message.on('end', () => resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks)));
    message.on('error', reject);
  });
}

/**
 * The body of a message that has all arrived and that nobody has read yet: Node's parser buffers it
 * in the message, and `read()` hands it over at once, without a `data` and an `end` event, each a
 * turn of the tick queue. All there: the message is complete, or holds as many bytes as its
 * Content-Length says (a body sent with its headers is, one microtask after the 'request' event,
 * before the parser marks the message complete). Past `limit` it is refused as `tooLarge` (with its
 * Content-Length, if it has one). Undefined while some is still to come, or once reading began.
 */
function arrivedBody(
  message: IncomingMessage,
  limit: number,
  tooLarge: (declared?: number) => Error,
): Buffer | undefined {
  const declared = Number(message.headers['content-length']);
  const body = message.complete ? takeBody(message) : takeDeclaredBody(message);
  if (body !== undefined && body.length > limit) throw tooLarge(Number.isFinite(declared) ? declared : undefined);
  return body;
}

/** arrivedBody's, for a message with a Content-Length that has all arrived (else undefined), without a limit. */
export function takeDeclaredBody(message: IncomingMessage): Buffer | undefined {
  return message.readableLength === Number(message.headers['content-length']) ? takeBody(message) : undefined;
}

function takeBody(message: IncomingMessage): Buffer | undefined {
  if (message.readableFlowing !== null || message.readableEnded) return undefined;
  const body = (message.read() as Buffer | null) ?? EMPTY;
  // Its end, still to be pushed, then ends the message as it would a reader's ('end', 'close').
  if (!message.complete) message.resume();
  return body;
}

const EMPTY = Buffer.alloc(0);
