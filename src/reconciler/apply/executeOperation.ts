import { KcrError, isKcrError } from '../../errors.js';
import type { ActualConnector } from '../../model/connector.js';
import type { InventoryEntry } from '../../model/inventory.js';
import type { JsonObject } from '../../model/json.js';
import type { PlannedOperation } from '../../model/plan.js';
import type { SecretValue } from '../../secrets/SecretValue.js';
import type { OperationEffects } from '../../store/Store.js';
import type { CallReport, Target } from '../../targets/Target.js';

/** A failed operation that still changed something (a replace whose delete ran but whose create failed). */
export class PartialOperationError extends Error {
  constructor(
    readonly failure: unknown,
    readonly effects: OperationEffects,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
    this.name = 'PartialOperationError';
  }
}

/**
 * Carries out one planned operation on the target and returns what the store must record with
 * its outcome. Throws on failure (a PartialOperationError when the target was changed anyway).
 */
export async function executeOperation(
  target: Target,
  operation: PlannedOperation,
  secrets: SecretValue<JsonObject>[],
  report: CallReport,
  context: { set: string; appliedAt: string },
): Promise<OperationEffects> {
  const { spaceId, connectorId } = operation;
  const { set, appliedAt } = context;
  switch (operation.kind) {
    case 'create':
    case 'update': {
      const stored = await writeConnector(target, operation, secrets, report);
      return { inventoryUpsert: recordedEntry(operation, stored, appliedAt), bumpSerialOf: spaceId };
    }
    case 'replace':
      return replaceConnector(target, operation, secrets, report, context);
    case 'delete':
      await deleteIfPresent(target, spaceId, connectorId, report);
      return { inventoryDelete: { set, spaceId, connectorId }, bumpSerialOf: spaceId };
    case 'forget':
      return { inventoryDelete: { set, spaceId, connectorId } };
    case 'record':
      if (!operation.inventoryAfter) throw new Error(`record operation ${operation.index} has no inventory entry`);
      return { inventoryUpsert: { ...operation.inventoryAfter, appliedAt } };
  }
}

/** Replace = destroy then create (the id stays; Kibana cannot change a connector's type in place). */
async function replaceConnector(
  target: Target,
  operation: PlannedOperation,
  secrets: SecretValue<JsonObject>[],
  report: CallReport,
  context: { set: string; appliedAt: string },
): Promise<OperationEffects> {
  const { spaceId, connectorId } = operation;
  const { set, appliedAt } = context;
  await deleteIfPresent(target, spaceId, connectorId, report);
  try {
    const created = await writeConnector(target, operation, secrets, report);
    return { inventoryUpsert: recordedEntry(operation, created, appliedAt), bumpSerialOf: spaceId };
  } catch (error) {
    throw new PartialOperationError(error, { inventoryDelete: { set, spaceId, connectorId }, bumpSerialOf: spaceId });
  }
}

/** A delete of a connector that is already gone has reached its goal (a retried or raced delete). */
async function deleteIfPresent(target: Target, spaceId: string, connectorId: string, report: CallReport): Promise<void> {
  try {
    await target.deleteConnector(spaceId, connectorId, report);
  } catch (error) {
    if (isKcrError(error) && error.code === 'CONNECTOR_NOT_FOUND') {
      report.attempts.push('connector was already gone');
      return;
    }
    throw error;
  }
}

/** Sends the operation's name, config and secrets: an update in place, or a create (also the second half of a replace). */
function writeConnector(target: Target, operation: PlannedOperation, secrets: SecretValue<JsonObject>[], report: CallReport): Promise<ActualConnector> {
  const write = writeOf(operation, secrets);
  const { spaceId, connectorId } = operation;
  if (operation.kind === 'update') return target.updateConnector(spaceId, connectorId, write, report);
  return target.createConnector(spaceId, connectorId, operation.connectorTypeId, write, report);
}

function writeOf(operation: PlannedOperation, secrets: SecretValue<JsonObject>[]) {
  if (operation.config === null || operation.secretsIndex === null || !secrets[operation.secretsIndex]) {
    throw new KcrError('INTERNAL', `operation ${operation.index} (${operation.kind} ${operation.spaceId}/${operation.connectorId}) lacks its config or secrets`);
  }
  return { name: operation.name, config: operation.config, secrets: secrets[operation.secretsIndex] };
}

/** The inventory entry to keep: what the plan intended, with the config exactly as the target stored it. */
function recordedEntry(operation: PlannedOperation, stored: ActualConnector, appliedAt: string): InventoryEntry {
  if (!operation.inventoryAfter) throw new KcrError('INTERNAL', `operation ${operation.index} has no inventory entry to record`);
  const entry = operation.inventoryAfter;
  return { ...entry, appliedAt, lastApplied: { ...entry.lastApplied, config: stored.config ?? entry.lastApplied.config } };
}
