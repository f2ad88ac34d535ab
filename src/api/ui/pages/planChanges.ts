import type { ApplyRecord, OperationRecord } from '../../../model/apply.js';
import type { ResourceChange } from '../../../model/plan.js';
import { fieldDiffs, type FieldDiff } from '../fieldDiffs.js';
import { html, type Html } from '../html.js';
import { applyHref, badge, connectorHref, fullId, idCell } from '../layout.js';

/** Changes drawn with their field diffs; a larger plan lists the rest in its table and text form. */
const MAX_DRAWN = 200;

const SYMBOLS: Record<string, string> = { create: '+', update: '~', delete: '-', forget: 'forget', 'delete,create': '-/+' };

/**
 * Every change of a plan that does something (no-ops are in the table below), each as a table of
 * the fields it alters, old beside new, with the secrets row marked sensitive, a drift badge when
 * the connector was changed outside its set, and the outcome of the apply that ran it.
 */
export function planChangesSection(changes: ResourceChange[], apply: ApplyRecord | null): Html {
  const changing = changes.filter((change) => change.change.actions[0] !== 'no-op');
  const outcomes = new Map<string, OperationRecord>((apply?.operations ?? []).map((op) => [`${op.space_id}/${op.connector_id}`, op]));
  const drawn = changing.slice(0, MAX_DRAWN).map((change) => changeBlock(change, apply, outcomes.get(change.address)));
  const more = changing.length > MAX_DRAWN ? html`<p class="muted">${changing.length - MAX_DRAWN} more changes are listed in the table and the plan text below.</p>` : '';
  const applied = apply
    ? html`<p>Applied by ${fullId(apply.apply_id, applyHref(apply.apply_id))}: ${badge(apply.status)}</p>`
    : html`<p class="muted">Not applied: the apply column stays empty until someone runs <code>kcr apply --plan</code>.</p>`;
  const body = changing.length === 0 ? html`<p class="muted">This plan changes nothing: every connector in scope is as declared.</p>` : html`${drawn}${more}`;
  return html`<section aria-labelledby="h-diffs"><h2 id="h-diffs">Changes, old | new</h2>${applied}${body}</section>`;
}

function changeBlock(change: ResourceChange, apply: ApplyRecord | null, outcome: OperationRecord | undefined): Html {
  const actions = change.change.actions.join(',');
  const id = `chg-${change.space_id}-${change.connector_id}`.replace(/[^A-Za-z0-9_-]/g, '-');
  const exists = !(actions === 'delete' || actions === 'forget');
  const name = exists ? html`<a href="${connectorHref(change.space_id, change.connector_id)}">${change.name}</a>` : change.name;
  const drift = change.drift ? badge(change.drift_class ? `drift: ${change.drift_class}` : 'drift', 'warn') : '';
  const result = outcome ? html`<span class="apply-result">apply: ${badge(outcome.outcome)}${outcome.error ? html` <code>${outcome.error.code}</code> ${outcome.error.message}` : ''}</span>`
    : apply ? html`<span class="apply-result muted">apply: no operation</span>` : '';
  return html`<article class="change" aria-labelledby="${id}">
<h3 id="${id}"><span class="mono">${SYMBOLS[actions] ?? actions}</span> ${name} <code>${change.connector_type_id}</code> <span class="muted">in ${change.space_id}</span> ${badge(actions.replace(',', ', '))} ${drift}</h3>
<p class="change-facts"><span class="muted">Address</span> ${idCell(change.address)}${change.change.action_reason ? html` · <span class="muted">reason</span> ${change.change.action_reason}` : ''}${result ? html` · ${result}` : ''}</p>
${diffTable(fieldDiffs(change), change.name)}
</article>`;
}

function diffTable(diffs: FieldDiff[], name: string): Html {
  if (diffs.length === 0) return html`<p class="muted">No field differs (the change records ownership or policy only).</p>`;
  const cell = (value: string | undefined, diff: FieldDiff, side: 'old' | 'new') => {
    if (value === undefined) return html`<td class="${side} absent"><span class="muted">(absent)</span></td>`;
    if (diff.sensitive) return html`<td class="${side}"><span class="status status-info sensitive">sensitive</span> ${value}</td>`;
    return html`<td class="${side}"><code>${value}</code></td>`;
  };
  const rows = diffs.map((d) => html`<tr><th scope="row"><code>${d.field}</code></th>${cell(d.before, d, 'old')}${cell(d.after, d, 'new')}</tr>`);
  return html`<table class="diff"><caption>Fields of ${name} that change</caption><thead><tr><th scope="col">Field</th><th scope="col">Old</th><th scope="col">New</th></tr></thead><tbody>${rows}</tbody></table>`;
}
