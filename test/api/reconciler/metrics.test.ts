import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReconcilerTestApp, planAndApply, postJsonPlan, slackDoc, webhookDoc, type ReconcilerTestApp } from './reconcilerTestApp.js';

/** The value of one sample in the Prometheus text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).split('}')[0];
    if (wanted.every((pair) => labelText.includes(pair))) return Number(line.split(' ').at(-1));
  }
  return undefined;
}

describe('GET /metrics', () => {
  let t: ReconcilerTestApp;
  beforeEach(async () => {
    t = await createReconcilerTestApp({ managedConnectorWrites: 'allow' });
  });
  afterEach(async () => t.cleanup());

  it('counts plans, resource changes, applies and operations; times applies and requests by route pattern', async () => {
    const { plan } = await planAndApply(t.app, [webhookDoc('hook-a', 'https://example.com/a'), slackDoc('chat', 'https://hooks.slack.com/services/T0/B0/metric-canary')], 'set=team-a');
    await postJsonPlan(t.app, [webhookDoc('hook-a', 'https://example.com/a'), slackDoc('chat', 'https://hooks.slack.com/services/T0/B0/metric-canary')], 'set=team-a');
    await request(t.app).get(`/api/reconciler/plans/${plan.plan_id}`);
    await request(t.app).get('/api/reconciler/plans/pln_absent');
    await request(t.app).get('/s/team-x/api/actions/connectors');
    await request(t.app).get('/no/such/route');

    const response = await request(t.app).get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.text;
    expect(sample(text, 'kcr_plans_created_total', { set: 'team-a', has_changes: 'true' })).toBe(1);
    expect(sample(text, 'kcr_plans_created_total', { set: 'team-a', has_changes: 'false' })).toBe(1);
    expect(sample(text, 'kcr_plan_resource_changes_total', { action: 'create' })).toBe(2);
    expect(sample(text, 'kcr_plan_resource_changes_total', { action: 'no-op' })).toBe(2);
    expect(sample(text, 'kcr_applies_total', { status: 'succeeded' })).toBe(1);
    expect(sample(text, 'kcr_apply_operations_total', { action: 'create', outcome: 'succeeded' })).toBe(2);
    expect(sample(text, 'kcr_apply_duration_seconds_count', { status: 'succeeded' })).toBe(1);
    expect(sample(text, 'kcr_http_request_duration_seconds_count', { method: 'GET', route: '/api/reconciler/plans/:id', status_code: '200' })).toBe(1);
    expect(sample(text, 'kcr_http_request_duration_seconds_count', { method: 'GET', route: '/api/reconciler/plans/:id', status_code: '404' })).toBe(1);
    expect(sample(text, 'kcr_http_request_duration_seconds_count', { method: 'POST', route: '/api/reconciler/plans', status_code: '201' })).toBe(2);
    expect(sample(text, 'kcr_http_request_duration_seconds_count', { method: 'GET', route: '/s/:spaceId/api/actions/connectors', status_code: '200' })).toBe(1);
    expect(sample(text, 'kcr_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
    expect(text).not.toMatch(/team-x|no\/such/);
    // Labels are patterns and bounded values: no plan id, connector id, URL or secret.
    expect(text).not.toContain(plan.plan_id);
    expect(text).not.toContain('pln_absent');
    expect(text).not.toContain(plan.resource_changes[0].connector_id);
    expect(text).not.toMatch(/metric-canary|example\.com/);
  });

  it('sets the drifted-connectors gauge of a set on each drift report, by class', async () => {
    const { plan } = await planAndApply(t.app, [webhookDoc('hook-a', 'https://example.com/a'), webhookDoc('hook-b', 'https://example.com/b')]);
    const [a, b] = plan.resource_changes.map((c: { connector_id: string }) => c.connector_id);
    await request(t.app).put(`/api/actions/connector/${a}`).set('kbn-xsrf', 'true').send({ name: 'renamed by hand', config: { url: 'https://example.com/a', method: 'post', hasAuth: false } });
    await request(t.app).delete(`/api/actions/connector/${b}`).set('kbn-xsrf', 'true');
    await request(t.app).get('/api/reconciler/drift?set=default');
    let text = (await request(t.app).get('/metrics')).text;
    expect(sample(text, 'kcr_drifted_connectors', { set: 'default', drift_class: 'config' })).toBe(1);
    expect(sample(text, 'kcr_drifted_connectors', { set: 'default', drift_class: 'missing' })).toBe(1);
    expect(sample(text, 'kcr_drifted_connectors', { set: 'default', drift_class: 'secrets' })).toBe(0);

    // Converge, and the next report brings the gauge back to zero.
    await planAndApply(t.app, [webhookDoc('hook-a', 'https://example.com/a'), webhookDoc('hook-b', 'https://example.com/b')]);
    await request(t.app).get('/api/reconciler/drift?set=default');
    text = (await request(t.app).get('/metrics')).text;
    expect(sample(text, 'kcr_drifted_connectors', { set: 'default', drift_class: 'config' })).toBe(0);
    expect(sample(text, 'kcr_drifted_connectors', { set: 'default', drift_class: 'missing' })).toBe(0);
  });

  it('two apps in one process keep separate registries', async () => {
    const other = await createReconcilerTestApp();
    try {
      await postJsonPlan(t.app, [webhookDoc('hook-a', 'https://example.com/a')]);
      const text = (await request(other.app).get('/metrics')).text;
      expect(sample(text, 'kcr_plans_created_total', { set: 'default' })).toBeUndefined();
    } finally {
      await other.cleanup();
    }
  });
});
