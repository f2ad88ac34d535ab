import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { authorizationHeader } from '../../../../src/security/secretHash.js';
import { REPO_ROOT } from '../../../cli/cliHarness.js';
import type { OutsideTool } from '../../../helpers/outsideTool.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Debian's Chromium, driven by playwright-core (never a browser downloaded by Playwright). */
export const CHROMIUM: OutsideTool = {
  needs: "Debian's Chromium (/usr/bin/chromium)",
  missingBecause: existsSync(CHROMIUM_PATH) ? null : `${CHROMIUM_PATH} is not installed`,
  enableWith: '.ci/setup-chromium.sh (apt-get install -y chromium)',
};

/** The launch flags that work on these machines (shared/reference/toolchain.md). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** The width the pages must stay readable at (the 1280 px). */
export const VIEWPORT = { width: 1280, height: 900 };

/**
 * A browser context signed in with Basic credentials: every request carries the Authorization
 * header a browser sends for this origin once the user has answered kcr's login prompt.
 */
export function signedIn(browser: Browser, credentials: { username: string; password: string }, options: { bypassCSP?: boolean } = {}): Promise<BrowserContext> {
  const authorization = authorizationHeader('Basic', credentials.username, credentials.password);
  return browser.newContext({ viewport: VIEWPORT, extraHTTPHeaders: { authorization }, bypassCSP: options.bypassCSP ?? false });
}

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/**
 * Runs axe-core inside the page and fails on any serious or critical violation, naming each. The
 * page's CSP forbids every script, so axe runs in a context made with `bypassCSP` (the
 * only way to inject it); the CSP itself is checked in ordinary contexts.
 */
export async function expectNoSeriousAxeViolations(page: Page, label: string): Promise<void> {
  await page.addScriptTag({ path: AXE_PATH });
  // A string expression: the test project is compiled without the DOM library.
  const violations = await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((result) =>
    result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`) as AxeViolation[];
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${label}: ${v.impact} ${v.id} (${v.help}) at ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`)).toEqual([]);
}

/**
 * Where the screenshots go: docs/screenshots (README shows them) with KCR_UPDATE_SCREENSHOTS=1,
 * otherwise a folder under the system temp dir, so a test run leaves the work tree clean.
 */
export const SCREENSHOT_DIR = process.env.KCR_UPDATE_SCREENSHOTS === '1' ? join(REPO_ROOT, 'docs/screenshots') : join(tmpdir(), 'kcr-screenshots');

/** Saves what the page looks like at 1280 px (the committed ones under docs/screenshots are the current pages). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/**
 * What sticks out past the right edge at 1280 px (sideways scrolling), as `tag.class: text`;
 * empty when the page fits. A table broken one character per line fits too, so tests also look.
 */
export function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('main *')]
    .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5)
    .map((element) => element.tagName.toLowerCase() + '.' + element.className + ': ' + (element.textContent ?? '').slice(0, 60))`) as Promise<string[]>;
}
