import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/loadConfig.js';
import { createConnectorTypeRegistry } from '../../../src/connector-types/ConnectorTypeRegistry.js';
import { readExportConnectors, toManifests, toSavedObjectsNdjson, toTerraform } from '../../../src/reconciler/export/index.js';
import { SecretValue } from '../../../src/secrets/SecretValue.js';
import { openSqliteStore } from '../../../src/store/sqlite/SqliteStore.js';
import type { Store } from '../../../src/store/Store.js';
import { EmbeddedTarget } from '../../../src/targets/embedded/EmbeddedTarget.js';

const registry = createConnectorTypeRegistry();
const CANARIES = ['canary-slack-7f3e9a', 'canary-user-41d2', 'canary-pass-9b8c77', 'canary-header-5e6f', 'canary-pre-0a1b2c'];

let dir: string;
let store: Store;
let target: EmbeddedTarget;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kcr-export-'));
  store = await openSqliteStore({ dataDir: dir });
  const config = loadConfig({
    cwd: dir, env: {},
    overrides: { preconfigured: { 'pre-slack': { actionTypeId: '.slack', name: 'Preconfigured Slack', secrets: { webhookUrl: `https://hooks.slack.com/services/${CANARIES[4]}` } } } },
  });
  target = new EmbeddedTarget({ store, registry, config });
  const secrets = (value: Record<string, unknown>) => new SecretValue(value as never);
  await target.createConnector('ops', '55555555-5555-4555-8555-555555555555', '.slack', { name: 'Ops Slack', config: {}, secrets: secrets({ webhookUrl: `https://hooks.slack.com/services/${CANARIES[0]}` }) });
  await target.createConnector('ops', '66666666-6666-4666-8666-666666666666', '.webhook', {
    name: 'Deploy hook', config: { url: 'https://hooks.example.com', hasAuth: true, authType: 'webhook-authentication-basic' },
    secrets: secrets({ user: CANARIES[1], password: CANARIES[2], secretHeaders: { 'X-Token': CANARIES[3] } }),
  });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('export from a real store', () => {
  it('no format contains a stored secret value, and preconfigured connectors are left out', async () => {
    const state = await readExportConnectors(target, store, 'ops');
    expect(state.connectors.map((connector) => connector.name)).toEqual(['Deploy hook', 'Ops Slack']);
    const outputs = {
      manifests: toManifests(state.connectors, state.inventory, registry).yaml,
      ndjson: toSavedObjectsNdjson(state.connectors, registry, { exportedAt: new Date(0).toISOString() }),
      terraform: toTerraform(state.connectors, registry, state.inventory),
      state: JSON.stringify(state),
    };
    for (const [format, text] of Object.entries(outputs)) {
      for (const canary of CANARIES) expect(text, `${format} leaks ${canary}`).not.toContain(canary);
      expect(text, format).not.toContain('Preconfigured Slack');
    }
  });

  it('writes a placeholder for every stored secret key, nested ones included', async () => {
    const state = await readExportConnectors(target, store, 'ops');
    const { envVars } = toManifests(state.connectors, state.inventory, registry);
    expect(envVars).toEqual(['KCR_OPS_DEPLOY_HOOK_USER', 'KCR_OPS_DEPLOY_HOOK_PASSWORD', 'KCR_OPS_DEPLOY_HOOK_SECRET_HEADERS_X_TOKEN', 'KCR_OPS_OPS_SLACK_WEBHOOK_URL']);
    expect(toTerraform(state.connectors, registry)).toContain('"X-Token" = var.deploy_hook_secret_headers_x_token');
  });
});
