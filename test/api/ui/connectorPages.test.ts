import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, createUiTestApp, plan, slackManifest, webhookManifest, type UiTestApp } from './uiTestApp.js';

const CANARY = 'https://hooks.slack.com/services/T0/B0/connector-page-canary';

/** The connectors page's filters and pages, and one connector's page, over the real app and store. */
describe('/ui/connectors and /ui/connectors/{id}', () => {
  let t: UiTestApp;
  let chatId = '';
  let hookId = '';
  const seen: string[] = [];
  const page = async (path: string) => {
    const response = await request(t.app).get(path);
    seen.push(response.text);
    return response;
  };
  const names = (text: string) => [...text.matchAll(/<td><a href="\/ui\/connectors\/[^"]+">([^<]+)<\/a><\/td>/g)].map((m) => m[1]);

  beforeAll(async () => {
    t = await createUiTestApp();
    // 12 hooks, so pages of 5 have a third page; names chosen so that numeric order is not text order.
    const hooks = Array.from({ length: 12 }, (_, i) => webhookManifest(`hook-${i + 1}`, { displayName: `Hook ${i + 1}` }));
    const planned = await plan(t.app, [...hooks, slackManifest('chat', CANARY)], { set: 'team-a' });
    await apply(t.app, planned.plan_id);
    const listed = await request(t.app).get('/api/actions/connectors');
    chatId = listed.body.find((c: { name: string }) => c.name === 'chat').id;
    hookId = listed.body.find((c: { name: string }) => c.name === 'Hook 2').id;
  });
  afterAll(async () => t.cleanup());

  it('lists by name in numeric order and pages with the filters kept in the links', async () => {
    const first = await page('/ui/connectors?space=default&q=hook&limit=5');
    expect(names(first.text)).toEqual(['Hook 1', 'Hook 2', 'Hook 3', 'Hook 4', 'Hook 5']);
    expect(first.text).toContain('12 of 13 connectors in space default match');
    const next = /<a href="([^"]+)" rel="next">Next →<\/a>/.exec(first.text)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toBe('/ui/connectors?space=default&q=hook&offset=5&limit=5');
    const third = await page('/ui/connectors?space=default&q=hook&limit=5&offset=10');
    expect(names(third.text)).toEqual(['Hook 11', 'Hook 12']);
    expect(third.text).not.toContain('rel="next"');
  });

  it.each([
    ['q=HOOK 1', ['Hook 1', 'Hook 10', 'Hook 11', 'Hook 12']],
    ['type=.slack', ['chat']],
    ['category=alerting&q=chat', ['chat']],
    ['category=generative-ai', []],
  ])('%s narrows the list', async (query, expected) => {
    const { text } = await page(`/ui/connectors?space=default&${query.replace(' ', '%20')}`);
    expect(names(text)).toEqual(expected);
    if (expected.length === 0) expect(text).toContain('No connector matches these filters');
  });

  it('shows the owning set and who changed each connector last (auth is off: the anonymous principal)', async () => {
    const { text } = await page('/ui/connectors?space=default&type=.slack');
    expect(text).toMatch(/>chat<\/a><\/td><td><code>\.slack<\/code><\/td><td>team-a<\/td><td><span class="muted">no<\/span><\/td><td><span class="muted">no<\/span><\/td><td><time datetime="[^"]+">[^<]+<\/time><\/td><td>anonymous<\/td>/);
  });

  it.each([
    ['an unknown category', '/ui/connectors?category=ai', 'query parameter &quot;category&quot; must be one of generative-ai, elastic-stack, alerting, got &quot;ai&quot;'],
    ['an unknown type', '/ui/connectors?type=.telex', 'query parameter &quot;type&quot; must be a connector type id such as .slack, got &quot;.telex&quot;'],
    ['a search longer than 200 characters', `/ui/connectors?q=${'x'.repeat(201)}`, 'query parameter &quot;q&quot; must be at most 200 characters, got 201'],
    ['a misspelt filter', '/ui/connectors?types=.slack', 'unknown query parameter &quot;types&quot;'],
    ['a page size over 1000', '/ui/connectors?limit=5000', 'limit'],
  ])('%s is a 400 page that says what was expected', async (_name, path, message) => {
    const response = await page(path);
    expect(response.status).toBe(400);
    expect(response.text).toContain('<code>BAD_REQUEST</code>');
    expect(response.text).toContain(message);
  });

  it('one connector: its facts and config, its secret fields as set or unset only, its plans and events', async () => {
    const chat = await page(`/ui/connectors/${chatId}?space=default`);
    expect(chat.status).toBe(200);
    expect(chat.text).toContain('<title>Connector chat · kcr</title>');
    expect(chat.text).toContain('<tr><td><code>webhookUrl</code></td><td>yes</td><td><span class="status status-ok">set</span></td></tr>');
    expect(chat.text).not.toContain('How to fix');
    expect(chat.text).toMatch(/<h2 id="h-plans">Plans that changed it<\/h2>.*href="\/ui\/plans\/pln_/s);
    expect(chat.text).toContain('<code>connector.create</code>');
    const hook = await page(`/ui/connectors/${hookId}?space=default`);
    expect(hook.text).toContain('&quot;url&quot;: &quot;https://example.com/hook-2&quot;');
    expect(hook.text).toContain('<tr><td><code>password</code></td><td><span class="muted">no</span></td><td><span class="status status-neutral">unset</span></td></tr>');
  });

  it('an unknown connector, or one asked for in the wrong space, is a 404 page', async () => {
    const unknown = await page('/ui/connectors/0f7c3b9e-0000-4000-8000-000000000000?space=default');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('<code>CONNECTOR_NOT_FOUND</code>');
    expect((await page(`/ui/connectors/${chatId}?space=ops`)).status).toBe(404);
  });

  it('no page carried the secret', () => {
    for (const text of seen) expect(text).not.toContain(CANARY);
  });
});
