// An oversize upload reads its 413, never a connection reset: several clients at once send bodies
// far over the limit (declared, chunked, asking to close the connection), and each one reads the
// answer. The mock half-closes and keeps reading what still arrives, as nginx's lingering close does.
import { request } from 'node:http';
import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { exited, spawnMock, type CliMock } from '../helpers/cli.js';
import { basic } from '../helpers/mock.js';

const PATH = '/integrations/api/v1/integrations/6/status';
const AUTH = basic('John.Doe', 'MyPassword');
const BODY_BYTES = 16 * 1024 * 1024;
const CLIENTS = 8;

interface Upload {
  /** What the client read, from the status line on. */
  answer: string;
  /** A socket error (ECONNRESET, EPIPE), if one came before the answer was read whole. */
  error?: string;
}

/**
 * One client that sends its whole body before it reads anything (the client a reset hurts most),
 * over its own connection.
 */
function upload(url: string, framing: 'length' | 'chunked', close: boolean, authorization = AUTH): Promise<Upload> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const received: Buffer[] = [];
    let error: string | undefined;
    socket.on('data', (d: Buffer) => received.push(d));
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code));
    socket.on('close', () => resolve({ answer: Buffer.concat(received).toString('latin1'), error }));
    socket.on('connect', () => {
      const head = [
        `PUT ${PATH} HTTP/1.1`,
        `Host: ${hostname}:${port}`,
        `Authorization: ${authorization}`,
        'Content-Type: application/json',
        framing === 'length' ? `Content-Length: ${BODY_BYTES}` : 'Transfer-Encoding: chunked',
        ...(close ? ['Connection: close'] : []),
      ];
      socket.write(`${head.join('\r\n')}\r\n\r\n`);
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = (): void => {
        while (sent < BODY_BYTES && !socket.destroyed) {
          const piece =
            framing === 'chunked'
              ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')])
              : chunk;
          sent += chunk.length;
          if (!socket.write(piece)) return void socket.once('drain', pump);
        }
        if (!socket.destroyed) socket.end(framing === 'chunked' ? '0\r\n\r\n' : '');
      };
      pump();
    });
  });
}

// Its own process, as in use: sharing the test's event loop, the mock reads too slowly behind the
// clients' writes for the reset to show.
let m: CliMock;
beforeAll(async () => {
  m = await spawnMock(['--vendors', 'moogsoft']);
  return async () => {
    m.child.kill('SIGTERM');
    await exited(m.child);
  };
});

describe('an oversize upload', () => {
  for (const framing of ['length', 'chunked'] as const) {
    for (const close of [true, false]) {
      it(`${CLIENTS} clients at once, ${framing === 'length' ? 'Content-Length declared' : 'chunked'}${close ? ', Connection: close' : ''}: each reads its 413`, async () => {
        const uploads = await Promise.all(Array.from({ length: CLIENTS }, () => upload(m.url, framing, close)));
        for (const u of uploads) {
          expect(u.answer.split('\r\n')[0], `error ${u.error}`).toBe('HTTP/1.1 413 Payload Too Large');
          expect(u.answer).toMatch(/\r\nconnection: close\r\n/i);
          expect(u.answer).toMatch(/larger than the limit of 1048576 bytes/);
        }
      });
    }
  }

  it('fetch (undici), which sends its whole body before it reports the answer, reads the 413 too', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 4 }, () =>
        fetch(`${m.url}${PATH}`, {
          method: 'PUT',
          headers: { authorization: AUTH, 'content-type': 'application/json' },
          body: Buffer.alloc(BODY_BYTES / 2, 0x61),
        }).then((r) => r.status),
      ),
    );
    expect(statuses).toEqual([413, 413, 413, 413]);
  });

  it('an answer given before a large body was read (a 401) is read as well', async () => {
    const uploads = await Promise.all(
      Array.from({ length: 4 }, () => upload(m.url, 'length', true, basic('John.Doe', 'wrong'))),
    );
    for (const u of uploads) expect(u.answer.split('\r\n')[0], `error ${u.error}`).toBe('HTTP/1.1 401 Unauthorized');
  });

  it('to the admin API: a state over its 64 MiB is a 413 saying what to do, not a 500', async () => {
    const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${m.url}/__admin/state`,
        { method: 'PUT', headers: { 'content-type': 'application/json', 'content-length': String(65 * 1024 * 1024) } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on('error', reject);
      req.write('{"moogsoft":');
    });
    expect(status.status).toBe(413);
    expect(status.body).toMatch(/larger than the admin API's limit .* use --state-file/);
  });

  it('leaves connections of requests read whole alive', async () => {
    const res = await fetch(`${m.url}${PATH}`, {
      method: 'PUT',
      headers: { authorization: AUTH, 'content-type': 'application/json' },
      body: '{"command":"start"}',
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('connection')).toBe('keep-alive');
  });
});
