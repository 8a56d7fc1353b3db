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
