import { connectorAddress } from '../../model/connector.js';
import type { PlanMessage, ResourceChange } from '../../model/plan.js';
import type { PlanIndex } from './planIndex.js';
import { planError, planWarning } from './planMessages.js';
import type { PlanInput } from './types.js';

/**
 * Plan-wide guards against mass deletion (SPEC section 4): an empty desired state for a set
 * that owns connectors (usually a wrong path or an empty checkout) needs `allowEmpty`, and
 * `maxDeletes` caps deletes, replaces included since they delete too.
 */
export function safetyErrors(input: PlanInput, index: PlanIndex, changes: ResourceChange[]): PlanMessage[] {
  const errors: PlanMessage[] = [];
  if (index.desired.length === 0 && index.ownEntries.length > 0 && !input.options.allowEmpty) {
    errors.push(planError(
      'EMPTY_DESIRED_STATE',
      `the desired state of set "${input.set}" has no connectors in spaces ${input.scopeSpaces.join(', ')} but the set owns ${index.ownEntries.length}; planning would delete them all (use --allow-empty if that is intended)`,
    ));
  }
  const deletes = changes.filter((c) => c.change.actions.includes('delete')).length;
  const max = input.options.maxDeletes;
  if (max !== undefined && deletes > max) {
    errors.push(planError(
      'TOO_MANY_DELETES',
      `the plan deletes ${deletes} connector(s) (replaces included), more than --max-deletes ${max}`,
    ));
  }
  return errors;
}

/**
 * What a reviewer should know before applying: deleting or replacing a connector that rules use
 * breaks their actions, and adopting a connector overwrites secrets kcr could not read.
 */
export function planWarnings(index: PlanIndex, changes: ResourceChange[]): PlanMessage[] {
  const warnings: PlanMessage[] = [];
  for (const change of changes) {
    const actual = index.actualByAddress.get(connectorAddress(change.space_id, change.connector_id));
    const count = actual?.referencedByCount ?? 0;
    if (change.change.actions.includes('delete') && count > 0) {
      const verb = change.change.actions.length > 1 ? 'replaces' : 'deletes';
      warnings.push(planWarning('CONNECTOR_IN_USE', `connector ${change.address} (${change.name}) is used by ${count} rule(s); the plan ${verb} it, which breaks their actions`, change.address));
    }
    if (change.change.action_reason === 'adopt' && actual?.secretsFingerprint === undefined) {
      warnings.push(planWarning('ADOPT_SECRETS_UNKNOWN', `connector ${change.address} (${change.name}) is adopted; its current secrets cannot be read, so the apply replaces them with the manifest's`, change.address));
    }
  }
  return warnings;
}
