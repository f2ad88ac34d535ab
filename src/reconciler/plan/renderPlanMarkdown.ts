import { isJsonObject, type JsonObject, type JsonValue } from '../../model/json.js';
import type { ConnectorView, Plan, ResourceChange } from '../../model/plan.js';
import { painter, renderChange } from './renderChange.js';

/** GitHub refuses comments over 65,536 characters; the plan stops listing changes well before. */
const MAX_LENGTH = 60_000;

/** Config keys whose values a pull-request comment never shows (secrets are never in a plan at all). */
const SENSITIVE_KEY = /pass(word)?|secret|token|api[-_]?key|authori[sz]ation|private[-_]?key|credential|cookie/i;

const SENSITIVE_VALUE = '(sensitive value)';

/**
 * The plan as Markdown for a pull-request comment: a summary line first (what a reviewer reads
 * in a notification), then errors and warnings, then one collapsible `<details>` per space with
 * its changes as a `diff` block (`+` create, `-` destroy, `!` change). Secrets are never in a
 * plan; config values under keys that look sensitive (password, token, apiKey, ...) are shown as
 * "(sensitive value)" too, since a comment may be public. Pure: plan in, text out.
 */
export function renderPlanMarkdown(plan: Plan): string {
  const out: string[] = [summaryLine(plan), ''];
  if (plan.errors.length > 0) out.push('**Errors** (this plan cannot be applied):', '', ...plan.errors.map((e) => `- \`${e.code}\` ${escapeHtml(e.message)}`), '');
  if (plan.warnings.length > 0) out.push('**Warnings:**', '', ...plan.warnings.map((w) => `- \`${w.code}\` ${escapeHtml(w.message)}`), '');
  let omitted = 0;
  for (const space of plan.spaces) {
    const changes = plan.resource_changes.filter((c) => c.space_id === space && isShown(c));
    if (changes.length === 0) continue;
    const blocks = changes.map((change) => diffLines(redactChange(change)).join('\n'));
    const kept: string[] = [];
    for (const block of blocks) {
      if (out.join('\n').length + kept.join('\n').length + block.length > MAX_LENGTH) omitted++;
      else kept.push(block);
    }
    const body = kept.join('\n\n');
    const fence = '`'.repeat(Math.max(3, longestBacktickRun(body) + 1));
    out.push(`<details><summary>Space <code>${escapeHtml(space)}</code>: ${countsOf(changes)}</summary>`, '', `${fence}diff`, body, fence, '', '</details>', '');
  }
  if (omitted > 0) out.push(`_${omitted} more change(s) not shown (comment size limit): \`kcr show ${plan.plan_id}\` has them all._`, '');
  out.push(`<sub>kcr plan \`${plan.plan_id}\` for set \`${escapeHtml(plan.set)}\` on target ${escapeHtml(plan.target)}, spaces ${plan.spaces.map((s) => `\`${escapeHtml(s)}\``).join(', ') || 'none'}</sub>`);
  return `${out.join('\n')}\n`;
}

function summaryLine(plan: Plan): string {
  const { create, update, replace, delete: destroy, forget } = plan.summary;
  const extra = [forget > 0 ? `${forget} to forget` : '', plan.resource_changes.some((c) => c.drift) ? 'drift found' : ''].filter(Boolean).join(', ');
  const counts = `${create + replace} to add, ${update} to change, ${destroy + replace} to destroy${extra ? ` (${extra})` : ''}`;
  if (!plan.applyable) return `**kcr plan for set \`${escapeHtml(plan.set)}\`: ${plan.errors.length} error(s), cannot be applied.** ${counts}.`;
  if (!plan.has_changes) return `**kcr plan for set \`${escapeHtml(plan.set)}\`: no changes.** The connectors match the manifests.`;
  return `**kcr plan for set \`${escapeHtml(plan.set)}\`: ${counts}.**`;
}

function countsOf(changes: ResourceChange[]): string {
  const count = (kind: string) => changes.filter((c) => (c.change.actions.length === 2 ? 'replace' : c.change.actions[0]) === kind).length;
  const parts = [`${count('create')} to add`, `${count('update')} to change`, `${count('delete')} to destroy`];
  if (count('replace') > 0) parts.push(`${count('replace')} to replace`);
  if (count('forget') > 0) parts.push(`${count('forget')} to forget`);
  return parts.join(', ');
}

function isShown(change: ResourceChange): boolean {
  const actions = change.change.actions;
  return !(actions.length === 1 && actions[0] === 'no-op') || change.change.action_reason === 'adopt' || change.drift;
}

/** The text form of one change, with each line's symbol moved to column 0 so GitHub colours the diff. */
function diffLines(change: ResourceChange): string[] {
  const lines = renderChange(change, painter(false));
  if (change.drift) lines.unshift(`  # ${change.address} was changed outside kcr since the last apply`);
  return lines.map((line) => {
    const match = /^(\s*)(-\/\+|[+~-]) (.*)$/.exec(line);
    if (!match) return `  ${line}`;
    const mark = match[2] === '+' ? '+' : match[2] === '-' ? '-' : '!';
    return `${mark} ${match[1]}${match[3]}`;
  });
}

function redactChange(change: ResourceChange): ResourceChange {
  return { ...change, change: { ...change.change, before: redactView(change.change.before), after: redactView(change.change.after) } };
}

function redactView(view: ConnectorView | null): ConnectorView | null {
  return view ? { ...view, config: redactConfig(view.config) as JsonObject } : null;
}

function redactConfig(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(redactConfig);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) out[key] = SENSITIVE_KEY.test(key) && child !== null && child !== '' ? SENSITIVE_VALUE : redactConfig(child);
  return out;
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
