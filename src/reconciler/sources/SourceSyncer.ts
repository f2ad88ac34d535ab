import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ActionsSettings } from '../../config/types.js';
import type { ConnectorTypes } from '../../connector-types/types.js';
import type { ApplyRecord } from '../../model/apply.js';
import type { Actor, KcrEvent } from '../../model/events.js';
import type { Plan } from '../../model/plan.js';
import type { Store } from '../../store/Store.js';
import { loadManifestPaths } from '../manifests/index.js';
import type { ReconcilerService } from '../ReconcilerService.js';
import { displayUrl, GitCheckout, GitFetchError } from './gitCheckout.js';
import { formatSourceManifestError } from './manifestLines.js';
import type { SourceSettings } from './sourceSettings.js';
import { applyBlockers, changedSpaces } from './statusRules.js';
import type { SourceState } from './types.js';

/** What a source's sync needs from the process (the composition root hands these in). */
export interface SyncDependencies {
  service: ReconcilerService;
  store: Store;
  registry: ConnectorTypes;
  settings: ActionsSettings;
  /** The environment manifests' `${env:}` references and git's PATH come from. */
  env: Record<string, string | undefined>;
  /** Where each source keeps its working copy (`<cacheRoot>/<name>`). */
  cacheRoot: string;
  now: () => Date;
}

/** What the last successful pass planned from: when none of it moved, the next pass has nothing to do. */
interface SyncBasis {
  commit: string;
  spaces: string[];
  serials: Record<string, number>;
}

/** What one pass did, for the controller (events are already recorded). */
export type SyncOutcome = 'unchanged' | 'planned' | 'applied' | 'failed';

/**
 * One source: fetch the ref, load the manifests at the path, plan the set, and in `apply` mode
 * apply a plan that passes every safety rule. Nothing is planned from a commit whose manifests
 * are invalid or whose path is gone, and nothing is applied from a rewritten history (force-push)
 * until someone accepts it: in every such case the source is `Failed` with the reason and the
 * target keeps the previous state. Not re-entrant: the controller runs one pass at a time, under
 * the source's lease.
 */
export class SourceSyncer {
  readonly state: SourceState;
  readonly #checkout: GitCheckout;
  #basis?: SyncBasis;
  /** The last commit applied (apply mode) or planned without a problem: later changes at the same commit are drift. */
  #settledCommit?: string;
  readonly #actor: Actor;

  constructor(
    readonly settings: SourceSettings,
    private readonly deps: SyncDependencies,
  ) {
    this.#checkout = new GitCheckout(settings, deps.cacheRoot, deps.env);
    this.#actor = { name: `source:${settings.name}` };
    this.state = {
      name: settings.name, set: settings.set, url: displayUrl(settings.url), ref: settings.ref, path: settings.path,
      mode: settings.mode, self_heal: settings.selfHeal, status: 'Unknown', spaces: [], pending_spaces: [], consecutive_failures: 0,
    };
  }

  /** One pass. `acceptRewrite`: follow a force-pushed ref this time (an operator said so). */
  async sync(signal: AbortSignal, options: { acceptRewrite?: boolean } = {}): Promise<SyncOutcome> {
    this.state.last_attempt_at = this.deps.now().toISOString();
    try {
      return await this.pass(signal, options.acceptRewrite ?? false);
    } catch (error) {
      if (signal.aborted) throw error;
      const reason = error instanceof GitFetchError ? error.message : `${(error as { code?: string }).code ?? 'ERROR'}: ${(error as Error).message}`;
      await this.fail(reason);
      return 'failed';
    }
  }

  private async pass(signal: AbortSignal, acceptRewrite: boolean): Promise<SyncOutcome> {
    // After a restart, or on another replica, the last synced commit is the one recorded in the store.
    this.#settledCommit ??= await this.recordedSyncedCommit();
    const { commit, dir, rewrittenFrom } = await this.#checkout.fetch(signal, this.#settledCommit);
    this.state.commit = commit;
    if (rewrittenFrom && !acceptRewrite) {
      return this.fail(`ref ${this.settings.ref} was force-pushed: ${short(rewrittenFrom)} is not in the history of ${short(commit)}; nothing was planned or applied from it. Review it, then POST /api/reconciler/sources/${this.settings.name}/sync?accept_force_push=true`, commit);
    }
    if (this.state.status !== 'Failed' && (await this.basisUnchanged(commit))) return 'unchanged';
    const manifests = join(dir, this.settings.path);
    if (!existsSync(manifests)) {
      return this.fail(`path ${this.settings.path} does not exist at commit ${short(commit)}; nothing was planned, nothing pruned (a set emptied on purpose needs its path with no manifests and allowEmpty)`, commit);
    }
    const loaded = await loadManifestPaths([manifests], { registry: this.deps.registry, settings: this.deps.settings, env: this.deps.env, cwd: dir });
    if (!loaded.ok) {
      const lines = loaded.errors.slice(0, 20).map((error) => formatSourceManifestError(dir, error));
      const more = loaded.errors.length > 20 ? ` (and ${loaded.errors.length - 20} more)` : '';
      return this.fail(`invalid manifests at commit ${short(commit)}, nothing planned: ${lines.join('; ')}${more}`, commit);
    }
    const { plan } = await this.deps.service.plan({
      set: this.settings.set, desired: loaded.connectors, allowEmpty: this.settings.allowEmpty, maxDeletes: this.settings.maxDeletes, actor: this.#actor,
    });
    this.state.plan_id = plan.plan_id;
    this.state.spaces = plan.spaces;
    if (!plan.applyable) return this.fail(`plan ${plan.plan_id} at commit ${short(commit)} is refused: ${applyBlockers(plan).join('; ')}`, commit);
    return this.decide(plan, commit);
  }

  /** After a valid plan: Synced when nothing changes, else record it (plan mode, unhealed drift) or apply it. */
  private async decide(plan: Plan, commit: string): Promise<SyncOutcome> {
    const pending = changedSpaces(plan);
    if (!plan.has_changes) return this.settle(commit, plan, 'Synced', undefined, 'planned');
    if (this.settings.mode === 'plan') {
      return this.settle(commit, plan, 'OutOfSync', `plan ${plan.plan_id} has changes; mode plan records them for review and never applies`, 'planned', pending);
    }
    if (this.#settledCommit === commit && !this.settings.selfHeal) {
      return this.settle(commit, plan, 'OutOfSync', `connectors changed outside kcr since commit ${short(commit)} was applied; selfHeal is off, so plan ${plan.plan_id} waits for review`, 'planned', pending);
    }
    const blockers = applyBlockers(plan);
    if (blockers.length > 0) return this.fail(`plan ${plan.plan_id} was not applied: ${blockers.join('; ')}`, commit, pending);
    const record = await this.deps.service.apply(plan.plan_id, { actor: this.#actor });
    this.state.apply_id = record.apply_id;
    if (record.status !== 'succeeded') return this.fail(`apply ${record.apply_id} of plan ${plan.plan_id} ended ${record.status}: ${firstFailure(record)}`, commit, pending);
    await this.record('source.apply', 'success', `source ${this.settings.name} applied commit ${short(commit)}: plan ${plan.plan_id}, apply ${record.apply_id}`, { commit, plan_id: plan.plan_id, apply_id: record.apply_id });
    return this.settle(commit, plan, 'Synced', undefined, 'applied');
  }

  /** True when the commit and every serial of the last plan's spaces are as the last pass left them. */
  private async basisUnchanged(commit: string): Promise<boolean> {
    const basis = this.#basis;
    if (!basis || basis.commit !== commit) return false;
    const serials = await this.deps.store.getSerials(basis.spaces);
    return basis.spaces.every((space) => serials[space] === basis.serials[space]);
  }

  private async settle(commit: string, plan: Plan, status: 'Synced' | 'OutOfSync', reason: string | undefined, outcome: SyncOutcome, pending: string[] = []): Promise<SyncOutcome> {
    const changed = this.state.status !== status || this.state.synced_commit !== commit || this.state.reason !== reason;
    Object.assign(this.state, { status, reason, synced_commit: commit, pending_spaces: pending, consecutive_failures: 0, last_success_at: this.deps.now().toISOString() });
    if (outcome === 'applied' || status === 'Synced' || this.settings.mode === 'plan') this.#settledCommit = commit;
    this.#basis = { commit, spaces: plan.spaces, serials: await this.deps.store.getSerials(plan.spaces) };
    if (changed) await this.record('source.sync', 'success', `source ${this.settings.name} at commit ${short(commit)}: ${status}${reason ? ` (${reason})` : ''}`, { commit, plan_id: plan.plan_id, ...this.recordedState() });
    return outcome;
  }

  private async fail(reason: string, commit?: string, pending: string[] = []): Promise<SyncOutcome> {
    const repeated = this.state.status === 'Failed' && this.state.reason === reason;
    Object.assign(this.state, { status: 'Failed', reason, pending_spaces: pending, consecutive_failures: this.state.consecutive_failures + 1 });
    // A failure keeps no basis: the next pass tries again (with backoff), whatever it was.
    this.#basis = undefined;
    if (!repeated) await this.record('source.sync', 'failure', `source ${this.settings.name}${commit ? ` at commit ${short(commit)}` : ''} failed: ${reason}`, { commit, ...this.recordedState() });
    return 'failed';
  }

  /**
   * Takes the state another replica recorded (its last `source.sync` event) when this one does
   * not hold the source's lease, so every replica's status route says the same.
   */
  async adoptRecordedState(): Promise<void> {
    const { items } = await this.deps.store.listEvents({ actor: this.#actor.name, action: 'source.sync', limit: 1 });
    const details = items[0]?.details as Partial<RecordedState> & { commit?: string } | undefined;
    if (!details?.status) return;
    Object.assign(this.state, {
      status: details.status, reason: details.reason, commit: details.commit ?? this.state.commit, synced_commit: details.synced_commit ?? this.state.synced_commit,
      plan_id: details.plan_id ?? this.state.plan_id, spaces: details.spaces ?? this.state.spaces, pending_spaces: details.pending_spaces ?? [],
    });
  }

  private async recordedSyncedCommit(): Promise<string | undefined> {
    const { items } = await this.deps.store.listEvents({ actor: this.#actor.name, action: 'source.sync', limit: 1 });
    const synced = items[0]?.details?.synced_commit;
    return typeof synced === 'string' ? synced : undefined;
  }

  /** What a `source.sync` event keeps of the state, for the other replicas. */
  private recordedState(): RecordedState {
    const { status, reason, synced_commit, plan_id, spaces, pending_spaces } = this.state;
    return { status, reason, synced_commit, plan_id, spaces, pending_spaces };
  }

  private async record(action: string, outcome: KcrEvent['outcome'], message: string, details: Record<string, unknown>): Promise<void> {
    await this.deps.store.appendEvent({
      time: this.deps.now().toISOString(), actor: this.#actor.name, action, outcome, set: this.settings.set, origin: 'source',
      plan_id: typeof details.plan_id === 'string' ? details.plan_id : undefined,
      apply_id: typeof details.apply_id === 'string' ? details.apply_id : undefined,
      message, details: { source: this.settings.name, ref: this.settings.ref, path: this.settings.path, ...details },
    });
  }
}

type RecordedState = Pick<SourceState, 'status' | 'reason' | 'synced_commit' | 'plan_id' | 'spaces' | 'pending_spaces'>;

function short(commit: string): string {
  return commit.slice(0, 12);
}

function firstFailure(record: ApplyRecord): string {
  const failed = record.operations.find((op) => op.outcome === 'failed' && op.error);
  return failed?.error ? `${failed.space_id}/${failed.connector_id}: ${failed.error.code}: ${failed.error.message}` : 'see the apply record';
}
