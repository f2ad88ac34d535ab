import type { Plan } from '../../../model/plan.js';
import { renderDriftText } from '../../../reconciler/drift/index.js';
import { html, type Html } from '../html.js';
import { badge, facts, timeCell } from '../layout.js';
import { changesTable, messages } from './plansPages.js';

export interface DriftData {
  set: string;
  space?: string;
  /** Sets offered in the picker. */
  sets: string[];
  /** The refresh-only report, or null when no set was chosen yet. */
  report: Plan | null;
}

/**
 * The refresh-only drift report of one set: run on request (it reads the target), stored nowhere,
 * changing nothing. Without a set, the page only offers the sets to check.
 */
export function driftBody(data: DriftData): Html {
  const options = data.sets.map((set) => html`<option value="${set}"></option>`);
  const form = html`<form class="filters" method="get" action="/ui/drift" role="search">
<label for="f-set">Set<input id="f-set" name="set" value="${data.set}" list="known-sets" required></label>
<datalist id="known-sets">${options}</datalist>
<label for="f-space">Space (optional)<input id="f-space" name="space" value="${data.space ?? ''}"></label>
<button type="submit">Check drift</button>
</form>`;
  if (!data.report) return html`${form}<p class="muted">Choose a set to compare what it last applied with the connectors as they are now. Nothing is changed.</p>`;
  const report = data.report;
  const drifted = report.resource_changes.filter((c) => c.drift);
  const about = facts([
    ['Set', report.set], ['Target', report.target], ['Spaces', report.spaces.join(', ') || 'none'], ['Checked (UTC)', timeCell(report.created_at)],
    ['Result', drifted.length === 0 ? badge('no drift', 'ok') : badge(`${drifted.length} drifted`, 'warn')],
  ]);
  return html`${form}${about}${messages('Warnings', report.warnings)}
<section aria-labelledby="h-text"><h2 id="h-text">Report</h2><pre tabindex="0">${renderDriftText(report)}</pre></section>
<section aria-labelledby="h-changes"><h2 id="h-changes">Connectors</h2>${changesTable(report.resource_changes)}</section>`;
}
