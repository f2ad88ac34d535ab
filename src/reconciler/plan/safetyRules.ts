import { connectorAddress } from '../../model/connector.js';
import type { PlanMessage, ResourceChange } from '../../model/plan.js';
import type { PlanIndex } from './planIndex.js';
import type { PlanInput } from './types.js';

/**
 * Plan-wide guards against mass deletion (SPEC section 4): an empty desired state for a set
 * that owns connectors (usually a wrong path or an empty checkout) needs `allowEmpty`, and
 * `maxDeletes` caps deletes, replaces included since they delete too.
 */
export function safetyErrors(input: PlanInput, index: PlanIndex, changes: ResourceChange[]): PlanMessage[] {
  const errors: PlanMessage[] = [];
  if (index.desired.length === 0 && index.ownEntries.length > 0 && !input.options.allowEmpty) {
    errors.push({
      code: 'EMPTY_DESIRED_STATE',
      message: `the desired state of set "${input.set}" has no connectors in spaces ${input.scopeSpaces.join(', ')} but the set owns ${index.ownEntries.length}; planning would delete them all (use --allow-empty if that is intended)`,
    });
  }
  const deletes = changes.filter((c) => c.change.actions.includes('delete')).length;
  const max = input.options.maxDeletes;
  if (max !== undefined && deletes > max) {
    errors.push({
      code: 'TOO_MANY_DELETES',
      message: `the plan deletes ${deletes} connector(s) (replaces included), more than --max-deletes ${max}`,
    });
  }
  return errors;
}

/** Deleting or replacing a connector that rules use breaks those rules' actions: say so before it happens. */
export function referenceWarnings(index: PlanIndex, changes: ResourceChange[]): PlanMessage[] {
  const warnings: PlanMessage[] = [];
  for (const change of changes) {
    if (!change.change.actions.includes('delete')) continue;
    const actual = index.actualByAddress.get(connectorAddress(change.space_id, change.connector_id));
    const count = actual?.referencedByCount ?? 0;
    if (count > 0) {
      warnings.push({
        code: 'CONNECTOR_IN_USE',
        message: `connector ${change.address} (${change.name}) is used by ${count} rule(s); the plan ${change.change.actions.length > 1 ? 'replaces' : 'deletes'} it, which breaks their actions`,
        address: change.address,
      });
    }
  }
  return warnings;
}
