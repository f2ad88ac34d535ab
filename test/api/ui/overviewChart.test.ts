import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyPrincipal, type TestPrincipal } from '../../security/secureApp.js';
import { apply, createUiTestApp, plan, webhookManifest, type UiTestApp } from './uiTestApp.js';

const today = () => new Date().toISOString().slice(0, 10);

/** The overview's drift chart counts each drifted connector once a day, from plans and from scheduled drift checks alike. */
describe('the overview chart of drift found', () => {
  let t: UiTestApp;
  let admin: TestPrincipal;
  let readerA: TestPrincipal;
  const bar = async (principal: TestPrincipal) => {
    const { text } = await request(t.app).get('/ui/').set('authorization', principal.authorization);
    const chart = text.slice(text.indexOf('<svg id="chart-drift"'));
    return new RegExp(`<g class="bar" data-day="${today()}" data-drift="(\\d+)"`).exec(chart)?.[1];
  };

  beforeAll(async () => {
    admin = await apiKeyPrincipal('ops-lead', { '*': 'all' });
    readerA = await apiKeyPrincipal('auditor-a', { a: 'read' });
    t = await createUiTestApp({ principals: [admin.config, readerA.config], managedConnectorWrites: 'allow' });
    const first = await plan(t.app, [webhookManifest('alpha-hook', { space: 'a' }), webhookManifest('bravo-hook', { space: 'b' })], { set: 'team', authorization: admin.authorization });
    await apply(t.app, first.plan_id, admin.authorization);
  });
  afterAll(async () => t.cleanup());

  it('counts a connector a scheduled check and a plan both found drifted once, and shows a reader only its spaces', async () => {
    expect(await bar(admin)).toBe('0');
    const listed = await request(t.app).get('/s/a/api/actions/connectors').set('authorization', admin.authorization);
    const alpha = listed.body[0] as { id: string };
    const edited = await request(t.app).put(`/s/a/api/actions/connector/${alpha.id}`).set('authorization', admin.authorization).set('kbn-xsrf', 'true')
      .send({ name: 'edited by hand', config: { url: 'https://example.com/alpha-hook', method: 'post', hasAuth: false }, secrets: {} });
    expect(edited.status).toBe(200);
    const finding = { time: new Date().toISOString(), actor: 'kcr', action: 'drift.detected', outcome: 'success' as const, set: 'team', origin: 'drift', message: 'drifted' };
    await t.store.appendEvent({ ...finding, space_id: 'a', connector_id: alpha.id });
    await t.store.appendEvent({ ...finding, space_id: 'b', connector_id: 'bravo-elsewhere' });
    expect(await bar(admin)).toBe('2');
    // The next plan marks alpha drift: true; it is the same connector, so still 2.
    const replanned = await plan(t.app, [webhookManifest('alpha-hook', { space: 'a' }), webhookManifest('bravo-hook', { space: 'b' })], { set: 'team', authorization: admin.authorization }) as unknown as { resource_changes: Array<{ connector_id: string; drift: boolean }> };
    expect(replanned.resource_changes.filter((c) => c.drift).map((c) => c.connector_id)).toEqual([alpha.id]);
    expect(await bar(admin)).toBe('2');
    // A reader of a sees a's finding only (the plan covers b too, so it is not the reader's).
    expect(await bar(readerA)).toBe('1');
  });
});
