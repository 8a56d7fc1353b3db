// The node:http door's body reader over a real socket: a body that came in the same read as its
// headers is taken from the message at once (src/adapters/read-body.ts's arrivedBody), one that
// arrives later through the stream's events; both answer alike, refuse alike past the limit, and
// end the request as Node's own readers do.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MockServer, defaultOptions, DEFAULT_LIMITS } from '../../src/mock/server.js';

const AUTH = `Basic ${Buffer.from('John.Doe:MyPassword').toString('base64')}`;
const PATH = '/integrations/api/v1/integrations/6/status';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** The mock's door in a server of the test's own, so the test sees each request's own events. */
async function start(maxBodyBytes = DEFAULT_LIMITS.maxBodyBytes): Promise<{ port: number; ended: string[][] }> {
  const mock = new MockServer(defaultOptions({ validateResponses: true, limits: { ...DEFAULT_LIMITS, maxBodyBytes } }));
  const ended: string[][] = [];
  const listening = createServer((req: IncomingMessage, res) => {
    const events: string[] = [];
    ended.push(events);
    req.on('end', () => events.push('end'));
    req.on('close', () => events.push('close'));
    mock.handle(req, res);
  });
  server = listening;
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  return { port: (listening.address() as AddressInfo).port, ended };
}

/** Sends `parts` on one connection (each its own write, `gapMs` apart) and reads one answer. */
function exchange(port: number, parts: string[], gapMs = 0): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('error', reject);
    socket.on('data', (d: Buffer) => {
      received += d.toString('utf8');
      const head = received.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(received)?.[1];
      if (head < 0 || length === undefined || received.length < head + 4 + Number(length)) return;
      socket.destroy();
      resolve({ status: Number(received.slice(9, 12)), body: received.slice(head + 4) });
    });
    socket.on('connect', () => {
      let at = 0;
      const next = (): void => {
        const part = parts[at++];
        if (part === undefined) return;
        socket.write(part);
        setTimeout(next, gapMs);
      };
      next();
    });
  });
}

function head(body: string, framing: 'length' | 'chunked' = 'length'): string {
  const length = framing === 'length' ? `Content-Length: ${Buffer.byteLength(body)}` : 'Transfer-Encoding: chunked';
  return `PUT ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${AUTH}\r\nContent-Type: application/json\r\n${length}\r\n\r\n`;
}

const chunkedBody = (body: string) => `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`;

/** Until every request has closed (a few turns after its answer), or 50 turns have passed. */
async function settled(ended: string[][]): Promise<void> {
  for (let turn = 0; turn < 50 && !ended.every((events) => events.includes('close')); turn++)
    await new Promise((resolve) => setImmediate(resolve));
}

describe('request bodies through the node:http door', () => {
  const refused = { status: 400, body: '{"message":"body field \'command\' must be one of: \\"start\\", \\"stop\\""}' };

  it('a body sent with its headers, with its Content-Length or chunked, answers as one sent after them', async () => {
    const { port, ended } = await start();
    const body = '{"command":"restart"}';
    expect(await exchange(port, [head(body) + body])).toEqual(refused);
    expect(await exchange(port, [head(body, 'chunked') + chunkedBody(body)])).toEqual(refused);
    expect(await exchange(port, [head(body), body], 20)).toEqual(refused);
    expect(await exchange(port, [head(body, 'chunked'), chunkedBody(body)], 20)).toEqual(refused);
    // A body the handler acts on: the integration started on a broker (204, no body).
    expect((await exchange(port, [head('{"command":"start"}') + '{"command":"start"}'])).status).toBe(204);
    await settled(ended);
    // Each request ended as Node's readers end one: its 'end', then its 'close'.
    expect(ended).toEqual(Array.from({ length: 5 }, () => ['end', 'close']));
  });

  it('a body over the limit is a 413 however it came, naming its Content-Length when it has one', async () => {
    const { port } = await start(10);
    const body = '{"command":"restart"}';
    const declared = `request body of ${body.length} bytes is larger than the limit of 10 bytes`;
    const streamed = 'request body is larger than the limit of 10 bytes';
    const message = (m: string) => ({ status: 413, body: JSON.stringify({ message: m }) });
    expect(await exchange(port, [head(body) + body])).toEqual(message(declared));
    expect(await exchange(port, [head(body), body], 20)).toEqual(message(declared));
    expect(await exchange(port, [head(body, 'chunked') + chunkedBody(body)])).toEqual(message(streamed));
    expect(await exchange(port, [head(body, 'chunked'), chunkedBody(body)], 20)).toEqual(message(streamed));
  });
});
