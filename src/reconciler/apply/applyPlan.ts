import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { KcrError, isKcrError } from '../../errors.js';
import type { ApplyRecord, ApplyStatus, OperationRecord } from '../../model/apply.js';
import type { Actor, KcrEvent } from '../../model/events.js';
import type { JsonObject } from '../../model/json.js';
import type { PlannedOperation, StoredPlan } from '../../model/plan.js';
import type { SecretValue } from '../../secrets/SecretValue.js';
import type { OperationEffects, Store } from '../../store/Store.js';
import type { Target } from '../../targets/Target.js';
import { newId } from '../ids.js';
import { PartialOperationError, executeOperation } from './executeOperation.js';
import { acquireSpaceLocks, lockHolderFor, releaseSpaceLocks, startLeaseHeartbeat } from './spaceLocks.js';

/** Operations of a space between two yields to the event loop (see runSpace). */
const YIELD_EVERY = 8;

export interface ApplyDependencies {
  store: Store;
  target: Target;
  lockTtlMs: number;
  lockWaitMs: number;
  now: () => Date;
}

export interface ApplyOptions {
  actor: Actor;
  /** Called after every operation (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
  /** How many spaces are applied at once (operations within a space always run in order). */
  spaceConcurrency?: number;
}

/**
 * Applies a stored plan exactly, at most once. Per space, under a lock: a space whose serial
 * moved since planning makes the whole apply stale (nothing is changed). Within a space the
 * plan's order holds (creates and updates before deletes); the first failure stops the space's
 * remaining operations, which are recorded as `skipped`. Every outcome is recorded with its
 * effects in one store transaction, so a crash never leaves an unrecorded change.
 */
export async function applyStoredPlan(deps: ApplyDependencies, stored: StoredPlan, secrets: SecretValue<JsonObject>[], options: ApplyOptions): Promise<ApplyRecord> {
  const { plan, operations } = stored;
  if (!plan.applyable) throw new KcrError('PLAN_NOT_APPLYABLE', `plan ${plan.plan_id} has errors and can never be applied; fix the manifests and plan again`);
  if (stored.appliedAt) throw alreadyApplied(plan.plan_id, stored.applyId);

  const applyId = newId('apl');
  const spaces = [...new Set(operations.map((op) => op.spaceId))].sort();
  const leases = await acquireSpaceLocks(deps.store, spaces, lockHolderFor(applyId), { ttlMs: deps.lockTtlMs, waitMs: deps.lockWaitMs });
  const stopHeartbeat = startLeaseHeartbeat(deps.store, leases, deps.lockTtlMs);
  try {
    await refuseIfStale(deps.store, plan.plan_id, plan.base_serials, spaces);
    const record = newApplyRecord(applyId, stored, spaces, options.actor, deps.now());
    await deps.store.beginApply(record);
    await deps.store.appendEvent({
      time: record.started_at, actor: options.actor.name, remote_address: options.actor.remoteAddress, request_id: options.actor.requestId,
      action: 'apply.start', outcome: 'success', set: plan.set, plan_id: plan.plan_id, apply_id: applyId, origin: 'apply',
      message: `apply ${applyId} of plan ${plan.plan_id} started: ${operations.length} operation(s) in ${spaces.length} space(s)`,
    });
    const runner = new ApplyRunner(deps, record, secrets, options);
    await runner.run(operations);
    return await runner.finish();
  } finally {
    stopHeartbeat();
    await releaseSpaceLocks(deps.store, leases);
  }
}

async function refuseIfStale(store: Store, planId: string, baseSerials: Record<string, number>, spaces: string[]): Promise<void> {
  const current = await store.getSerials(spaces);
  const moved = spaces.filter((space) => (current[space] ?? 0) !== (baseSerials[space] ?? 0));
  if (moved.length === 0) return;
  const detail = moved.map((space) => `${space} (planned at serial ${baseSerials[space] ?? 0}, now ${current[space] ?? 0})`).join(', ');
  throw new KcrError('PLAN_STALE', `plan ${planId} is stale: space(s) ${detail} changed since it was made; nothing was applied, plan again`, {
    attributes: { stale_spaces: moved, base_serials: baseSerials, current_serials: current },
  });
}

function alreadyApplied(planId: string, applyId: string | null): KcrError {
  return new KcrError('PLAN_ALREADY_APPLIED', `plan ${planId} was already applied${applyId ? ` (apply ${applyId})` : ''}; a plan applies at most once`, {
    attributes: { apply_id: applyId },
  });
}

function newApplyRecord(applyId: string, stored: StoredPlan, spaces: string[], actor: Actor, now: Date): ApplyRecord {
  return {
    apply_id: applyId,
    plan_id: stored.plan.plan_id,
    set: stored.plan.set,
    target: stored.plan.target,
    actor: actor.name,
    status: 'running',
    started_at: now.toISOString(),
    finished_at: null,
    spaces,
    summary: { succeeded: 0, failed: 0, skipped: 0, interrupted: 0 },
    operations: stored.operations.map((op) => ({
      index: op.index, kind: op.kind, space_id: op.spaceId, connector_id: op.connectorId, name: op.name, outcome: 'pending',
    })),
  };
}

/** Runs the operations of one apply, space by space, and keeps its record. */
class ApplyRunner {
  private done = 0;

  constructor(
    private readonly deps: ApplyDependencies,
    private readonly record: ApplyRecord,
    private readonly secrets: SecretValue<JsonObject>[],
    private readonly options: ApplyOptions,
  ) {}

  async run(operations: PlannedOperation[]): Promise<void> {
    const bySpace = new Map<string, PlannedOperation[]>();
    for (const op of operations) bySpace.set(op.spaceId, [...(bySpace.get(op.spaceId) ?? []), op]);
    const queues = [...bySpace.values()];
    const workers = Math.max(1, Math.min(this.options.spaceConcurrency ?? 4, queues.length));
    let next = 0;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (next < queues.length) await this.runSpace(queues[next++]);
      }),
    );
  }

  private async runSpace(operations: PlannedOperation[]): Promise<void> {
    let failed = false;
    for (const [position, op] of operations.entries()) {
      // A local target and store never wait on I/O, so without this an apply would hold the
      // event loop to its end: every other request, applies to other spaces included, would
      // wait behind it. A yield every few operations lets them interleave, at a negligible cost.
      if (position % YIELD_EVERY === YIELD_EVERY - 1) await yieldToEventLoop();
      if (failed) await this.recordOutcome(op, { outcome: 'skipped' });
      else failed = !(await this.runOperation(op));
      this.options.onProgress?.(++this.done, this.record.operations.length);
    }
  }

  /** Returns false when the operation failed. */
  private async runOperation(op: PlannedOperation): Promise<boolean> {
    const started = this.deps.now();
    const report = { attempts: [] as string[] };
    const timing = () => {
      const finished = this.deps.now();
      return { started_at: started.toISOString(), finished_at: finished.toISOString(), duration_ms: finished.getTime() - started.getTime() };
    };
    try {
      const effects = await executeOperation(this.deps.target, op, this.secrets, report, { set: this.record.set, appliedAt: started.toISOString() });
      await this.recordOutcome(op, { outcome: 'succeeded', ...timing(), attempts: report.attempts }, effects);
      return true;
    } catch (error) {
      const cause = error instanceof PartialOperationError ? error.failure : error;
      const effects = error instanceof PartialOperationError ? error.effects : undefined;
      const failure = isKcrError(cause) ? { code: cause.code, message: cause.message } : { code: 'INTERNAL', message: cause instanceof Error ? cause.message : 'operation failed' };
      await this.recordOutcome(op, { outcome: 'failed', error: failure, ...timing(), attempts: report.attempts }, effects);
      return false;
    }
  }

  private async recordOutcome(op: PlannedOperation, result: Partial<OperationRecord> & Pick<OperationRecord, 'outcome'>, effects?: OperationEffects): Promise<void> {
    const entry: OperationRecord = { ...this.record.operations[op.index], ...result };
    this.record.operations[op.index] = entry;
    // The event rides in the outcome's own transaction (one commit per operation); skipped operations have none.
    const event = entry.outcome === 'skipped' ? undefined : this.operationEvent(op, entry);
    await this.deps.store.recordOperation(this.record.apply_id, entry, event ? { ...effects, event } : effects);
    const { outcome } = entry;
    if (outcome === 'succeeded' || outcome === 'failed' || outcome === 'skipped' || outcome === 'interrupted') this.record.summary[outcome]++;
  }

  private operationEvent(op: PlannedOperation, entry: OperationRecord): KcrEvent {
    return {
      time: entry.finished_at ?? this.deps.now().toISOString(), actor: this.options.actor.name, remote_address: this.options.actor.remoteAddress,
      request_id: this.options.actor.requestId, action: `connector.${op.kind}`, outcome: entry.outcome === 'succeeded' ? 'success' : 'failure',
      space_id: op.spaceId, connector_id: op.connectorId, set: this.record.set, plan_id: this.record.plan_id, apply_id: this.record.apply_id, origin: 'apply',
      message: `${op.kind} ${op.spaceId}/${op.connectorId} (${op.name}) ${entry.outcome}${entry.error ? `: ${entry.error.message}` : ''}`,
    };
  }

  async finish(): Promise<ApplyRecord> {
    const { succeeded, failed } = this.record.summary;
    const status: ApplyStatus = failed === 0 ? 'succeeded' : succeeded === 0 ? 'failed' : 'partial';
    const finishedAt = this.deps.now().toISOString();
    await this.deps.store.finishApply(this.record.apply_id, status, finishedAt);
    this.record.status = status;
    this.record.finished_at = finishedAt;
    await this.deps.store.appendEvent({
      time: finishedAt, actor: this.options.actor.name, remote_address: this.options.actor.remoteAddress, request_id: this.options.actor.requestId,
      action: 'apply.finish', outcome: status === 'succeeded' ? 'success' : 'failure', set: this.record.set, plan_id: this.record.plan_id,
      apply_id: this.record.apply_id, origin: 'apply',
      message: `apply ${this.record.apply_id} ${status}: ${succeeded} succeeded, ${failed} failed, ${this.record.summary.skipped} skipped`,
    });
    return this.record;
  }
}
