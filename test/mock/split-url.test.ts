// The pipeline splits the common request target by hand instead of parsing a WHATWG URL. Whatever the
// target, routing must see the path and query URL parsing would have given it.
import fc from 'fast-check';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { splitUrl } from '../../src/core/pipeline.js';
import { startMock } from '../helpers/mock.js';

const viaUrl = (raw: string) => {
  return [...new URL(raw, 'http://mock').searchParams];
};
const viaSplit = (raw: string) => [...new URLSearchParams(splitUrl(raw).search)];

describe('splitUrl', () => {
  const cases = [
    '/api/hosts/localhost',
    '/api/hosts?query=hostName%20like%20%27a%25%27&first=0&count=10',
    '/api/integrations?page%5Bsize%5D=20&filter%5Bintegration.status%5D=running',
    '/api/hosts/a%2Fb?x=1&x=2&y',
    '/api/hosts/../hosts/localhost',
    '/api/./hosts/localhost',
    '//api/hosts',
    '/api\\hosts/localhost',
    '/api/hosts#frag',
    'http://elsewhere/api/hosts/localhost?depth=deep',
    '/api/hosts?',
    '/api/hosts?a=%zz&b=+c+',
    '/api/hosts/{name}',
  ];
  it.each(cases)('%s: same query as URL, and a path that decodes to the same segments', (raw) => {
    const url = new URL(raw, 'http://mock');
    const split = splitUrl(raw);
    expect(viaSplit(raw)).toEqual(viaUrl(raw));
    // URL percent-encodes a few characters the hand split leaves alone ({ } " < > `); decoding the
    // segments, as the router does, makes them equal (a segment that does not decode, null, matches
    // no route either way).
    const decode = (p: string) =>
      p.split('/').map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return null;
        }
      });
    expect(decode(split.pathname)).toEqual(decode(url.pathname));
  });

  it('agrees with URL on arbitrary printable targets', () => {
    const char = fc.constantFrom(...'abz09/._-~%?&=+#\\{}"<>`\''.split(''));
    fc.assert(
      fc.property(
        fc.array(char, { maxLength: 30 }).map((cs) => `/${cs.join('')}`),
        (raw) => {
          if (!URL.canParse(raw, 'http://mock')) return; // covered below
          const url = new URL(raw, 'http://mock');
          const split = splitUrl(raw);
          expect(viaSplit(raw)).toEqual(viaUrl(raw));
          const decode = (p: string) =>
            p.split('/').map((s) => {
              try {
                return decodeURIComponent(s);
              } catch {
                return null;
              }
            });
          expect(decode(split.pathname)).toEqual(decode(url.pathname));
        },
      ),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('answers a target URL cannot parse (`//`, `//:x`) as a path no route has, without throwing', () => {
    for (const raw of ['//', '//:x', '//:99999/api/hosts']) {
      expect(URL.canParse(raw, 'http://mock')).toBe(false);
      expect(splitUrl(raw).pathname).toBe(raw);
    }
  });

  it('the mock answers such targets 404, not 500 (URL parsing used to throw inside the pipeline)', async () => {
    const m = await startMock();
    try {
      const { port } = new URL(m.url);
      for (const path of ['//', '//:x', '//:99999/api/hosts']) {
        const status = await new Promise<number>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end();
        });
        expect(status, path).toBe(404);
      }
    } finally {
      await m.close();
    }
  });
});
