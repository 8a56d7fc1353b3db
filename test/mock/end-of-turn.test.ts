// Answers are ended together at the end of the event loop's turn (src/adapters/end-of-turn.ts). What must hold:
// every answer is still written, in the same turn, in order on a connection, and a connection that
// went away or an end() that throws costs nothing but that answer.
import { connect } from 'node:net';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { endAtTurnEnd } from '../../src/adapters/end-of-turn.js';
import { startMock, type RunningMock } from '../helpers/mock.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

function fakeResponse(end: (body: string) => void = () => {}) {
  const res = {
    writableEnded: false,
    destroyed: false,
    bodies: [] as string[],
    end: vi.fn((body: string) => {
      end(body);
      res.bodies.push(body);
      res.writableEnded = true;
    }),
    destroy: vi.fn(() => {
      res.destroyed = true;
    }),
  };
  return res;
}
const asResponse = (res: ReturnType<typeof fakeResponse>) => res as unknown as ServerResponse;

describe('endAtTurnEnd', () => {
  it('ends every answer queued in a turn at the end of that turn, in the order queued', async () => {
    const order: string[] = [];
    const a = fakeResponse((b) => order.push(b));
    const b = fakeResponse((b) => order.push(b));
    endAtTurnEnd(asResponse(a), 'first');
    endAtTurnEnd(asResponse(b), 'second');
    expect(a.end).not.toHaveBeenCalled();
    await turn();
    expect(order).toEqual(['first', 'second']);
    expect(a.end).toHaveBeenCalledTimes(1);
  });

  it('skips an answer whose connection is gone, and one end() that throws does not stop the others', async () => {
    const gone = fakeResponse();
    gone.destroyed = true;
    const broken = fakeResponse(() => {
      throw new Error('write after end');
    });
    const fine = fakeResponse();
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    endAtTurnEnd(asResponse(gone), 'x');
    endAtTurnEnd(asResponse(broken), 'y');
    endAtTurnEnd(asResponse(fine), 'z');
    await turn();
    expect(gone.end).not.toHaveBeenCalled();
    expect(broken.destroy).toHaveBeenCalled();
    expect(fine.bodies).toEqual(['z']);
    expect(log).toHaveBeenCalledWith('understudy: writing a response failed', expect.any(Error));
    log.mockRestore();
  });
});

describe('answers over real connections', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ vendors: ['moogsoft'] });
  });
  afterAll(() => mock.close());

  const auth = `Basic ${Buffer.from('John.Doe:MyPassword').toString('base64')}`;

  it('answers pipelined requests on one connection, each in order', async () => {
    const { port } = new URL(mock.url);
    const paths = [
      '/integrations/api/v1/integrations/6/status',
      '/integrations/api/v1/integrations/999/status',
      '/integrations/api/v1/integrations/6/status',
    ];
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString();
        if ((received.match(/HTTP\/1\.1 /g) ?? []).length === paths.length && /\r\n\r\n[^]*\}$/.test(received))
          socket.end();
      });
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
      socket.setTimeout(5000, () => reject(new Error(`timed out with: ${received}`)));
      // All three requests in one write: Node reads them in one turn and must answer them in order.
      socket.write(
        paths
          .map((p) => `GET ${p} HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nAccept: application/json\r\n\r\n`)
          .join(''),
      );
    });
    const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
    expect(statuses).toEqual([200, 404, 200]);
  });

  it('answers 200 concurrent requests, each with its own answer', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 6 : 1000 + i));
    const answers = await Promise.all(
      ids.map((id) =>
        fetch(`${mock.url}/integrations/api/v1/integrations/${id}/status`, {
          headers: { authorization: auth, accept: 'application/json' },
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> })),
      ),
    );
    for (const [i, answer] of answers.entries()) {
      if (ids[i] === 6) {
        expect(answer.status).toBe(200);
        expect(answer.body).toHaveProperty('global.integration_config_id', 6);
      } else {
        expect(answer.status).toBe(404);
        expect(JSON.stringify(answer.body)).toContain(String(ids[i]));
      }
    }
  });
});
