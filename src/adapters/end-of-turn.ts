import type { ServerResponse } from 'node:http';

/**
 * Response bodies are written once per turn of the event loop, all together, instead of one by one
 * as each request finishes.
 *
 * Why: on loopback each write that finds its client asleep pays for waking it (on a VM, an
 * inter-processor interrupt and a VM exit), and a server that does real work between two answers
 * lets its client fall asleep every time (`npm run bench` measures it: its raw node:http server
 * answers both ways, "raw" and "raw batched", beside ours). Everything read in one poll of the loop is
 * answered in the check phase right after it, so an answer waits at most for the other requests
 * that arrived with it; a lone request is answered in the same turn as before.
 *
 * Headers are still written (and validated by Node) where the answer is decided, so a bad header is
 * an error of the request that made it; only `end(body)` waits here.
 */
const pending: Array<{ res: ServerResponse; body: string | Uint8Array }> = [];
let scheduled = false;

export function endAtTurnEnd(res: ServerResponse, body: string | Uint8Array): void {
  pending.push({ res, body });
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
}

function flush(): void {
  scheduled = false;
  const due = pending.splice(0);
  for (const { res, body } of due) {
    if (res.writableEnded || res.destroyed) continue;
    try {
      res.end(body);
    } catch (error) {
      console.error('understudy: writing a response failed', error);
      res.destroy();
    }
  }
}
