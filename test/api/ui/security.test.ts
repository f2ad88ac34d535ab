import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyPrincipal, type TestPrincipal } from '../../security/secureApp.js';
import { apply, createUiTestApp, plan, webhookManifest, type UiTestApp } from './uiTestApp.js';

/**
 * The web page goes through the same authentication as the API and shows a principal only the
 * spaces it reads. Space b's records all carry "bravo", so "nothing of b reaches a reader of a"
 * is a plain search of every page that reader gets.
 */
describe('/ui/ with principals: authentication and per-space visibility', () => {
  let t: UiTestApp;
  let everything: TestPrincipal;
  let readerA: TestPrincipal;
  const b = { planId: '', applyId: '' };
  let aPlanId = '';

  const get = (path: string, principal?: TestPrincipal) => {
    const call = request(t.app).get(path);
    return principal ? call.set('authorization', principal.authorization) : call;
  };

  beforeAll(async () => {
    everything = await apiKeyPrincipal('ops-lead', { '*': 'all' });
    readerA = await apiKeyPrincipal('auditor-a', { a: 'read' });
    t = await createUiTestApp({ principals: [everything.config, readerA.config] });
    aPlanId = (await plan(t.app, [webhookManifest('alpha-hook', { space: 'a', displayName: 'Alpha Hook' })], { set: 'team-a', authorization: everything.authorization })).plan_id;
    await apply(t.app, aPlanId, everything.authorization);
    b.planId = (await plan(t.app, [webhookManifest('bravo-hook', { space: 'b', displayName: 'Bravo Hook' })], { set: 'team-b', authorization: everything.authorization })).plan_id;
    b.applyId = (await apply(t.app, b.planId, everything.authorization)).apply_id;
  });
  afterAll(async () => t.cleanup());

  it.each(['/ui/', '/ui/plans', '/ui/plans/pln_x', '/ui/events', '/ui/style.css'])('%s without credentials is 401 with a Basic challenge a browser can answer', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Basic realm="kcr"/);
    expect(response.text).not.toMatch(/Alpha|Bravo/);
  });

  it('a reader of space a sees a, and no page it can open names anything of space b', async () => {
    const pages = ['/ui/', '/ui/connectors?space=a', '/ui/plans', '/ui/applies', '/ui/events', '/ui/drift', '/ui/drift?set=team-a', `/ui/plans/${aPlanId}`];
    for (const path of pages) {
      const response = await get(path, readerA);
      expect(response.status, path).toBe(200);
      expect(response.text, path).toContain('Signed in as auditor-a');
      expect(response.text.toLowerCase(), path).not.toContain('bravo');
      expect(response.text, path).not.toContain(b.planId);
      expect(response.text, path).not.toContain(b.applyId);
      expect(response.text, path).not.toContain('team-b');
    }
    const overview = await get('/ui/', readerA);
    expect(overview.text).toContain('<a href="/ui/connectors?space=a">a</a>');
    expect(overview.text).toContain(`href="/ui/plans/${aPlanId}"`);
    expect((await get('/ui/connectors?space=a', readerA)).text).toContain('>Alpha Hook</a></td>');
  });

  it('the same pages show space b to a principal that reads every space', async () => {
    expect((await get('/ui/', everything)).text).toContain('<a href="/ui/connectors?space=b">b</a>');
    expect((await get('/ui/plans', everything)).text).toContain(b.planId);
    expect((await get('/ui/events?space=b', everything)).text).toContain('Bravo Hook');
    expect((await get('/ui/drift', everything)).text).toContain('<option value="team-b"></option>');
  });

  it.each([
    ['the connectors of b', '/ui/connectors?space=b', 'Unauthorized to read connectors in space &quot;b&quot;'],
    ['a connector of b', '/ui/connectors/0f7c3b9e-0000-4000-8000-000000000000?space=b', 'Unauthorized to read connectors in space &quot;b&quot;'],
    ['a search in b', '/ui/connectors?space=b&q=bravo&type=.webhook', 'Unauthorized to read connectors in space &quot;b&quot;'],
    ['a plan of b', `/ui/plans/${'PLAN_B'}`, 'Unauthorized to read plans in space &quot;b&quot;'],
    ['an apply of b', `/ui/applies/${'APPLY_B'}`, 'Unauthorized to read applies in space &quot;b&quot;'],
    ['the events of b', '/ui/events?space=b', 'Unauthorized to read events in space &quot;b&quot;'],
    ['the plans of b', '/ui/plans?space=b', 'Unauthorized to read plans in space &quot;b&quot;'],
    ['the drift of the set that owns b', '/ui/drift?set=team-b', 'Unauthorized to read drift in space &quot;b&quot;'],
  ])('%s is a 403 page for a reader of a', async (_name, template, message) => {
    const path = template.replace('PLAN_B', b.planId).replace('APPLY_B', b.applyId);
    const response = await get(path, readerA);
    expect(response.status).toBe(403);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toContain('<code>FORBIDDEN</code>');
    expect(response.text).toContain(message);
    expect(response.text).not.toContain('Bravo');
  });
});
