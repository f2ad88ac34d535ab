import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { createConnectorTypeRegistry } from '../../src/connector-types/ConnectorTypeRegistry.js';
import { defaultConnectorId } from '../../src/reconciler/manifests/index.js';
import { ReconcilerService } from '../../src/reconciler/ReconcilerService.js';
import { SecretValue } from '../../src/secrets/SecretValue.js';
import { GitOpsController } from '../../src/reconciler/sources/GitOpsController.js';
import { SourceSyncer } from '../../src/reconciler/sources/SourceSyncer.js';
import { readSourceSettings } from '../../src/reconciler/sources/sourceSettings.js';
import type { Store } from '../../src/store/Store.js';
import { EmbeddedTarget } from '../../src/targets/embedded/EmbeddedTarget.js';
import { describeWithOutsideTool } from '../helpers/outsideTool.js';
import { type StoreHarness } from '../store/storeFixtures.js';
import { STORE_IMPLEMENTATIONS } from '../store/storeImplementations.js';
import { GIT, TestRepository, webhookManifest } from './gitOpsHarness.js';

/** One kcr process of two sharing a store: its own Store object, target, service and controller (and git cache). */
async function replica(harness: StoreHarness, dataDir: string, name: string, repoUrl: string) {
  const config = loadConfig({ cwd: dataDir, env: {}, dataDir, overrides: { sources: [{ name: 'ops', git: { url: repoUrl }, interval: '200ms', mode: 'apply' }] } as never });
  const store = await harness.open();
  const registry = createConnectorTypeRegistry();
  const target = new EmbeddedTarget({ store, registry, config });
  const service = new ReconcilerService({ config, store, target, registry });
  const env = { PATH: process.env.PATH };
  const syncers = readSourceSettings(config, { env, cwd: dataDir }).map((source) => new SourceSyncer(source, { service, store, registry, settings: config.actions, env, cacheRoot: join(dataDir, `cache-${name}`), now: () => new Date() }));
  const controller = new GitOpsController({ service, store, syncers, driftIntervalMs: 200, leaseTtlMs: config.lockTtlMs });
  return { store, controller, close: async () => { await controller.stop(); await target.close(); } };
}

async function waitUntil(condition: () => Promise<boolean>, what: string): Promise<void> {
  const until = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeWithOutsideTool(GIT, 'two replicas on one store follow one source (real git)', () => {
  describe.each(STORE_IMPLEMENTATIONS)('on the %s store (two Store objects on one store)', (_name, createHarness) => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('applies every commit exactly once, whichever replica holds the source lease', async () => {
    const repo = new TestRepository();
    cleanups.push(() => repo.cleanup());
    const dataDir = mkdtempSync(join(tmpdir(), 'kcr-replicas-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const commits = [repo.commit({ 'hook.yaml': webhookManifest('hook-a', 'https://example.com/v0') })];
    const harness = await createHarness();
    cleanups.push(() => harness.cleanup());
    const a = await replica(harness, dataDir, 'a', repo.url);
    cleanups.push(a.close);
    const b = await replica(harness, dataDir, 'b', repo.url);
    cleanups.push(b.close);
    a.controller.start();
    b.controller.start();

    const appliedCommits = async (store: Store) => (await store.listEvents({ action: 'source.apply', limit: 1000 })).items.map((event) => event.details?.commit as string);
    await waitUntil(async () => (await appliedCommits(a.store)).includes(commits[0]), 'the first commit to be applied');
    for (let version = 1; version <= 4; version++) {
      const commit = repo.commit({ 'hook.yaml': webhookManifest('hook-a', `https://example.com/v${version}`) }, `v${version}`);
      commits.push(commit);
      await waitUntil(async () => (await appliedCommits(b.store)).includes(commit), `commit v${version} to be applied`);
    }
    // The replicas keep polling: after three more passes in all, nothing may have been applied a second time.
    let passes = 0;
    for (const r of [a, b]) r.controller.subscribe({ onSourceSync: () => void passes++ });
    await waitUntil(async () => passes >= 3, 'three more passes');
    // Every replica's status says the same, whichever synced last (the other reads what it recorded).
    const last = commits[commits.length - 1];
    await waitUntil(async () => [a, b].every((r) => r.controller.status().sources[0].synced_commit === last && r.controller.status().sources[0].status === 'Synced'), 'both replicas to report the last commit');
    const applied = await appliedCommits(a.store);
    expect(applied.sort()).toEqual([...commits].sort());
    // An `interrupted` record here means one replica's crash recovery judged the other's live
    // apply dead: listLocks must show a space lease the moment acquireLock returned it.
    const applies = await a.store.listApplies({ limit: 100 });
    expect(applies.items.map((record) => `${record.status} ${record.actor} ${JSON.stringify(record.operations.map((op) => op.error ?? op.outcome))}`).filter((line) => !line.startsWith('succeeded'))).toEqual([]);
    expect(applies.total).toBe(commits.length);

    // A hand edit is recorded as drift once, not once per replica.
    await a.store.embeddedConnectors.replace('default', defaultConnectorId('default', 'hook-a'), { name: 'hook-a', config: { url: 'https://example.com/by-hand', method: 'post', hasAuth: false }, secrets: new SecretValue({}) });
    const detected = async () => (await a.store.listEvents({ action: 'drift.detected', limit: 100 })).total;
    await waitUntil(async () => (await detected()) >= 1, 'the drift to be recorded');
    let checks = 0;
    for (const r of [a, b]) r.controller.subscribe({ onDriftCheck: () => void checks++ });
    await waitUntil(async () => checks >= 6, 'three more drift checks on each replica');
    expect(await detected()).toBe(1);
  });
});
});
