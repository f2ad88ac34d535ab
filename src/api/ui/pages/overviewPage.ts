import type { ApplyRecord } from '../../../model/apply.js';
import type { PlanHead } from '../../../model/plan.js';
import type { DayActivity } from '../activityData.js';
import { CATEGORIES } from '../connectorList.js';
import { APPLY_SERIES, DRIFT_SERIES, barChart } from './activityChart.js';
import { html, type Html, type HtmlValue } from '../html.js';
import { connectorsHref, table } from '../layout.js';
import { appliesTable, plansTable } from './rows.js';

/** One space on the overview: how many connectors it holds (null when the target could not say), by category, and how many a set owns. */
export interface SpaceCount {
  space: string;
  connectors: number | null;
  categories: Array<{ category: string; count: number }> | null;
  owned: number;
}

/** One manifest set and how many connectors it owns (in the spaces the viewer reads). */
export interface SetCount {
  set: string;
  owned: number;
}

export interface OverviewData {
  /** The chart's days, oldest first. */
  activity: DayActivity[];
  spaces: SpaceCount[];
  sets: SetCount[];
  plans: PlanHead[];
  applies: ApplyRecord[];
}

/**
 * The landing page: spaces with connector counts, the sets with a link to run their drift
 * report (drift reads the target, so it runs only when asked), recent plans and applies.
 */
export function overviewBody(data: OverviewData): Html {
  const unavailable = html`<span class="muted">unavailable</span>`;
  const categoryCell = (s: SpaceCount, key: string, label: string): HtmlValue => {
    if (s.categories === null) return unavailable;
    const count = s.categories.find((c) => c.category === label)?.count ?? 0;
    return count === 0 ? 0 : html`<a href="${connectorsHref(s.space)}&amp;category=${key}">${count}</a>`;
  };
  const hasOther = data.spaces.some((s) => s.categories?.some((c) => c.category === 'Other' && c.count > 0));
  const spaces = table({
    caption: 'Spaces you can read: connectors by category',
    columns: [
      'Space', { label: 'Connectors', numeric: true }, ...CATEGORIES.map((c) => ({ label: c.label, numeric: true })),
      ...(hasOther ? [{ label: 'Other', numeric: true }] : []), { label: 'Owned by a set', numeric: true },
    ],
    rows: data.spaces.map((s): HtmlValue[] => [
      html`<a href="${connectorsHref(s.space)}">${s.space}</a>`,
      s.connectors === null ? unavailable : s.connectors,
      ...CATEGORIES.map((c) => categoryCell(s, c.key, c.label)),
      ...(hasOther ? [s.categories === null ? unavailable : s.categories.find((c) => c.category === 'Other')?.count ?? 0] : []),
      s.owned,
    ]),
    empty: 'No spaces you can read.',
  });
  const charts = html`<section aria-labelledby="h-activity"><h2 id="h-activity">The last 30 days</h2>
${barChart('chart-applies', 'Applies per day', data.activity, APPLY_SERIES)}
${barChart('chart-drift', 'Drift found per day', data.activity, DRIFT_SERIES)}
</section>`;
  const sets = table({
    caption: 'Manifest sets',
    columns: ['Set', { label: 'Connectors owned', numeric: true }, 'Drift'],
    rows: data.sets.map((s): HtmlValue[] => [s.set, s.owned, html`<a href="/ui/drift?${new URLSearchParams({ set: s.set }).toString()}">Check drift of ${s.set}</a>`]),
    empty: 'No manifest set owns a connector yet.',
  });
  return html`<section aria-labelledby="h-spaces"><h2 id="h-spaces">Spaces</h2>${spaces}</section>
${charts}
<section aria-labelledby="h-sets"><h2 id="h-sets">Sets and drift</h2>${sets}</section>
<section aria-labelledby="h-plans"><h2 id="h-plans">Recent plans</h2>${plansTable(data.plans, 'The latest plans')}<p><a href="/ui/plans">All plans</a></p></section>
<section aria-labelledby="h-applies"><h2 id="h-applies">Recent applies</h2>${appliesTable(data.applies, 'The latest applies')}<p><a href="/ui/applies">All applies</a></p></section>`;
}
