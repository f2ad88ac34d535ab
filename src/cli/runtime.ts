import { createConnectorTypeRegistry } from '../connector-types/ConnectorTypeRegistry.js';
import type { ConnectorTypes } from '../connector-types/types.js';
import { loadConfig } from '../config/loadConfig.js';
import type { KcrConfig } from '../config/types.js';
import { ReconcilerService } from '../reconciler/ReconcilerService.js';
import { openSqliteStore } from '../store/sqlite/SqliteStore.js';
import type { Store } from '../store/Store.js';
import { EmbeddedTarget } from '../targets/embedded/EmbeddedTarget.js';
import { KibanaTarget } from '../targets/kibana/KibanaTarget.js';
import type { Target } from '../targets/Target.js';
import type { CliIo, GlobalOptions } from './io.js';

/** Everything a command needs, built once: the composition root is the only place that knows the concrete classes. */
export interface Runtime {
  config: KcrConfig;
  registry: ConnectorTypes;
  store: Store;
  target: Target;
  service: ReconcilerService;
  close(): Promise<void>;
}

/** Reads and validates the configuration (kcr.yaml, KCR_* variables, global options). */
export function readConfig(io: CliIo, options: GlobalOptions): KcrConfig {
  return loadConfig({ configFile: options.config, dataDir: options.dataDir, env: io.env, cwd: io.cwd });
}

/** Builds the target named by the configuration. */
export function createTarget(config: KcrConfig, store: Store, registry: ConnectorTypes): Target {
  if (config.target.type === 'kibana') return new KibanaTarget({ ...config.target, actions: config.actions });
  return new EmbeddedTarget({ store, registry, config });
}

/** Opens the store and the target for a command that works on state. */
export async function openRuntime(io: CliIo, options: GlobalOptions): Promise<Runtime> {
  const config = readConfig(io, options);
  const registry = createConnectorTypeRegistry();
  if (config.store.type !== 'sqlite') {
    throw new Error(`store type "${config.store.type}" is not available in this build; use {type: sqlite}`);
  }
  const store = await openSqliteStore({ dataDir: config.store.dataDir, encryptionKey: config.encryptionKey });
  const target = createTarget(config, store, registry);
  const service = new ReconcilerService({ config, store, target, registry });
  return {
    config,
    registry,
    store,
    target,
    service,
    async close() {
      await target.close();
      await store.close();
    },
  };
}

/** Runs `fn` with an open runtime and always closes it (the store must close cleanly, even on error). */
export async function withRuntime<T>(io: CliIo, options: GlobalOptions, fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(io, options);
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}
