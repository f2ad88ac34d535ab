import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createReconcilerTestApp, planAndApply, postJsonPlan, postYamlPlan, slackDoc, webhookDoc, webhookYaml, type ReconcilerTestApp,
} from './reconcilerTestApp.js';

const xsrf = { 'kbn-xsrf': 'true' };

describe('plans and applies over HTTP', () => {
  let t: ReconcilerTestApp;
  beforeEach(async () => {
    t = await createReconcilerTestApp();
  });
  afterEach(async () => t.cleanup());

  it('a plan posted as YAML and as JSON has the same desired_digest and the same changes', async () => {
    const yaml = [webhookYaml('hook-a', 'https://example.com/a'), '---', webhookYaml('hook-b', 'https://example.com/b', { space: 'ops' })].join('\n');
    const fromYaml = await postYamlPlan(t.app, yaml);
    const fromJson = await postJsonPlan(t.app, [webhookDoc('hook-a', 'https://example.com/a'), webhookDoc('hook-b', 'https://example.com/b', { space: 'ops' })]);
    expect(fromYaml.status).toBe(201);
    expect(fromJson.status).toBe(201);
    expect(fromYaml.body.desired_digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(fromJson.body.desired_digest).toBe(fromYaml.body.desired_digest);
    expect(fromJson.body.plan_id).not.toBe(fromYaml.body.plan_id);
    expect(fromJson.body.resource_changes.map((c: { address: string }) => c.address)).toEqual(fromYaml.body.resource_changes.map((c: { address: string }) => c.address));
    expect(fromYaml.body).toMatchObject({ set: 'default', target: 'embedded', has_changes: true, applyable: true, spaces: ['default', 'ops'], summary: { create: 2 } });
    expect(fromYaml.headers.location).toBe(`/api/reconciler/plans/${fromYaml.body.plan_id}`);
  });

  it('stores the plan: GET returns it as JSON and, with format=text, in the human form', async () => {
    const planned = await postYamlPlan(t.app, webhookYaml('hook-a', 'https://example.com/a'));
    const stored = await request(t.app).get(`/api/reconciler/plans/${planned.body.plan_id}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual(planned.body);
    const text = await request(t.app).get(`/api/reconciler/plans/${planned.body.plan_id}?format=text`);
    expect(text.status).toBe(200);
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.text).toContain('will be created');
    expect(text.text).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
  });

  it('the manifest file of a JSON plan is the one given in sources (what the CLI sends)', async () => {
    const res = await request(t.app).post('/api/reconciler/plans?set=default').set(xsrf)
      .send({ manifests: [webhookDoc('hook-a', 'https://example.com/a')], sources: [{ file: 'manifests/hooks.yaml', document: 3 }] });
    expect(res.status).toBe(201);
    expect(res.body.resource_changes[0].manifest).toEqual({ file: 'manifests/hooks.yaml', document: 3, name: 'hook-a' });
  });

  it('lists plans newest first with filters and pagination', async () => {
    const first = await postJsonPlan(t.app, [webhookDoc('hook-a', 'https://example.com/a')], 'set=alpha');
    await planAndApply(t.app, [webhookDoc('hook-b', 'https://example.com/b', { space: 'ops' })], 'set=beta');
    const noChanges = await postJsonPlan(t.app, [webhookDoc('hook-b', 'https://example.com/b', { space: 'ops' })], 'set=beta');
    expect(noChanges.body.has_changes).toBe(false);

    const all = await request(t.app).get('/api/reconciler/plans');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 3, limit: 20, offset: 0 });
    expect(all.body.items.map((p: { plan_id: string }) => p.plan_id).at(-1)).toBe(first.body.plan_id);

    const beta = await request(t.app).get('/api/reconciler/plans?set=beta');
    expect(beta.body.items.map((p: { set: string }) => p.set)).toEqual(['beta', 'beta']);
    const unchanged = await request(t.app).get('/api/reconciler/plans?set=beta&has_changes=false');
    expect(unchanged.body.items.map((p: { plan_id: string }) => p.plan_id)).toEqual([noChanges.body.plan_id]);
    const ops = await request(t.app).get('/api/reconciler/plans?space=ops');
    expect(ops.body.total).toBe(2);
    const paged = await request(t.app).get('/api/reconciler/plans?limit=1&offset=1');
    expect(paged.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(paged.body.items).toHaveLength(1);
    const future = await request(t.app).get('/api/reconciler/plans?since=2999-01-01T00:00:00Z');
    expect(future.body).toMatchObject({ items: [], total: 0 });
    const past = await request(t.app).get('/api/reconciler/plans?until=2000-01-01');
    expect(past.body.total).toBe(0);
  });

  it('applies a plan once: the record has per-operation outcomes and timings; a second apply is 409 PLAN_ALREADY_APPLIED', async () => {
    const { plan, apply } = await planAndApply(t.app, [webhookDoc('hook-a', 'https://example.com/a'), slackDoc('chat', 'https://hooks.slack.com/services/T0/B0/canary-secret-1')]);
    expect(apply).toMatchObject({ plan_id: plan.plan_id, status: 'succeeded', actor: 'anonymous', spaces: ['default'], summary: { succeeded: 2, failed: 0 } });
    for (const op of apply.operations) {
      expect(op).toMatchObject({ kind: 'create', outcome: 'succeeded' });
      expect(op.duration_ms).toBeGreaterThanOrEqual(0);
      expect(Date.parse(op.finished_at)).toBeGreaterThanOrEqual(Date.parse(op.started_at));
    }
    const serials = await t.store.getSerials(['default']);

    const again = await request(t.app).post(`/api/reconciler/plans/${plan.plan_id}/apply`).set(xsrf);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'PLAN_ALREADY_APPLIED' });
    expect(again.body.message).toContain(`plan ${plan.plan_id} was already applied (apply ${apply.apply_id})`);
    expect(await t.store.getSerials(['default'])).toEqual(serials);

    const records = await request(t.app).get('/api/reconciler/applies');
    expect(records.body).toMatchObject({ total: 1, items: [{ apply_id: apply.apply_id }] });
    const byPlan = await request(t.app).get(`/api/reconciler/applies?plan_id=${plan.plan_id}&status=succeeded`);
    expect(byPlan.body.total).toBe(1);
    const failedOnly = await request(t.app).get('/api/reconciler/applies?status=failed');
    expect(failedOnly.body.total).toBe(0);
    const one = await request(t.app).get(`/api/reconciler/applies/${apply.apply_id}`);
    expect(one.status).toBe(200);
    expect(one.body.operations).toHaveLength(2);
    expect(JSON.stringify([plan, apply, one.body, records.body])).not.toContain('canary-secret-1');
  });

  it('re-planning after an apply converges to no changes', async () => {
    const docs = [webhookDoc('hook-a', 'https://example.com/a')];
    await planAndApply(t.app, docs);
    const again = await postJsonPlan(t.app, docs);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ has_changes: false, summary: { no_op: 1 } });
  });

  it('shows the inventory of each set, without secrets or fingerprints', async () => {
    await planAndApply(t.app, [slackDoc('chat', 'https://hooks.slack.com/services/T0/B0/canary-secret-2')], 'set=team-a');
    await planAndApply(t.app, [webhookDoc('hook-b', 'https://example.com/b', { space: 'ops' })], 'set=team-b');
    const all = await request(t.app).get('/api/reconciler/inventory');
    expect(all.body.total).toBe(2);
    const teamA = await request(t.app).get('/api/reconciler/inventory?set=team-a');
    expect(teamA.body.items).toEqual([
      expect.objectContaining({ set: 'team-a', space_id: 'default', manifest_name: 'chat', last_applied: expect.objectContaining({ name: 'chat', connector_type_id: '.slack' }) }),
    ]);
    expect(JSON.stringify(all.body)).not.toMatch(/canary-secret-2|ecretsFingerprint|fingerprint/);
  });

  it('a plan with safety errors is 422 PLAN_REJECTED, stored for review with its id', async () => {
    await planAndApply(t.app, [webhookDoc('hook-a', 'https://example.com/a')]);
    const empty = await postJsonPlan(t.app, []);
    expect(empty.status).toBe(422);
    expect(empty.body).toMatchObject({ statusCode: 422, code: 'PLAN_REJECTED' });
    const planId = empty.body.attributes.plan_id as string;
    expect(empty.body.message).toContain(`plan ${planId} was stored for review`);
    expect(empty.body.message).toContain('allow');
    const stored = await request(t.app).get(`/api/reconciler/plans/${planId}`);
    expect(stored.body).toMatchObject({ applyable: false, plan_id: planId });
    expect(stored.body.errors.length).toBeGreaterThan(0);

    const allowed = await postJsonPlan(t.app, [], 'set=default&allow_empty=true');
    expect(allowed.status).toBe(201);
    expect(allowed.body.summary.delete).toBe(1);
    const capped = await postJsonPlan(t.app, [], 'set=default&allow_empty=true&max_deletes=0');
    expect(capped.status).toBe(422);
  });

  it('records plans, applies and connector changes in the event log, newest first, with filters', async () => {
    const { plan } = await planAndApply(t.app, [webhookDoc('hook-a', 'https://example.com/a', { space: 'ops' })]);
    const connectorId = plan.resource_changes[0].connector_id as string;
    const events = await request(t.app).get('/api/reconciler/events');
    expect(events.status).toBe(200);
    const actions = events.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['plan.create', 'apply.start', 'connector.create', 'apply.finish']));
    expect(actions.indexOf('apply.finish')).toBeLessThan(actions.indexOf('plan.create'));
    const creates = await request(t.app).get(`/api/reconciler/events?action=connector.create&space=ops&connector_id=${connectorId}&actor=anonymous`);
    expect(creates.body).toMatchObject({ total: 1, items: [{ action: 'connector.create', space_id: 'ops', connector_id: connectorId, actor: 'anonymous', outcome: 'success' }] });
    const nobody = await request(t.app).get('/api/reconciler/events?actor=someone-else');
    expect(nobody.body.total).toBe(0);
    const paged = await request(t.app).get('/api/reconciler/events?limit=2');
    expect(paged.body.items).toHaveLength(2);
    expect(paged.body.total).toBe(events.body.total);
    const later = await request(t.app).get('/api/reconciler/events?since=2999-01-01T00:00:00Z');
    expect(later.body.total).toBe(0);
  });
});
