import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/config/defaults.js';
import { createConnectorTypeRegistry } from '../../../src/connector-types/ConnectorTypeRegistry.js';
import { parseSavedObjectsNdjson } from '../../../src/reconciler/import/index.js';

const registry = createConnectorTypeRegistry();
const context = { registry, settings: DEFAULT_CONFIG.actions, preconfiguredIds: new Set(['pre-slack']) };

function action(id: string, attributes: Record<string, unknown>): string {
  return JSON.stringify({ attributes, coreMigrationVersion: '8.8.0', id, managed: false, references: [], type: 'action', typeMigrationVersion: '8.3.0', updated_at: '2026-01-01T00:00:00.000Z' });
}
const slack = (id: string) => action(id, { actionTypeId: '.slack', config: {}, isMissingSecrets: true, name: `Slack ${id}`, secrets: {} });
const index = (id: string) => action(id, { actionTypeId: '.index', config: { index: 'alerts', refresh: false, executionTimeField: null }, isMissingSecrets: false, name: 'Alerts', secrets: {} });
const summary = (count: number) => JSON.stringify({ excludedObjects: [], excludedObjectsCount: 0, exportedCount: count, missingRefCount: 0, missingReferences: [] });

describe('parseSavedObjectsNdjson', () => {
  it('reads connectors of a Kibana export; those of a type with secrets are missing them', () => {
    const parsed = parseSavedObjectsNdjson([slack('a1'), index('b2'), summary(2)].join('\n'), context);
    expect(parsed.problems).toEqual([]);
    expect(parsed.connectors).toEqual([
      { line: 1, id: 'a1', name: 'Slack a1', connectorTypeId: '.slack', config: {}, isMissingSecrets: true },
      { line: 2, id: 'b2', name: 'Alerts', connectorTypeId: '.index', config: { index: 'alerts', refresh: false, executionTimeField: null }, isMissingSecrets: false },
    ]);
  });

  it.each([
    ['not JSON', '{"type": "action", "id": ', ''],
    ['not an object', '[1, 2]', ''],
    ['another saved-object type', JSON.stringify({ type: 'rule', id: 'r1', attributes: {} }), '/type'],
    ['no attributes', JSON.stringify({ type: 'action', id: 'x1' }), '/attributes'],
    ['no name', action('x1', { actionTypeId: '.index', config: { index: 'a' } }), '/attributes/name'],
    ['config not an object', action('x1', { actionTypeId: '.index', name: 'n', config: 'index=a' }), '/attributes/config'],
    ['an unknown connector type', action('x1', { actionTypeId: '.fax', name: 'n', config: {} }), '/attributes/actionTypeId'],
    ['a system action type', action('x1', { actionTypeId: '.cases', name: 'n', config: {} }), '/attributes/actionTypeId'],
    ['a config the type rejects', action('x1', { actionTypeId: '.index', name: 'n', config: { refresh: true } }), '/attributes/config/index'],
    ['an id Kibana refuses', action('Not_Valid', { actionTypeId: '.index', name: 'n', config: { index: 'a' } }), '/id'],
    ['no id', JSON.stringify({ type: 'action', attributes: { actionTypeId: '.index', name: 'n', config: { index: 'a' } } }), '/id'],
  ])('reports %s with its line and pointer', (_case, badLine, pointer) => {
    const parsed = parseSavedObjectsNdjson([index('ok1'), '', badLine, summary(2)].join('\n'), context);
    expect(parsed.problems).toEqual([expect.objectContaining({ line: 3, pointer })]);
    expect(parsed.problems[0].message.length).toBeGreaterThan(10);
  });

  it('reports a duplicate id on its second line, naming the first', () => {
    const parsed = parseSavedObjectsNdjson([slack('a1'), index('b2'), slack('a1')].join('\n'), context);
    expect(parsed.problems).toEqual([{ line: 3, pointer: '/id', message: expect.stringContaining('first on line 1') }]);
  });

  it('reports a summary that does not match the objects (a truncated file)', () => {
    const parsed = parseSavedObjectsNdjson([slack('a1'), summary(3)].join('\n'), context);
    expect(parsed.problems).toEqual([{ line: 2, pointer: '/exportedCount', message: expect.stringMatching(/counts 3 .* has 1/) }]);
  });

  it('reports an empty file', () => {
    expect(parseSavedObjectsNdjson('\n\n', context).problems).toEqual([{ line: 1, pointer: '', message: expect.stringContaining('no saved objects') }]);
  });

  it('drops a connector whose id is a preconfigured one, with a warning, as newest Kibana does', () => {
    const parsed = parseSavedObjectsNdjson([slack('pre-slack'), index('b2'), summary(2)].join('\n'), context);
    expect(parsed.problems).toEqual([]);
    expect(parsed.connectors.map((connector) => connector.id)).toEqual(['b2']);
    expect(parsed.warnings).toEqual([expect.stringMatching(/line 1: .*pre-slack.*preconfigured/)]);
  });

  it('ignores secrets found in the file and never repeats them', () => {
    const withSecrets = action('a1', { actionTypeId: '.slack', config: {}, name: 'Leaky', secrets: { webhookUrl: 'https://hooks.slack.com/services/canary-in-file' } });
    const broken = '{"type":"action","secrets":{"webhookUrl":"canary-in-broken-line"';
    const parsed = parseSavedObjectsNdjson([withSecrets, broken].join('\n'), context);
    expect(parsed.connectors[0]).toMatchObject({ id: 'a1', isMissingSecrets: true });
    expect(parsed.warnings).toEqual([expect.stringContaining('secrets in the file were ignored')]);
    expect(JSON.stringify(parsed)).not.toContain('canary');
  });
});
