import type { ActualConnector } from '../../../src/model/connector.js';
import { DEFAULT_POLICY, type DesiredConnector } from '../../../src/model/desired.js';
import type { InventoryEntry } from '../../../src/model/inventory.js';
import type { JsonObject } from '../../../src/model/json.js';
import type { PlanInput } from '../../../src/reconciler/plan/index.js';
import { SecretValue } from '../../../src/secrets/SecretValue.js';

/**
 * Plain-data builders for planning tests. A "converged" connector has the same name, config and
 * secrets fingerprint in the manifest, on the target and in the inventory; each test changes
 * only what its case is about.
 */

/** Kibana-like defaults: `.webhook` fills method and hasAuth, `.gen-ai` a default model. */
export function withDefaults(typeId: string, config: JsonObject): JsonObject {
  if (typeId === '.webhook') return { method: 'post', hasAuth: true, ...config };
  if (typeId === '.gen-ai') return { defaultModel: 'gpt-4o', ...config };
  return { ...config };
}

export function desired(id: string, over: Partial<DesiredConnector> = {}): DesiredConnector {
  const spaceId = over.spaceId ?? 'default';
  return {
    spaceId,
    connectorId: id,
    name: `Connector ${id}`,
    connectorTypeId: '.webhook',
    config: { url: `https://hooks.example.com/${id}` },
    secrets: new SecretValue<JsonObject>({ token: `token-${id}` }),
    secretsFingerprint: `fp-${id}`,
    policy: { ...DEFAULT_POLICY, ignoreChanges: [] },
    labels: {},
    source: { file: `manifests/${spaceId}/${id}.yaml`, document: 0, name: `m-${id}` },
    ...over,
  };
}

export function actual(id: string, over: Partial<ActualConnector> = {}): ActualConnector {
  return {
    spaceId: 'default',
    id,
    name: `Connector ${id}`,
    connectorTypeId: '.webhook',
    config: withDefaults('.webhook', { url: `https://hooks.example.com/${id}` }),
    isPreconfigured: false,
    isDeprecated: false,
    isMissingSecrets: false,
    isSystemAction: false,
    referencedByCount: 0,
    ...over,
  };
}

export function entry(id: string, over: Partial<InventoryEntry> = {}, last: Partial<InventoryEntry['lastApplied']> = {}): InventoryEntry {
  return {
    set: 'default',
    spaceId: 'default',
    connectorId: id,
    manifestName: `m-${id}`,
    lastApplied: {
      name: `Connector ${id}`,
      connectorTypeId: '.webhook',
      config: withDefaults('.webhook', { url: `https://hooks.example.com/${id}` }),
      secretsFingerprint: `fp-${id}`,
      policy: { ...DEFAULT_POLICY, ignoreChanges: [] },
      ...last,
    },
    appliedAt: '2026-01-01T00:00:00.000Z',
    planId: 'pln_previous',
    ...over,
  };
}

export function planInput(over: Partial<PlanInput> = {}): PlanInput {
  return {
    planId: 'pln_test',
    createdAt: '2026-11-29T06:00:00.000Z',
    set: 'default',
    target: 'embedded',
    desired: [],
    actual: [],
    inventory: [],
    baseSerials: { default: 3 },
    scopeSpaces: ['default'],
    withDefaults,
    options: { allowEmpty: false },
    ...over,
  };
}

/** A connector in the same state everywhere: what a converged set looks like. */
export function converged(id: string): Pick<PlanInput, 'desired' | 'actual' | 'inventory'> {
  return { desired: [desired(id)], actual: [actual(id)], inventory: [entry(id)] };
}
