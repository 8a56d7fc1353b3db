import type { ServerResponse } from 'node:http';

/**
 * Response bodies are written once per turn of the event loop, all together, instead of one by one
 * as each request finishes.
 *
 * Why: on loopback each write that finds its client asleep pays for waking it (on a VM, an
 * inter-processor interrupt and a VM exit), and a server that does real work between two answers
 * lets its client fall asleep every time. Measured with a bare node:http server that spins 20 µs per
 * request before answering: 80 µs of server CPU per response written at once, 47 µs written at the
 * end of the turn (the same server with no spin: 51 µs). Everything read in one poll of the loop is
 * answered in the check phase right after it, so an answer waits at most for the other requests
 * that arrived with it; a lone request is answered in the same turn as before.
 *
 * Headers are still written (and validated by Node) where the answer is decided, so a bad header is
 * an error of the request that made it; only `end(body)` waits here.
 */
const pending: Array<{ res: ServerResponse; body: string }> = [];
let scheduled = false;

export function endSoon(res: ServerResponse, body: string): void {
  pending.push({ res, body });
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
}

function flush(): void {
  scheduled = false;
  const batch = pending.splice(0);
  for (const { res, body } of batch) {
    if (res.writableEnded || res.destroyed) continue;
    try {
      res.end(body);
    } catch (error) {
      console.error('understudy: writing a response failed', error);
      res.destroy();
    }
  }
}
