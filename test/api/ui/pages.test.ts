import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, createUiTestApp, plan, slackManifest, webhookManifest, type UiTestApp } from './uiTestApp.js';

/** Secret values that must never reach a page: two through manifests, one through the Kibana API. */
const CANARIES = ['https://hooks.slack.com/services/T0/B0/ui-canary-manifest', 'https://hooks.slack.com/services/T0/B0/ui-canary-ops', 'https://hooks.slack.com/services/T0/B0/ui-canary-kibana'];
const XSS_NAME = '<script>alert(1)</script>';
const CONFLICT_ID = '7d0a1c6e-2b1f-4c55-9a43-5f0e8e2c1a99';

describe('the web page /ui/ over a real app and store', () => {
  let t: UiTestApp;
  const ids = { planId: '', applyId: '', failedApplyId: '', failedPlanId: '' };
  /** Every page body fetched by any test, searched for secrets at the end. */
  const seen: string[] = [];

  const page = async (path: string) => {
    const response = await request(t.app).get(path);
    seen.push(response.text);
    return response;
  };

  beforeAll(async () => {
    t = await createUiTestApp({ managedConnectorWrites: 'allow' });
    const planned = await plan(t.app, [
      webhookManifest('hook-a', { displayName: 'Ops Hook' }),
      slackManifest('chat', CANARIES[0]!),
      webhookManifest('ops-hook', { space: 'ops', displayName: 'Ops Space Hook' }),
      slackManifest('ops-chat', CANARIES[1]!, 'ops'),
    ], { set: 'team-a' });
    ids.planId = planned.plan_id;
    ids.applyId = (await apply(t.app, ids.planId)).apply_id;

    // An unowned connector with a hostile name and a secret, made through the Kibana API.
    const created = await request(t.app).post('/api/actions/connector').set('kbn-xsrf', 'true')
      .send({ name: XSS_NAME, connector_type_id: '.slack', config: {}, secrets: { webhookUrl: CANARIES[2] } });
    expect(created.status, JSON.stringify(created.body)).toBe(200);

    // A plan whose create meets an id taken meanwhile in another space: its apply fails with the conflict recorded.
    ids.failedPlanId = (await plan(t.app, [webhookManifest('taken', { id: CONFLICT_ID })], { set: 'team-b' })).plan_id;
    const squatter = await request(t.app).post(`/s/other/api/actions/connector/${CONFLICT_ID}`).set('kbn-xsrf', 'true')
      .send({ name: 'squatter', connector_type_id: '.webhook', config: { url: 'https://example.com/s', method: 'post', hasAuth: false }, secrets: {} });
    expect(squatter.status, JSON.stringify(squatter.body)).toBe(200);
    const failed = await apply(t.app, ids.failedPlanId);
    expect(failed.status).toBe('failed');
    ids.failedApplyId = failed.apply_id;
  });
  afterAll(async () => t.cleanup());

  it.each([
    '/ui/', '/ui', '/ui/connectors', '/ui/connectors?space=ops', '/ui/plans', '/ui/plans?set=team-a&space=', '/ui/applies', '/ui/applies?status=failed',
    '/ui/drift', '/ui/drift?set=team-a', '/ui/events', '/ui/events?space=&connector_id=&action=&actor=',
  ])('%s is a 200 HTML page with the security headers and no script', async (path) => {
    const response = await page(path);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(response.headers['content-security-policy']).toBe("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.text).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(response.text).toContain('<link rel="stylesheet" href="/ui/style.css">');
    expect(response.text).not.toMatch(/<script|\son\w+=|javascript:|style="/i);
  });

  it('one plan and one apply are 200 HTML pages under the same policy', async () => {
    for (const path of [`/ui/plans/${ids.planId}`, `/ui/applies/${ids.applyId}`]) {
      const response = await page(path);
      expect(response.status).toBe(200);
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    }
  });

  it('serves its one stylesheet as CSS from its own origin', async () => {
    const response = await page('/ui/style.css');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/css/);
    expect(response.text).toContain('.status-bad');
  });

  it('the overview counts connectors per space and lists the latest plans and applies', async () => {
    const { text } = await page('/ui/');
    // default: hook-a, chat and the hostile one (3, 2 owned); ops: 2, both owned.
    // Cells: connectors, Generative AI, Elastic Stack, Alerting and case management, owned by a set.
    const cells = (space: string) => [...text.match(new RegExp(`<tr><td><a href="/ui/connectors\\?space=${space}">.*?</tr>`))![0].matchAll(/<td class="num">(?:<a [^>]*>)?(\d+)/g)].map((m) => Number(m[1]));
    expect(cells('default')).toEqual([3, 0, 0, 3, 2]);
    expect(cells('ops')).toEqual([2, 0, 0, 2, 2]);
    expect(text).toContain(`href="/ui/plans/${ids.planId}"`);
    expect(text).toContain(`href="/ui/applies/${ids.failedApplyId}"`);
    expect(text).toContain('href="/ui/drift?set=team-a"');
  });

  it('the connectors page lists a space with type, id, owning set and the missing-secrets flag', async () => {
    const { text } = await page('/ui/connectors?space=default');
    expect(text).toMatch(/<td><a href="\/ui\/connectors\/[0-9a-f-]{36}\?space=default">Ops Hook<\/a><\/td><td><code>\.webhook<\/code><\/td>/);
    expect(text).toMatch(/<td><a href="\/ui\/connectors\/[0-9a-f-]{36}\?space=default">chat<\/a><\/td><td><code>\.slack<\/code><\/td><td>team-a<\/td>/);
    expect(text).not.toContain('Ops Space Hook');
    const ops = await page('/ui/connectors?space=ops');
    expect(ops.text).toContain('Ops Space Hook');
    expect(ops.text).not.toContain('Ops Hook<');
  });

  it('renders a hostile connector name as text on every page that shows it', async () => {
    const escaped = '&lt;script&gt;alert(1)&lt;/script&gt;';
    expect((await page('/ui/connectors')).text).toContain(`>${escaped}</a></td>`);
    expect((await page('/ui/events?action=connector.create')).text).toContain(`created connector &quot;${escaped}&quot;`);
    const planned = await plan(t.app, [webhookManifest('hostile', { displayName: XSS_NAME })], { set: 'team-x' });
    const shown = await page(`/ui/plans/${planned.plan_id}`);
    expect(shown.text).toContain(`name              = &quot;${escaped}&quot;`);
    expect(shown.text).not.toContain(XSS_NAME);
  });

  it('a plan page shows its facts, the Terraform-like text and every resource change', async () => {
    const { text } = await page(`/ui/plans/${ids.planId}`);
    expect(text).toContain(`<title>Plan ${ids.planId} · kcr</title>`);
    expect(text).toMatch(/<pre tabindex="0">kcr plan pln_\w+ for set &quot;team-a&quot; on target embedded \(spaces: default, ops\)/);
    expect(text).toContain('Plan: 4 to add, 0 to change, 0 to destroy.');
    expect(text).toContain('secrets           = (sensitive value)');
    expect(text).toContain('<caption>4 connector(s) in scope</caption>');
    // Each create twice: its old | new block and its row of the resource-change table.
    expect(text.match(/<span class="status status-ok">create<\/span>/g)).toHaveLength(8);
    expect(text).toContain(`href="/ui/applies/${ids.applyId}"`);
  });

  it('a plan a safety rule rejected shows as rejected with its error', async () => {
    const rejected = await request(t.app).post('/api/reconciler/plans?set=team-a').set('kbn-xsrf', 'true').send({ manifests: [] });
    expect(rejected.status).toBe(422);
    const { text } = await page(`/ui/plans/${rejected.body.attributes.plan_id}`);
    expect(text).toContain('<dt>State</dt><dd><span class="status status-bad">rejected</span></dd>');
    expect(text).toMatch(/<h2>Errors<\/h2><ul class="messages"><li><span class="status status-bad">[A-Z_]+<\/span> /);
    expect(text).toContain('<span class="muted">not applied</span>');
  });

  it('an apply page shows each operation with its outcome, and a failed one its error', async () => {
    const ok = await page(`/ui/applies/${ids.applyId}`);
    expect(ok.text).toContain('<dt>Status</dt><dd><span class="status status-ok">succeeded</span></dd>');
    expect(ok.text.match(/<span class="status status-ok">succeeded<\/span><\/td>/g)).toHaveLength(4);
    expect(ok.text).toMatch(/<td class="num">\d+ ms<\/td>/);

    const failed = await page(`/ui/applies/${ids.failedApplyId}`);
    expect(failed.text).toContain('<dt>Status</dt><dd><span class="status status-bad">failed</span></dd>');
    expect(failed.text).toContain(CONFLICT_ID);
    expect(failed.text).toMatch(/<span class="status status-bad">failed<\/span><\/td><td><code>CONNECTOR_CONFLICT<\/code> /);
    expect((await page('/ui/applies?status=failed')).text).toContain(ids.failedApplyId);
    expect((await page('/ui/applies?status=succeeded')).text).not.toContain(ids.failedApplyId);
  });

  it('the drift page runs the refresh-only report on request and shows what changed outside the set', async () => {
    const plansBefore = (await t.store.listPlans({ limit: 1000 })).total;
    const before = await page('/ui/drift?set=team-a');
    // The hostile connector made through the Kibana API sits in the set's space, owned by no set.
    expect(before.text).toContain('<span class="status status-warn">1 drifted</span>');
    expect(before.text).toContain('drift: unmanaged');
    expect(before.text).not.toContain('drift: config');
    const hookId = (await t.store.listInventory({ set: 'team-a' })).find((e) => e.manifestName === 'hook-a')!.connectorId;
    const edited = await request(t.app).put(`/api/actions/connector/${hookId}`).set('kbn-xsrf', 'true')
      .send({ name: 'Renamed outside', config: { url: 'https://example.com/hook-a', method: 'post', hasAuth: false }, secrets: {} });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const after = await page('/ui/drift?set=team-a');
    expect(after.text).toContain('<span class="status status-warn">2 drifted</span>');
    expect(after.text).toContain('drift: config');
    expect(after.text).toContain('Renamed outside');
    // Read-only: nothing was planned or applied by looking.
    expect((await t.store.listPlans({ limit: 1000 })).total).toBe(plansBefore);
    const chooser = await page('/ui/drift');
    expect(chooser.text).toContain('<option value="team-a"></option>');
  });

  it('the event log filters by space and action through its GET form and pages with the filters kept', async () => {
    const ops = await page('/ui/events?space=ops&action=connector.create');
    expect(ops.text).toContain('value="ops"');
    expect(ops.text.match(/<code>connector\.create<\/code>/g)).toHaveLength(2);
    expect(ops.text).not.toContain('alert(1)');

    const first = await page('/ui/events?limit=2&action=connector.create');
    expect(first.text.match(/<code>connector\.create<\/code>/g)).toHaveLength(2);
    const next = first.text.match(/<a href="([^"]+)" rel="next">/);
    expect(next?.[1]).toBe('/ui/events?action=connector.create&amp;offset=2&amp;limit=2');
    const second = await page(next![1]!.replaceAll('&amp;', '&'));
    expect(second.text).toContain('rel="prev"');
    expect(second.text).toContain('Showing 3–4');
  });

  it.each([
    ['an unknown plan id', '/ui/plans/pln_nope', 404, 'PLAN_NOT_FOUND', 'no stored plan with id &quot;pln_nope&quot;'],
    ['an unknown apply id', '/ui/applies/apl_nope', 404, 'APPLY_NOT_FOUND', 'no apply with id &quot;apl_nope&quot;'],
    ['an unknown page', '/ui/nowhere', 404, 'NOT_FOUND', 'No page at /ui/nowhere'],
    ['a bad space id', '/ui/connectors?space=Not%20A%20Space', 400, 'BAD_REQUEST', 'must be a space id'],
    ['an invalid set', '/ui/drift?set=..', 400, 'BAD_REQUEST', 'set name &quot;..&quot; is invalid'],
    ['a misspelt filter', '/ui/events?spaces=ops', 400, 'BAD_REQUEST', 'unknown query parameter &quot;spaces&quot;'],
  ])('%s is an HTML error page with its status', async (_name, path, status, code, message) => {
    const response = await page(path);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.text).toContain(`<code>${code}</code>`);
    expect(response.text).toContain(message);
  });

  it('no page ever carried a secret value', () => {
    expect(seen.length).toBeGreaterThan(25);
    for (const text of seen) for (const canary of CANARIES) expect(text).not.toContain(canary);
    for (const canary of CANARIES) expect(t.logs.text).not.toContain(canary);
  });
});
