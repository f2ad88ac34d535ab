import { stripNulls } from '../../model/canonicalJson.js';
import type { DesiredConnector } from '../../model/desired.js';
import type { InventoryEntry } from '../../model/inventory.js';
import type { PlannedOperation } from '../../model/plan.js';
import type { Decision } from './decision.js';
import type { PlanInput, PlanOutcome } from './types.js';

/** Apply order by operation kind: everything that writes a connector before anything that removes one. */
const PHASE: Record<PlannedOperation['kind'], number> = { create: 0, update: 0, replace: 0, record: 0, delete: 1, forget: 2 };

/**
 * The apply steps of a plan, from decisions already in `resource_changes` order. Creates,
 * updates and replaces run first so that a failure never leaves the set with fewer connectors
 * than before; deletes follow, and forgets (inventory-only) last. `record` steps store the
 * inventory of no-op changes whose record changes (adopt, policy or manifest name).
 */
export function planOperations(input: PlanInput, ordered: Decision[]): Pick<PlanOutcome, 'operations' | 'secretsForOperations'> {
  const withOperation = ordered.filter((d): d is Decision & { operation: PlannedOperation['kind'] } => d.operation !== null);
  // A stable sort keeps resource_changes order inside each phase.
  const phased = [...withOperation].sort((a, b) => PHASE[a.operation] - PHASE[b.operation]);
  const secretsForOperations: DesiredConnector['secrets'][] = [];
  const operations = phased.map((decision, index): PlannedOperation => {
    const sends = decision.operation === 'create' || decision.operation === 'update' || decision.operation === 'replace';
    const desired = decision.operation === 'delete' || decision.operation === 'forget' ? undefined : decision.desired;
    let secretsIndex: number | null = null;
    if (sends && desired) {
      secretsIndex = secretsForOperations.length;
      secretsForOperations.push(desired.secrets);
    }
    return {
      index,
      kind: decision.operation,
      spaceId: decision.spaceId,
      connectorId: decision.connectorId,
      connectorTypeId: desired?.connectorTypeId ?? decision.actual?.connectorTypeId ?? decision.entry?.lastApplied.connectorTypeId ?? '',
      name: desired?.name ?? decision.actual?.name ?? decision.entry?.lastApplied.name ?? '',
      config: sends && desired ? stripNulls(desired.config) : null,
      secretsIndex,
      inventoryAfter: desired ? inventoryAfter(input, desired) : null,
    };
  });
  return { operations, secretsForOperations };
}

/**
 * What the inventory holds once the step succeeded. `config` is the declared config with the
 * type's defaults and its nulls kept, which is what Kibana returns after the write. `appliedAt`
 * is the plan's time here; the apply may stamp its own.
 */
export function inventoryAfter(input: PlanInput, desired: DesiredConnector): InventoryEntry {
  return {
    set: input.set,
    spaceId: desired.spaceId,
    connectorId: desired.connectorId,
    manifestName: desired.source.name,
    lastApplied: {
      name: desired.name,
      connectorTypeId: desired.connectorTypeId,
      config: input.withDefaults(desired.connectorTypeId, desired.config),
      secretsFingerprint: desired.secretsFingerprint,
      policy: { ...desired.policy, ignoreChanges: [...desired.policy.ignoreChanges] },
    },
    appliedAt: input.createdAt,
    planId: input.planId,
  };
}
