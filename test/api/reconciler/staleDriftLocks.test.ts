import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { storeSnapshot } from '../../helpers/createTestApp.js';
import { createReconcilerTestApp, planAndApply, postJsonPlan, slackDoc, webhookDoc, type ReconcilerTestApp } from './reconcilerTestApp.js';

const xsrf = { 'kbn-xsrf': 'true' };

describe('stale plans, drift and locks over HTTP', () => {
  let t: ReconcilerTestApp;
  afterEach(async () => t.cleanup());

  it('a plan made stale by a Kibana-API write in its space is 409 PLAN_STALE naming the space, and changes nothing', async () => {
    t = await createReconcilerTestApp();
    const planned = await postJsonPlan(t.app, [webhookDoc('hook-a', 'https://example.com/a')]);
    expect(planned.status).toBe(201);
    const outside = await request(t.app).post('/api/actions/connector').set(xsrf)
      .send({ name: 'made by hand', connector_type_id: '.index', config: { index: 'logs' } });
    expect(outside.status).toBe(200);
    const before = await storeSnapshot(t.store, ['default']);
    const inventoryBefore = await t.store.listInventory();

    const applied = await request(t.app).post(`/api/reconciler/plans/${planned.body.plan_id}/apply`).set(xsrf);
    expect(applied.status).toBe(409);
    expect(applied.body).toMatchObject({ code: 'PLAN_STALE', attributes: { stale_spaces: ['default'] } });
    expect(applied.body.message).toMatch(/space\(s\) default \(planned at serial 0, now 1\)/);
    expect(await storeSnapshot(t.store, ['default'])).toEqual(before);
    expect(await t.store.listInventory()).toEqual(inventoryBefore);
    expect((await request(t.app).get('/api/reconciler/applies')).body.total).toBe(0);
  });

  it('drift after out-of-band changes through the Kibana API: config, missing, secrets, unmanaged', async () => {
    t = await createReconcilerTestApp({ managedConnectorWrites: 'allow' });
    const { plan } = await planAndApply(t.app, [
      webhookDoc('hook-a', 'https://example.com/a'), webhookDoc('hook-b', 'https://example.com/b'), slackDoc('chat', 'https://hooks.slack.com/services/T0/B0/first'),
    ]);
    const idOf = (name: string) => plan.resource_changes.find((c: { name: string }) => c.name === name).connector_id as string;
    const clean = await request(t.app).get('/api/reconciler/drift?set=default');
    expect(clean.status).toBe(200);
    expect(clean.body).toMatchObject({ refresh_only: true, has_changes: false, applyable: false });

    const edited = await request(t.app).put(`/api/actions/connector/${idOf('hook-a')}`).set(xsrf)
      .send({ name: 'hook-a', config: { url: 'https://edited.example.com', method: 'post', hasAuth: false } });
    expect(edited.status).toBe(200);
    expect((await request(t.app).delete(`/api/actions/connector/${idOf('hook-b')}`).set(xsrf)).status).toBe(204);
    const rotated = await request(t.app).put(`/api/actions/connector/${idOf('chat')}`).set(xsrf)
      .send({ name: 'chat', config: {}, secrets: { webhookUrl: 'https://hooks.slack.com/services/T0/B0/rotated-by-hand' } });
    expect(rotated.status).toBe(200);
    const stray = await request(t.app).post('/api/actions/connector').set(xsrf).send({ name: 'stray', connector_type_id: '.index', config: { index: 'x' } });
    const serials = await t.store.getSerials(['default']);

    const drift = await request(t.app).get('/api/reconciler/drift?set=default');
    expect(drift.body.has_changes).toBe(true);
    const classes = Object.fromEntries(drift.body.resource_changes.map((c: { connector_id: string; drift: boolean; drift_class?: string }) => [c.connector_id, [c.drift, c.drift_class]]));
    expect(classes).toEqual({
      [idOf('hook-a')]: [true, 'config'],
      [idOf('hook-b')]: [true, 'missing'],
      [idOf('chat')]: [true, 'secrets'],
      [stray.body.id]: [true, 'unmanaged'],
    });
    const editedChange = drift.body.resource_changes.find((c: { connector_id: string }) => c.connector_id === idOf('hook-a'));
    expect(editedChange.change.before.config.url).toBe('https://example.com/a');
    expect(editedChange.change.after.config.url).toBe('https://edited.example.com');
    expect(JSON.stringify(drift.body)).not.toMatch(/rotated-by-hand|B0\/first/);

    const text = await request(t.app).get('/api/reconciler/drift?set=default&format=text');
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.text).toContain(`default/${idOf('hook-b')} (hook-b) was deleted outside kcr [missing]`);
    expect(text.text).toContain('Drift: 4 connector(s) drifted (1 config, 1 missing, 1 secrets, 1 unmanaged); 0 unchanged.');
    // Nothing was applied or recorded by looking.
    expect(await t.store.getSerials(['default'])).toEqual(serials);
    const scoped = await request(t.app).get('/api/reconciler/drift?set=default&space=ops');
    expect(scoped.body).toMatchObject({ spaces: ['ops'], resource_changes: [] });
  });

  it('lists live locks without their token, refuses an apply with 409 LOCKED while one is held, and breaks it with an audited DELETE', async () => {
    t = await createReconcilerTestApp({ lockWaitMs: 150 });
    const planned = await postJsonPlan(t.app, [webhookDoc('hook-a', 'https://example.com/a')]);
    // A live holder on another host: never considered dead, so only its TTL or a break frees the space.
    const lease = await t.store.acquireLock('default', 'apply:apl_other@build-agent-7:4242', 60_000);
    expect(lease).not.toBeNull();

    const locks = await request(t.app).get('/api/reconciler/locks');
    expect(locks.body).toEqual({ total: 1, items: [{ space_id: 'default', holder: 'apply:apl_other@build-agent-7:4242', acquired_at: lease!.acquiredAt, expires_at: lease!.expiresAt }] });
    expect(JSON.stringify(locks.body)).not.toContain(lease!.token);

    const locked = await request(t.app).post(`/api/reconciler/plans/${planned.body.plan_id}/apply`).set(xsrf);
    expect(locked.status).toBe(409);
    expect(locked.body).toMatchObject({ code: 'LOCKED', attributes: { space_id: 'default', holder: 'apply:apl_other@build-agent-7:4242' } });
    expect(await t.store.embeddedConnectors.count()).toBe(0);

    const broken = await request(t.app).delete('/api/reconciler/locks/default').set(xsrf).set('x-request-id', 'break-1');
    expect(broken.status).toBe(200);
    expect(broken.body).toMatchObject({ space_id: 'default', holder: 'apply:apl_other@build-agent-7:4242', broken_by: 'anonymous' });
    const audit = await request(t.app).get('/api/reconciler/events?action=lock.break');
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'lock.break', actor: 'anonymous', space_id: 'default', request_id: 'break-1' })]);
    expect(audit.body.items[0].message).toContain('apply:apl_other@build-agent-7:4242');
    expect((await request(t.app).get('/api/reconciler/locks')).body.total).toBe(0);

    const applied = await request(t.app).post(`/api/reconciler/plans/${planned.body.plan_id}/apply`).set(xsrf);
    expect(applied.status).toBe(200);
    expect(applied.body.status).toBe('succeeded');
  });

  it('a lease whose holder stopped renewing it (a crashed apply) frees the space once its TTL runs out', async () => {
    t = await createReconcilerTestApp({ lockWaitMs: 10_000 });
    const planned = await postJsonPlan(t.app, [webhookDoc('hook-a', 'https://example.com/a')]);
    // Never renewed: what a process killed mid-apply on another machine leaves behind.
    await t.store.acquireLock('default', 'apply:apl_crashed@build-agent-9:999', 300);
    const applied = await request(t.app).post(`/api/reconciler/plans/${planned.body.plan_id}/apply`).set(xsrf);
    expect(applied.status).toBe(200);
    expect(applied.body.status).toBe('succeeded');
    expect((await request(t.app).get('/api/reconciler/locks')).body.total).toBe(0);
  });
});
