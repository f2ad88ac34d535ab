import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithOutsideTool } from '../helpers/outsideTool.js';
import { apiKeyPrincipal, type TestPrincipal } from '../security/secureApp.js';
import { GIT, startGitOpsApp, TestRepository, webhookManifest, type GitOpsApp } from './gitOpsHarness.js';

describeWithOutsideTool(GIT, 'GET /api/reconciler/status and the sync webhook with principals', () => {
  let repo: TestRepository;
  let kcr: GitOpsApp;
  let opsReader: TestPrincipal;
  let admin: TestPrincipal;

  beforeAll(async () => {
    repo = new TestRepository();
    repo.commit({ 'ops/hook.yaml': webhookManifest('hook-ops', 'https://example.com/o', { space: 'ops' }), 'dev/hook.yaml': webhookManifest('hook-dev', 'https://example.com/d', { space: 'dev' }) });
    opsReader = await apiKeyPrincipal('ops-reader', { ops: 'read' });
    admin = await apiKeyPrincipal('admin', {}, true);
    kcr = await startGitOpsApp([
      { name: 'ops', git: { url: repo.url, path: 'ops' }, interval: '200ms', mode: 'apply' },
      { name: 'dev', git: { url: repo.url, path: 'dev' }, interval: '200ms', mode: 'apply' },
    ], { principals: [opsReader.config, admin.config] });
    const until = Date.now() + 30_000;
    for (;;) {
      const { body } = await request(kcr.app).get('/api/reconciler/status').set('authorization', admin.authorization);
      if (body.items?.length === 2 && body.items.every((row: { status: string }) => row.status === 'Synced')) break;
      if (Date.now() > until) throw new Error(`sources did not sync: ${JSON.stringify(body)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(async () => {
    await kcr?.cleanup();
    repo?.cleanup();
  });

  it('shows a principal only the spaces it reads, and only the sources whose spaces it reads', async () => {
    const response = await request(kcr.app).get('/api/reconciler/status').set('authorization', opsReader.authorization);
    expect(response.status).toBe(200);
    expect(response.body.items.map((row: { set: string; space_id: string }) => `${row.set}/${row.space_id}`)).toEqual(['ops/ops']);
    expect(response.body.sources.map((source: { name: string }) => source.name)).toEqual(['ops']);
    const all = await request(kcr.app).get('/api/reconciler/status').set('authorization', admin.authorization);
    expect(all.body.items.map((row: { space_id: string }) => row.space_id)).toEqual(['dev', 'ops']);
  });

  it('shows the same filtered status on the web page overview', async () => {
    const page = await request(kcr.app).get('/ui/').set('authorization', opsReader.authorization);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h2 id="h-gitops">GitOps</h2>');
    expect(page.text).toContain('<td>ops</td><td>ops</td><td><strong class="status-synced">Synced</strong></td>');
    expect(page.text).not.toContain('<td>dev</td>');
    const adminPage = await request(kcr.app).get('/ui/').set('authorization', admin.authorization);
    expect(adminPage.text).toContain('<td>dev</td><td>dev</td><td><strong class="status-synced">Synced</strong></td>');
  });

  it('refuses a space the principal cannot read when asked for it', async () => {
    const response = await request(kcr.app).get('/api/reconciler/status?space=dev').set('authorization', opsReader.authorization);
    expect(response.status).toBe(403);
  });

  it('takes a webhook from any authenticated principal, never from an anonymous one', async () => {
    expect((await request(kcr.app).post('/api/reconciler/sources/ops/sync')).status).toBe(401);
    const accepted = await request(kcr.app).post('/api/reconciler/sources/ops/sync').set('authorization', opsReader.authorization);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ accepted: true, source: { name: 'ops', set: 'ops' } });
  });
});
