import request from 'supertest';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { join } from 'node:path';
import { defaultConnectorId } from '../../src/reconciler/manifests/index.js';
import { GitOpsController } from '../../src/reconciler/sources/GitOpsController.js';
import { SourceSyncer } from '../../src/reconciler/sources/SourceSyncer.js';
import { readSourceSettings } from '../../src/reconciler/sources/sourceSettings.js';
import type { SourceState } from '../../src/reconciler/sources/types.js';
import { describeWithOutsideTool } from '../helpers/outsideTool.js';
import { GIT, startGitOpsApp, TestRepository, waitForStatus, webhookManifest, type GitOpsApp } from './gitOpsHarness.js';

const HOOK_A = defaultConnectorId('default', 'hook-a');
const HOOK_B = defaultConnectorId('default', 'hook-b');

/** What the Kibana-compatible API says a connector's URL is (null when it does not exist). */
async function connectorUrl(kcr: GitOpsApp, id: string): Promise<string | null> {
  const response = await request(kcr.app).get(`/api/actions/connector/${id}`);
  return response.status === 200 ? (response.body.config.url as string) : null;
}

describeWithOutsideTool(GIT, 'a Git source in apply mode (real git, a local bare repository)', () => {
  let repo: TestRepository;
  let kcr: GitOpsApp;
  let first: string;

  beforeEach(async () => {
    repo = new TestRepository();
    first = repo.commit({ 'connectors/hook-a.yaml': webhookManifest('hook-a', 'https://example.com/a1'), 'connectors/hook-b.yaml': webhookManifest('hook-b', 'https://example.com/b1') }, 'two hooks');
    kcr = await startGitOpsApp([{ name: 'ops', git: { url: repo.url, ref: 'main', path: 'connectors' }, interval: '200ms', mode: 'apply' }]);
    await waitForStatus(kcr.app, (s) => s.sources[0]?.synced_commit === first && s.sources[0].status === 'Synced', 'the first commit to be applied');
  });

  afterEach(async () => {
    await kcr?.cleanup();
    repo?.cleanup();
  });

  it('applies the first commit, then a commit changing one connector at the next fetch, leaving the other alone', async () => {
    expect(await connectorUrl(kcr, HOOK_A)).toBe('https://example.com/a1');
    const before = (await kcr.store.embeddedConnectors.get('default', HOOK_B))!.updatedAt;

    const second = repo.commit({ 'connectors/hook-a.yaml': webhookManifest('hook-a', 'https://example.com/a2') }, 'move hook-a');
    const status = await waitForStatus(kcr.app, (s) => s.sources[0].synced_commit === second, 'the second commit to be applied');

    expect(status.sources[0]).toMatchObject({ status: 'Synced', commit: second, consecutive_failures: 0 });
    expect(await connectorUrl(kcr, HOOK_A)).toBe('https://example.com/a2');
    expect((await kcr.store.embeddedConnectors.get('default', HOOK_B))!.updatedAt).toBe(before);
    expect(status.items).toContainEqual(expect.objectContaining({ set: 'ops', space_id: 'default', status: 'Synced', source: 'ops' }));
    const plan = (await kcr.service.requirePlan(status.sources[0].plan_id!)).plan;
    expect(plan.summary).toMatchObject({ update: 1, create: 0, delete: 0 });
    const events = await kcr.store.listEvents({ action: 'source.apply' });
    expect(events.items.map((e) => e.details?.commit)).toContain(second);
  });

  it('keeps the previous state and says Failed with the file and line when a commit has an invalid manifest; a fixed commit recovers', async () => {
    const broken = repo.commit({ 'connectors/hook-a.yaml': webhookManifest('hook-a', 'https://example.com/a2').replace('    method: post\n', '    method: teleport\n') }, 'typo');
    const failed = await waitForStatus(kcr.app, (s) => s.sources[0].status === 'Failed' && s.sources[0].commit === broken, 'the broken commit to fail');

    expect(failed.sources[0].reason).toMatch(/^invalid manifests at commit [0-9a-f]{12}, nothing planned: connectors\/hook-a\.yaml:11 \[doc 0\] \/spec\/config\/method: /);
    expect(failed.sources[0].synced_commit).toBe(first);
    expect(await connectorUrl(kcr, HOOK_A)).toBe('https://example.com/a1');
    expect(failed.items).toContainEqual(expect.objectContaining({ set: 'ops', space_id: 'default', status: 'Failed' }));
    expect((await kcr.store.listEvents({ action: 'source.sync' })).items[0]).toMatchObject({ outcome: 'failure', set: 'ops' });

    const fixed = repo.commit({ 'connectors/hook-a.yaml': webhookManifest('hook-a', 'https://example.com/a3') }, 'fix');
    // A push webhook: the pass runs now, whatever the backoff after the failure says.
    const sync = await request(kcr.app).post('/api/reconciler/sources/ops/sync');
    expect(sync.status).toBe(202);
    await waitForStatus(kcr.app, (s) => s.sources[0].synced_commit === fixed && s.sources[0].status === 'Synced', 'the fixed commit to be applied');
    expect(await connectorUrl(kcr, HOOK_A)).toBe('https://example.com/a3');
  });

  it('prunes nothing when the path is deleted: the source is Failed and both connectors stay', async () => {
    const gone = repo.commit({ connectors: null, 'README.md': 'moved elsewhere\n' }, 'delete the folder');
    const failed = await waitForStatus(kcr.app, (s) => s.sources[0].status === 'Failed' && s.sources[0].commit === gone, 'the deleted path to fail');
    expect(failed.sources[0].reason).toContain('path connectors does not exist at commit');
    expect(await connectorUrl(kcr, HOOK_A)).toBe('https://example.com/a1');
    expect(await connectorUrl(kcr, HOOK_B)).toBe('https://example.com/b1');
  });

  it('prunes nothing when the path is emptied without allowEmpty', async () => {
    const emptied = repo.commit({ 'connectors/hook-a.yaml': null, 'connectors/hook-b.yaml': null, 'connectors/.keep': '' }, 'empty the folder');
    const failed = await waitForStatus(kcr.app, (s) => s.sources[0].status === 'Failed' && s.sources[0].commit === emptied, 'the emptied path to be refused');
    expect(failed.sources[0].reason).toContain('EMPTY_DESIRED_STATE');
    expect(await connectorUrl(kcr, HOOK_B)).toBe('https://example.com/b1');
  });

  it('refuses a force-push until it is accepted through the webhook', async () => {
    repo.commit({ 'connectors/hook-a.yaml': webhookManifest('hook-a', 'https://example.com/a2') }, 'second');
    await waitForStatus(kcr.app, (s) => s.sources[0].synced_commit === repo.head(), 'the second commit to be applied');
    repo.resetTo(first);
    const rewritten = repo.commit({ 'connectors/hook-b.yaml': webhookManifest('hook-b', 'https://example.com/b9') }, 'rewrite', { force: true });

    const failed = await waitForStatus(kcr.app, (s) => s.sources[0].status === 'Failed' && s.sources[0].commit === rewritten, 'the force-push to be refused');
    expect(failed.sources[0].reason).toMatch(/^ref main was force-pushed: [0-9a-f]{12} is not in the history of [0-9a-f]{12}; nothing was planned or applied/);
    expect(await connectorUrl(kcr, HOOK_A)).toBe('https://example.com/a2');
    expect(await connectorUrl(kcr, HOOK_B)).toBe('https://example.com/b1');

    expect((await request(kcr.app).post('/api/reconciler/sources/ops/sync?accept_force_push=true')).status).toBe(202);
    await waitForStatus(kcr.app, (s) => s.sources[0].synced_commit === rewritten && s.sources[0].status === 'Synced', 'the accepted rewrite to be applied');
    expect(await connectorUrl(kcr, HOOK_A)).toBe('https://example.com/a1');
    expect(await connectorUrl(kcr, HOOK_B)).toBe('https://example.com/b9');
  });

  it('remembers the synced commit across a restart with a fresh working copy: a fast-forward is followed, a force-push refused', async () => {
    await kcr.stop();
    const restart = async (cache: string) => {
      const settings = readSourceSettings(kcr.config, { env: { PATH: process.env.PATH }, cwd: kcr.dataDir });
      const syncer = new SourceSyncer(settings[0], { service: kcr.service, store: kcr.store, registry: kcr.registry, settings: kcr.config.actions, env: { PATH: process.env.PATH }, cacheRoot: join(kcr.dataDir, cache), now: () => new Date() });
      const controller = new GitOpsController({ service: kcr.service, store: kcr.store, syncers: [syncer], driftIntervalMs: null, leaseTtlMs: kcr.config.lockTtlMs });
      controller.start();
      return controller;
    };
    const waitFor = async (controller: GitOpsController, predicate: (state: SourceState) => boolean) => {
      const until = Date.now() + 30_000;
      while (!predicate(controller.status().sources[0])) {
        if (Date.now() > until) throw new Error(`timed out: ${JSON.stringify(controller.status().sources[0])}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return controller.status().sources[0];
    };

    const second = repo.commit({ 'connectors/hook-a.yaml': webhookManifest('hook-a', 'https://example.com/a2') }, 'fast-forward');
    const fresh = await restart('cache-after-restart');
    await waitFor(fresh, (state) => state.synced_commit === second && state.status === 'Synced');
    await fresh.stop();

    repo.resetTo(first);
    const rewritten = repo.commit({ 'connectors/hook-b.yaml': webhookManifest('hook-b', 'https://example.com/b9') }, 'rewrite', { force: true });
    const another = await restart('cache-of-another-replica');
    const state = await waitFor(another, (s) => s.status === 'Failed' && s.commit === rewritten);
    await another.stop();
    expect(state.reason).toContain(`ref main was force-pushed: ${second.slice(0, 12)} is not in the history of ${rewritten.slice(0, 12)}`);
    expect(await connectorUrl(kcr, HOOK_B)).toBe('https://example.com/b1');
  });

  it('answers 404 SOURCE_NOT_FOUND for a webhook of an unknown source', async () => {
    const response = await request(kcr.app).post('/api/reconciler/sources/nope/sync');
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('SOURCE_NOT_FOUND');
  });
});
