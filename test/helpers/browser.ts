import { chromium, type Browser } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Debian's Chromium builds, the lighter first: `chromium-headless-shell` is Chromium's engine (Blink,
 * V8, its network stack) without the browser's windows and tabs, the headless build Playwright itself
 * drives by default. The pages see the same engine; Chromium's own work is a quarter less (the
 * dashboard's tests: ~10.4 s of Chromium's CPU in `chromium`, ~7.9 s in the shell).
 */
const DEBIAN_CHROMIUMS = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'];

/** The browser the UI tests drive: `UNDERSTUDY_CHROMIUM`, else the first of Debian's builds present. */
export const CHROMIUM =
  process.env.UNDERSTUDY_CHROMIUM || DEBIAN_CHROMIUMS.find((path) => existsSync(path)) || '/usr/bin/chromium';

/**
 * Under CI (or `UNDERSTUDY_REQUIRE_BROWSER=1`) a missing browser fails the browser tests: skipped,
 * they would let a CI without chromium pass on a dashboard nobody ran. Elsewhere they skip, saying so.
 */
const required =
  (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') ||
  process.env.UNDERSTUDY_REQUIRE_BROWSER === '1';
const present = existsSync(CHROMIUM);

export const skipBrowserTests = !present && !required;
if (skipBrowserTests)
  console.warn(
    `test/ui: skipped, ${CHROMIUM} is absent (apt-get install chromium-headless-shell or chromium, or UNDERSTUDY_CHROMIUM=<path>)`,
  );

/** Call before launching: fails with what to do when the browser is required and absent. */
export function assertBrowser(): void {
  if (!present) {
    throw new Error(
      `${CHROMIUM} is absent, and under CI (or UNDERSTUDY_REQUIRE_BROWSER=1) the browser tests must run: apt-get install chromium-headless-shell (or chromium), or set UNDERSTUDY_CHROMIUM to a Chromium binary`,
    );
  }
}

/**
 * Screenshots of what the browser tests saw, for a person to look at: written only when
 * `UNDERSTUDY_SCREENSHOTS` names a folder (README, "Tests"), so a test run leaves no files behind.
 */
export async function screenshot(
  page: { screenshot(options: { path: string; fullPage: boolean }): Promise<unknown> },
  name: string,
  fullPage = true,
): Promise<void> {
  const dir = process.env.UNDERSTUDY_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, name), fullPage });
}

const KEY = Symbol.for('understudy.test.workerBrowser');
const store = globalThis as { [KEY]?: Promise<Browser> };

/**
 * The test worker's Chromium, and the function that closes what this file opened in it. Launched by
 * the first browser test file a worker runs and kept for the next ones (files share a worker's
 * modules, test/vitest.config.ts): a launch is ~0.7 s of Chromium's CPU and up to 2 s of waiting per
 * file. A file works in contexts of its own (`browser.newContext()`, or `browser.newPage()`, which
 * makes one), and `release` closes every context left open, so the next file starts with none. The
 * browser ends with the worker: Playwright kills the browsers it launched when the process exits.
 */
export async function workerBrowser(): Promise<{ browser: Browser; release: () => Promise<void> }> {
  assertBrowser();
  store[KEY] ??= launchBrowser().then(
    (browser) => {
      // Closed or crashed: the next file launches another.
      browser.on('disconnected', () => (store[KEY] = undefined));
      return browser;
    },
    (error: unknown) => {
      store[KEY] = undefined;
      throw error;
    },
  );
  const browser = await store[KEY];
  const release = async (): Promise<void> => {
    for (const context of browser.contexts()) await context.close();
  };
  return { browser, release };
}

/**
 * Launched through chromium.sh, which merges every --disable-features into one: Chromium honours only
 * the last, and Playwright passes a list of its own.
 */
const MERGING_LAUNCHER = fileURLToPath(new URL('chromium.sh', import.meta.url));

/**
 * Headless Chromium has no address bar to show, yet every window (a context's first page) starts one:
 * the omnibox popup, a WebUI page in a renderer of its own, ~1.1 s of CPU per window (Chromium 156).
 * Turned off, it changes nothing the pages under test see.
 */
const UNSHOWN_BROWSER_UI = ['WebUIOmniboxPopup', 'WebUIOmniboxFullPopup', 'WebUIOmniboxAimPopup'];

/**
 * Debian's headless chromium, as every browser test launches it (failing first, under CI, when it is
 * absent: assertBrowser). No internet here: the flags keep chromium from reaching for it.
 */
async function launchBrowser(): Promise<Browser> {
  assertBrowser();
  return chromium.launch({
    executablePath: MERGING_LAUNCHER,
    env: { ...process.env, UNDERSTUDY_CHROMIUM_BINARY: CHROMIUM },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-features=${UNSHOWN_BROWSER_UI.join(',')}`,
    ],
  });
}
