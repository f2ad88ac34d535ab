import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/loadConfig.js';
import { createConnectorTypeRegistry } from '../../../src/connector-types/ConnectorTypeRegistry.js';
import { SecretValue } from '../../../src/secrets/SecretValue.js';
import { openSqliteStore } from '../../../src/store/sqlite/SqliteStore.js';
import type { Store } from '../../../src/store/Store.js';
import { EmbeddedTarget } from '../../../src/targets/embedded/EmbeddedTarget.js';
import { kcrRejection } from '../../helpers/kcrRejection.js';

const registry = createConnectorTypeRegistry();
let dir: string;
let store: Store;
let target: EmbeddedTarget;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kcr-embedded-'));
  store = await openSqliteStore({ dataDir: dir });
  const config = loadConfig({
    cwd: dir,
    env: {},
    overrides: {
      actions: { enabledActionTypes: ['.index', '.webhook', '.servicenow', '.slack'] },
      preconfigured: { 'pre-slack': { actionTypeId: '.slack', name: 'Pre', secrets: { webhookUrl: 'https://hooks.slack.com/services/p' } } },
    },
  });
  target = new EmbeddedTarget({ store, registry, config });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, config: Record<string, unknown>, secrets: Record<string, unknown> = {}) => ({ name, config: config as never, secrets: new SecretValue(secrets as never) });

describe('EmbeddedTarget', () => {
  it('stores the config Kibana would store and reports the secrets fingerprint', async () => {
    const created = await target.createConnector('default', 'hook', '.webhook', write('hook', { url: 'https://a.example.com', hasAuth: true }, { user: 'u', password: 'one' }));
    expect(created.config).toMatchObject({ url: 'https://a.example.com', hasAuth: true, method: 'post' });
    expect(created.secretsFingerprint).toBe(store.fingerprintSecrets(new SecretValue({ user: 'u', password: 'one' })));
    const updated = await target.updateConnector('default', 'hook', write('hook', { url: 'https://a.example.com', hasAuth: true }, { user: 'u', password: 'two' }));
    expect(updated.secretsFingerprint).not.toBe(created.secretsFingerprint);
  });

  it('clears is_missing_secrets on update, as Kibana fixes an imported connector', async () => {
    await store.embeddedConnectors.insert({ spaceId: 'default', id: 'imported', name: 'imp', connectorTypeId: '.index', config: { index: 'x', refresh: false, executionTimeField: null }, secrets: new SecretValue({}), isMissingSecrets: true });
    expect((await target.getConnector('default', 'imported')).isMissingSecrets).toBe(true);
    const updated = await target.updateConnector('default', 'imported', write('imp', { index: 'x' }));
    expect(updated.isMissingSecrets).toBe(false);
  });

  it('fails validation with every problem listed and Kibana message for the first', async () => {
    const error = await kcrRejection(target.createConnector('default', undefined, '.webhook', write('w', { url: 'not a url', hasAuth: 'yes' })));
    expect(error.code).toBe('CONNECTOR_INVALID');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^error validating action type config: /);
    expect(error.errors?.length).toBeGreaterThanOrEqual(1);
    expect(await store.embeddedConnectors.count()).toBe(0);
  });

  it('refuses a disabled type with 403 CONNECTOR_TYPE_DISABLED and lists types with enabled flags', async () => {
    const error = await kcrRejection(target.createConnector('default', undefined, '.teams', write('t', {}, { webhookUrl: 'https://x.example.com' })));
    expect(error).toMatchObject({ code: 'CONNECTOR_TYPE_DISABLED', status: 403 });
    const types = await target.listConnectorTypes();
    expect(types.find((type) => type.id === '.teams')).toMatchObject({ enabled: false, enabledInConfig: false, enabledInLicense: true });
    expect(types.find((type) => type.id === '.index')).toMatchObject({ enabled: true, enabledInConfig: true });
    expect(types.some((type) => type.isSystemActionType)).toBe(false);
  });

  it('reports is_deprecated for a ServiceNow connector without usesTableApi: false', async () => {
    const connector = await target.createConnector('default', 'snow', '.servicenow', write('snow', { apiUrl: 'https://x.service-now.com' }, { username: 'u', password: 'p' }));
    expect(connector.isDeprecated).toBe(true);
    const modern = await target.updateConnector('default', 'snow', write('snow', { apiUrl: 'https://x.service-now.com', usesTableApi: false }, { username: 'u', password: 'p' }));
    expect(modern.isDeprecated).toBe(false);
  });

  it('serves preconfigured connectors in every space, read-only', async () => {
    const pre = await target.getConnector('any-space', 'pre-slack');
    expect(pre).toMatchObject({ spaceId: 'any-space', isPreconfigured: true });
    expect(pre.config).toBeUndefined();
    expect((await kcrRejection(target.deleteConnector('default', 'pre-slack'))).message).toBe('Preconfigured action pre-slack is not allowed to delete.');
    expect((await kcrRejection(target.updateConnector('default', 'system-connector-.cases', write('x', {})))).message).toBe('System action system-connector-.cases can not be updated.');
    expect((await kcrRejection(target.createConnector('default', undefined, '.cases', write('x', {})))).message).toBe('System action creation is forbidden. Action type: .cases.');
  });
});
