import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG } from '../../../src/config/defaults.js';
import type { ActionsSettings } from '../../../src/config/types.js';
import { createConnectorTypeRegistry } from '../../../src/connector-types/ConnectorTypeRegistry.js';
import type { LoadOptions } from '../../../src/reconciler/manifests/index.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const FIXTURES = join(REPO_ROOT, 'test/fixtures/manifests');

/** A value planted in secrets and the environment; no error text may ever contain it. */
export const CANARY = 'KCR-CANARY-3b1f9d';

/** Kibana's default `xpack.actions.*` settings: every type enabled, every host allowed. */
export const OPEN_SETTINGS: ActionsSettings = structuredClone(DEFAULT_CONFIG.actions);

/** Loader options over the real connector type registry, paths shown relative to the repository. */
export function loaderOptions(env: Record<string, string | undefined> = {}, cwd = REPO_ROOT): LoadOptions {
  return { registry: createConnectorTypeRegistry(), settings: OPEN_SETTINGS, env, cwd };
}
