import type { Plan, ResourceChange } from '../../model/plan.js';
import { painter, renderChange, type Paint } from './renderChange.js';

/** Options of the human form: ANSI colours only when asked (a TTY without `--no-color`). */
export interface RenderPlanOptions {
  color: boolean;
}

/**
 * The plan in Terraform's human form: drift first (what changed outside kcr), then one block
 * per change (`+` create, `~` update in place, `-` destroy, `-/+` replace, forget), then
 * warnings, errors, and Terraform's closing sentence. No-ops are counted, not listed.
 */
export function renderPlanText(plan: Plan, options: RenderPlanOptions): string {
  const paint = painter(options.color);
  const out: string[] = [`kcr plan ${plan.plan_id} for set "${plan.set}" on target ${plan.target} (spaces: ${plan.spaces.join(', ') || 'none'})`, ''];
  const drifted = plan.resource_changes.filter((c) => c.drift);
  if (drifted.length > 0) {
    out.push(paint('bold', 'Note: Connectors have changed outside kcr since the last apply'), '');
    for (const change of drifted) out.push(`  # ${change.address} (${change.manifest?.name ?? change.name}) ${driftNote(change)}`);
    out.push('');
  }
  const changes = plan.resource_changes.filter((c) => !isNoOp(c) || isAdopt(c));
  if (changes.length > 0) {
    out.push('kcr will perform the following actions:', '');
    for (const change of changes) out.push(...renderChange(change, paint), '');
  }
  for (const warning of plan.warnings) out.push(`${paint('yellow', 'Warning:')} ${warning.message}`);
  for (const error of plan.errors) out.push(`${paint('red', 'Error:')} ${error.code}: ${error.message}`);
  if (plan.warnings.length + plan.errors.length > 0) out.push('');
  out.push(...closingLines(plan, paint));
  return `${out.join('\n')}\n`;
}

function driftNote(change: ResourceChange): string {
  if (change.change.action_reason === 'create_because_missing') return 'was deleted outside kcr; it will be created again';
  if (change.change.actions[0] === 'forget' && change.change.action_reason === undefined) return 'was deleted outside kcr; it will be forgotten';
  if (change.change.actions[0] === 'no-op') return 'was changed outside kcr; the configuration now matches it';
  return 'was changed outside kcr';
}

function closingLines(plan: Plan, paint: Paint): string[] {
  const { create, update, replace, delete: destroy, forget } = plan.summary;
  const lines: string[] = [];
  if (!plan.has_changes) lines.push(paint('green', 'No changes. Your connectors match the configuration.'));
  else lines.push(`${paint('bold', 'Plan:')} ${create + replace} to add, ${update} to change, ${destroy + replace} to destroy.`);
  // Terraform's sentence stays exact for tools that parse it; adopts and forgets get their own lines.
  const adopted = plan.resource_changes.filter(isAdopt).length;
  if (adopted > 0) lines.push(`Adopt: ${adopted} existing connector(s) will be owned by set "${plan.set}".`);
  if (forget > 0) lines.push(`Forget: ${forget} connector(s) will no longer be managed by set "${plan.set}" (not destroyed).`);
  if (!plan.applyable) lines.push(paint('red', `This plan has ${plan.errors.length} error(s) and cannot be applied.`));
  return lines;
}

function isAdopt(change: ResourceChange): boolean {
  return change.change.action_reason === 'adopt';
}

function isNoOp(change: ResourceChange): boolean {
  return change.change.actions.length === 1 && change.change.actions[0] === 'no-op';
}
