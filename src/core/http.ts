/**
 * A request and its answer as plain values: what every door to the mock (the node:http server,
 * in-process `fetch`, MSW handlers, the proxy's checks) translates to and from. Nothing here knows
 * of sockets, streams or Node's `Buffer`, so the core runs in a browser as well.
 */

/**
 * Request headers by lower-case name. A header sent more than once is one value joined with `, `
 * (or a list, as Node keeps `set-cookie`): the shape of Node's `IncomingHttpHeaders`, so the server
 * passes its headers through without a copy.
 */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

/**
 * A body still arriving (a socket's stream), read when the pipeline needs it. It must refuse a body
 * over `limit` bytes with an HttpError 413, as soon as it knows (a Content-Length says so).
 */
export type BodyReader = (limit: number) => Promise<Uint8Array>;

export interface PlainRequest {
  method: string;
  /** The request target as sent: `/api/hosts?query=…` (origin-form), or an absolute URL. */
  url: string;
  headers: RequestHeaders;
  /** The body: its bytes, text (sent as UTF-8), or a reader; absent when there is none. */
  body?: Uint8Array | string | BodyReader;
}

export interface PlainReply {
  /** 0 when the answer is to drop the connection (fault injection): then there is nothing else. */
  status: number;
  /** As the mock writes them (`Content-Type`, `Allow`, CORS, ...); no `Content-Length`, which is the transport's. */
  headers: Record<string, string>;
  body: string;
  /**
   * `body` as UTF-8, when the mock had it encoded already (a document it serves again and again):
   * a door that writes bytes need not encode the text. Shared between answers: never change it.
   */
  bytes?: Uint8Array;
  /** Fault injection asked for no answer at all: the server destroys the socket, `fetch` fails. */
  drop?: boolean;
}

/** One header's value, a repeated one joined as HTTP joins it. */
export function headerValue(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
