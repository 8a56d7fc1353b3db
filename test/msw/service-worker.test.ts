// understudy/msw in a real browser: a page registers MSW's service worker with understudy's handlers
// (bundled by esbuild from the browser entry, reused from the last run while its sources are unchanged:
// test/helpers/cached-bundle.ts), and the GroundWork flow runs from the page — log in,
// create a host, query it, rename it — answered by the stateful mock inside the page, with the
// vendor's validation and errors. The page's own server sees none of those requests.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedBundle } from '../helpers/cached-bundle.js';
import { closeAfterAll } from '../helpers/close-after-all.js';
import { assertBrowser, CHROMIUM, skipBrowserTests, workerBrowser } from '../helpers/browser.js';

interface Called {
  status?: number;
  body?: string;
  error?: string;
}

function call(
  page: Page,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Called> {
  return page.evaluate(
    async ({ path, init }) => {
      try {
        const res = await fetch(path, init);
        return { status: res.status, body: await res.text() };
      } catch (error) {
        return { error: String(error) };
      }
    },
    { path, init },
  );
}

describe.skipIf(skipBrowserTests)(`understudy/msw in a service worker, in ${CHROMIUM}`, () => {
  let browser: Browser;
  let site: Server;
  let page: Page;
  /** Paths the page's own server was asked for. */
  const served: string[] = [];
  const closeLater = closeAfterAll();

  beforeAll(async () => {
    assertBrowser();
    const app = await cachedBundle({
      entryPoints: [join(import.meta.dirname, 'page', 'app.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      logLevel: 'silent',
    });
    const worker = readFileSync(
      join(createRequire(import.meta.url).resolve('msw/package.json'), '..', 'lib', 'mockServiceWorker.js'),
      'utf8',
    );
    site = createServer((req, res) => {
      served.push(req.url ?? '/');
      const files: Record<string, [string, string]> = {
        '/': [
          'text/html; charset=utf-8',
          '<!doctype html><title>a front end</title><script type="module" src="/app.js"></script>',
        ],
        '/app.js': ['text/javascript', app],
        '/mockServiceWorker.js': ['text/javascript', worker],
      };
      const file = files[req.url ?? '/'];
      res.writeHead(file ? 200 : 404, { 'Content-Type': file?.[0] ?? 'text/plain' });
      res.end(file?.[1] ?? 'not found');
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    closeLater(() => new Promise((resolve) => site.close(resolve)));
    const chromium = await workerBrowser();
    browser = chromium.browser;
    closeLater(chromium.release);
    page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
    await page.waitForFunction(
      () => (globalThis as { ready?: boolean; failed?: string }).ready || (globalThis as { failed?: string }).failed,
      undefined,
      { timeout: 30_000 },
    );
    expect(await page.evaluate(() => (globalThis as { failed?: string }).failed)).toBeUndefined();
  }, 90_000);

  it('runs the GroundWork flow from the page: log in, create, query, rename', async () => {
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(
      /\/mockServiceWorker\.js$/,
    );
    const app = { 'GWOS-APP-NAME': 'browser-test' };
    const login = await call(page, '/api/auth/login', {
      method: 'POST',
      headers: { ...app, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'user=admin&password=admin&gwos-app-name=browser-test',
    });
    expect(login.status).toBe(200);
    const auth = { ...app, 'GWOS-API-TOKEN': login.body!, Accept: 'application/json' };
    const host = {
      hosts: [
        { hostName: 'browser-1', appType: 'NAGIOS', deviceIdentification: '10.7.0.1', description: 'made in a page' },
      ],
    };
    expect(
      (
        await call(page, '/api/hosts', {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: JSON.stringify(host),
        })
      ).status,
    ).toBe(200);
    const query = await call(page, `/api/hosts?query=${encodeURIComponent("hostName = 'browser-1'")}`, {
      headers: auth,
    });
    expect(query.status).toBe(200);
    expect(JSON.parse(query.body!)).toMatchObject({
      hosts: [{ hostName: 'browser-1', description: 'made in a page' }],
    });
    const renamed = await call(page, '/api/hosts/rename?oldHostName=browser-1&newHostName=browser-2', {
      method: 'PUT',
      headers: auth,
    });
    expect(renamed.status).toBe(200);
    expect(JSON.parse(renamed.body!)).toMatchObject({ hostName: 'browser-2' });
    expect((await call(page, '/api/hosts/browser-2', { headers: auth })).status).toBe(200);
    expect((await call(page, '/api/hosts/browser-1', { headers: auth })).status).toBe(404);
    // What needs Node's setImmediate and Buffer on a server: an async batch (lands on a later turn)
    // and a login whose password is sent in Base64, as GroundWork's Java client sends it.
    expect(
      (
        await call(page, '/api/hosts?async=true', {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: JSON.stringify({ hosts: [{ ...host.hosts[0], hostName: 'browser-async' }] }),
        })
      ).status,
    ).toBe(200);
    await expect
      .poll(async () => (await call(page, '/api/hosts/browser-async', { headers: auth })).status, { timeout: 5000 })
      .toBe(200);
    const base64 = await call(page, '/api/auth/login', {
      method: 'POST',
      headers: { ...app, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `user=admin&password=${encodeURIComponent(btoa('admin'))}&gwos-app-name=browser-test`,
    });
    expect(base64.status).toBe(200);
    // The vendor's validation and error format, in the browser.
    const bad = await call(page, '/api/hosts/rename?oldHostName=browser-2', { method: 'PUT', headers: auth });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body!)).toMatchObject({ status: 400, error: expect.stringContaining('newHostName') });
    const journal = (
      await page.evaluate(() =>
        (globalThis as unknown as { journal: () => Array<{ operationId?: string; status: number }> }).journal(),
      )
    ).map((e) => [e.operationId, e.status]);
    expect(journal.slice(0, 6)).toEqual([
      ['login', 200],
      ['createOrUpdateHosts', 200],
      ['getHosts', 200],
      ['renameHost', 200],
      ['getHost', 200],
      ['getHost', 404],
    ]);
    expect(journal.at(-2)).toEqual(['login', 200]);
    expect(journal.at(-1)).toEqual(['renameHost', 400]);
    expect(served.filter((p) => p.startsWith('/api/'))).toEqual([]);
  });

  it('keeps two sessions apart in the page: the understudy-session cookie, and the header', async () => {
    const auth = {
      'GWOS-APP-NAME': 'browser-test',
      'GWOS-API-TOKEN': 'understudy-demo-token',
      Accept: 'application/json',
    };
    const setCookie = (value: string) =>
      page.evaluate((cookie) => {
        document.cookie = cookie;
      }, value);
    const read = async (headers: Record<string, string> = {}) =>
      (await call(page, '/api/hosts/in-session-a', { headers: { ...auth, ...headers } })).status;
    await setCookie('understudy-session=a; path=/');
    const made = await call(page, '/api/hosts', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        hosts: [{ hostName: 'in-session-a', appType: 'NAGIOS', deviceIdentification: '10.7.0.9' }],
      }),
    });
    expect(made.status).toBe(200);
    expect(await read()).toBe(200);
    await setCookie('understudy-session=b; path=/');
    expect(await read()).toBe(404);
    expect(await read({ 'X-Understudy-Session': 'a' })).toBe(200);
    await setCookie('understudy-session=; path=/; max-age=0');
    expect(await read()).toBe(404);
    const sessions = await page.evaluate(() =>
      (globalThis as unknown as { journal: () => Array<{ session?: string; operationId?: string }> })
        .journal()
        .filter((e) => e.session !== undefined)
        .map((e) => [e.operationId, e.session]),
    );
    expect(sessions).toEqual([
      ['createOrUpdateHosts', 'a'],
      ['getHost', 'a'],
      ['getHost', 'b'],
      ['getHost', 'a'],
    ]);
  });
});
