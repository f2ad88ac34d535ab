import type { Plan } from '../../model/plan.js';
import type { SetDriftResult, SetSpaceStatus, SourceState } from './types.js';

/**
 * Why a source in `apply` mode must not apply this plan, one sentence each; empty when it may.
 * The plan's own errors (protect, max-deletes, an empty desired state, ownership) and kcr's rule
 * for unattended applies: never delete or replace a connector that rules use
 * (`referenced_by_count > 0`, the planner's CONNECTOR_IN_USE warning). Pure.
 */
export function applyBlockers(plan: Plan): string[] {
  const reasons = plan.errors.map((error) => `${error.code}: ${error.message}`);
  for (const warning of plan.warnings) if (warning.code === 'CONNECTOR_IN_USE') reasons.push(`CONNECTOR_IN_USE: ${warning.message}`);
  return reasons;
}

/** The spaces in which a plan changes something. */
export function changedSpaces(plan: Plan): string[] {
  const spaces = new Set<string>();
  for (const change of plan.resource_changes) {
    const actions = change.change.actions;
    if (!(actions.length === 1 && actions[0] === 'no-op') || change.change.action_reason === 'adopt') spaces.add(change.space_id);
  }
  return [...spaces].sort();
}

/**
 * The status of every set in every space it covers, in Argo CD's words. Per set and space, the
 * first that applies: the set's source failed (its reason), the drift check failed, connectors
 * drifted (OutOfSync, how many), the source's last plan has changes not applied (OutOfSync),
 * else Synced. A set's spaces are those its drift check covered plus its source's plan scope.
 * Pure: the same inputs always give the same rows, sorted by set then space.
 */
export function setSpaceStatuses(drift: readonly SetDriftResult[], sources: readonly SourceState[]): SetSpaceStatus[] {
  const driftBySet = new Map(drift.map((result) => [result.set, result]));
  const sourceBySet = new Map(sources.map((source) => [source.set, source]));
  const sets = [...new Set([...driftBySet.keys(), ...sourceBySet.keys()])].sort();
  const rows: SetSpaceStatus[] = [];
  for (const set of sets) {
    const result = driftBySet.get(set);
    const source = sourceBySet.get(set);
    const spaces = [...new Set([...(result?.spaces ?? []), ...(source?.spaces ?? [])])].sort();
    for (const space of spaces) rows.push(rowFor(set, space, result, source));
  }
  return rows;
}

function rowFor(set: string, space: string, result: SetDriftResult | undefined, source: SourceState | undefined): SetSpaceStatus {
  const drifted = result?.drifted.get(space) ?? [];
  const row: SetSpaceStatus = {
    set, space_id: space, status: 'Synced', drifted: drifted.length, unmanaged: result?.unmanaged.get(space) ?? 0,
    ...(source ? { source: source.name } : {}), ...(result ? { checked_at: result.checkedAt } : {}),
  };
  if (source?.status === 'Failed') return { ...row, status: 'Failed', reason: `source ${source.name}: ${source.reason ?? 'failed'}` };
  if (result?.error) return { ...row, status: 'Failed', reason: `drift check failed: ${result.error}` };
  if (drifted.length > 0) {
    const classes = [...new Set(drifted.map((d) => d.driftClass))].sort().join(', ');
    const healing = source?.self_heal && source.mode === 'apply' ? '; selfHeal will put it back' : '';
    return { ...row, status: 'OutOfSync', reason: `${drifted.length} connector(s) changed outside kcr (${classes})${healing}` };
  }
  if (source?.pending_spaces.includes(space)) {
    const why = source.mode === 'plan' ? 'mode plan never applies' : source.reason ?? 'not applied';
    return { ...row, status: 'OutOfSync', reason: `plan ${source.plan_id ?? ''} has changes in this space that are not applied (${why})` };
  }
  if (!result && !source?.synced_commit) return { ...row, status: 'Unknown' };
  return row;
}

/**
 * Exponential backoff after failures: the interval, doubled per consecutive failure, at most
 * `capMs` (and never below the interval). Pure; the first failure waits one interval.
 */
export function backoffDelayMs(intervalMs: number, consecutiveFailures: number, capMs = 300_000): number {
  if (consecutiveFailures <= 0) return intervalMs;
  const delay = intervalMs * 2 ** Math.min(consecutiveFailures - 1, 20);
  return Math.max(intervalMs, Math.min(delay, capMs));
}
