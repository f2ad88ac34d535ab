import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithOutsideTool } from '../../../helpers/outsideTool.js';
import { CHROMIUM, expectNoSeriousAxeViolations, launchChromium, overflowing, screenshot, signedIn, VIEWPORT } from './browserHarness.js';
import { ADMIN, CANARY, dayOf, HISTORY, READER_A, startSeededServer, type SeededServer } from './seededServer.js';

/**
 * The web page in a real browser (Debian's Chromium through playwright-core) against a real
 * `kcr serve` with data in spaces a, b and default: what a person sees and does, an axe-core
 * check of every page, and the screenshots README shows.
 */
describeWithOutsideTool(CHROMIUM, 'the web page in Chromium against kcr serve', () => {
  let seeded: SeededServer;
  let browser: Browser;
  let admin: BrowserContext;
  let audited: BrowserContext;
  let reader: BrowserContext;
  let base = '';

  beforeAll(async () => {
    seeded = await startSeededServer();
    base = seeded.server.url;
    browser = await launchChromium();
    admin = await signedIn(browser, ADMIN);
    audited = await signedIn(browser, ADMIN, { bypassCSP: true });
    reader = await signedIn(browser, READER_A);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await seeded?.server.stop();
    seeded?.server.cleanup();
  });

  /** Opens a page, checks it answered 200 and logged no CSP violation or other console error. */
  const open = async (context: BrowserContext, path: string, status = 200): Promise<Page> => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
    const response = await page.goto(`${base}${path}`);
    expect(response?.status(), path).toBe(status);
    expect(errors.filter((e) => !/status of 40[34]/.test(e)), path).toEqual([]);
    return page;
  };
  const names = (page: Page) => page.locator('main table tbody tr td:first-child').allInnerTexts();

  it('search narrows the connectors of a space to the matching names, through the GET form and the keyboard', async () => {
    const page = await open(admin, '/ui/connectors?space=a');
    expect(await names(page)).toEqual(['Alpha Chat', 'Alpha Gpt', 'Alpha Hook', 'Alpha Imported Slack', 'Alpha Index']);
    await page.locator('#f-q').focus();
    await page.keyboard.type('HOOK');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=HOOK/);
    expect(await names(page)).toEqual(['Alpha Hook']);
    expect(new URL(page.url()).searchParams.get('space')).toBe('a');
    await screenshot(page, 'connectors-search');
    await page.close();
  });

  it.each([
    ['type=.index', ['Alpha Index']],
    ['category=generative-ai', ['Alpha Gpt']],
    ['category=alerting', ['Alpha Chat', 'Alpha Hook', 'Alpha Imported Slack']],
    ['category=elastic-stack&q=chat', []],
  ])('the %s filter narrows the list', async (query, expected) => {
    const page = await open(admin, `/ui/connectors?space=a&${query}`);
    if (expected.length === 0) await expect(page.locator('main').innerText()).resolves.toContain('No connector matches these filters');
    else expect(await names(page)).toEqual(expected);
    await page.close();
  });

  it('the type filter is chosen in the form and kept in a shareable URL', async () => {
    const page = await open(admin, '/ui/connectors?space=a');
    await page.locator('#f-type').selectOption('.slack');
    // From the select, the keyboard goes on to the category and then the submit button.
    await page.locator('#f-type').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe('Search');
    await page.keyboard.press('Enter');
    await page.waitForURL(/type=\.slack/);
    expect(await names(page)).toEqual(['Alpha Chat', 'Alpha Imported Slack']);
    await page.close();
  });

  it('a connector with missing secrets shows how to fix it: its type\'s secret fields, a manifest with ${env:} references and the commands', async () => {
    const list = await open(admin, '/ui/connectors?space=a&q=imported');
    await expect(list.locator('main table tbody tr').first().innerText()).resolves.toContain('missing secrets');
    await list.getByRole('link', { name: 'Alpha Imported Slack' }).click();
    await list.waitForURL(new RegExp(`/ui/connectors/${seeded.importedId}\\?space=a`));
    const fix = list.locator('section.fix');
    await expect(fix.locator('h2').innerText()).resolves.toContain('How to fix');
    await expect(fix.locator('li').allInnerTexts()).resolves.toEqual([expect.stringMatching(/^webhookUrl\s+required/)]);
    const snippet = await fix.locator('pre').first().innerText();
    expect(snippet).toContain(`connector_id: ${seeded.importedId}`);
    expect(snippet).toContain('webhookUrl: "${env:KCR_A_ALPHA_IMPORTED_SLACK_WEBHOOK_URL}"');
    await expect(fix.locator('pre').nth(1).innerText()).resolves.toContain('kcr plan manifests/imported --set imported');
    await screenshot(list, 'connector-missing-secrets');
    await list.close();
  });

  it('a plan page shows the old and the new value of a changed field side by side, the apply result, and no secret', async () => {
    const page = await open(admin, `/ui/plans/${seeded.updatePlanId}`);
    const hook = page.locator('article.change', { hasText: 'Alpha Hook' });
    const row = hook.locator('table.diff tr', { hasText: 'config.url' });
    await expect(row.locator('td.old').innerText()).resolves.toContain('"https://example.com/alpha/v1"');
    await expect(row.locator('td.new').innerText()).resolves.toContain('"https://example.com/alpha/v2"');
    await expect(hook.innerText()).resolves.toMatch(/apply:\s*.?\s*succeeded/);
    const secrets = page.locator('article.change', { hasText: 'Alpha Chat' }).locator('table.diff tr', { hasText: 'secrets' });
    await expect(secrets.locator('.sensitive').count()).resolves.toBe(2);
    await expect(secrets.locator('td.new').innerText()).resolves.toContain('changed');
    const markup = await page.content();
    expect(markup).not.toContain(CANARY);
    expect(markup).not.toContain('browser-canary');
    expect(await overflowing(page)).toEqual([]);
    await screenshot(page, 'plan');
    await page.close();
  });

  it('the overview chart has one bar per day for 30 days with the applies and drift of each day', async () => {
    const page = await open(admin, '/ui/');
    const bars = page.locator('#chart-applies g.bar');
    await expect(bars.count()).resolves.toBe(30);
    await expect(page.locator('#chart-drift g.bar').count()).resolves.toBe(30);
    const bar = async (chart: string, day: string) => page.locator(`#${chart} g.bar[data-day="${day}"]`).evaluate((g) => ({ ...(g as unknown as { dataset: Record<string, string> }).dataset }));
    for (const day of HISTORY) {
      expect(await bar('chart-applies', dayOf(day.daysAgo))).toMatchObject({ succeeded: String(day.succeeded), failed: String(day.failed) });
      expect(await bar('chart-drift', dayOf(day.daysAgo))).toMatchObject({ drift: String(day.drift) });
    }
    // Today: the five applies of the seeding (team-a twice, team-b twice, team-d), and the one hand edit team-b's re-plan found.
    expect(await bar('chart-applies', dayOf(0))).toMatchObject({ succeeded: '5', failed: '0' });
    expect(await bar('chart-drift', dayOf(0))).toMatchObject({ drift: '1' });
    // Without colour: every bar says its counts in its title, and the day's total is written above it.
    await expect(page.locator(`#chart-applies g.bar[data-day="${dayOf(3)}"] title`).textContent()).resolves.toBe(`${dayOf(3)}: 2 applies succeeded, 1 applies failed or partial`);
    await expect(page.locator(`#chart-applies g.bar[data-day="${dayOf(3)}"] text`).first().textContent()).resolves.toBe('3');
    await screenshot(page, 'overview');
    await page.close();
  });

  it('a reader of space a sees nothing of space b, and is refused b\'s connectors', async () => {
    for (const path of ['/ui/', '/ui/connectors?space=a', '/ui/plans', '/ui/applies', '/ui/events', '/ui/drift']) {
      const page = await open(reader, path);
      const text = (await page.content()).toLowerCase();
      expect(text, path).toContain('signed in as auditor-a');
      expect(text, path).not.toContain('bravo');
      expect(text, path).not.toContain('team-b');
      await page.close();
    }
    const overview = await open(reader, '/ui/');
    // The reader's chart counts only space a's history; today's applies touched b and default too, or only a.
    expect(await overview.locator(`#chart-applies g.bar[data-day="${dayOf(3)}"]`).getAttribute('data-succeeded')).toBe('2');
    await overview.close();
    const refused = await open(reader, '/ui/connectors?space=b', 403);
    await expect(refused.locator('main').innerText()).resolves.toContain('Unauthorized to read connectors in space "b"');
    await refused.close();
  });

  it('an unauthenticated visit gets the login challenge and no data', async () => {
    const anonymous = await browser.newContext({ viewport: VIEWPORT });
    const page = await anonymous.newPage();
    const response = await page.goto(`${base}/ui/connectors?space=a`);
    expect(response?.status()).toBe(401);
    expect(await response?.headerValue('www-authenticate')).toMatch(/^Basic realm="kcr"/);
    expect(await page.content()).not.toContain('Alpha');
    await anonymous.close();
  });

  it('the keyboard reaches the content first: the skip link is the first stop and moves focus to main', async () => {
    const page = await open(admin, '/ui/connectors?space=a');
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(page.url()).toMatch(/#main$/);
    await page.close();
  });

  it.each([
    ['overview', '/ui/'], ['connectors', '/ui/connectors?space=a'], ['connector', '/ui/connectors/IMPORTED?space=a'],
    ['plans', '/ui/plans'], ['plan', '/ui/plans/PLAN'], ['applies', '/ui/applies'], ['events', '/ui/events'],
    ['drift', '/ui/drift?set=team-b'], ['empty-search', '/ui/connectors?space=a&q=nothing-matches'], ['not-found', '/ui/plans/pln_nope'],
  ])('the %s page has no serious or critical axe-core violation and fits 1280 px', async (name, template) => {
    const path = template.replace('IMPORTED', seeded.importedId).replace('PLAN', seeded.updatePlanId);
    const page = await audited.newPage();
    await page.goto(`${base}${path}`);
    await expectNoSeriousAxeViolations(page, name);
    expect(await overflowing(page), name).toEqual([]);
    // The overview, plan and connector pages are shot by the tests above, in the state they check.
    if (!['overview', 'plan', 'connector'].includes(name)) await screenshot(page, name);
    await page.close();
  });
});
