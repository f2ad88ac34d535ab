import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/loadConfig.js';
import { createConnectorTypeRegistry } from '../../../src/connector-types/ConnectorTypeRegistry.js';
import { ReconcilerService } from '../../../src/reconciler/ReconcilerService.js';
import { openSqliteStore, type SqliteStore } from '../../../src/store/sqlite/SqliteStore.js';
import { KibanaTarget } from '../../../src/targets/kibana/KibanaTarget.js';
import type { KibanaTargetInput } from '../../../src/targets/kibana/options.js';
import { startFaultProxy, type FaultProxy, type FaultSchedule } from './faultProxy.js';
import type { RealKcr } from './realKcr.js';

/** A kcr (own store in a temp dir, kibana target) reaching `kibana` through a fault proxy. */
export interface ReconcilerOverProxy {
  proxy: FaultProxy;
  store: SqliteStore;
  target: KibanaTarget;
  service: ReconcilerService;
  /** Closes the target, the store and the proxy, removes the store's directory, then stops `kibana`. */
  close(): Promise<void>;
}

export async function startReconcilerOverProxy(kibana: RealKcr, schedule: FaultSchedule, retry?: KibanaTargetInput['retry'], targetOptions: Partial<KibanaTargetInput> = {}): Promise<ReconcilerOverProxy> {
  const proxy = await startFaultProxy(kibana.url, schedule);
  const dataDir = mkdtempSync(join(tmpdir(), 'kcr-over-proxy-'));
  const registry = createConnectorTypeRegistry();
  const config = loadConfig({ cwd: dataDir, env: {}, dataDir, overrides: { target: { type: 'kibana', url: proxy.url } } });
  const store = await openSqliteStore({ dataDir });
  const target = new KibanaTarget({ ...targetOptions, url: proxy.url, ...(retry ? { retry } : {}) }, { sleep: async () => undefined });
  const service = new ReconcilerService({ config, store, target, registry });
  return {
    proxy, store, target, service,
    async close() {
      await target.close();
      await store.close();
      await proxy.close();
      await kibana.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What the Kibana side holds in `spaces`, as sorted `space/id=name` lines. */
export async function heldByKibana(kibana: RealKcr, spaces: readonly string[]): Promise<string[]> {
  const lists = await Promise.all(spaces.map((spaceId) => kibana.testApp.target.listConnectors(spaceId)));
  return lists.flat().map((c) => `${c.spaceId}/${c.id}=${c.name}`).sort();
}
