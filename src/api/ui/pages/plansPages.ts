import type { ApplyRecord } from '../../../model/apply.js';
import type { PlanHead, PlanMessage, ResourceChange, StoredPlan } from '../../../model/plan.js';
import { renderPlanText } from '../../../reconciler/plan/index.js';
import { html, type Html, type HtmlValue } from '../html.js';
import { applyHref, badge, connectorsHref, facts, fullId, idCell, pager, table, timeCell } from '../layout.js';
import { planChangesSection } from './planChanges.js';
import { flag, planState, plansTable, summaryText } from './rows.js';

export interface PlansListData {
  plans: PlanHead[];
  filters: { set?: string; space?: string };
  page: { limit: number; offset: number; total: number };
}

/** Stored plans, newest first, filterable by set and space. */
export function plansListBody(data: PlansListData): Html {
  return html`<form class="filters" method="get" action="/ui/plans" role="search">
<label for="f-set">Set<input id="f-set" name="set" value="${data.filters.set ?? ''}"></label>
<label for="f-space">Space<input id="f-space" name="space" value="${data.filters.space ?? ''}"></label>
<button type="submit">Filter</button>
</form>
${plansTable(data.plans, 'Stored plans, newest first')}
${pager('/ui/plans', data.filters, { ...data.page, shown: data.plans.length })}`;
}

/**
 * One plan: its facts, the Terraform-like text exactly as `kcr show` prints it, and every
 * resource change with its actions, reason and drift flag. A plan never holds a secret value:
 * secrets appear only as "(sensitive)", so nothing here needs redacting.
 */
export function planDetailBody(stored: StoredPlan, apply: ApplyRecord | null = null): Html {
  const { plan } = stored;
  const applied = stored.applyId ? html`${fullId(stored.applyId, applyHref(stored.applyId))} at ${timeCell(stored.appliedAt)}${apply ? html` ${badge(apply.status)}` : ''}` : html`<span class="muted">not applied</span>`;
  const about = facts([
    ['Plan id', fullId(plan.plan_id)], ['Created (UTC)', timeCell(plan.created_at)], ['Set', plan.set], ['Target', plan.target],
    ['Spaces', spaceLinks(plan.spaces)], ['Base serials', Object.entries(plan.base_serials).map(([space, serial]) => `${space}=${serial}`).join(', ')],
    ['Desired digest', html`<span class="mono">${plan.desired_digest}</span>`], ['State', planState(plan)], ['Summary', summaryText(plan.summary)], ['Applied', applied],
  ]);
  return html`${about}
${messages('Errors', plan.errors)}${messages('Warnings', plan.warnings)}
${planChangesSection(plan.resource_changes, apply)}
<section aria-labelledby="h-text"><h2 id="h-text">Plan text</h2><pre tabindex="0">${renderPlanText(plan, { color: false })}</pre></section>
<section aria-labelledby="h-changes"><h2 id="h-changes">Resource changes</h2>${changesTable(plan.resource_changes)}</section>`;
}

/** The resource changes, one row each (no-ops included, as Terraform's JSON plan has them). */
export function changesTable(changes: ResourceChange[]): Html {
  return table({
    caption: `${changes.length} connector(s) in scope`,
    columns: ['Address', 'Name', 'Type', 'Actions', 'Reason', 'Drift', 'Secrets changed', 'Manifest', 'Diff'],
    rows: changes.map((change): HtmlValue[] => [
      idCell(change.address), change.name, html`<code>${change.connector_type_id}</code>`, actionsBadge(change.change.actions),
      change.change.action_reason ?? html`<span class="muted">—</span>`,
      change.drift ? badge(change.drift_class ? `drift: ${change.drift_class}` : 'drift', 'warn') : html`<span class="muted">no</span>`,
      flag(change.secrets_changed, 'changed'),
      change.manifest ? html`<span class="mono">${change.manifest.file}</span> doc ${change.manifest.document} (${change.manifest.name})` : html`<span class="muted">—</span>`,
      change.diff.trim() ? html`<details><summary>diff</summary><pre tabindex="0">${change.diff}</pre></details>` : html`<span class="muted">—</span>`,
    ]),
    empty: 'No connectors in scope.',
  });
}

function actionsBadge(actions: string[]): Html {
  const label = actions.join(', ');
  return badge(label, actions.length === 2 ? 'warn' : undefined);
}

function spaceLinks(spaces: string[]): HtmlValue {
  if (spaces.length === 0) return html`<span class="muted">none</span>`;
  return spaces.map((space, i) => html`${i > 0 ? ', ' : ''}<a href="${connectorsHref(space)}">${space}</a>`);
}

/** Plan errors or warnings as a list with their codes and addresses. */
export function messages(title: string, list: PlanMessage[]): Html {
  if (list.length === 0) return html``;
  const items = list.map((m) => html`<li>${badge(m.code, title === 'Errors' ? 'bad' : 'warn')} ${m.address ? html`<span class="mono">${m.address}</span>: ` : ''}${m.message}</li>`);
  return html`<section><h2>${title}</h2><ul class="messages">${items}</ul></section>`;
}
