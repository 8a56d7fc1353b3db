// A request and a response in memory, enough of IncomingMessage and ServerResponse for
// MockServer.handle (the pipeline, the admin API): what bench:pipeline and bench:soak send through
// the node:http door without sockets.
import { Readable } from 'node:stream';

export interface InMemoryRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface InMemoryAnswer {
  status: number;
  /** The body written (empty unless `keepBody`). */
  body: string;
}

/**
 * As Node's parser delivers a request that arrived in one read: its body is in the message's buffer
 * by the time the 'request' handler's microtasks run, and the message is complete (its end pushed)
 * only after they have all run.
 */
export function fakeRequest(r: InMemoryRequest): Readable {
  const body = r.body === undefined ? undefined : Buffer.from(r.body);
  const req = new Readable({ read() {} }) as Readable & Record<string, unknown>;
  const headers: Record<string, string> = { host: '127.0.0.1:4010', connection: 'keep-alive' };
  for (const [name, value] of Object.entries(r.headers ?? {})) headers[name.toLowerCase()] = value;
  if (body) headers['content-length'] = String(body.length);
  Object.assign(req, {
    url: r.path,
    method: r.method,
    headers,
    complete: false,
    socket: { destroy() {}, remoteAddress: '127.0.0.1' },
  });
  if (body) req.push(body);
  process.nextTick(() => {
    req.complete = true;
    req.push(null);
  });
  return req;
}

/** Calls `done` with the answer once it is complete; `keepBody: false` spares collecting the text. */
export function fakeResponse(req: Readable, done: (answer: InMemoryAnswer) => void, { keepBody = true } = {}) {
  let status = 0;
  let text = '';
  return {
    req,
    shouldKeepAlive: true,
    headersSent: false,
    writableEnded: false,
    destroyed: false,
    statusCode: 200,
    setHeader() {},
    getHeader() {},
    writeHead(code: number) {
      status = code;
      this.headersSent = true;
      return this;
    },
    write(chunk: string) {
      if (keepBody) text += chunk;
      return true;
    },
    end(chunk?: string) {
      if (chunk && keepBody) text += chunk;
      this.writableEnded = true;
      done({ status: status || this.statusCode, body: text });
    },
    destroy() {
      this.destroyed = true;
    },
    on() {},
    once() {},
  };
}
