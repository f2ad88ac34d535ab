import { connectorAddress } from '../../model/connector.js';
import type { Plan, PlanMessage, PlanSummary, ResourceChange } from '../../model/plan.js';
import { decideDesired } from './decideDesired.js';
import { decideRemoved } from './decideRemoved.js';
import type { Decision } from './decision.js';
import { computeDesiredDigest } from './desiredDigest.js';
import { indexPlanInput } from './planIndex.js';
import { planOperations } from './planOperations.js';
import { toResourceChange } from './resourceChange.js';
import { planWarnings, safetyErrors } from './safetyRules.js';
import type { PlanInput, PlanOutcome } from './types.js';

/**
 * Plans one set against the actual state and the inventory, for the scope spaces only. Pure:
 * no I/O, no clock, no randomness (the id and time are inputs), so the same input always gives
 * the same plan. A plan with errors is still complete, so it can be stored and reviewed; it is
 * just never applyable.
 */
export function computePlan(request: PlanInput): PlanOutcome {
  // A fresh object per call: it scopes the memoized canonical configs to this plan.
  const input: PlanInput = { ...request };
  const index = indexPlanInput(input);
  const errors: PlanMessage[] = [];
  const decisions: Decision[] = [];
  for (const desired of index.desired) {
    const outcome = decideDesired(input, index, desired);
    errors.push(...outcome.errors);
    if (outcome.decision) decisions.push(outcome.decision);
  }
  for (const entry of index.ownEntries) {
    if (index.desiredByAddress.has(connectorAddress(entry.spaceId, entry.connectorId))) continue;
    const outcome = decideRemoved(input, index, entry);
    errors.push(...outcome.errors);
    decisions.push(outcome.decision);
  }
  const paired = decisions.map((decision) => ({ decision, change: toResourceChange(input, decision) }));
  paired.sort((a, b) => compareChanges(a.change, b.change));
  const changes = paired.map((p) => p.change);
  errors.push(...safetyErrors(input, index, changes));
  const { operations, secretsForOperations } = planOperations(input, paired.map((p) => p.decision));
  const plan: Plan = {
    format_version: '1.0',
    plan_id: input.planId,
    created_at: input.createdAt,
    set: input.set,
    target: input.target,
    desired_digest: computeDesiredDigest(index.desired),
    base_serials: { ...input.baseSerials },
    // An adopt changes ownership even when the connector is left as it is: like Terraform's
    // import blocks, it is a change to apply (and --detailed-exitcode says so).
    has_changes: changes.some((c) => !isNoOp(c) || c.change.action_reason === 'adopt'),
    applyable: errors.length === 0,
    spaces: [...new Set(input.scopeSpaces)].sort(),
    summary: summarize(changes),
    resource_changes: changes,
    warnings: planWarnings(index, changes),
    errors: errors.sort((a, b) => compareText(a.address ?? '', b.address ?? '') || compareText(a.code, b.code)),
  };
  return { plan, operations, secretsForOperations };
}

/** SPEC order: by space, then name; the id breaks ties so the order is total and stable. */
function compareChanges(a: ResourceChange, b: ResourceChange): number {
  return compareText(a.space_id, b.space_id) || compareText(a.name, b.name) || compareText(a.connector_id, b.connector_id);
}

/** Code-point order, not locale order: plans must not differ between machines. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isNoOp(change: ResourceChange): boolean {
  return change.change.actions.length === 1 && change.change.actions[0] === 'no-op';
}

function summarize(changes: ResourceChange[]): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, replace: 0, delete: 0, no_op: 0, forget: 0 };
  for (const { change } of changes) {
    if (change.actions.length === 2) summary.replace += 1;
    else if (change.actions[0] === 'no-op') summary.no_op += 1;
    else summary[change.actions[0]] += 1;
  }
  return summary;
}
