import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/config/defaults.js';
import { createConnectorTypeRegistry } from '../../../src/connector-types/ConnectorTypeRegistry.js';
import { toSavedObjectsNdjson, type ExportConnector } from '../../../src/reconciler/export/index.js';
import { parseSavedObjectsNdjson } from '../../../src/reconciler/import/index.js';
import { sampleConnectors } from './fixtures.js';

const registry = createConnectorTypeRegistry();
const EXPORTED_AT = '2026-03-04T05:06:07.000Z';

function lines(ndjson: string): Record<string, any>[] {
  return ndjson.trimEnd().split('\n').map((line) => JSON.parse(line));
}

describe('toSavedObjectsNdjson', () => {
  it('writes one Kibana action saved object a line, sorted by name, then the export summary', () => {
    const [index, hook, slack, summary] = lines(toSavedObjectsNdjson(sampleConnectors(), registry, { exportedAt: EXPORTED_AT }));
    expect(Object.keys(hook)).toEqual(['attributes', 'coreMigrationVersion', 'created_at', 'id', 'managed', 'references', 'type', 'typeMigrationVersion', 'updated_at']);
    expect(hook).toMatchObject({
      id: '22222222-2222-4222-8222-222222222222', type: 'action', references: [], managed: false,
      coreMigrationVersion: '8.8.0', typeMigrationVersion: '8.3.0', created_at: '2026-01-02T03:04:05.000Z', updated_at: '2026-02-03T04:05:06.000Z',
    });
    expect(hook.attributes).toEqual({
      actionTypeId: '.webhook', name: 'Deploy Hook ${stage}', secrets: {}, isMissingSecrets: true,
      config: { url: 'https://hooks.example.com/deploy', method: 'post', hasAuth: true, authType: 'webhook-authentication-basic', headers: null },
    });
    expect(index.attributes.name).toBe('Alerts index');
    expect(slack.updated_at).toBe(EXPORTED_AT);
    expect(summary).toEqual({ excludedObjects: [], excludedObjectsCount: 0, exportedCount: 3, missingRefCount: 0, missingReferences: [] });
  });

  it.each([
    ['a type with required secrets', '.slack', {}, true],
    ['hasAuth: true', '.webhook', { url: 'https://a.example.com', hasAuth: true }, true],
    ['hasAuth: false', '.webhook', { url: 'https://a.example.com', hasAuth: false }, false],
    ['no hasAuth and no required secrets', '.webhook', { url: 'https://a.example.com' }, false],
    ['a type without secrets', '.index', { index: 'x' }, false],
  ])('recomputes isMissingSecrets as Kibana does: %s', (_case, connectorTypeId, config, expected) => {
    const connector: ExportConnector = { spaceId: 'default', id: 'c', name: 'c', connectorTypeId, config, isMissingSecrets: false };
    expect(lines(toSavedObjectsNdjson([connector], registry, { exportedAt: EXPORTED_AT }))[0].attributes.isMissingSecrets).toBe(expected);
  });

  it('reads back through kcr import\'s parser: same ids, names, types and config', () => {
    const parsed = parseSavedObjectsNdjson(toSavedObjectsNdjson(sampleConnectors(), registry, { exportedAt: EXPORTED_AT }), { registry, settings: DEFAULT_CONFIG.actions, preconfiguredIds: new Set() });
    expect(parsed.problems).toEqual([]);
    expect(parsed.connectors.map(({ id, name, connectorTypeId, config }) => ({ id, name, connectorTypeId, config }))).toEqual(
      [...sampleConnectors()].sort((a, b) => a.name.localeCompare(b.name)).map(({ id, name, connectorTypeId, config }) => ({ id, name, connectorTypeId, config })),
    );
  });

  it('an empty space is just the summary line', () => {
    expect(lines(toSavedObjectsNdjson([], registry, { exportedAt: EXPORTED_AT }))).toEqual([{ excludedObjects: [], excludedObjectsCount: 0, exportedCount: 0, missingRefCount: 0, missingReferences: [] }]);
  });
});
