import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import type { ActionsSettings } from '../../src/config/types.js';

/** kcr's default `actions:` settings (everything allowed), with overrides. */
export function actionsSettings(overrides: Partial<ActionsSettings> = {}): ActionsSettings {
  return { ...structuredClone(DEFAULT_CONFIG.actions), ...overrides };
}
