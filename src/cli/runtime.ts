import { createConnectorTypeRegistry } from '../connector-types/ConnectorTypeRegistry.js';
import { connectorTypesFromTarget, TargetConnectorTypes } from '../connector-types/targetTypes.js';
import type { ConnectorTypes } from '../connector-types/types.js';
import { loadConfig } from '../config/loadConfig.js';
import type { KcrConfig } from '../config/types.js';
import type { Plan } from '../model/plan.js';
import { ReconcilerService } from '../reconciler/ReconcilerService.js';
import { openSqliteStore } from '../store/sqlite/SqliteStore.js';
import type { Store } from '../store/Store.js';
import { EmbeddedTarget } from '../targets/embedded/EmbeddedTarget.js';
import type { Target } from '../targets/Target.js';
import { writeLine, type CliIo, type GlobalOptions } from './io.js';

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
export async function createTarget(config: KcrConfig, store: Store, registry: ConnectorTypes, io?: Pick<CliIo, 'stderr'>): Promise<Target> {
  if (config.target.type === 'kibana') return (await importKibanaTarget()).kibanaTargetFromConfig(config, { logger: io && stderrWarnings(io) });
  return new EmbeddedTarget({ store, registry, config });
}

/** The kibana target and its HTTP client (undici) load only when a command uses them: ~0.1 s of start-up otherwise. */
function importKibanaTarget(): Promise<typeof import('../targets/kibana/kibanaTargetFromConfig.js')> {
  return import('../targets/kibana/kibanaTargetFromConfig.js');
}

// One read of a Kibana's type list per process: a CLI run needs it when loading manifests and
// again when opening the runtime, and `kcr serve` keeps the list it read at start-up.
const targetTypesByUrl = new Map<string, Promise<ConnectorTypes>>();

/**
 * The connector types commands validate and plan with: kcr's built-in registry (offline) for the
 * embedded target; for the kibana target, that Kibana's own `GET /api/actions/connector_types`
 * over it (see TargetConnectorTypes), or the built-in one with a warning when the call fails.
 * `target` is the runtime's target when there is one; otherwise a short-lived one is opened.
 */
export function connectorTypesFor(config: KcrConfig, io: Pick<CliIo, 'stderr'>, target?: Target): Promise<ConnectorTypes> {
  if (config.target.type !== 'kibana') return Promise.resolve(createConnectorTypeRegistry());
  const key = config.target.url;
  let pending = targetTypesByUrl.get(key);
  if (!pending) {
    pending = readTargetTypes(config, io, target);
    targetTypesByUrl.set(key, pending);
  }
  return pending;
}

async function readTargetTypes(config: KcrConfig, io: Pick<CliIo, 'stderr'>, target?: Target): Promise<ConnectorTypes> {
  const source = target ?? (await importKibanaTarget()).kibanaTargetFromConfig(config);
  try {
    return await connectorTypesFromTarget(createConnectorTypeRegistry(), source, stderrWarnings(io).warn);
  } finally {
    if (!target) await source.close();
  }
}

function stderrWarnings(io: Pick<CliIo, 'stderr'>): { warn(message: string): void } {
  return { warn: (message) => writeLine(io.stderr, `Warning: ${message}`) };
}

/**
 * Opens the store the configuration names: SQLite in the data directory, or Elasticsearch (its
 * client loads only then). A bad Elasticsearch setting or a missing key is refused before any
 * connection is made. Warnings found at open go to stderr.
 */
export async function openStore(config: KcrConfig, io: Pick<CliIo, 'stderr' | 'env' | 'cwd'>): Promise<Store> {
  if (config.store.type === 'elasticsearch') {
    const { resolveElasticsearchConnection } = await import('../store/elasticsearch/elasticsearchSettings.js');
    const connection = resolveElasticsearchConnection(config.store, { env: io.env, cwd: io.cwd });
    const { openElasticsearchStore } = await import('../store/elasticsearch/ElasticsearchStore.js');
    const store = await openElasticsearchStore({ ...connection, encryptionKey: config.encryptionKey });
    if (store.recoveredOperations > 0) writeLine(io.stderr, `Warning: re-applied the effects of ${store.recoveredOperations} recorded operation(s) a stopped kcr left unfinished`);
    return store;
  }
  const store = await openSqliteStore({ dataDir: config.store.dataDir, encryptionKey: config.encryptionKey });
  for (const warning of store.warnings) writeLine(io.stderr, `Warning: ${warning}`);
  return store;
}

/** Opens the store and the target for a command that works on state. */
export async function openRuntime(io: CliIo, options: GlobalOptions): Promise<Runtime> {
  const config = readConfig(io, options);
  const store = await openStore(config, io);
  const builtIn = createConnectorTypeRegistry();
  const target = await createTarget(config, store, builtIn, io);
  const registry = target.kind === 'kibana' ? await connectorTypesFor(config, io, target) : builtIn;
  // A plan that writes a type only the target knows carries a warning saying kcr could not check it.
  const extraPlanWarnings = registry instanceof TargetConnectorTypes ? (plan: Plan) => registry.planWarnings(plan) : undefined;
  const service = new ReconcilerService({ config, store, target, registry, extraPlanWarnings });
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
