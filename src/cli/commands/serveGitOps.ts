import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { GitOpsController } from '../../reconciler/sources/GitOpsController.js';
import { SourceSyncer } from '../../reconciler/sources/SourceSyncer.js';
import { driftIntervalMs, readSourceSettings } from '../../reconciler/sources/sourceSettings.js';
import type { CliIo } from '../io.js';
import type { Runtime } from '../runtime.js';

/**
 * The GitOps controller of `kcr serve`: one syncer per configured source (working copies under
 * `<dataDir>/sources/`, or the temp folder for a store without a data directory) and the drift
 * schedule. Settings are checked here, before the server listens: a bad source stops start-up
 * with CONFIG_INVALID, as any other setting does.
 */
export function createGitOps(runtime: Runtime, io: CliIo, logger: Logger): GitOpsController {
  const { config, service, store, registry } = runtime;
  const settings = readSourceSettings(config, { env: io.env, cwd: io.cwd });
  const cacheRoot = config.store.dataDir !== undefined ? join(config.store.dataDir, 'sources') : join(tmpdir(), 'kcr-sources');
  const syncers = settings.map((source) => new SourceSyncer(source, { service, store, registry, settings: config.actions, env: io.env, cacheRoot, now: () => new Date() }));
  for (const source of settings) logger.info({ source: source.name, set: source.set, ref: source.ref, path: source.path, mode: source.mode }, 'following a Git source');
  return new GitOpsController({ service, store, syncers, driftIntervalMs: driftIntervalMs(config), leaseTtlMs: config.lockTtlMs, logger });
}
