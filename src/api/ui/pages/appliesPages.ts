import type { ApplyRecord, ApplyStatus, OperationRecord } from '../../../model/apply.js';
import { html, type Html, type HtmlValue } from '../html.js';
import { badge, connectorHref, connectorsHref, facts, fullId, idCell, pager, planHref, table, timeCell } from '../layout.js';
import { appliesTable, applyCounts } from './rows.js';

export interface AppliesListData {
  applies: ApplyRecord[];
  filters: { set?: string; status?: string; plan_id?: string };
  statuses: readonly ApplyStatus[];
  page: { limit: number; offset: number; total: number };
}

/** Apply records, newest first, filterable by set, status and plan. */
export function appliesListBody(data: AppliesListData): Html {
  const options = ['', ...data.statuses].map((status) => html`<option value="${status}"${status === (data.filters.status ?? '') ? html` selected` : ''}>${status || 'any'}</option>`);
  return html`<form class="filters" method="get" action="/ui/applies" role="search">
<label for="f-set">Set<input id="f-set" name="set" value="${data.filters.set ?? ''}"></label>
<label for="f-status">Status<select id="f-status" name="status">${options}</select></label>
<label for="f-plan">Plan id<input id="f-plan" name="plan_id" value="${data.filters.plan_id ?? ''}"></label>
<button type="submit">Filter</button>
</form>
${appliesTable(data.applies, 'Applies, newest first')}
${pager('/ui/applies', data.filters, { ...data.page, shown: data.applies.length })}`;
}

/** One apply: its facts and every operation with outcome, error, timings and retried faults. */
export function applyDetailBody(apply: ApplyRecord): Html {
  const about = facts([
    ['Apply id', fullId(apply.apply_id)], ['Plan', fullId(apply.plan_id, planHref(apply.plan_id))], ['Set', apply.set], ['Target', apply.target],
    ['Actor', apply.actor], ['Status', badge(apply.status)], ['Started (UTC)', timeCell(apply.started_at)], ['Finished (UTC)', timeCell(apply.finished_at)],
    ['Spaces', apply.spaces.map((space, i) => html`${i > 0 ? ', ' : ''}<a href="${connectorsHref(space)}">${space}</a>`)], ['Operations', applyCounts(apply)],
  ]);
  return html`${about}<section aria-labelledby="h-ops"><h2 id="h-ops">Operations</h2>${operationsTable(apply.operations)}</section>`;
}

function operationsTable(operations: OperationRecord[]): Html {
  return table({
    caption: 'In the order they ran: creates and updates before deletes, per space',
    columns: [{ label: '#', numeric: true }, 'Kind', 'Space', 'Connector', 'Name', 'Outcome', 'Error', 'Started (UTC)', 'Finished (UTC)', { label: 'Duration', numeric: true }, 'Retries'],
    rows: operations.map((op): HtmlValue[] => [
      op.index, op.kind, op.space_id, idCell(op.connector_id, op.kind === 'delete' || op.kind === 'forget' ? undefined : connectorHref(op.space_id, op.connector_id)), op.name, badge(op.outcome),
      op.error ? html`<code>${op.error.code}</code> ${op.error.message}` : html`<span class="muted">—</span>`,
      timeCell(op.started_at), timeCell(op.finished_at), op.duration_ms === undefined ? html`<span class="muted">—</span>` : `${op.duration_ms} ms`,
      op.attempts && op.attempts.length > 0 ? html`<ul class="messages">${op.attempts.map((a) => html`<li>${a}</li>`)}</ul>` : html`<span class="muted">none</span>`,
    ]),
    empty: 'This apply had no operations.',
  });
}
