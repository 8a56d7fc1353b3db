// `MockServer.close()` ends connections that never sent a request. Node 20's closeIdleConnections
// leaves them open, and close() then waited for the client to give up: Chromium's preconnected
// socket held the dashboard test's second mock for 60 s in about one run of four.
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startMock } from '../helpers/mock.js';

/** A connection to `url` that sends nothing, as a browser's preconnect does, and when the server ended it. */
async function unusedConnection(url: string): Promise<{ socket: Socket; ended: Promise<'closed by the server'> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const ended = new Promise<'closed by the server'>((resolve) =>
    socket.once('close', () => resolve('closed by the server')),
  );
  return { socket, ended };
}

describe('MockServer.close()', () => {
  it('ends a connection that has sent no request, instead of waiting for its client', async () => {
    const m = await startMock({ vendors: ['moogsoft'] });
    const { socket, ended } = await unusedConnection(m.url);
    try {
      // Had close() waited for this socket, it would wait until the test's timeout: the socket stays open.
      await m.close();
      await expect(ended).resolves.toBe('closed by the server');
    } finally {
      socket.destroy();
    }
  });

  it('ends an unused connection to the admin port too', async () => {
    const m = await startMock({ vendors: ['moogsoft'], admin: { port: 0 } });
    const unused = await unusedConnection(m.mock.adminUrl ?? '');
    try {
      await m.close();
      await expect(unused.ended).resolves.toBe('closed by the server');
    } finally {
      unused.socket.destroy();
    }
  });
});
