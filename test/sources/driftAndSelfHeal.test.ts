import request from 'supertest';
import { afterEach, expect, it } from 'vitest';
import type { SourceConfig } from '../../src/config/types.js';
import { defaultConnectorId } from '../../src/reconciler/manifests/index.js';
import { planAndApply, webhookDoc } from '../api/reconciler/reconcilerTestApp.js';
import { describeWithOutsideTool } from '../helpers/outsideTool.js';
import { GIT, startGitOpsApp, TestRepository, waitForStatus, webhookManifest, type GitOpsApp } from './gitOpsHarness.js';

const HOOK_A = defaultConnectorId('default', 'hook-a');

/** An edit made by hand through the Kibana-compatible API (what a user in Kibana's UI does). */
function editByHand(kcr: GitOpsApp, url: string) {
  return request(kcr.app).put(`/api/actions/connector/${HOOK_A}`).set('kbn-xsrf', 'true')
    .send({ name: 'hook-a', config: { url, method: 'post', hasAuth: false }, secrets: {} });
}

async function connectorUrl(kcr: GitOpsApp, id: string): Promise<string | null> {
  const response = await request(kcr.app).get(`/api/actions/connector/${id}`);
  return response.status === 200 ? (response.body.config.url as string) : null;
}

describeWithOutsideTool(GIT, 'scheduled drift and selfHeal (real git, a local bare repository)', () => {
  let repo: TestRepository;
  let kcr: GitOpsApp;

  afterEach(async () => {
    await kcr?.cleanup();
    repo?.cleanup();
  });

  async function start(source: Partial<SourceConfig>, driftIntervalMs: number | null = 200): Promise<string> {
    repo = new TestRepository();
    const commit = repo.commit({ 'hook-a.yaml': webhookManifest('hook-a', 'https://example.com/a1') });
    kcr = await startGitOpsApp([{ name: 'ops', git: { url: repo.url }, interval: '200ms', mode: 'apply', ...source }], { managedConnectorWrites: 'allow' }, undefined, driftIntervalMs);
    const checked = (row: { status: string; checked_at?: string }) => row.status === 'Synced' && (driftIntervalMs === null || row.checked_at !== undefined);
    await waitForStatus(kcr.app, (s) => s.sources[0]?.synced_commit === commit && s.items.some(checked), 'the commit to be applied and checked');
    return commit;
  }

  it('reports a hand edit as drift (OutOfSync, an event, metrics) and, without selfHeal, leaves it', async () => {
    await start({ selfHeal: false });
    expect((await editByHand(kcr, 'https://example.com/by-hand')).status).toBe(200);

    const status = await waitForStatus(kcr.app, (s) => s.items.some((row) => row.set === 'ops' && row.status === 'OutOfSync' && row.drifted === 1), 'the drift to be reported');
    expect(status.items.find((row) => row.set === 'ops')!.reason).toBe('1 connector(s) changed outside kcr (config)');
    const events = await kcr.store.listEvents({ action: 'drift.detected' });
    expect(events.items).toContainEqual(expect.objectContaining({ set: 'ops', space_id: 'default', connector_id: HOOK_A, details: { drift_class: 'config' } }));
    const metrics = await request(kcr.app).get('/metrics');
    expect(metrics.text).toContain('kcr_drift_status{set="ops",space="default",status="OutOfSync"} 1');
    expect(metrics.text).toContain('kcr_drift_drifted_connectors{set="ops",space="default"} 1');
    expect(metrics.text).toMatch(/kcr_drift_checks_total\{set="ops",outcome="ok"\} [1-9]/);

    // The source sees the same commit with changes it did not make: it waits for review.
    await waitForStatus(kcr.app, (s) => s.sources[0].status === 'OutOfSync', 'the source to hold off');
    expect(await connectorUrl(kcr, HOOK_A)).toBe('https://example.com/by-hand');
  });

  it('puts a hand edit back with selfHeal (a second apply of the same commit)', async () => {
    await start({ selfHeal: true });
    expect((await editByHand(kcr, 'https://example.com/by-hand')).status).toBe(200);

    await waitForStatus(kcr.app, (s) => s.sources[0].apply_id !== undefined && s.items.some((row) => row.status === 'Synced' && row.drifted === 0), 'selfHeal to apply and the next check to be clean', 30_000);
    const until = Date.now() + 30_000;
    while ((await connectorUrl(kcr, HOOK_A)) !== 'https://example.com/a1' && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await connectorUrl(kcr, HOOK_A)).toBe('https://example.com/a1');
    const applies = await kcr.store.listEvents({ action: 'source.apply' });
    expect(applies.items.length).toBeGreaterThanOrEqual(2);
  });

  it('puts a hand edit back with selfHeal even without a drift schedule: the source sees the space serial move', async () => {
    await start({ selfHeal: true }, null);
    expect((await editByHand(kcr, 'https://example.com/by-hand')).status).toBe(200);
    const until = Date.now() + 30_000;
    while ((await connectorUrl(kcr, HOOK_A)) !== 'https://example.com/a1' && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await connectorUrl(kcr, HOOK_A)).toBe('https://example.com/a1');
    expect((await kcr.store.listEvents({ action: 'drift.detected' })).total).toBe(0);
  });

  it('checks sets without a source too: a set applied through the API shows its drift', async () => {
    repo = new TestRepository();
    kcr = await startGitOpsApp([], { managedConnectorWrites: 'allow' });
    await planAndApply(kcr.app, [webhookDoc('hook-a', 'https://example.com/a1')], 'set=manual');
    await waitForStatus(kcr.app, (s) => s.items.some((row) => row.set === 'manual' && row.status === 'Synced'), 'the manual set to be checked');
    expect((await editByHand(kcr, 'https://example.com/by-hand')).status).toBe(200);
    const status = await waitForStatus(kcr.app, (s) => s.items.some((row) => row.set === 'manual' && row.status === 'OutOfSync'), 'the manual set to drift');
    expect(status.items).toEqual([expect.objectContaining({ set: 'manual', space_id: 'default', drifted: 1, reason: '1 connector(s) changed outside kcr (config)' })]);
    expect(status.items[0].source).toBeUndefined();
  });

  it('stops an apply that breaks a safety rule (maxDeletes) and says why; nothing changes', async () => {
    await start({ maxDeletes: 0 });
    const commit = repo.commit({ 'hook-a.yaml': null, 'hook-b.yaml': webhookManifest('hook-b', 'https://example.com/b1') }, 'replace hook-a by hook-b');
    const status = await waitForStatus(kcr.app, (s) => s.sources[0].commit === commit && s.sources[0].status === 'Failed', 'the unsafe plan to be refused');
    expect(status.sources[0].reason).toMatch(/is refused: TOO_MANY_DELETES: the plan deletes 1 connector\(s\) \(replaces included\), more than --max-deletes 0$/);
    expect(await connectorUrl(kcr, HOOK_A)).toBe('https://example.com/a1');
    expect(await connectorUrl(kcr, defaultConnectorId('default', 'hook-b'))).toBeNull();
  });

  it('plans but never applies in plan mode: OutOfSync with the changed spaces', async () => {
    repo = new TestRepository();
    const commit = repo.commit({ 'hook-a.yaml': webhookManifest('hook-a', 'https://example.com/a1') });
    kcr = await startGitOpsApp([{ name: 'ops', git: { url: repo.url }, interval: '200ms' }]);
    const status = await waitForStatus(kcr.app, (s) => s.sources[0]?.commit === commit && s.sources[0].status === 'OutOfSync', 'the plan to be recorded');
    expect(status.sources[0]).toMatchObject({ mode: 'plan', pending_spaces: ['default'], reason: expect.stringContaining('mode plan records them for review and never applies') });
    expect(status.items).toContainEqual(expect.objectContaining({ set: 'ops', space_id: 'default', status: 'OutOfSync' }));
    expect(await connectorUrl(kcr, HOOK_A)).toBeNull();
    const plan = await kcr.service.requirePlan(status.sources[0].plan_id!);
    expect(plan.plan.summary.create).toBe(1);
    expect(plan.appliedAt).toBeNull();
  });

  it('marks an unreachable repository Failed, keeps retrying, and records the failure once', async () => {
    kcr = await startGitOpsApp([{ name: 'gone', git: { url: 'file:///nonexistent/repo.git' }, interval: '200ms' }]);
    repo = new TestRepository();
    const status = await waitForStatus(kcr.app, (s) => (s.sources[0]?.consecutive_failures ?? 0) >= 2, 'two failed passes');
    expect(status.sources[0].status).toBe('Failed');
    expect(status.sources[0].reason).toMatch(/^cannot fetch main from file:\/\/\/nonexistent\/repo\.git: /);
    expect(status.items).toEqual([]);
    expect((await kcr.store.listEvents({ action: 'source.sync' })).items).toHaveLength(1); // one event per distinct failure, not one per retry
  });
});
