import { chromium, type Browser } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The browser the UI tests drive: `UNDERSTUDY_CHROMIUM`, else Debian's chromium. */
export const CHROMIUM = process.env.UNDERSTUDY_CHROMIUM || '/usr/bin/chromium';

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
  console.warn(`test/ui: skipped, ${CHROMIUM} is absent (apt-get install chromium, or UNDERSTUDY_CHROMIUM=<path>)`);

/** Call before launching: fails with what to do when the browser is required and absent. */
export function assertBrowser(): void {
  if (!present) {
    throw new Error(
      `${CHROMIUM} is absent, and under CI (or UNDERSTUDY_REQUIRE_BROWSER=1) the browser tests must run: apt-get install chromium, or set UNDERSTUDY_CHROMIUM to a Chromium binary`,
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

/**
 * Debian's headless chromium, as every browser test launches it (failing first, under CI, when it is
 * absent: assertBrowser). No internet here: the flags keep chromium from reaching for it.
 */
export async function launchBrowser(): Promise<Browser> {
  assertBrowser();
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
