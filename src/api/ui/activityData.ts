import type { ApplyRecord } from '../../model/apply.js';
import type { Principal } from '../../security/principals.js';
import { isVisibleTo } from '../security/visibleItems.js';
import type { UiSources } from './uiSources.js';

/** One UTC day of the overview chart. */
export interface DayActivity {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  /** Applies that started that day and ended `succeeded`. */
  succeeded: number;
  /** Applies that started that day and ended `failed`, `partial` or `interrupted` (anything short of full success). */
  failed: number;
  /**
   * Connectors found drifted that day (changed outside their set), each counted once: marked
   * `drift: true` by a plan made that day, or reported by a scheduled drift check (`drift.detected` events).
   */
  drift: number;
}

export const CHART_DAYS = 30;
const DAY_MS = 86_400_000;
/** Applies read per store call while walking back through the window (each carries its operations). */
const APPLY_PAGE = 25;
/** Plan heads read for the window; a busier month shows its newest plans' drift. */
const MAX_PLANS = 1000;

/** Drift findings read per day window (scheduled checks record one event per connector and finding). */
const MAX_DRIFT_EVENTS = 5000;

/**
 * The drifted connectors (addresses) of plans already looked at, by plan id. A stored plan never
 * changes, so it is read whole once per process; later overviews only read heads.
 */
const driftedByPlan = new Map<string, string[]>();
const DRIFT_CACHE_LIMIT = 10_000;

/** The last CHART_DAYS UTC days, oldest first, ending today. */
export function chartDays(now: Date): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: CHART_DAYS }, (_, i) => new Date(today - (CHART_DAYS - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

/**
 * Applies and drift per day over the last 30 days, limited to the records the principal reads
 * (an apply or plan shows only when the principal reads every space it touched, as on the lists).
 */
export async function activityByDay(sources: UiSources, principal: Principal, now: Date): Promise<DayActivity[]> {
  const days = chartDays(now);
  const since = `${days[0]}T00:00:00.000Z`;
  const byDay = new Map(days.map((day): [string, DayActivity] => [day, { day, succeeded: 0, failed: 0, drift: 0 }]));
  const drifted = new Map(days.map((day): [string, Set<string>] => [day, new Set()]));
  for (const apply of await appliesSince(sources, since)) {
    const bucket = byDay.get(apply.started_at.slice(0, 10));
    if (!bucket || apply.status === 'running' || !isVisibleTo(principal, apply)) continue;
    if (apply.status === 'succeeded') bucket.succeeded++;
    else bucket.failed++;
  }
  const { items: heads } = await sources.reconciler.listPlanHeads({ since, hasChanges: true, limit: MAX_PLANS });
  for (const head of heads) {
    const found = drifted.get(head.created_at.slice(0, 10));
    if (!found || head.refresh_only || !isVisibleTo(principal, head)) continue;
    for (const address of await driftedConnectorsOf(sources, head.plan_id)) found.add(address);
  }
  const { items: findings } = await sources.reconciler.listEvents({ action: 'drift.detected', since, limit: MAX_DRIFT_EVENTS });
  for (const event of findings) {
    const found = drifted.get(event.time.slice(0, 10));
    if (found && event.space_id && event.connector_id && isVisibleTo(principal, event)) found.add(`${event.space_id}/${event.connector_id}`);
  }
  return days.map((day) => ({ ...byDay.get(day)!, drift: drifted.get(day)!.size }));
}

/** Applies started at or after `since`, newest first (the store lists applies newest first). */
async function appliesSince(sources: UiSources, since: string): Promise<ApplyRecord[]> {
  const out: ApplyRecord[] = [];
  for (let offset = 0; ; offset += APPLY_PAGE) {
    const { items } = await sources.reconciler.listApplies({ limit: APPLY_PAGE, offset });
    for (const apply of items) {
      if (apply.started_at < since) return out;
      out.push(apply);
    }
    if (items.length < APPLY_PAGE) return out;
  }
}

async function driftedConnectorsOf(sources: UiSources, planId: string): Promise<string[]> {
  const cached = driftedByPlan.get(planId);
  if (cached !== undefined) return cached;
  const stored = await sources.store.getPlan(planId);
  const addresses = stored ? stored.plan.resource_changes.filter((change) => change.drift).map((change) => change.address) : [];
  if (driftedByPlan.size >= DRIFT_CACHE_LIMIT) driftedByPlan.delete(driftedByPlan.keys().next().value!);
  driftedByPlan.set(planId, addresses);
  return addresses;
}
