import { hostname } from 'node:os';
import { KcrError } from '../../errors.js';
import type { Plan } from '../../model/plan.js';
import type { LockLease, Store } from '../../store/Store.js';
import { isHolderDeadLocally, startLeaseHeartbeat } from '../apply/spaceLocks.js';
import type { ReconcilerService } from '../ReconcilerService.js';
import { driftResultOf, recordDriftFindings } from './driftCheck.js';
import type { SourceSyncer, SyncOutcome } from './SourceSyncer.js';
import { backoffDelayMs, setSpaceStatuses } from './statusRules.js';
import type { SetDriftResult, SetSpaceStatus, SourceState } from './types.js';

/** Who hears about checks and syncs (the HTTP layer's metrics); the controller knows no Prometheus. */
export interface GitOpsListener {
  onDriftCheck?(set: string, report: Plan | null, result: SetDriftResult): void;
  onSourceSync?(state: SourceState, outcome: SyncOutcome): void;
}

export interface GitOpsDependencies {
  service: ReconcilerService;
  store: Store;
  syncers: SourceSyncer[];
  /** null: no scheduled drift checks (selfHeal still works: a source re-plans when a space serial moved). */
  driftIntervalMs: number | null;
  /** The lease TTL of a source (config lockTtlMs); renewed by a heartbeat while a pass runs. */
  leaseTtlMs: number;
  logger?: { info(fields: object, message: string): void; warn(fields: object, message: string): void };
}

/** The store lease key of a source: one replica syncs it at a time (the space-lock leases, under another key). */
export function sourceLeaseKey(name: string): string {
  return `source:${name}`;
}

/** The lease of the replica that records drift findings as events (every replica checks, one writes). */
export const DRIFT_EVENTS_LEASE = 'gitops:drift-events';

interface SourceSlot {
  syncer: SourceSyncer;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  /** A sync was asked for while a pass ran: run another right after. */
  again?: { acceptRewrite: boolean };
}

/**
 * Runs GitOps inside `kcr serve`: every source on its interval (and on demand, for push
 * webhooks), each pass under the source's store lease so that replicas sharing a store never
 * sync one source at once; and a drift check of every set on the drift interval, whose findings
 * become events, statuses per set and space, and (for a source with selfHeal) an immediate sync.
 * Failed passes back off exponentially. Timers are unref'd (they never keep a process alive) and
 * `stop()` ends them and waits for the passes in flight.
 */
export class GitOpsController {
  readonly #slots = new Map<string, SourceSlot>();
  readonly #drift = new Map<string, SetDriftResult>();
  readonly #listeners: GitOpsListener[] = [];
  readonly #abort = new AbortController();
  readonly #holder = `gitops@${hostname()}:${process.pid}`;
  #driftTimer?: NodeJS.Timeout;
  #driftRunning?: Promise<void>;
  #stopped = false;

  constructor(private readonly deps: GitOpsDependencies) {
    for (const syncer of deps.syncers) this.#slots.set(syncer.settings.name, { syncer });
  }

  subscribe(listener: GitOpsListener): void {
    this.#listeners.push(listener);
  }

  /** Starts every source at once and the drift schedule. */
  start(): void {
    for (const slot of this.#slots.values()) this.schedule(slot, 0);
    this.scheduleDrift(0);
  }

  /** Asks for a pass of the source now (a push webhook); throws SOURCE_NOT_FOUND for an unknown name. */
  requestSync(name: string, options: { acceptRewrite?: boolean } = {}): SourceState {
    const slot = this.#slots.get(name);
    if (!slot) throw new KcrError('SOURCE_NOT_FOUND', `no source named "${name.slice(0, 80)}" in kcr.yaml sources`);
    if (slot.running) slot.again = { acceptRewrite: Boolean(options.acceptRewrite) || Boolean(slot.again?.acceptRewrite) };
    else this.run(slot, Boolean(options.acceptRewrite));
    return slot.syncer.state;
  }

  /** Every source's state and every set's status per space. */
  status(): { sources: SourceState[]; items: SetSpaceStatus[] } {
    const sources = [...this.#slots.values()].map((slot) => ({ ...slot.syncer.state }));
    return { sources, items: setSpaceStatuses([...this.#drift.values()], sources) };
  }

  /** Ends the timers, aborts git, and waits for the passes and the drift check in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#driftTimer);
    for (const slot of this.#slots.values()) clearTimeout(slot.timer);
    this.#abort.abort();
    await Promise.allSettled([...[...this.#slots.values()].map((slot) => slot.running), this.#driftRunning]);
  }

  private schedule(slot: SourceSlot, delayMs: number): void {
    if (this.#stopped) return;
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => this.run(slot, false), delayMs);
    slot.timer.unref();
    slot.syncer.state.next_attempt_at = new Date(Date.now() + delayMs).toISOString();
  }

  private run(slot: SourceSlot, acceptRewrite: boolean): void {
    if (this.#stopped || slot.running) return;
    clearTimeout(slot.timer);
    slot.running = this.pass(slot, acceptRewrite).finally(() => {
      slot.running = undefined;
      const again = slot.again;
      slot.again = undefined;
      if (again) this.run(slot, again.acceptRewrite);
      else {
        const { intervalMs } = slot.syncer.settings;
        this.schedule(slot, backoffDelayMs(intervalMs, slot.syncer.state.consecutive_failures));
      }
    });
  }

  private async pass(slot: SourceSlot, acceptRewrite: boolean): Promise<void> {
    const { syncer } = slot;
    const lease = await this.takeLease(sourceLeaseKey(syncer.settings.name));
    if (!lease) {
      // Another replica holds it and syncs this source now: show what it recorded.
      await syncer.adoptRecordedState().catch(() => undefined);
      return;
    }
    const stopHeartbeat = startLeaseHeartbeat(this.deps.store, [lease], this.deps.leaseTtlMs);
    try {
      const outcome = await syncer.sync(this.#abort.signal, { acceptRewrite });
      if (outcome === 'failed') this.deps.logger?.warn({ source: syncer.settings.name }, `source ${syncer.settings.name} failed: ${syncer.state.reason ?? ''}`);
      for (const listener of this.#listeners) listener.onSourceSync?.(syncer.state, outcome);
    } catch (error) {
      if (!this.#abort.signal.aborted) this.deps.logger?.warn({ source: syncer.settings.name, err: (error as Error).message }, 'source sync pass ended with an error');
    } finally {
      stopHeartbeat();
      await this.deps.store.releaseLock(lease).catch(() => undefined);
    }
  }

  private async takeLease(key: string): Promise<LockLease | null> {
    const lease = await this.deps.store.acquireLock(key, this.#holder, this.deps.leaseTtlMs);
    if (lease) return lease;
    const current = (await this.deps.store.listLocks()).find((lock) => lock.spaceId === key);
    if (current && isHolderDeadLocally(current.holder)) {
      await this.deps.store.breakLock(key);
      return this.deps.store.acquireLock(key, this.#holder, this.deps.leaseTtlMs);
    }
    return null;
  }

  private scheduleDrift(delayMs: number): void {
    if (this.#stopped || this.deps.driftIntervalMs === null) return;
    this.#driftTimer = setTimeout(() => {
      this.#driftRunning = this.checkDrift().finally(() => {
        this.#driftRunning = undefined;
        this.scheduleDrift(this.deps.driftIntervalMs ?? 0);
      });
    }, delayMs);
    this.#driftTimer.unref();
  }

  /** One drift check of every set (those that own connectors, and every source's set). */
  private async checkDrift(): Promise<void> {
    const sets = new Set(await this.deps.store.listSets().catch(() => [] as string[]));
    for (const slot of this.#slots.values()) sets.add(slot.syncer.settings.set);
    // Every replica checks (its status route and metrics need it); only the lease holder records events.
    const lease = await this.takeLease(DRIFT_EVENTS_LEASE).catch(() => null);
    const stopHeartbeat = lease ? startLeaseHeartbeat(this.deps.store, [lease], this.deps.leaseTtlMs) : () => undefined;
    try {
      for (const set of [...sets].sort()) {
        if (this.#stopped) return;
        await this.checkSet(set, lease !== null);
      }
    } finally {
      stopHeartbeat();
      if (lease) await this.deps.store.releaseLock(lease).catch(() => undefined);
    }
  }

  private async checkSet(set: string, recordEvents: boolean): Promise<void> {
    let report: Plan | null = null;
    let result: SetDriftResult;
    try {
      report = await this.deps.service.drift(set);
      result = driftResultOf(report);
      if (recordEvents) await recordDriftFindings(this.deps.store, this.#drift.get(set), result, 'drift-check');
    } catch (error) {
      const previous = this.#drift.get(set);
      result = { set, checkedAt: new Date().toISOString(), spaces: previous?.spaces ?? [], drifted: previous?.drifted ?? new Map(), unmanaged: previous?.unmanaged ?? new Map(), error: (error as Error).message };
    }
    this.#drift.set(set, result);
    for (const listener of this.#listeners) listener.onDriftCheck?.(set, report, result);
    const drifted = [...result.drifted.values()].some((entries) => entries.length > 0);
    if (!drifted) return;
    // selfHeal: a drifted set whose source applies is synced now, not at its next interval.
    for (const slot of this.#slots.values()) {
      const { settings } = slot.syncer;
      if (settings.set === set && settings.mode === 'apply' && settings.selfHeal) this.requestSync(settings.name);
    }
  }
}
