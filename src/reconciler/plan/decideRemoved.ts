import { connectorAddress } from '../../model/connector.js';
import type { InventoryEntry } from '../../model/inventory.js';
import type { PlanMessage } from '../../model/plan.js';
import { hasDrifted } from './compareConnectors.js';
import type { Decision } from './decision.js';
import { planError } from './planMessages.js';
import type { PlanIndex } from './planIndex.js';
import type { PlanInput } from './types.js';

/**
 * Decides what happens to a connector this set owns that the manifests no longer declare:
 * delete it (Terraform's behaviour), forget it (Orphan policy, or it is already gone), or fail
 * the plan when its last applied policy protects it. The policy is the LAST APPLIED one because
 * the manifest carrying it is gone: protection survives removal from the configuration.
 */
export function decideRemoved(input: PlanInput, index: PlanIndex, entry: InventoryEntry): { decision: Decision; errors: PlanMessage[] } {
  const address = connectorAddress(entry.spaceId, entry.connectorId);
  const actual = index.actualByAddress.get(address);
  const base = { spaceId: entry.spaceId, connectorId: entry.connectorId, actual, entry, secretsChanged: false };
  const policy = entry.lastApplied.policy;
  if (!actual) {
    // Nothing left to delete: the connector vanished outside the set, so only the record goes.
    return { decision: { ...base, actions: ['forget'], drift: true, operation: 'forget' }, errors: [] };
  }
  const drift = hasDrifted(input, actual, entry.lastApplied, policy.ignoreChanges);
  if (policy.deletionPolicy === 'Orphan') {
    return { decision: { ...base, actions: ['forget'], reason: 'forget_because_orphan_policy', drift, operation: 'forget' }, errors: [] };
  }
  const decision: Decision = { ...base, actions: ['delete'], reason: 'delete_because_no_resource_config', drift, operation: 'delete' };
  if (!policy.protect) return { decision, errors: [] };
  const message = `connector ${address} (${entry.manifestName}) is protected (policy.protect: true) and its manifest was removed, so the plan would delete it; restore the manifest with protect: false and apply that first, or use deletionPolicy: Orphan`;
  return { decision, errors: [planError('PROTECTED_CONNECTOR', message, address)] };
}
