import { connectorAddress, type ActualConnector } from '../../model/connector.js';
import type { DesiredConnector } from '../../model/desired.js';
import type { InventoryEntry } from '../../model/inventory.js';
import type { ActionReason, PlanMessage } from '../../model/plan.js';
import { compareDesiredToActual, desiredChangedSinceLastApplied, hasDrifted, secretsWillChange } from './compareConnectors.js';
import type { Decision } from './decision.js';
import { planError } from './planMessages.js';
import type { PlanIndex } from './planIndex.js';
import type { PlanInput } from './types.js';

/** A decision for one desired connector, or the error that keeps the set from managing it. */
export type DesiredOutcome = { decision: Decision; errors: PlanMessage[] } | { decision: null; errors: PlanMessage[] };

/** Decides create, update, replace, adopt or no-op for one desired connector (SPEC section 4). */
export function decideDesired(input: PlanInput, index: PlanIndex, desired: DesiredConnector): DesiredOutcome {
  const address = connectorAddress(desired.spaceId, desired.connectorId);
  const reserved = index.reservedById.get(desired.connectorId);
  if (reserved) return { decision: null, errors: [reservedError(address, reserved)] };
  const owner = index.ownerByAddress.get(address);
  if (owner && owner.set !== input.set) {
    const message = `connector ${address} (${desired.source.name}) is owned by set "${owner.set}"; a set can never manage another set's connector`;
    return { decision: null, errors: [planError('OWNED_BY_OTHER_SET', message, address)] };
  }
  const actual = index.actualByAddress.get(address);
  const base = { spaceId: desired.spaceId, connectorId: desired.connectorId, desired, actual, entry: owner };
  if (!actual) {
    // In our inventory but gone from the target: someone deleted it outside the set.
    const missing = owner !== undefined;
    const reason: ActionReason | undefined = missing ? 'create_because_missing' : undefined;
    return { decision: { ...base, actions: ['create'], reason, secretsChanged: false, drift: missing, operation: 'create' }, errors: [] };
  }
  if (!owner) return decideAdopt(input, desired, actual, address);
  return { decision: decideOwned(input, desired, actual, owner), errors: protectErrors(desired, actual, owner, address) };
}

function reservedError(address: string, reserved: ActualConnector): PlanMessage {
  return reserved.isPreconfigured
    ? planError('PRECONFIGURED_CONNECTOR', `connector ${address} has the id of preconfigured connector "${reserved.name}"; preconfigured connectors can never be managed by a set`, address)
    : planError('SYSTEM_CONNECTOR', `connector ${address} has the id of system connector "${reserved.name}"; system connectors can never be managed by a set`, address);
}

/**
 * An existing connector no set owns: the manifest adopts it. Its type cannot change in place,
 * and replacing it would delete a connector the set never owned, so that is refused.
 */
function decideAdopt(input: PlanInput, desired: DesiredConnector, actual: ActualConnector, address: string): DesiredOutcome {
  if (actual.connectorTypeId !== desired.connectorTypeId) {
    const message = `connector ${address} exists with type ${actual.connectorTypeId} but the manifest "${desired.source.name}" declares ${desired.connectorTypeId}; kcr never deletes a connector its set does not own, so it cannot adopt it by replacing it`;
    return { decision: null, errors: [planError('ADOPT_REQUIRES_REPLACE', message, address)] };
  }
  const { nameChanged, configChanged } = compareDesiredToActual(input, desired, actual);
  const secretsChanged = secretsWillChange(desired, actual, undefined);
  const update = nameChanged || configChanged || secretsChanged || actual.isMissingSecrets;
  const decision: Decision = {
    spaceId: desired.spaceId, connectorId: desired.connectorId, desired, actual,
    actions: [update ? 'update' : 'no-op'], reason: 'adopt', secretsChanged, drift: false,
    // An adopt no-op still has to be recorded: the connector joins the set's inventory.
    operation: update ? 'update' : 'record',
  };
  return { decision, errors: [] };
}

function decideOwned(input: PlanInput, desired: DesiredConnector, actual: ActualConnector, entry: InventoryEntry): Decision {
  const last = entry.lastApplied;
  const drift = hasDrifted(input, actual, last, desired.policy.ignoreChanges);
  const secretsChanged = secretsWillChange(desired, actual, last);
  const base = { spaceId: desired.spaceId, connectorId: desired.connectorId, desired, actual, entry, secretsChanged, drift };
  if (actual.connectorTypeId !== desired.connectorTypeId) {
    return { ...base, actions: ['delete', 'create'], reason: 'replace_because_cannot_update', operation: 'replace' };
  }
  const { nameChanged, configChanged } = compareDesiredToActual(input, desired, actual);
  if (!nameChanged && !configChanged && !secretsChanged && !actual.isMissingSecrets) {
    return { ...base, actions: ['no-op'], operation: inventoryWouldChange(input, desired, entry) ? 'record' : null };
  }
  return { ...base, actions: ['update'], reason: updateReason(input, desired, actual, last), operation: 'update' };
}

/** The most useful reason first: lost secrets, then what the manifest changed, then drift to undo. */
function updateReason(input: PlanInput, desired: DesiredConnector, actual: ActualConnector, last: InventoryEntry['lastApplied']): ActionReason {
  if (actual.isMissingSecrets) return 'update_because_missing_secrets';
  if (desiredChangedSinceLastApplied(input, desired, last)) return 'update_because_config_changed';
  if (desired.secretsFingerprint !== last.secretsFingerprint) return 'update_because_secrets_changed';
  return 'update_because_drift';
}

/** A no-op still records when kcr's own record of the connector would differ (policy, manifest name, drift absorbed). */
function inventoryWouldChange(input: PlanInput, desired: DesiredConnector, entry: InventoryEntry): boolean {
  const last = entry.lastApplied;
  return (
    entry.manifestName !== desired.source.name ||
    last.name !== desired.name ||
    last.secretsFingerprint !== desired.secretsFingerprint ||
    !samePolicy(last.policy, desired.policy) ||
    // Compared with nothing ignored: the record keeps the whole declared config.
    desiredChangedSinceLastApplied(input, desired, last, [])
  );
}

/** Field by field (ignoreChanges as a set): this runs for every no-op of a plan. */
function samePolicy(a: DesiredConnector['policy'], b: DesiredConnector['policy']): boolean {
  if (a.protect !== b.protect || a.deletionPolicy !== b.deletionPolicy) return false;
  if (a.ignoreChanges.length === 0 && b.ignoreChanges.length === 0) return true;
  return JSON.stringify([...a.ignoreChanges].sort()) === JSON.stringify([...b.ignoreChanges].sort());
}

/** A replace deletes: refused when either the last applied or the desired policy protects the connector. */
function protectErrors(desired: DesiredConnector, actual: ActualConnector, entry: InventoryEntry, address: string): PlanMessage[] {
  if (actual.connectorTypeId === desired.connectorTypeId) return [];
  if (!desired.policy.protect && !entry.lastApplied.policy.protect) return [];
  const message = `connector ${address} (${desired.source.name}) is protected (policy.protect: true) and the plan would replace it (connector_type_id ${actual.connectorTypeId} -> ${desired.connectorTypeId}); set protect: false and apply that first`;
  return [planError('PROTECTED_CONNECTOR', message, address)];
}
