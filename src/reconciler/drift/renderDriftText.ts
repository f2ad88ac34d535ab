import type { DriftClass, Plan, ResourceChange } from '../../model/plan.js';

const DESCRIPTION: Record<DriftClass, string> = {
  config: 'was changed outside kcr (name or config)',
  missing: 'was deleted outside kcr',
  secrets: 'had its secrets changed outside kcr',
  missing_secrets: 'has lost its secrets (is_missing_secrets)',
  unmanaged: 'is not managed by any set',
};

const CLASS_ORDER: DriftClass[] = ['config', 'missing', 'secrets', 'missing_secrets', 'unmanaged'];

/**
 * The human form of a drift report (CLI `kcr drift`, `?format=text`): one block per drifted
 * connector with its field diff, then a closing count by class. Undrifted connectors are counted
 * only. Never shows a secret value: the report carries none.
 */
export function renderDriftText(report: Plan): string {
  const out = [`kcr drift report for set "${report.set}" on target ${report.target} (spaces: ${report.spaces.join(', ') || 'none'})`, ''];
  const drifted = report.resource_changes.filter((c) => c.drift);
  for (const change of drifted) out.push(...driftBlock(change), '');
  for (const warning of report.warnings) out.push(`Warning: ${warning.message}`);
  if (report.warnings.length > 0) out.push('');
  out.push(closingLine(report, drifted));
  return `${out.join('\n')}\n`;
}

function driftBlock(change: ResourceChange): string[] {
  const driftClass = change.drift_class ?? 'config';
  const lines = [`  # ${change.address} (${change.name}) ${DESCRIPTION[driftClass]} [${driftClass}]`];
  const diff = change.diff.trimEnd();
  if (diff) for (const line of diff.split('\n')) lines.push(`      ${line}`);
  return lines;
}

function closingLine(report: Plan, drifted: ResourceChange[]): string {
  const unchanged = report.resource_changes.length - drifted.length;
  if (drifted.length === 0) return `No drift. ${unchanged} connector(s) of set "${report.set}" match what kcr last applied.`;
  const counts = CLASS_ORDER.map((c) => [c, drifted.filter((d) => d.drift_class === c).length] as const)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${n} ${c}`);
  return `Drift: ${drifted.length} connector(s) drifted (${counts.join(', ')}); ${unchanged} unchanged.`;
}
