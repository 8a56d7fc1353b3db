// A front end on another origin calls the mock from a real browser (Debian's headless chromium,
// driven by playwright-core): every vendor's calls, preflighted ones included, go through and their
// answers (errors too) are readable; GroundWork's own auth rejections are CORS failures, as against a
// real GroundWork; with --cors off nothing goes through; and the page cannot drive /__admin.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCorsPolicy } from '../../src/mock/cors.js';
import { closeAfterAll } from '../helpers/close-after-all.js';
import { basic, startMock, type RunningMock } from '../helpers/mock.js';
import { CHROMIUM, skipBrowserTests, workerBrowser } from '../helpers/browser.js';

interface Called {
  ok: boolean;
  status?: number;
  body?: string;
  error?: string;
}

/** Runs one fetch in the page; a CORS refusal is the TypeError fetch rejects with. */
function call(
  page: Page,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; mode?: RequestMode } = {},
): Promise<Called> {
  return page.evaluate(
    async ({ url, init }) => {
      try {
        const res = await fetch(url, init);
        return { ok: true, status: res.status, body: await res.text() };
      } catch (error) {
        return { ok: false, error: String(error) };
      }
    },
    { url, init },
  );
}

describe.skipIf(skipBrowserTests)(`CORS from a page on another origin, in ${CHROMIUM}`, () => {
  let browser: Browser;
  let frontend: Server;
  let frontendUrl: string;
  let m: RunningMock;
  let off: RunningMock;
  let page: Page;
  const closeLater = closeAfterAll();

  beforeAll(async () => {
    const worker = await workerBrowser();
    browser = worker.browser;
    closeLater(worker.release);
    // The "front end": another port is another origin.
    frontend = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>a front end</title><p>calls the mock</p>');
    });
    await new Promise<void>((resolve) => frontend.listen(0, '127.0.0.1', resolve));
    closeLater(() => new Promise((resolve) => frontend.close(resolve)));
    frontendUrl = `http://127.0.0.1:${(frontend.address() as AddressInfo).port}`;
    m = await startMock();
    closeLater(() => m.close());
    off = await startMock({ vendors: ['moogsoft'], cors: parseCorsPolicy('off') });
    closeLater(() => off.close());
    page = await browser.newPage();
    await page.goto(frontendUrl);
  });

  it('GroundWork: logs in, reads a host with its token headers (preflighted), and reads a 404', async () => {
    const login = await call(page, `${m.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'user=admin&password=admin&gwos-app-name=frontend',
    });
    expect(login).toMatchObject({ ok: true, status: 200 });
    const token = login.body!;
    const headers = { 'GWOS-API-TOKEN': token, 'GWOS-APP-NAME': 'frontend', Accept: 'application/json' };
    const host = await call(page, `${m.url}/api/hosts/localhost`, { headers });
    expect(host).toMatchObject({ ok: true, status: 200 });
    expect(JSON.parse(host.body!)).toMatchObject({ hostName: 'localhost' });
    const missing = await call(page, `${m.url}/api/hosts/no-such-host`, { headers });
    expect(missing).toMatchObject({ ok: true, status: 404 });
    // The preflights were answered by the mock, and journaled.
    expect(
      m.mock.journal.list().filter((e) => e.method === 'OPTIONS' && e.vendor === 'groundwork').length,
    ).toBeGreaterThan(0);
  });

  it("GroundWork: a bad token is a CORS failure in the browser, as GroundWork's AuthFilter answers it", async () => {
    const refused = await call(page, `${m.url}/api/hosts/localhost`, {
      headers: { 'GWOS-API-TOKEN': 'stale', 'GWOS-APP-NAME': 'frontend', Accept: 'application/json' },
    });
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/TypeError/);
  });

  it('Moogsoft, Polarity and Boomi: preflighted writes and reads go through, errors readable', async () => {
    const moog = { Authorization: basic('John.Doe', 'MyPassword'), 'Content-Type': 'application/json' };
    const started = await call(page, `${m.url}/integrations/api/v1/integrations/6/status`, {
      method: 'PUT',
      headers: moog,
      body: '{"command":"start"}',
    });
    expect(started).toMatchObject({ ok: true, status: 204 });
    const wrong = await call(page, `${m.url}/integrations/api/v1/integrations/6/status`, {
      method: 'PUT',
      headers: moog,
      body: '{"command":"restart"}',
    });
    expect(wrong).toMatchObject({ ok: true, status: 400 });
    expect(wrong.body).toContain('command');
    const unauthorized = await call(page, `${m.url}/integrations/api/v1/integrations/6/status`);
    expect(unauthorized).toMatchObject({ ok: true, status: 401 });

    const polarity = await call(page, `${m.url}/api/integrations?page[size]=1`, {
      headers: { Authorization: 'Bearer my-auth-token' },
    });
    expect(polarity).toMatchObject({ ok: true, status: 200 });
    expect(JSON.parse(polarity.body!)).toHaveProperty('data');

    const boomi = await call(page, `${m.url}/api/rest/v1/dev-account/async/ListenerStatus/query`, {
      method: 'POST',
      headers: {
        Authorization: basic('BOOMI_TOKEN.dev@example.com', 'dev-api-token'),
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: JSON.stringify({
        QueryFilter: {
          expression: {
            operator: 'EQUALS',
            property: 'containerId',
            argument: ['1045759d-7f6c-4108-bd0e-7b71541d6a2d'],
          },
        },
      }),
    });
    expect(boomi).toMatchObject({ ok: true, status: 200 });
    expect(JSON.parse(boomi.body!)).toHaveProperty('asyncToken');
  });

  it('--cors off: the same calls are refused by the browser', async () => {
    const refused = await call(page, `${off.url}/integrations/api/v1/integrations/6/status`, {
      headers: { Authorization: basic('John.Doe', 'MyPassword') },
    });
    expect(refused.ok).toBe(false);
  });

  it('cannot reset the mock with a simple request, nor read its state', async () => {
    const dump = m.mock.dumpState() as { moogsoft: { integrations: Array<{ id: number; name: string }> } };
    dump.moogsoft.integrations.find((i) => i.id === 6)!.name = 'SetByTheTest';
    m.mock.loadState(dump);
    // The request goes out (no preflight for a simple POST); the mock refuses it by its Origin.
    await call(page, `${m.url}/__admin/reset`, {
      method: 'POST',
      mode: 'no-cors',
      headers: { 'Content-Type': 'text/plain' },
      body: 'reset',
    });
    await call(page, `${m.url}/__admin/state`, {
      method: 'PUT',
      mode: 'no-cors',
      headers: { 'Content-Type': 'text/plain' },
      body: '{}',
    });
    const refusals = m.mock.journal.list().filter((e) => e.path.startsWith('/__admin/reset'));
    expect(refusals.map((e) => e.status)).toEqual([403]);
    expect((m.mock.dumpState() as typeof dump).moogsoft.integrations.find((i) => i.id === 6)!.name).toBe(
      'SetByTheTest',
    );
    const read = await call(page, `${m.url}/__admin/state`);
    expect(read.ok).toBe(false);
  });
});
