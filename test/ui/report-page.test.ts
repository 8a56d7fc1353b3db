// The self-contained HTML compatibility report (src/report/html.ts) in a real browser, opened from
// file:// with no server: two verify runs against our mock (one healthy, one with a fault
// injected), merged into one matrix of targets × vendors × operations; a failing cell drills down
// to the failure's check, request and response.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyResult } from '../../src/conformance/results.js';
import { runVerify } from '../../src/conformance/runner.js';
import { toHtml } from '../../src/report/html.js';
import { mergeRuns } from '../../src/report/merge.js';
import { closeAfterAll } from '../helpers/close-after-all.js';
import { inProcess, IN_PROCESS_TARGET } from '../helpers/in-process.js';
import { startMock } from '../helpers/mock.js';
import { CHROMIUM, screenshot, skipBrowserTests, workerBrowser } from '../helpers/browser.js';

const BOUND = { timeout: 5_000 };
const VENDORS = ['moogsoft', 'boomi'] as const;

let browser: Browser;
let page: Page;
let good: VerifyResult;
let broken: VerifyResult;
let htmlFile: string;
const dir = mkdtempSync(join(tmpdir(), 'understudy-report-page-'));
const pageErrors: string[] = [];
const outside: string[] = [];

describe.skipIf(skipBrowserTests)(`HTML compatibility report in ${CHROMIUM}`, () => {
  const closeLater = closeAfterAll();
  beforeAll(async () => {
    const healthy = await startMock();
    // The same mock with Moogsoft's status GET failing every time: the run that breaks the contract.
    const faulty = await startMock({
      faults: {
        enabled: true,
        seed: 1,
        rules: [{ vendor: 'moogsoft', operationId: 'getIntegrationStatus', errorRate: 1, errorStatus: 500 }],
      },
    });
    try {
      // Through the mocks' in-process doors: the report is what is tested here, and a run through the
      // door gives the report a socket run gives (test/conformance/mock.test.ts).
      good = await runVerify({
        target: IN_PROCESS_TARGET,
        targetName: 'understudy mock',
        vendors: VENDORS,
        timeoutMs: 5_000,
        send: inProcess((r) => healthy.mock.core.handle(r)),
      });
      broken = await runVerify({
        target: IN_PROCESS_TARGET,
        targetName: 'mock with a fault',
        vendors: VENDORS,
        timeoutMs: 5_000,
        send: inProcess((r) => faulty.mock.core.handle(r)),
      });
    } finally {
      await healthy.close();
      await faulty.close();
    }
    htmlFile = join(dir, 'compatibility.html');
    writeFileSync(htmlFile, toHtml(mergeRuns([good, broken])));
    const worker = await workerBrowser();
    browser = worker.browser;
    closeLater(worker.release);
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('request', (request) => {
      if (!request.url().startsWith('file://')) outside.push(request.url());
    });
    await page.goto(pathToFileURL(htmlFile).href);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
    expect(outside).toEqual([]);
  });

  it('the runs are what the page is about: one passes, one fails on getIntegrationStatus', () => {
    expect(good.ok).toBe(true);
    expect(broken.ok).toBe(false);
    expect(broken.matrix.moogsoft!.getIntegrationStatus!.not_a_server_error!.failed).toBeGreaterThan(0);
    expect(broken.matrix.boomi!.queryListenerStatus!.not_a_server_error).toMatchObject({ failed: 0 });
  });

  it('renders the matrix: targets × vendors × operations, pass and fail cells, and the counts', async () => {
    await expect.poll(() => page.title(), BOUND).toBe('understudy compatibility report');
    await expect.poll(() => page.locator('header .verdict').innerText(), BOUND).toMatch(/the contract is broken/);

    // Targets, with their scenario and check counts.
    const targets = page.locator('table.targets tbody tr');
    expect(await targets.count()).toBe(2);
    const [first, second] = [await targets.nth(0).innerText(), await targets.nth(1).innerText()];
    const checks = (run: VerifyResult) =>
      Object.values(run.summary.checks).reduce(
        (n, c) => ({ passed: n.passed + c.passed, failed: n.failed + c.failed }),
        { passed: 0, failed: 0 },
      );
    expect(first).toContain('understudy mock');
    expect(first).toContain(`${good.summary.scenarios.passed} passed`);
    expect(first).toContain(`${checks(good).passed} passed (100%)`);
    expect(second).toContain('mock with a fault');
    expect(second).toContain(`${broken.summary.scenarios.failed} failed`);
    expect(second).toContain(`${checks(broken).failed} failed`);

    // One matrix per vendor; a row per operation of the spec; a column group per target.
    const matrices = page.locator('table.matrix');
    expect(await matrices.count()).toBe(VENDORS.length);
    expect(await page.locator('section h3').allInnerTexts()).toEqual([...VENDORS]);
    for (const [i, vendor] of VENDORS.entries()) {
      const table = matrices.nth(i);
      expect(await table.locator('thead th.target').allInnerTexts()).toEqual(['understudy mock', 'mock with a fault']);
      expect(await table.locator('tbody th.op').allInnerTexts()).toEqual(Object.keys(good.matrix[vendor]!));
    }
    const moogsoft = matrices.nth(0);
    const row = moogsoft.locator('tbody tr', { has: page.locator('th.op', { hasText: /^getIntegrationStatus$/ }) });
    const cells = row.locator('td.cell');
    const perTarget = await cells.count();
    expect(perTarget % 2).toBe(0);
    const healthyCells = await cells.evaluateAll(
      (tds, n) => tds.slice(0, n / 2).map((td) => td.getAttribute('class') ?? ''),
      perTarget,
    );
    const brokenCells = await cells.evaluateAll(
      (tds, n) => tds.slice(n / 2).map((td) => td.getAttribute('class') ?? ''),
      perTarget,
    );
    expect(healthyCells.some((c) => c.includes('pass'))).toBe(true);
    expect(healthyCells.some((c) => c.includes('fail'))).toBe(false);
    expect(brokenCells.filter((c) => c.includes('fail')).length).toBeGreaterThan(0);
    // A cell tells its counts (hover), and the row its totals per target.
    const tally = broken.matrix.moogsoft!.getIntegrationStatus!.not_a_server_error!;
    expect(await row.locator('td.cell.fail[title^="not_a_server_error"]').getAttribute('title')).toBe(
      `not_a_server_error: ${tally.passed} passed, ${tally.failed} failed`,
    );
    expect(await row.locator('td.counts').allInnerTexts()).toEqual([
      counts(good, 'moogsoft', 'getIntegrationStatus'),
      counts(broken, 'moogsoft', 'getIntegrationStatus'),
    ]);
    await page.locator('h2', { hasText: 'Compatibility matrix' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'report-matrix.png', false);
  });

  it('drills down: a failing cell opens its failure, with the check name, the request and the response', async () => {
    const failure = page.locator('details.failure[open]');
    expect(await failure.count()).toBe(0);
    const cell = page
      .locator('table.matrix')
      .nth(0)
      .locator('tbody tr', { has: page.locator('th.op', { hasText: /^getIntegrationStatus$/ }) })
      .locator('td.cell.fail[title^="not_a_server_error"] a');
    await cell.click();
    await expect.poll(() => failure.count(), BOUND).toBe(1);
    await expect.poll(() => failure.isVisible(), BOUND).toBe(true);
    const text = await failure.innerText();
    expect(text).toMatch(/^not_a_server_error/);
    expect(text).toContain('[mock with a fault]');
    expect(text).toMatch(/server error 500/);
    const [request, response] = await failure.locator('.exchange').first().locator('pre').allInnerTexts();
    expect(request).toMatch(
      /^GET http:\/\/in-process\.understudy\.test\/integrations\/api\/v1\/integrations\/\d+\/status/,
    );
    expect(request).toMatch(/authorization: Basic \*\*\*/i);
    expect(response).toMatch(/^HTTP 500 /);
    expect(response).toContain('injected fault');
    // The failure is in view, under the sticky header.
    const box = await failure.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(1000);
    await screenshot(page, 'report-drilldown.png', false);
  });

  it('"show failures only" hides passing rows and scenarios', async () => {
    const passingRows = page.locator('table.matrix tr.pass');
    expect(await passingRows.first().isVisible()).toBe(true);
    await page.locator('#only-failures').check();
    await expect.poll(() => passingRows.first().isVisible(), BOUND).toBe(false);
    expect(await page.locator('table.matrix tr.fail').first().isVisible()).toBe(true);
    await page.locator('#only-failures').uncheck();
  });
});

/** What the count column says for one operation of one run: checks passed, and failed if any. */
function counts(run: VerifyResult, vendor: string, op: string): string {
  const tallies = Object.values(run.matrix[vendor]?.[op] ?? {});
  const passed = tallies.reduce((n, t) => n + t.passed, 0);
  const failed = tallies.reduce((n, t) => n + t.failed, 0);
  if (passed + failed === 0) return '·';
  return failed > 0 ? `${passed}✓ ${failed}✗` : `${passed}✓`;
}
