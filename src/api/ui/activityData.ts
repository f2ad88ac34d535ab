import type { ApplyRecord } from '../../model/apply.js';
import type { Principal } from '../../security/principals.js';
import { isVisibleTo } from '../security/visibleItems.js';
import type { UiSources } from './uiData.js';

/** One UTC day of the overview chart. */
export interface DayActivity {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  /** Applies that started that day and ended `succeeded`. */
  succeeded: number;
  /** Applies that started that day and ended `failed`, `partial` or `interrupted` (anything short of full success). */
  failed: number;
  /** Connectors marked `drift: true` by the plans made that day (changed outside their set). */
  drift: number;
}

export const CHART_DAYS = 30;
const DAY_MS = 86_400_000;
/** Applies read per store call while walking back through the window (each carries its operations). */
const APPLY_PAGE = 25;
/** Plan heads read for the window; a busier month shows its newest plans' drift. */
const MAX_PLANS = 1000;

/**
 * Drift counts of plans already looked at, by plan id. A stored plan never changes, so its count
 * is read from the whole plan once per process; later overviews only read heads (no resource changes).
 */
const driftCountCache = new Map<string, number>();
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
  for (const apply of await appliesSince(sources, since)) {
    const bucket = byDay.get(apply.started_at.slice(0, 10));
    if (!bucket || apply.status === 'running' || !isVisibleTo(principal, apply)) continue;
    if (apply.status === 'succeeded') bucket.succeeded++;
    else bucket.failed++;
  }
  const { items: heads } = await sources.reconciler.listPlanHeads({ since, hasChanges: true, limit: MAX_PLANS });
  for (const head of heads) {
    const bucket = byDay.get(head.created_at.slice(0, 10));
    if (!bucket || head.refresh_only || !isVisibleTo(principal, head)) continue;
    bucket.drift += await driftCountOf(sources, head.plan_id);
  }
  return days.map((day) => byDay.get(day)!);
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

async function driftCountOf(sources: UiSources, planId: string): Promise<number> {
  const cached = driftCountCache.get(planId);
  if (cached !== undefined) return cached;
  const stored = await sources.store.getPlan(planId);
  const count = stored ? stored.plan.resource_changes.filter((change) => change.drift).length : 0;
  if (driftCountCache.size >= DRIFT_CACHE_LIMIT) driftCountCache.delete(driftCountCache.keys().next().value!);
  driftCountCache.set(planId, count);
  return count;
}
