import type { KcrConfig } from './types.js';

/** The file kcr reads when no `--config` is given and it exists in the working directory. */
export const DEFAULT_CONFIG_FILE = 'kcr.yaml';

/**
 * Every default of kcr, in one object (SPEC section 8). `actions` holds Kibana's own defaults for
 * `xpack.actions.*`, so an empty kcr.yaml behaves like a stock Kibana.
 */
export const DEFAULT_CONFIG: KcrConfig = {
  target: { type: 'embedded' },
  store: { type: 'sqlite', dataDir: './.kcr' },
  server: { host: '127.0.0.1', port: 5601, bodyLimit: '1mb', requestTimeoutMs: 30_000 },
  principals: [],
  preconfigured: {},
  actions: {
    enabledActionTypes: ['*'],
    allowedHosts: ['*'],
    email: { domain_allowlist: [] },
    proxyUrl: null,
    customHostSettings: [],
    ssl: { verificationMode: 'full' },
    responseTimeout: '60s',
  },
  managedConnectorWrites: 'reject',
  kibanaVersion: '8.17.0',
  manifestCache: true,
  lockTtlMs: 30_000,
  lockWaitMs: 5_000,
  logLevel: 'info',
};
