import type { ConnectorTypes } from '../../connector-types/types.js';
import type { Plan } from '../../model/plan.js';
import type { Store } from '../../store/Store.js';
import type { Target } from '../../targets/Target.js';
import { readActualState } from '../readActualState.js';
import { computeDrift } from './computeDrift.js';
import { newDriftReportId } from './driftReportId.js';

export interface DriftDependencies {
  store: Store;
  target: Target;
  registry: ConnectorTypes;
  now: () => Date;
}

/**
 * The I/O shell of drift detection: reads serials, the actual state (one list call per space)
 * and the inventory the way a plan does, then hands plain data to the pure `computeDrift`.
 * Scope: the given spaces, or every space the set owns connectors in. Writes nothing.
 */
export async function detectDrift(deps: DriftDependencies, set: string, spaces: string[] = []): Promise<Plan> {
  const { store, target, registry } = deps;
  const ownedSpaces = await store.listSetSpaces(set);
  const scopeSpaces = (spaces.length > 0 ? [...new Set(spaces)] : ownedSpaces).sort();
  // Serials first, as in plan: a write landing in between shows as a newer serial, never as a wrong report.
  const serials = await store.getSerials(scopeSpaces);
  const actual = await readActualState(target, scopeSpaces);
  const inventory = await store.listInventory({ spaceIds: scopeSpaces });
  return computeDrift({
    reportId: newDriftReportId(),
    createdAt: deps.now().toISOString(),
    set,
    target: target.kind,
    scopeSpaces,
    actual,
    inventory,
    serials,
    withDefaults: (typeId, config) => registry.withDefaults(typeId, config),
  });
}
