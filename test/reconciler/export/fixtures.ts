import type { ConnectorPolicy } from '../../../src/model/desired.js';
import type { InventoryEntry } from '../../../src/model/inventory.js';
import type { ExportConnector } from '../../../src/reconciler/export/index.js';

/** Plain export data: a Slack (owned, protected), a webhook with basic auth and nulls, an index (no secrets). */
export function sampleConnectors(): ExportConnector[] {
  return [
    { spaceId: 'ops', id: '11111111-1111-4111-8111-111111111111', name: 'Ops Slack', connectorTypeId: '.slack', config: {}, isMissingSecrets: false, secretKeys: { webhookUrl: true } },
    {
      spaceId: 'ops', id: '22222222-2222-4222-8222-222222222222', name: 'Deploy Hook ${stage}', connectorTypeId: '.webhook', isMissingSecrets: false,
      config: { url: 'https://hooks.example.com/deploy', method: 'post', hasAuth: true, authType: 'webhook-authentication-basic', headers: null },
      secretKeys: { user: true, password: true },
      createdAt: '2026-01-02T03:04:05.000Z', updatedAt: '2026-02-03T04:05:06.000Z',
    },
    { spaceId: 'ops', id: '33333333-3333-4333-8333-333333333333', name: 'Alerts index', connectorTypeId: '.index', config: { index: 'alerts-history', refresh: false, executionTimeField: null }, isMissingSecrets: false, secretKeys: {} },
  ];
}

export function inventoryEntry(connectorId: string, manifestName: string, policy: Partial<ConnectorPolicy> = {}, set = 'platform'): InventoryEntry {
  return {
    set, spaceId: 'ops', connectorId, manifestName, appliedAt: '2026-01-01T00:00:00.000Z', planId: 'pln_x',
    lastApplied: { name: manifestName, connectorTypeId: '.slack', config: {}, secretsFingerprint: 'f', policy: { protect: false, deletionPolicy: 'Delete', ignoreChanges: [], ...policy } },
  };
}
