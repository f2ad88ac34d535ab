import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_CONFIG } from '../../../src/config/defaults.js';
import { createConnectorTypeRegistry } from '../../../src/connector-types/ConnectorTypeRegistry.js';
import { slugOf, toManifests, type ExportConnector } from '../../../src/reconciler/export/index.js';
import { loadManifestText } from '../../../src/reconciler/manifests/index.js';
import { inventoryEntry, sampleConnectors } from './fixtures.js';

const registry = createConnectorTypeRegistry();

function documents(yaml: string): Record<string, any>[] {
  return parseAllDocuments(yaml).map((document) => document.toJS());
}

describe('toManifests', () => {
  it('keeps each connector id, the owner\'s manifest name and non-default policy, and slugs unowned names', () => {
    const inventory = [inventoryEntry('11111111-1111-4111-8111-111111111111', 'ops-chat', { protect: true, ignoreChanges: ['/x'] })];
    const docs = documents(toManifests(sampleConnectors(), inventory, registry).yaml);
    const byId = Object.fromEntries(docs.map((doc) => [doc.spec.connector_id, doc]));
    expect(byId['11111111-1111-4111-8111-111111111111'].metadata.name).toBe('ops-chat');
    expect(byId['11111111-1111-4111-8111-111111111111'].policy).toEqual({ protect: true, ignoreChanges: ['/x'] });
    expect(byId['22222222-2222-4222-8222-222222222222'].metadata.name).toBe('deploy-hook-stage');
    expect(byId['22222222-2222-4222-8222-222222222222'].policy).toBeUndefined();
    expect(byId['33333333-3333-4333-8333-333333333333'].spec).toEqual({ connector_id: '33333333-3333-4333-8333-333333333333', space_id: 'ops', name: 'Alerts index', connector_type_id: '.index', config: { index: 'alerts-history', refresh: false } });
  });

  it('writes secrets as ${env:KCR_<SPACE>_<NAME>_<KEY>} placeholders and lists those variables', () => {
    const result = toManifests(sampleConnectors(), [], registry);
    const hook = documents(result.yaml).find((doc) => doc.spec.connector_id === '22222222-2222-4222-8222-222222222222')!;
    expect(hook.spec.secrets).toEqual({ user: '${env:KCR_OPS_DEPLOY_HOOK_STAGE_USER}', password: '${env:KCR_OPS_DEPLOY_HOOK_STAGE_PASSWORD}' });
    expect(hook.spec.config).toEqual({ url: 'https://hooks.example.com/deploy', method: 'post', hasAuth: true, authType: 'webhook-authentication-basic' });
    expect(result.envVars).toEqual(['KCR_OPS_DEPLOY_HOOK_STAGE_USER', 'KCR_OPS_DEPLOY_HOOK_STAGE_PASSWORD', 'KCR_OPS_OPS_SLACK_WEBHOOK_URL']);
  });

  it('produces manifests the real loader accepts once the placeholder variables are set', async () => {
    const result = toManifests(sampleConnectors(), [], registry);
    const env = Object.fromEntries(result.envVars.map((name) => [name, name === 'KCR_OPS_OPS_SLACK_WEBHOOK_URL' ? 'https://hooks.slack.com/services/T/B/X' : 'value']));
    const loaded = await loadManifestText(result.yaml, { registry, settings: DEFAULT_CONFIG.actions, env, label: 'export.yaml', contentType: 'yaml' });
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
    expect(loaded.ok && loaded.connectors.map((connector) => [connector.spaceId, connector.connectorId])).toEqual([
      ['ops', '33333333-3333-4333-8333-333333333333'], ['ops', '22222222-2222-4222-8222-222222222222'], ['ops', '11111111-1111-4111-8111-111111111111'],
    ]);
  });

  it('gives every connector a distinct manifest name, even when display names slug alike or clash with an owned name', () => {
    const base = sampleConnectors()[2];
    const connectors: ExportConnector[] = ['Team A', 'team-a', 'TEAM  A!', 'Ops Chat'].map((name, index) => ({ ...base, id: `c-${index}`, name }));
    connectors.push({ ...base, id: 'owned', name: 'zzz' });
    const names = documents(toManifests(connectors, [inventoryEntry('owned', 'ops-chat')], registry).yaml).map((doc) => doc.metadata.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('ops-chat');
    expect(names).toContain('ops-chat-2');
    expect(names.filter((name) => name.startsWith('team-a'))).toHaveLength(3);
  });

  it.each([
    ['Ops Slack', 'ops-slack'],
    ['  Ünïcode—Alerts  ', 'unicode-alerts'],
    ['!!!', 'connector'],
    ['x'.repeat(80), 'x'.repeat(63)],
  ])('slugs %j as %j (a valid metadata.name)', (name, slug) => {
    expect(slugOf(name)).toBe(slug);
    expect(slug).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });

  it('warns, in the document and in the result, about an id that manifests cannot carry (not a UUID)', () => {
    const connectors: ExportConnector[] = [{ ...sampleConnectors()[2], id: 'my-index' }];
    const result = toManifests(connectors, [], registry);
    expect(result.warnings).toEqual([expect.stringContaining('ops/my-index')]);
    expect(result.warnings[0]).toMatch(/not a UUID/);
    expect(result.yaml).toMatch(/# WARNING: connector ops\/my-index .*not a UUID/);
  });

  it('guesses the secret keys from the type when the target cannot tell which are stored', () => {
    const connectors: ExportConnector[] = [{ spaceId: 'default', id: 'pd', name: 'Pager', connectorTypeId: '.pagerduty', config: {}, isMissingSecrets: false }];
    expect(documents(toManifests(connectors, [], registry).yaml)[0].spec.secrets).toEqual({ routingKey: '${env:KCR_DEFAULT_PAGER_ROUTING_KEY}' });
  });
});
