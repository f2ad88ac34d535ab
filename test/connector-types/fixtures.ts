import type { ActionsSettings } from '../../src/config/types.js';

/** kcr's default `actions:` settings (everything allowed), with overrides. */
export function actionsSettings(overrides: Partial<ActionsSettings> = {}): ActionsSettings {
  return {
    enabledActionTypes: ['*'],
    allowedHosts: ['*'],
    email: { domain_allowlist: [] },
    proxyUrl: null,
    customHostSettings: [],
    ssl: { verificationMode: 'full' },
    responseTimeout: '60s',
    ...overrides,
  };
}
