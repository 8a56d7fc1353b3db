// Runs before each test file (test/vitest.config.ts setupFiles). Files share a worker's modules
// (`isolate: false`), so node:http patched by one file (nock activates itself when first imported,
// and stays on until restored; MSW's setupServer until closed) would intercept the next file's
// requests: header names lower-cased on the way through a proxy, a raw `//x` request target thrown
// on as an invalid URL. After each file, node:http must be as Node made it: a file that leaves it
// patched fails, naming itself, and the patch is undone so that the files after it still run clean.
import http from 'node:http';
import https from 'node:https';
import { afterAll } from 'vitest';

interface Originals {
  httpRequest: typeof http.request;
  httpGet: typeof http.get;
  clientRequest: typeof http.ClientRequest;
  httpsRequest: typeof https.request;
  httpsGet: typeof https.get;
}

// Taken once per worker, before its first file imports anything (setup files run first), and kept on
// globalThis because this module is evaluated again for every file.
const KEY = Symbol.for('understudy.test.nodeHttpOriginals');
const store = globalThis as { [KEY]?: Originals };
const originals = (store[KEY] ??= {
  httpRequest: http.request,
  httpGet: http.get,
  clientRequest: http.ClientRequest,
  httpsRequest: https.request,
  httpsGet: https.get,
});

function patched(): string[] {
  const changed: string[] = [];
  if (http.request !== originals.httpRequest) changed.push('http.request');
  if (http.get !== originals.httpGet) changed.push('http.get');
  if (http.ClientRequest !== originals.clientRequest) changed.push('http.ClientRequest');
  if (https.request !== originals.httpsRequest) changed.push('https.request');
  if (https.get !== originals.httpsGet) changed.push('https.get');
  return changed;
}

afterAll(async () => {
  const changed = patched();
  if (changed.length === 0) return;
  // Already loaded if it is nock's: importing it again only hands back the same module.
  const { default: nock } = await import('nock');
  nock.cleanAll();
  nock.enableNetConnect();
  nock.restore();
  http.request = originals.httpRequest;
  http.get = originals.httpGet;
  http.ClientRequest = originals.clientRequest;
  https.request = originals.httpsRequest;
  https.get = originals.httpsGet;
  throw new Error(
    `this file left node:http patched (${changed.join(', ')}): restore nock (test/helpers/nock.ts nockOff) or close MSW's server in afterAll`,
  );
});
