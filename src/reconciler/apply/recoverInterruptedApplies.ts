import type { ActualConnector } from '../../model/connector.js';
import type { ApplyRecord, OperationRecord } from '../../model/apply.js';
import { canonicalStringify, stripNulls } from '../../model/canonicalJson.js';
import type { JsonObject } from '../../model/json.js';
import type { PlannedOperation } from '../../model/plan.js';
import type { OperationEffects, Store } from '../../store/Store.js';
import type { Target } from '../../targets/Target.js';
import { isHolderDeadLocally } from './spaceLocks.js';

export interface RecoveryDependencies {
  store: Store;
  target: Target;
  withDefaults: (connectorTypeId: string, config: JsonObject) => JsonObject;
  now: () => Date;
}

/**
 * Finishes the records of applies whose process died (SIGKILL, crash, power loss): an apply
 * still `running` whose space leases are gone (expired, or held by a dead local process).
 * Each operation left `pending` is checked against the target: if the write landed (the
 * connector is exactly as planned) it is recorded `succeeded` with its effects, otherwise
 * `interrupted`; so the next plan shows exactly the operations that were not applied.
 * Secrets a target cannot report (Kibana) are never assumed written: such an operation is
 * `interrupted` and the next plan sends the secrets again.
 */
export async function recoverInterruptedApplies(deps: RecoveryDependencies): Promise<ApplyRecord[]> {
  const recovered: ApplyRecord[] = [];
  for (const listed of await deps.store.listRunningApplies()) {
    if (await isStillRunning(deps.store, listed)) continue;
    // Read again: the apply may have finished (and released its leases) between the list and the
    // lease check; only one still running now, with no lease, is dead. Another replica's live
    // apply on a shared store must never be recorded as interrupted.
    const apply = await deps.store.getApply(listed.apply_id);
    if (!apply || apply.status !== 'running') continue;
    const stored = await deps.store.getPlan(apply.plan_id);
    if (!stored) continue;
    const pending = apply.operations.filter((op) => op.outcome === 'pending');
    const actualBySpace = new Map<string, Map<string, ActualConnector>>();
    for (const space of new Set(pending.map((op) => op.space_id))) {
      actualBySpace.set(space, new Map((await deps.target.listConnectors(space)).map((c) => [c.id, c])));
    }
    for (const op of pending) {
      const planned = stored.operations[op.index];
      const actual = actualBySpace.get(op.space_id)?.get(op.connector_id);
      const effects = planned ? effectsIfLanded(deps, planned, actual, stored.plan.set) : undefined;
      const finishedAt = deps.now().toISOString();
      const record: OperationRecord = effects
        ? { ...op, outcome: 'succeeded', finished_at: finishedAt, attempts: ['recovered after the process died: the write had landed'] }
        : { ...op, outcome: 'interrupted', finished_at: finishedAt, error: { code: 'INTERRUPTED', message: 'the process died before this operation completed; it was not applied' } };
      await deps.store.recordOperation(apply.apply_id, record, effects);
    }
    const finishedAt = deps.now().toISOString();
    await deps.store.finishApply(apply.apply_id, 'interrupted', finishedAt);
    await deps.store.appendEvent({
      time: finishedAt, actor: apply.actor, action: 'apply.recover', outcome: 'failure', set: apply.set, plan_id: apply.plan_id,
      apply_id: apply.apply_id, origin: 'apply', message: `apply ${apply.apply_id} was interrupted; ${pending.length} pending operation(s) reconciled with the target`,
    });
    recovered.push({ ...apply, status: 'interrupted', finished_at: finishedAt });
  }
  return recovered;
}

async function isStillRunning(store: Store, apply: ApplyRecord): Promise<boolean> {
  const marker = `apply:${apply.apply_id}@`;
  const held = (await store.listLocks()).filter((lock) => lock.holder.startsWith(marker));
  return held.some((lock) => !isHolderDeadLocally(lock.holder));
}

/** The effects to record when the target shows the operation's write did land; undefined when it did not. */
function effectsIfLanded(deps: RecoveryDependencies, op: PlannedOperation, actual: ActualConnector | undefined, set: string): OperationEffects | undefined {
  const key = { set, spaceId: op.spaceId, connectorId: op.connectorId };
  switch (op.kind) {
    case 'delete':
      return actual ? undefined : { inventoryDelete: key, bumpSerialOf: op.spaceId };
    case 'forget':
    case 'record':
      // Store-only operations are committed with their record: pending means not done.
      return undefined;
    default: {
      const after = op.inventoryAfter;
      if (!actual || !after || !op.config) return undefined;
      const sameShape =
        actual.name === op.name &&
        actual.connectorTypeId === op.connectorTypeId &&
        canonicalStringify(stripNulls(deps.withDefaults(op.connectorTypeId, op.config))) === canonicalStringify(stripNulls(actual.config ?? {}));
      const secretsKnown = actual.secretsFingerprint !== undefined && actual.secretsFingerprint === after.lastApplied.secretsFingerprint;
      if (!sameShape || !secretsKnown) return undefined;
      return { inventoryUpsert: { ...after, lastApplied: { ...after.lastApplied, config: actual.config ?? after.lastApplied.config } }, bumpSerialOf: op.spaceId };
    }
  }
}
