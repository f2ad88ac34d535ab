import type { ConnectorTypes } from '../connector-types/types.js';
import type { KcrConfig } from '../config/types.js';
import { KcrError } from '../errors.js';
import type { ApplyRecord } from '../model/apply.js';
import type { DesiredConnector, DesiredConnectorInput } from '../model/desired.js';
import type { Actor } from '../model/events.js';
import type { KcrEvent } from '../model/events.js';
import type { InventoryEntry } from '../model/inventory.js';
import type { Plan, PlanHead, PlanMessage, StoredPlan } from '../model/plan.js';
import type { EventListFilter, LockLease, PlanListFilter, Store } from '../store/Store.js';
import type { Target } from '../targets/Target.js';
import { applyStoredPlan } from './apply/applyPlan.js';
import { recoverInterruptedApplies } from './apply/recoverInterruptedApplies.js';
import { detectDrift } from './drift/index.js';
import { newId } from './ids.js';
import { computePlan } from './plan/index.js';
import { readActualState } from './readActualState.js';

export interface ReconcilerDependencies {
  config: KcrConfig;
  store: Store;
  target: Target;
  registry: ConnectorTypes;
  now?: () => Date;
  /** Warnings the composition root adds to every plan (e.g. types only the target knows); the planner stays pure. */
  extraPlanWarnings?: (plan: Plan) => PlanMessage[];
}

export interface PlanRequest {
  set: string;
  desired: DesiredConnectorInput[];
  /** Limit the plan to these spaces (`--space`); empty or absent: every space the set touches. */
  spaces?: string[];
  allowEmpty?: boolean;
  maxDeletes?: number;
  actor: Actor;
  /**
   * Called with the plan's scope spaces once they are known, before anything is read or stored;
   * throws to refuse (the HTTP API passes the principal's per-space check here).
   */
  authorize?: (spaces: readonly string[]) => void;
}

const SET_NAME = /^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$/;

/** Checks a set name: lowercase letters, digits, `-`, `_`, `.`; at most 63 characters. */
export function assertValidSetName(set: string): void {
  if (!SET_NAME.test(set)) {
    throw new KcrError('BAD_REQUEST', `set name "${set.slice(0, 80)}" is invalid: expected 1-63 lowercase letters, digits, "-", "_" or "." starting and ending with a letter or digit`, {
      errors: [{ path: 'set', message: 'expected [a-z0-9]([-a-z0-9_.]*[a-z0-9])?, at most 63 characters' }],
    });
  }
}

/**
 * The reconciler's one service: plan (diff the desired state of a set against the target and
 * the inventory), apply a stored plan, and read what was recorded. The CLI and the HTTP API both
 * call it; it holds the I/O, the pure `computePlan` holds the decisions.
 */
export class ReconcilerService {
  private readonly now: () => Date;

  constructor(private readonly deps: ReconcilerDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  get targetKind(): string {
    return this.deps.target.kind;
  }

  /** Plans the set's desired state and stores the plan (also when safety rules reject it, for review). */
  async plan(request: PlanRequest): Promise<StoredPlan> {
    assertValidSetName(request.set);
    const { store, target, registry } = this.deps;
    await this.recover();
    const desired = this.fingerprint(request.desired);
    const ownedSpaces = await store.listSetSpaces(request.set);
    let scopeSpaces = [...new Set([...desired.map((d) => d.spaceId), ...ownedSpaces])].sort();
    if (request.spaces && request.spaces.length > 0) scopeSpaces = scopeSpaces.filter((space) => request.spaces!.includes(space));
    const inScope = new Set(scopeSpaces);
    request.authorize?.(scopeSpaces);

    // Serials are read before the actual state: a write landing in between makes the plan stale, never wrong.
    const baseSerials = await store.getSerials(scopeSpaces);
    const actual = await readActualState(target, scopeSpaces);
    const inventory = await store.listInventory({ spaceIds: scopeSpaces });
    const scopedDesired = desired.filter((d) => inScope.has(d.spaceId));
    const outcome = computePlan({
      planId: newId('pln'),
      createdAt: this.now().toISOString(),
      set: request.set,
      target: target.kind,
      desired: scopedDesired,
      actual,
      inventory,
      baseSerials,
      scopeSpaces,
      withDefaults: (typeId, config) => registry.withDefaults(typeId, config),
      options: { allowEmpty: request.allowEmpty ?? false, maxDeletes: request.maxDeletes },
    });
    outcome.plan.warnings.push(...(this.deps.extraPlanWarnings?.(outcome.plan) ?? []));
    const stored: StoredPlan = { plan: outcome.plan, operations: outcome.operations, appliedAt: null, applyId: null };
    await store.savePlan(stored, outcome.secretsForOperations);
    await store.appendEvent({
      time: outcome.plan.created_at, actor: request.actor.name, remote_address: request.actor.remoteAddress, request_id: request.actor.requestId,
      action: 'plan.create', outcome: outcome.plan.applyable ? 'success' : 'failure', set: request.set, plan_id: outcome.plan.plan_id, origin: 'plan',
      message: `plan ${outcome.plan.plan_id} for set ${request.set}: ${JSON.stringify(outcome.plan.summary)}${outcome.plan.errors.length ? `, ${outcome.plan.errors.length} error(s)` : ''}`,
    });
    return stored;
  }

  /** Applies a stored plan (see applyStoredPlan for the guarantees). */
  async apply(planId: string, options: { actor: Actor; onProgress?: (done: number, total: number) => void }): Promise<ApplyRecord> {
    await this.recover();
    const stored = await this.requirePlan(planId);
    const secrets = await this.deps.store.getPlanSecrets(planId);
    const { config, store, target } = this.deps;
    return applyStoredPlan({ store, target, lockTtlMs: config.lockTtlMs, lockWaitMs: config.lockWaitMs, now: this.now }, stored, secrets, options);
  }

  async requirePlan(planId: string): Promise<StoredPlan> {
    const stored = await this.deps.store.getPlan(planId);
    if (!stored) throw new KcrError('PLAN_NOT_FOUND', `no stored plan with id "${planId.slice(0, 80)}"`);
    return stored;
  }

  async requireApply(applyId: string): Promise<ApplyRecord> {
    const record = await this.deps.store.getApply(applyId);
    if (!record) throw new KcrError('APPLY_NOT_FOUND', `no apply with id "${applyId.slice(0, 80)}"`);
    return record;
  }

  /** A refresh-only plan of the set (see detectDrift): what changed outside it, classified; nothing is stored or applied. */
  async drift(set: string, spaces: string[] = []): Promise<Plan> {
    assertValidSetName(set);
    await this.recover();
    const { store, target, registry } = this.deps;
    return detectDrift({ store, target, registry, now: this.now }, set, spaces);
  }

  /** Stored plans, newest first. */
  listPlans(filter: PlanListFilter = {}): Promise<{ items: Plan[]; total: number }> {
    return this.deps.store.listPlans(filter);
  }

  /** Stored plans without their resource changes, newest first (for lists). */
  listPlanHeads(filter: PlanListFilter = {}): Promise<{ items: PlanHead[]; total: number }> {
    return this.deps.store.listPlanHeads(filter);
  }

  /** Apply records, newest first. */
  listApplies(filter: Parameters<Store['listApplies']>[0] = {}): Promise<{ items: ApplyRecord[]; total: number }> {
    return this.deps.store.listApplies(filter);
  }

  /** The event log, newest first. */
  listEvents(filter: EventListFilter = {}): Promise<{ items: KcrEvent[]; total: number }> {
    return this.deps.store.listEvents(filter);
  }

  /** What each set owns (one set, or every set). */
  async listInventory(set?: string): Promise<InventoryEntry[]> {
    if (set !== undefined) assertValidSetName(set);
    return this.deps.store.listInventory(set === undefined ? {} : { set });
  }

  /** The live space leases. */
  listLocks(): Promise<LockLease[]> {
    return this.deps.store.listLocks();
  }

  /**
   * Breaks the lock on a space (an operator clearing a stuck apply) and records who did it as
   * `lock.break`: breaking a lock lets a second apply run beside a live one, so it is audited.
   */
  async breakLock(spaceId: string, actor: Actor): Promise<LockLease> {
    const broken = await this.deps.store.breakLock(spaceId);
    if (!broken) throw new KcrError('LOCK_NOT_FOUND', `no lock is held on space "${spaceId.slice(0, 80)}"`);
    await this.deps.store.appendEvent({
      time: this.now().toISOString(), actor: actor.name, remote_address: actor.remoteAddress, request_id: actor.requestId,
      action: 'lock.break', outcome: 'success', space_id: spaceId, origin: 'server',
      message: `lock on space ${spaceId} held by ${broken.holder} (since ${broken.acquiredAt}) was broken by ${actor.name}`,
    });
    return broken;
  }

  /** Closes the records of applies whose process died, before anything reads the inventory. */
  async recover(): Promise<ApplyRecord[]> {
    const { store, target, registry } = this.deps;
    return recoverInterruptedApplies({ store, target, now: this.now, withDefaults: (typeId, config) => registry.withDefaults(typeId, config) });
  }

  private fingerprint(desired: DesiredConnectorInput[]): DesiredConnector[] {
    return desired.map((d) => ({ ...d, secretsFingerprint: this.deps.store.fingerprintSecrets(d.secrets) }));
  }
}
