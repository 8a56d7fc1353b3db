// The dashboard at /__admin/ui in a real browser (Debian's headless chromium, driven by
// playwright-core): requests appear live with their verdict, reset, load and save state, search,
// fault injection on and off, ten thousand journal entries, and a mock that needs an admin token.
import { readFileSync } from 'node:fs';
import { type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { NO_FAULTS } from '../../src/mock/faults.js';
import { basic, startMock, type RunningMock } from '../helpers/mock.js';
import { CHROMIUM, screenshot, skipBrowserTests, workerBrowser } from '../helpers/browser.js';

const BOUND = { timeout: 5_000 };
const moogsoftAuth = { authorization: basic('John.Doe', 'MyPassword') };

let browser: Browser;
/**
 * The context and the one tab the dashboard opens in. A test about what the page shows as it opens
 * (its state, its backlog, its first calls) loads it afresh: `open()`. A test about what happens on
 * a page already open (requests streaming in, buttons, filters) goes on with the page the test before
 * left, when that is this mock's dashboard with its feed live: `dashboard()`. Between tests the
 * journal is cleared, which the open page is told of (`cleared`) and shows; no test reusing a page
 * reads state or faults the mock was reset to behind its back. Each load is ~0.5 s of Chromium's CPU
 * (and ~0.15 s more for a detour through about:blank), a new tab three to four times that (a
 * renderer started and torn down, Playwright's scripts compiled again). The dashboard keeps nothing
 * in storage, nor cookies without an admin token; the admin-token test clears the cookies before it
 * starts and in the middle.
 */
let context: BrowserContext;
let m: RunningMock;
let page: Page;
/** Uncaught errors in the page fail the test that caused them. */
const pageErrors: string[] = [];

const statusUrl = (id: number | string) => `${m.url}/integrations/api/v1/integrations/${id}/status`;
const putStatus = (id: number, body: unknown) =>
  fetch(statusUrl(id), {
    method: 'PUT',
    headers: { ...moogsoftAuth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const rows = () => page.getByTestId('request-row');
const row = (text: string | RegExp) => rows().filter({ hasText: text });

/** The dashboard, loaded afresh in the tab, its feed live. */
async function open(url = `${m.url}/__admin/ui`): Promise<Page> {
  await page.goto(url);
  await expect.poll(() => page.getByTestId('feed-status').textContent(), BOUND).toBe('live');
  return page;
}

/**
 * The dashboard of `m` as the last test left it, when it is open with its feed live; else loaded
 * afresh. Filters and tabs may be as that test left them: a test sets those it reads.
 */
async function dashboard(): Promise<Page> {
  const live =
    page.url() === `${m.url}/__admin/ui` &&
    (await page
      .getByTestId('feed-status')
      .textContent({ timeout: 1000 })
      .catch(() => null)) === 'live';
  return live ? page : open();
}

async function showVendor(vendor: string): Promise<void> {
  await page.getByRole('tab', { name: vendor }).click();
}

describe.skipIf(skipBrowserTests)(`dashboard in ${CHROMIUM}`, () => {
  beforeAll(async () => {
    const worker = await workerBrowser();
    browser = worker.browser;
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    return worker.release;
  });
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  describe('all vendors, default fixtures', () => {
    beforeAll(async () => {
      // Room for the test's 10,000 entries beside the page's own admin calls.
      m = await startMock({ journalSize: 20_000 });
      return async () => {
        // The feed ends with the page, not with the mock under it (the page would try to reconnect).
        await page.goto('about:blank');
        await m.close();
      };
    });
    afterEach(() => {
      m.mock.reset();
      m.mock.faults.set(NO_FAULTS);
      m.mock.journal.clear();
    });

    it('serves the page and its script from the mock, and nothing from anywhere else', async () => {
      const html = await fetch(`${m.url}/__admin/ui`);
      expect(html.status).toBe(200);
      expect(html.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      const text = await html.text();
      expect(text).toContain('<script type="module" src="/__admin/ui/app.js">');
      expect(text).not.toMatch(/https?:\/\//);
      const js = await fetch(`${m.url}/__admin/ui/app.js`);
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect((await fetch(`${m.url}/__admin/ui/nope.js`)).status).toBe(404);

      const outside: string[] = [];
      const onRequest = (request: Request) => {
        if (!request.url().startsWith(m.url)) outside.push(request.url());
      };
      page.on('request', onRequest);
      try {
        await open();
      } finally {
        page.off('request', onRequest);
      }
      expect(outside).toEqual([]);
      await screenshot(page, 'ui-empty.png');
    });

    it('shows requests as they arrive, with the verdict and the violation spelled out', async () => {
      page = await dashboard();
      await expect.poll(() => page.getByText('No requests yet').count(), BOUND).toBe(1);

      expect((await fetch(statusUrl(6), { headers: moogsoftAuth })).status).toBe(200);
      const good = row('/integrations/api/v1/integrations/6/status');
      await expect.poll(() => good.count(), BOUND).toBe(1);
      const goodText = await good.innerText();
      for (const part of ['GET', '200', 'moogsoft', 'getIntegrationStatus', 'conforms'])
        expect(goodText).toContain(part);

      expect((await putStatus(7, { command: 'restart' })).status).toBe(400);
      const bad = row('/integrations/api/v1/integrations/7/status');
      await expect.poll(() => bad.count(), BOUND).toBe(1);
      const badText = await bad.innerText();
      for (const part of [
        'PUT',
        '400',
        'updateIntegrationStatus',
        'request violates spec',
        "body field 'command' must be one of",
      ])
        expect(badText).toContain(part);

      // Newest first; and the details spell out every violation.
      expect(await rows().first().innerText()).toContain('/integrations/7/status');
      await bad.click();
      const details = page.getByTestId('request-details');
      await expect
        .poll(() => details.locator('ul.violations li').allInnerTexts(), BOUND)
        .toEqual([expect.stringMatching(/^body field 'command' must be one of: "start", "stop"/)]);
      expect(await details.innerText()).toContain('The request does not conform to the spec');

      // An unknown path is answered, journaled, and called what it is.
      await fetch(`${m.url}/integrations/api/v1/nothing-here`, { headers: moogsoftAuth });
      await expect
        .poll(
          async () =>
            (
              await row('/nothing-here')
                .innerText({ timeout: 1000 })
                .catch(() => '')
            ).includes('path not in spec'),
          BOUND,
        )
        .toBe(true);

      // The page's own admin calls are hidden unless asked for.
      expect(await row('/__admin/').count()).toBe(0);
      await page.getByLabel('/__admin calls').check();
      await expect.poll(() => row('/__admin/state').count(), BOUND).toBeGreaterThan(0);
      await page.getByLabel('/__admin calls').uncheck();

      // Filters: text, status class, vendor.
      await page.getByLabel('Filter requests').fill('updateIntegration');
      await expect.poll(() => rows().count(), BOUND).toBe(1);
      await page.getByLabel('Filter requests').fill('');
      await page.getByLabel('Status', { exact: true }).selectOption('2xx');
      await expect.poll(() => rows().allInnerTexts(), BOUND).toEqual([expect.stringContaining('getIntegrationStatus')]);
      await page.getByLabel('Status', { exact: true }).selectOption('all');

      // Sessions: the filter appears once a request names one, and shows only that session's.
      await fetch(`${m.url}/integrations/api/v1/integrations/6/status`, {
        headers: { ...moogsoftAuth, 'X-Understudy-Session': 'ui-session' },
      });
      await expect.poll(() => page.getByLabel('Session', { exact: true }).count(), BOUND).toBe(1);
      await page.getByLabel('Session', { exact: true }).selectOption('ui-session');
      await expect.poll(() => rows().count(), BOUND).toBe(1);
      await page.getByLabel('Session', { exact: true }).selectOption('no session (shared state)');
      await expect.poll(() => rows().count(), BOUND).toBeGreaterThan(1);
      await page.getByLabel('Session', { exact: true }).selectOption('');
      await bad.click();
      await screenshot(page, 'ui-dashboard.png');
    });

    it('reset puts the state back to the fixtures and empties the journal', async () => {
      // Open as the state changes: the page fetches it again when the change is journaled (the state
      // a page shows as it opens is the search test's).
      page = await dashboard();
      const dump = m.mock.dumpState() as { moogsoft: { integrations: Array<{ id: number; name: string }> } };
      dump.moogsoft.integrations.find((i) => i.id === 6)!.name = 'RenamedByTheTest';
      expect(
        (
          await fetch(`${m.url}/__admin/state`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ moogsoft: dump.moogsoft }),
          })
        ).status,
      ).toBe(200);
      await fetch(statusUrl(6), { headers: moogsoftAuth });

      await showVendor('moogsoft');
      const integrations = page.locator('[data-testid=state-collection][data-title=integrations]');
      await expect.poll(() => integrations.innerText(), BOUND).toContain('RenamedByTheTest');
      await expect.poll(() => rows().count(), BOUND).toBe(1);

      await page.getByRole('button', { name: 'Reset' }).click();
      await expect.poll(() => integrations.innerText(), BOUND).toContain('Azure1');
      expect(await integrations.innerText()).not.toContain('RenamedByTheTest');
      await expect.poll(() => rows().count(), BOUND).toBe(0);
      expect(await page.getByTestId('toast').innerText()).toMatch(/back to its fixtures/);
      await screenshot(page, 'ui-reset.png');
    });

    it('loads state from a file and saves it to one', async () => {
      // The page the reset test left: its state is what it was reset to, as is the mock's.
      page = await dashboard();
      const dump = m.mock.dumpState() as { moogsoft: { integrations: Array<{ id: number; name: string }> } };
      dump.moogsoft.integrations.find((i) => i.id === 7)!.name = 'LoadedFromAFile';
      await page.getByLabel('State file to load').setInputFiles({
        name: 'state.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify({ moogsoft: dump.moogsoft })),
      });
      await expect
        .poll(
          () =>
            page
              .getByTestId('toast')
              .innerText({ timeout: 1000 })
              .catch(() => ''),
          BOUND,
        )
        .toContain('Loaded state from state.json');
      expect((m.mock.dumpState() as typeof dump).moogsoft.integrations.find((i) => i.id === 7)!.name).toBe(
        'LoadedFromAFile',
      );
      await showVendor('moogsoft');
      await expect
        .poll(() => page.locator('[data-testid=state-collection][data-title=integrations]').innerText(), BOUND)
        .toContain('LoadedFromAFile');

      // A bad file changes nothing and says why.
      await page
        .getByLabel('State file to load')
        .setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"nosuchvendor": {}}') });
      await expect
        .poll(
          () =>
            page
              .getByTestId('toast')
              .innerText({ timeout: 1000 })
              .catch(() => ''),
          BOUND,
        )
        .toContain("state names vendor 'nosuchvendor'");

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Save state' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^understudy-state-.*\.json$/);
      const saved = JSON.parse(readFileSync(await download.path(), 'utf8')) as Record<string, unknown>;
      expect(saved).toEqual(m.mock.dumpState());
      await screenshot(page, 'ui-load-save.png');
    });

    it('search filters the state tables of a vendor, whatever their shape', async () => {
      page = await open();
      await showVendor('moogsoft');
      const integrations = page.locator('[data-testid=state-collection][data-title=integrations]');
      await expect.poll(() => integrations.locator('tbody tr').count(), BOUND).toBe(8);
      // Columns are chosen by name: identity first, then the rest.
      expect(await integrations.locator('th').allInnerTexts()).toEqual(expect.arrayContaining(['id', 'name']));

      await page.getByLabel('Search state').fill('azure');
      await expect.poll(() => integrations.locator('tbody tr').count(), BOUND).toBe(1);
      expect(await integrations.locator('h3').innerText()).toContain('1 of 8');
      expect(await integrations.locator('tbody tr').innerText()).toContain('Azure1');
      // Records nested in records get a table of their own, naming their parent.
      const instances = page.locator('[data-testid=state-collection][data-title="integrations › instances"]');
      expect(await instances.innerText()).toContain('Azure1');

      await integrations.locator('tbody tr').click();
      expect(await integrations.locator('pre').innerText()).toContain('"type_id": "azure_lam"');
      // A request changing nothing has the page fetch the state again; the record stays open.
      const refreshed = page.waitForResponse(
        (r) => r.url().endsWith('/__admin/state') && r.request().method() === 'GET',
        BOUND,
      );
      expect((await fetch(statusUrl(6), { headers: moogsoftAuth })).status).toBe(200);
      await refreshed;
      await page.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve)))),
      );
      expect(await integrations.locator('pre').count()).toBe(1);

      await page.getByLabel('Search state').fill('no such thing anywhere');
      await expect.poll(() => page.getByTestId('state-collection').count(), BOUND).toBe(0);
      await page.getByLabel('Search state').fill('');
      await expect.poll(() => integrations.locator('tbody tr').count(), BOUND).toBe(8);

      // Every vendor served renders, generically, with at least one table.
      for (const vendor of m.mock.vendors.keys()) {
        await showVendor(vendor);
        await expect.poll(() => page.getByTestId('state-collection').count(), BOUND).toBeGreaterThan(0);
      }
      await showVendor('moogsoft');
      await page.getByLabel('Search state').fill('running');
      await screenshot(page, 'ui-state-search.png');
    });

    it('turns fault injection on, shows the fault in the journal, and turns it off', async () => {
      page = await dashboard();
      await page.getByLabel('Error rate %').fill('100');
      await page.getByRole('button', { name: 'Turn faults on' }).click();
      await expect.poll(() => page.getByTestId('faults-status').innerText(), BOUND).toBe('on');
      expect(m.mock.faults.current).toMatchObject({ enabled: true, rules: [{ errorRate: 1 }] });

      expect((await fetch(statusUrl(6), { headers: moogsoftAuth })).status).toBe(500);
      const faulty = row('/integrations/6/status');
      await expect
        .poll(() => faulty.innerText({ timeout: 1000 }).catch(() => ''), BOUND)
        .toContain('fault: status 500');
      expect(await faulty.innerText()).toContain('injected fault');
      await page.getByLabel('Status', { exact: true }).selectOption('faults');
      await expect.poll(() => rows().count(), BOUND).toBe(1);
      await page.getByLabel('Status', { exact: true }).selectOption('all');
      await screenshot(page, 'ui-faults.png');

      await page.getByRole('button', { name: 'Turn faults off' }).click();
      await expect.poll(() => page.getByTestId('faults-status').innerText(), BOUND).toBe('off');
      expect(m.mock.faults.current.enabled).toBe(false);
      expect((await fetch(statusUrl(8), { headers: moogsoftAuth })).status).toBe(200);
      await expect
        .poll(
          () =>
            row('/integrations/8/status')
              .innerText({ timeout: 1000 })
              .catch(() => ''),
          BOUND,
        )
        .toContain('conforms');
      expect(await row('/integrations/8/status').innerText()).not.toContain('fault');
    });

    it('keeps a typed error rate when the rule in force arrives after the typing', async () => {
      // The page asks for the rule in force as it opens; on a loaded machine the answer came after the
      // test had typed, the form was reset to it and "Turn faults on" sent rules [{}]. Here the answer
      // is held until the typing is done, then the page is given two frames to apply it.
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/__admin/faults', async (route) => {
        if (route.request().method() === 'GET') await held;
        await route.continue();
      });
      onTestFinished(() => page.unroute('**/__admin/faults'));
      await page.goto(`${m.url}/__admin/ui`);
      await page.getByLabel('Error rate %').fill('100');
      const answered = page.waitForResponse(
        (r) => r.url().endsWith('/__admin/faults') && r.request().method() === 'GET',
      );
      release();
      await answered;
      await page.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve)))),
      );
      await page.getByRole('button', { name: 'Turn faults on' }).click();
      await expect.poll(() => page.getByTestId('faults-status').innerText(), BOUND).toBe('on');
      expect(m.mock.faults.current).toMatchObject({ enabled: true, rules: [{ errorRate: 1 }] });
    });

    it('stays responsive with 10,000 journal entries: renders a window of rows, filters within bounds', async () => {
      page = await dashboard();
      const vendors = ['groundwork', 'moogsoft', 'polarity', 'boomi'];
      for (let i = 1; i <= 10_000; i++) {
        m.mock.journal.add({
          time: new Date(Date.UTC(2025, 0, 1, 0, 0, 0, i)).toISOString(),
          method: i % 5 === 0 ? 'POST' : 'GET',
          path: `/api/hosts/host-${i}`,
          vendor: vendors[i % 4],
          operationId: i % 5 === 0 ? 'createHosts' : 'getHost',
          status: i % 97 === 0 ? 400 : 200,
          latencyMs: (i % 50) / 10,
          violations: i % 97 === 0 ? [`body field 'hosts[0].status' must be one of (entry ${i})`] : [],
          ...(i % 97 === 0 ? { violationsIn: 'request' as const } : {}),
        });
      }
      // Streamed live as they are journaled, then again as the backlog of a freshly opened page.
      let started = Date.now();
      await expect.poll(() => page.getByTestId('requests-count').innerText(), BOUND).toBe('10,000 requests');
      expect(Date.now() - started).toBeLessThan(5_000);
      started = Date.now();
      page = await open();
      await expect.poll(() => page.getByTestId('requests-count').innerText(), BOUND).toBe('10,000 requests');
      expect(Date.now() - started).toBeLessThan(5_000);
      const domRows = await rows().count();
      expect(domRows).toBeGreaterThan(10);
      expect(domRows).toBeLessThan(200);
      expect(await rows().first().innerText()).toContain('/api/hosts/host-10000');

      const filtering = Date.now();
      await page.getByLabel('Filter requests').fill('host-4242');
      await expect.poll(() => rows().allInnerTexts(), BOUND).toEqual([expect.stringContaining('/api/hosts/host-4242')]);
      expect(await page.getByTestId('requests-count').innerText()).toBe('1 of 10,000 requests');
      expect(Date.now() - filtering).toBeLessThan(5_000);

      await page.getByLabel('Filter requests').fill('');
      await page.getByLabel('Status', { exact: true }).selectOption('violations');
      await expect
        .poll(() => page.getByTestId('requests-count').innerText(), BOUND)
        .toBe(`${Math.floor(10_000 / 97)} of 10,000 requests`);
      await page.getByLabel('Status', { exact: true }).selectOption('all');
      await page.getByLabel('Vendor', { exact: true }).selectOption('boomi');
      await expect.poll(() => page.getByTestId('requests-count').innerText(), BOUND).toBe('2,500 of 10,000 requests');
      await page.getByLabel('Vendor', { exact: true }).selectOption('');

      // Scrolled to the end, the oldest entry is drawn; new entries still stream in on top.
      await page.getByTestId('requests-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await expect
        .poll(
          () =>
            rows()
              .last()
              .locator('.path')
              .innerText({ timeout: 1000 })
              .catch(() => ''),
          BOUND,
        )
        .toBe('/api/hosts/host-1');
      await page.getByTestId('requests-scroll').evaluate((el) => el.scrollTo(0, 0));
      expect((await fetch(statusUrl(6), { headers: moogsoftAuth })).status).toBe(200);
      await expect
        .poll(() => rows().first().innerText(), BOUND)
        .toContain('/integrations/api/v1/integrations/6/status');
      expect(await rows().count()).toBeLessThan(200);
      await screenshot(page, 'ui-10k.png');
    });
  });

  describe('a mock with an admin token', () => {
    let secured: RunningMock;
    beforeAll(async () => {
      secured = await startMock({ vendors: ['moogsoft'], admin: { token: 's3cret-token' } });
      // What is checked is the cookie a fresh browser gets.
      await context.clearCookies();
      return () => secured.close();
    });

    it('asks for the token, then works on its cookie, and never shows the token in the address bar', async () => {
      expect((await fetch(`${secured.url}/__admin/events`)).status).toBe(401);
      expect(await context.cookies()).toEqual([]);
      // Opened bare: the mock's token page, not the dashboard.
      const first = await page.goto(`${secured.url}/__admin/ui`);
      expect(first?.status()).toBe(401);
      await page.getByLabel('Admin token').fill('wrong-token');
      await page.getByRole('button', { name: 'Use token' }).click();
      await expect
        .poll(
          () =>
            page
              .getByRole('alert')
              .innerText({ timeout: 1000 })
              .catch(() => ''),
          BOUND,
        )
        .toContain('not this mock');
      await page.getByLabel('Admin token').fill('s3cret-token');
      await screenshot(page, 'ui-token.png');
      await page.getByRole('button', { name: 'Use token' }).click();
      await expect.poll(() => page.getByTestId('feed-status').textContent(), BOUND).toBe('live');
      expect(page.url()).toBe(`${secured.url}/__admin/ui`);
      // The session is a cookie no script can read, and it is not the token.
      expect(await page.evaluate(() => document.cookie)).toBe('');
      const [cookie] = await page.context().cookies(`${secured.url}/__admin/ui`);
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/__admin' });
      expect(cookie!.value).not.toContain('s3cret-token');
      await expect
        .poll(() => page.locator('[data-testid=state-collection][data-title=integrations]').count(), BOUND)
        .toBe(1);
      await fetch(`${secured.url}/integrations/api/v1/integrations/6/status`, { headers: moogsoftAuth });
      await expect.poll(() => row('/integrations/6/status').count(), BOUND).toBe(1);
      // Reset and fault injection work on the cookie as well.
      await page.getByRole('button', { name: 'Reset' }).click();
      await expect
        .poll(
          () =>
            page
              .getByTestId('toast')
              .innerText({ timeout: 1000 })
              .catch(() => ''),
          BOUND,
        )
        .toMatch(/back to its fixtures/);

      // A link with ?token= (the one the mock prints) leads straight in, without the cookie, and drops
      // the token from the address.
      await context.clearCookies();
      await page.goto(`${secured.url}/__admin/ui?token=s3cret-token`);
      await expect.poll(() => page.getByTestId('feed-status').textContent(), BOUND).toBe('live');
      expect(page.url()).toBe(`${secured.url}/__admin/ui`);
      expect(JSON.stringify(secured.mock.journal.list())).not.toContain('s3cret-token');

      // The token changes under an open page (a restart with another): the page says so and asks again.
      secured.mock.admin.token = 'another-token';
      try {
        await page.getByRole('button', { name: 'Reset' }).click();
        await expect
          .poll(
            () =>
              page
                .getByRole('alert')
                .innerText({ timeout: 1000 })
                .catch(() => ''),
            BOUND,
          )
          .toContain('no longer takes this page');
        await page.getByRole('button', { name: 'Enter the token again' }).click();
        await expect.poll(() => page.getByLabel('Admin token').count(), BOUND).toBe(1);
      } finally {
        secured.mock.admin.token = 's3cret-token';
      }
    });
  });
});
