import type { Plan } from '../../model/plan.js';

/**
 * One line for CI logs, e.g.
 * `plan pln_1 set=default target=embedded spaces=default,ops: 1 to create, 0 to update, 0 to replace, 0 to delete, 0 to forget, 8 unchanged; 0 drifted; applyable`.
 */
export function summarizePlan(plan: Plan): string {
  const s = plan.summary;
  const counts = `${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.delete} to delete, ${s.forget} to forget, ${s.no_op} unchanged`;
  const drifted = plan.resource_changes.filter((c) => c.drift).length;
  const verdict = plan.applyable ? 'applyable' : `not applyable: ${plan.errors.length} error(s) (${[...new Set(plan.errors.map((e) => e.code))].join(', ')})`;
  const warnings = plan.warnings.length > 0 ? `; ${plan.warnings.length} warning(s)` : '';
  return `plan ${plan.plan_id} set=${plan.set} target=${plan.target} spaces=${plan.spaces.join(',')}: ${counts}; ${drifted} drifted${warnings}; ${verdict}`;
}
