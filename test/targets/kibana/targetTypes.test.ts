import { describe, expect, it } from 'vitest';
import { createConnectorTypeRegistry } from '../../../src/connector-types/ConnectorTypeRegistry.js';
import { connectorTypesFromTarget, TargetConnectorTypes } from '../../../src/connector-types/targetTypes.js';
import type { ResourceChange } from '../../../src/model/plan.js';
import { loadManifestText } from '../../../src/reconciler/manifests/index.js';
import { KibanaTarget } from '../../../src/targets/kibana/KibanaTarget.js';
import type { TargetConnectorType } from '../../../src/targets/Target.js';
import { OPEN_SETTINGS } from '../../reconciler/manifests/loaderOptions.js';
import { startRealKcr } from './realKcr.js';

/*
 * The registry of a kibana target judges types as that Kibana would: by its own
 * GET /api/actions/connector_types, over kcr's built-in schemas.
 */

function listed(id: string, flags: Partial<TargetConnectorType> = {}): TargetConnectorType {
  return {
    id, name: id.slice(1), enabled: true, enabledInConfig: true, enabledInLicense: true,
    minimumLicenseRequired: 'gold', supportedFeatureIds: ['alerting'], isSystemActionType: false, ...flags,
  };
}

// .email is missing (an older Kibana, or its plugin off); .mcp is newer than kcr.
const TARGET_LIST = [
  listed('.slack'),
  listed('.index', { enabled: false, enabledInConfig: false }),
  listed('.webhook', { enabled: false, enabledInLicense: false }),
  listed('.mcp', { name: 'MCP' }),
];
const types = new TargetConnectorTypes(createConnectorTypeRegistry(), TARGET_LIST);

function manifest(type: string, config: string, secrets = '{}'): string {
  return `apiVersion: kcr/v1\nkind: Connector\nmetadata: {name: probe}\nspec:\n  name: Probe\n  connector_type_id: "${type}"\n  config: ${config}\n  secrets: ${secrets}\n`;
}

describe('validating against the target Kibana\'s own type list', () => {
  it.each([
    ['a type kcr knows that the target does not list', '.email', {}, {}, 400, 'Action type ".email" is not registered.'],
    ['a type disabled by the target\'s enabledActionTypes', '.index', { index: 'logs' }, {}, 403, 'action type ".index" is not enabled in the Kibana config xpack.actions.enabledActionTypes'],
    ['a type its license does not cover', '.webhook', { url: 'https://example.com', hasAuth: false }, {}, 403, 'Action type .webhook is disabled because your license does not support it. Please upgrade your license.'],
  ])('refuses %s with Kibana\'s status and message', (_case, type, config, secrets, status, kibanaMessage) => {
    const result = types.validate(type, config, secrets, OPEN_SETTINGS);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ pointer: '/connector_type_id', status, kibanaMessage });
    expect(result.issues[0].message).toContain(kibanaMessage.replace(' Please upgrade your license.', '').slice(0, 30));
  });

  it('still checks config before the enabled flags, as Kibana orders its checks', () => {
    const result = types.validate('.index', {}, {}, OPEN_SETTINGS);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toMatchObject({ pointer: '/config/index', status: 400 });
  });

  it('validates a listed, enabled type with kcr\'s schemas (defaults kept as Kibana stores them)', () => {
    expect(types.validate('.slack', {}, { webhookUrl: 'https://hooks.slack.com/services/x' }, OPEN_SETTINGS)).toMatchObject({ ok: true });
    const bad = types.validate('.slack', { surprise: true }, { webhookUrl: 'https://hooks.slack.com/services/x' }, OPEN_SETTINGS);
    expect(bad.ok).toBe(false);
    expect(types.withDefaults('.index', { index: 'a' })).toEqual(createConnectorTypeRegistry().withDefaults('.index', { index: 'a' }));
  });

  it('passes a type only the target knows through unvalidated, with a definition from its listing', () => {
    const config = { serverUrl: 'https://mcp.example.com', anything: { nested: [1, 2] } };
    expect(types.validate('.mcp', config, { token: 'abcd' }, OPEN_SETTINGS)).toEqual({ ok: true, config, secrets: { token: 'abcd' }, declaredConfig: config });
    expect(types.get('.mcp')).toMatchObject({ id: '.mcp', name: 'MCP', minimumLicense: 'gold', isSystemActionType: false });
    expect(types.isTargetOnly('.mcp')).toBe(true);
    expect(types.isTargetOnly('.slack')).toBe(false);
    // The OpenAPI document and `kcr types` list kcr's own types, which have schemas.
    expect(types.list().map((type) => type.id)).not.toContain('.mcp');
    expect(types.get('.nothing')).toBeUndefined();
  });

  it('warns in a plan for each write of a target-only type, not for deletes or other types', () => {
    const change = (address: string, type: string, action: 'create' | 'update' | 'delete' | 'no-op'): ResourceChange =>
      ({ address, name: address, connector_type_id: type, change: { actions: [action] } }) as unknown as ResourceChange;
    const warnings = types.planWarnings({
      resource_changes: [change('default/a', '.mcp', 'create'), change('default/b', '.mcp', 'delete'), change('default/c', '.slack', 'update'), change('ops/d', '.mcp', 'update')],
    });
    expect(warnings.map((warning) => [warning.code, warning.address])).toEqual([
      ['CONNECTOR_TYPE_NOT_KNOWN_TO_KCR', 'default/a'],
      ['CONNECTOR_TYPE_NOT_KNOWN_TO_KCR', 'ops/d'],
    ]);
    expect(warnings[0].message).toContain('sent unvalidated (Kibana validates them on write)');
  });

  it('reports Kibana\'s message at the manifest\'s connector_type_id when loading manifests', async () => {
    const result = await loadManifestText(manifest('.email', '{}'), { registry: types, settings: OPEN_SETTINGS, env: {}, label: 'body.yaml', contentType: 'yaml' });
    expect(result).toMatchObject({ ok: false, errors: [{ file: 'body.yaml', document: 0, pointer: '/spec/connector_type_id' }] });
    if (!result.ok) expect(result.errors[0].message).toMatch(/^Action type "\.email" is not registered\./);
    const passed = await loadManifestText(manifest('.mcp', '{serverUrl: "https://mcp.example.com"}'), { registry: types, settings: OPEN_SETTINGS, env: {}, label: 'body.yaml', contentType: 'yaml' });
    expect(passed).toMatchObject({ ok: true, connectors: [{ connectorTypeId: '.mcp', config: { serverUrl: 'https://mcp.example.com' } }] });
  });
});

describe('reading the type list from a target', () => {
  it('reads a kcr serving the embedded target over HTTP, with its enabledActionTypes as the flags', async () => {
    const kibana = await startRealKcr({ actions: { enabledActionTypes: ['.slack', '.index'] } });
    const target = new KibanaTarget({ url: kibana.url });
    try {
      const warnings: string[] = [];
      const read = await connectorTypesFromTarget(createConnectorTypeRegistry(), target, (message) => warnings.push(message));
      expect(warnings).toEqual([]);
      expect(read.validate('.index', { index: 'logs' }, {}, OPEN_SETTINGS)).toMatchObject({ ok: true });
      expect(read.validate('.email', { service: 'other', host: 'smtp.example.com', port: 25, from: 'a@example.com', hasAuth: false }, {}, OPEN_SETTINGS))
        .toMatchObject({ ok: false, issues: [{ status: 403, kibanaMessage: 'action type ".email" is not enabled in the Kibana config xpack.actions.enabledActionTypes' }] });
    } finally {
      await target.close();
      await kibana.close();
    }
  });

  it('falls back to the built-in registry with a warning when the target cannot answer', async () => {
    const target = new KibanaTarget({ url: 'http://127.0.0.1:9', retry: { maxAttempts: 2 } }, { sleep: async () => undefined });
    const base = createConnectorTypeRegistry();
    const warnings: string[] = [];
    try {
      expect(await connectorTypesFromTarget(base, target, (message) => warnings.push(message))).toBe(base);
    } finally {
      await target.close();
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^could not read the connector types of the target Kibana \(.*ECONNREFUSED.*\); using kcr's built-in connector types instead$/);
  });
});
