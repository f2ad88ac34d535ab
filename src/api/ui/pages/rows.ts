import type { ApplyRecord } from '../../../model/apply.js';
import type { PlanHead, PlanSummary } from '../../../model/plan.js';
import { html, type Html, type HtmlValue } from '../html.js';
import { applyHref, badge, idCell, planHref, table, timeCell } from '../layout.js';

/** A plan summary the way Terraform closes a plan: `+1 ~2 -0`, plus replace and forget when any. */
export function summaryText(summary: PlanSummary): string {
  const parts = [`+${summary.create}`, `~${summary.update}`, `-${summary.delete}`];
  if (summary.replace > 0) parts.push(`-/+${summary.replace}`);
  if (summary.forget > 0) parts.push(`forget ${summary.forget}`);
  return `${parts.join(' ')} (${summary.no_op} unchanged)`;
}

/** Whether a plan can be applied, as a labelled badge. */
export function planState(plan: PlanHead): Html {
  if (!plan.applyable) return badge('rejected');
  return plan.has_changes ? badge('changes', 'info') : badge('no changes', 'ok');
}

/** A table of plans, newest first. */
export function plansTable(plans: PlanHead[], caption: string): Html {
  return table({
    caption,
    columns: ['Plan', 'Created (UTC)', 'Set', 'Target', 'Spaces', 'Changes', 'State'],
    rows: plans.map((plan): HtmlValue[] => [
      idCell(plan.plan_id, planHref(plan.plan_id)), timeCell(plan.created_at), plan.set, plan.target,
      plan.spaces.join(', '), summaryText(plan.summary), planState(plan),
    ]),
    empty: 'No plans yet.',
  });
}

/** Operation counts of an apply: succeeded, failed, skipped, interrupted. */
export function applyCounts(apply: ApplyRecord): string {
  const { succeeded, failed, skipped, interrupted } = apply.summary;
  return `${succeeded} succeeded, ${failed} failed, ${skipped} skipped${interrupted > 0 ? `, ${interrupted} interrupted` : ''}`;
}

/** A table of applies, newest first. */
export function appliesTable(applies: ApplyRecord[], caption: string): Html {
  return table({
    caption,
    columns: ['Apply', 'Plan', 'Started (UTC)', 'Finished (UTC)', 'Set', 'Actor', 'Spaces', 'Status', 'Operations'],
    rows: applies.map((apply): HtmlValue[] => [
      idCell(apply.apply_id, applyHref(apply.apply_id)), idCell(apply.plan_id, planHref(apply.plan_id)), timeCell(apply.started_at),
      timeCell(apply.finished_at), apply.set, apply.actor, apply.spaces.join(', '), badge(apply.status), applyCounts(apply),
    ]),
    empty: 'No applies yet.',
  });
}

/** A yes/no flag with its word, for boolean columns. */
export function flag(value: boolean | undefined, yes = 'yes'): Html {
  return value ? badge(yes, 'warn') : html`<span class="muted">no</span>`;
}
